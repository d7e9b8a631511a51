"""Language helpers shared by the stages, one place each: clause tense, modality, token -> country, lexicon phrases.

They read only the parse and the lexicons in `models/`, never another stage's
internals, so every stage that asks "is this clause future?", "is it hedged?",
"which country does this token name?" or "does a cue phrase occur here?" gets
the same answer.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .countries import country_code
from .lexicons import load_json

COUNTRY_LABELS = ("GPE", "NORP", "ORG")
MULTIWORD_COUNTRY_LABELS = ("GPE", "NORP", "ORG", "LOC")
# Seen climbing from a date to its verb in the development texts: no chain was longer than 5.
MAX_TENSE_CLIMB = 8

PhraseIndex = dict[str, tuple[tuple[str, ...], ...]]


@lru_cache(maxsize=1)
def _time_words() -> dict:
    return load_json("time_words.json")


# --- clause tense -----------------------------------------------------------------------------

def clause_tense(span: Span) -> str | None:
    """"past", "future" or None: a past-tense verb right before ("said Monday", "said on Sunday"), else the governing verb."""
    words = _time_words()
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in ("on", "late", "early") and span.start > 1:
        before = span.doc[span.start - 2]
    if before is not None and before.tag_ == "VBD":
        return "past"
    token, steps = span.root, 0
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i and steps < MAX_TENSE_CLIMB:
        if token.lemma_.lower() in words["future_verbs"] and token.pos_ == "ADJ":
            break
        token, steps = token.head, steps + 1
    return verb_tense(token, words)


def verb_tense(verb: Token, words: dict) -> str | None:
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in words["future_auxiliaries"] for a in auxiliaries):
        return "future"
    if any(a.tag_ == "TO" for a in auxiliaries):
        governor = verb.head if verb.head.i != verb.i else None
        governor_tense = verb_tense(governor, words) if governor is not None and governor.pos_ in ("VERB", "AUX", "ADJ") else None
        return None if governor_tense == "past" else "future"
    scheduled = verb.tag_ == "VBN" or verb.pos_ == "ADJ"
    if scheduled and verb.lemma_.lower() in words["future_verbs"] and not any(a.tag_ == "VBD" for a in auxiliaries):
        return "future"
    past_auxiliary = any(a.tag_ == "VBD" or a.lower_ in ("has", "have", "had") for a in auxiliaries)
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and past_auxiliary):
        return "past"
    if verb.pos_ == "ADJ" and any(c.dep_ == "cop" and c.tag_ == "VBD" for c in verb.children):
        return "past"
    return None



# --- modality ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _hedge_cues() -> dict[str, frozenset[str]]:
    return {key: frozenset(values) for key, values in load_json("hedges.json")["hedge"].items()}


def is_hedging_token(token: Token) -> bool:
    """Whether this one token marks uncertainty (a modal, a hedge word, a verb of deliberation)."""
    cues = _hedge_cues()
    lower = token.lower_
    if token.tag_ == "MD":
        return lower in cues["modals"]
    if lower in cues["words"]:
        return True
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if token.lemma_.lower() in cues["verbs"]:
        return True
    return token.tag_ == "VBG" and token.lemma_.lower() in cues["progressive_verbs"]


def is_hedged(sent: Span) -> bool:
    """Whether the sentence (or clause) presents what it says as uncertain."""
    return any(is_hedging_token(token) for token in sent)


# --- token -> country ------------------------------------------------------------------------

def entity_of(token: Token) -> Span | None:
    """The named-entity span that contains `token`, if any."""
    if not token.ent_type_:
        return None
    start = token.i
    while start > 0 and token.doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(token.doc) and token.doc[end].ent_iob_ == "I":
        end += 1
    return token.doc[start:end]


def token_country(token: Token) -> str | None:
    """The alpha-3 code a token names: a country entity (counted at its first token) or a bare proper noun ("Japan-US")."""
    entity = entity_of(token) if token.ent_type_ in COUNTRY_LABELS else None
    if entity is not None:
        return country_code(entity.text) if token.i == entity.start else None
    return country_code(token.text) if token.pos_ == "PROPN" else None


def countries_in(tokens) -> list[str]:
    """Alpha-3 codes of the country names among `tokens`, in text order."""
    codes = []
    for token in sorted(set(tokens), key=lambda t: t.i):
        code = token_country(token)
        if code and code not in codes:
            codes.append(code)
    return codes


def country_tokens(doc: Doc, mentions) -> dict[int, str]:
    """Token index -> alpha-3 for every country name, demonym or capital metonym (entities, mentions, single tokens)."""
    found: dict[int, str] = {}
    for ent in doc.ents:
        if ent.label_ in MULTIWORD_COUNTRY_LABELS and len(ent) > 1:
            code = country_code(ent.text)
            if code:
                found.update((t.i, code) for t in ent)
    for mention in mentions or []:
        if mention.span.text in _lower_case_nouns():
            continue
        if mention.country and mention.label in ("GPE", "NORP"):
            found.update((t.i, mention.country) for t in mention.span if t.i not in found)
    for token in doc:
        if token.i not in found and token.text[:1].isupper():
            code = country_code(token.text)
            if code:
                found[token.i] = code
    for sent in doc.sents:
        if _is_lower_cased(sent):
            found.update(_lower_cased_countries(sent, found))
    return found


def _is_lower_cased(sent: Span) -> bool:
    """Aggregator copy that drops capitals: no word after the first starts with a capital letter."""
    return not any(t.text[:1].isupper() for t in sent[1:]) and any(t.is_alpha for t in sent)


@lru_cache(maxsize=1)
def _lower_case_nouns() -> frozenset[str]:
    return frozenset(load_json("measures.json")["lower_case_nouns"])


def _lower_cased_countries(sent: Span, found: dict[int, str]) -> dict[int, str]:
    """'the eu', 'us motorcycles', 'india': country names written in lower case (not the pronoun 'us', nor
    names that are common words in lower case: 'turkey', 'china')."""
    codes = {}
    for token in sent:
        if token.i in found or token.tag_ == "PRP" or not token.is_alpha:
            continue
        if token.lower_ in _lower_case_nouns():
            continue
        code = country_code(token.text.title()) or country_code(token.text.upper())
        if code:
            codes[token.i] = code
    return codes


# --- lexicon phrases -------------------------------------------------------------------------

def phrase_index(words) -> PhraseIndex:
    """Cue phrases as word tuples, indexed by their first word."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in words:
        parts = tuple(phrase.split())
        index.setdefault(parts[0], []).append(parts)
    return {first: tuple(group) for first, group in index.items()}


def matches_any(tokens: list[Token], phrases: PhraseIndex) -> bool:
    """Whether a cue phrase occurs as consecutive tokens among `tokens` (each word by lemma or lower case)."""
    for position, token in enumerate(tokens):
        for key in {token.lemma_.lower(), token.lower_}:
            if any(phrase_at(tokens, position, phrase) for phrase in phrases.get(key, ())):
                return True
    return False


def phrase_at(tokens: list[Token], position: int, phrase: tuple[str, ...]) -> bool:
    if position + len(phrase) > len(tokens):
        return False
    first = tokens[position].i
    for offset, word in enumerate(phrase[1:], start=1):
        token = tokens[position + offset]
        if token.i != first + offset or word not in (token.lemma_.lower(), token.lower_):
            return False
    return True
