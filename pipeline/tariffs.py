def extract_tariff_claims(doc, ctx, quantities, dates, mentions):
    return []
