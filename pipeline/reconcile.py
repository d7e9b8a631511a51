def reconcile_facts(claims, documents):
    return []


def summary_lines(tables):
    return []
