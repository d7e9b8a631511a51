"""Attribution of a sentence, read from its parse (cues in models/hedges.json).

Shared by the claim stages: `attributed_to` names who the text says makes the
claim ("a government source", "the business daily", "officials"). Hedging
("may", "could", "is considering") lives with the other modality helpers in
`language`.
"""

from functools import lru_cache

from spacy.tokens import Span, Token

from .lexicons import load_json


@lru_cache(maxsize=1)
def _attribution_cues() -> dict[str, frozenset[str]]:
    return {key: frozenset(values) for key, values in load_json("hedges.json")["attribution"].items()}


def attributed_to(sent: Span) -> str | None:
    """Who the sentence says makes its claim, or None when it speaks in the writer's voice."""
    return _according_to(sent) or _reporting_subject(sent)


def _according_to(sent: Span) -> str | None:
    """The source in "according to X" (X's author when X is a document: "a statement from the ministry")."""
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
            objects = [child for child in token.doc[token.i + 1].children if child.dep_ == "pobj"]
            objects += [child for child in token.children if child.dep_ == "pobj"]
            if objects:
                return _source_phrase(_document_author(objects[0]))
    return None


def _reporting_subject(sent: Span) -> str | None:
    """The subject of a reporting verb ("said", "told", "reported") that governs the sentence."""
    cues = _attribution_cues()
    for token in sent:
        if token.lemma_.lower() not in cues["reporting_verbs"] or token.pos_ not in ("VERB", "AUX"):
            continue
        if token.dep_ not in cues["governing_deps"] and not _is_parenthetical(token):
            continue
        subjects = [child for child in token.children if child.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            phrase = _source_phrase(_document_author(subjects[0]))
            if phrase:
                return phrase
    return None


def _is_parenthetical(verb: Token) -> bool:
    """A reporting clause set off after the claim ("..., the source said") that the parser hung under the main verb."""
    return verb.dep_ in ("ccomp", "advcl") and verb.i > verb.head.i and verb.i > 0 and verb.nbor(-1).is_punct


def _document_author(head: Token) -> Token:
    """For "a statement from X" / "a report by X", X; otherwise the phrase itself."""
    if head.lemma_.lower() not in _attribution_cues()["document_nouns"]:
        return head
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return obj
    return head


def _stays_in_phrase(token: Token) -> bool:
    """Whether a dependent belongs to the source's name: not a clause, apposition or punctuation (but a hyphen)."""
    if token.dep_ == "punct":
        return token.tag_ == "HYPH"
    return token.dep_ not in _attribution_cues()["cut_deps"]


def _source_phrase(head: Token) -> str | None:
    """The noun phrase headed by `head`, without relative clauses, appositions or anything after a comma."""
    cues = _attribution_cues()
    if head.lower_ in cues["pronouns"]:
        return None
    tokens = [head]
    stack = [child for child in head.children if _stays_in_phrase(child)]
    while stack:
        token = stack.pop()
        tokens.append(token)
        stack.extend(child for child in token.children if _stays_in_phrase(child))
    positions = sorted(t.i for t in tokens)
    start = end = head.i
    while start - 1 in positions and start - 1 >= positions[0]:
        start -= 1
    while end + 1 in positions:
        end += 1
    text = "".join(t.text_with_ws for t in head.doc[start : end + 1] if not t.is_space)
    phrase = " ".join(text.split()).strip(" ,")
    return phrase or None
