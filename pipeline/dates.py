def extract_dates(doc, ctx):
    return []
