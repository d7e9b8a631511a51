def extract_rounds(doc, ctx, dates, mentions):
    return [], []
