def extract_quantities(doc, ctx):
    return []
