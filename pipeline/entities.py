def extract_mentions(doc, ctx):
    return []
