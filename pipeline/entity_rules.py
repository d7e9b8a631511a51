def add_entity_rules(nlp):
    return nlp
