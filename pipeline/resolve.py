def resolve_entities(mentions):
    return mentions, [], {}
