"""Status (in effect, planned, proposed, ...) and effective date of a tariff reading, from tense, modality and cues."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from .annotations import TimeExpression
from .language import matches_any
from .tariff_arguments import noun_phrase
from .tariff_cues import tariff_cues
from .tariff_reading import NOUNS, VERBS, Reading, is_condition, verb_chain


def status_of(reading: Reading) -> str:
    """The first status whose cue the rate's clause holds. A rate someone asks to change ("pressed them to
    scrap the 25% levy") or that a condition may change ("unless the tariff is removed") stands as it is.
    Without a cue, a rate stated in the present or past tense is in effect."""
    chain = verb_chain(reading.governor)
    if any(verb.lemma_.lower() in tariff_cues()["demand_verbs"] for verb in chain):
        return "in_effect"
    if _is_threatened(chain):
        return "proposed"
    words = [t for t in reading.scope if t.pos_ != "PROPN"]
    to_new_level = any(t.lower_ == "to" and t.dep_ == "prep" for t in reading.path)
    for name, phrases in tariff_cues()["status"]:
        if name == "removed" and to_new_level:
            continue
        if matches_any(words, phrases):
            if _in_condition(reading):
                return "in_effect" if name == "removed" else "unknown"
            return tariff_cues()["status_labels"].get(name, name)
    if chain and _is_finite_indicative(chain[-1]):
        return "in_effect"
    if not chain and reading.tariff is not None and _is_definite(reading.tariff):
        return "in_effect"
    return "unknown"


def _is_finite_indicative(verb: Token) -> bool:
    """A verb in the present or past tense, itself or through its auxiliary ('was slapped', 'is charged')."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return verb.tag_ in ("VBZ", "VBP", "VBD") or any(a.tag_ in ("VBZ", "VBP", "VBD") for a in auxiliaries)


def _is_threatened(chain: list[Token]) -> bool:
    """'warned that EU goods would face 30%', 'threatened that the rate would rise': a future a threat reports
    (unlike 'warned that a 10% tariff was still high')."""
    if not chain or chain[-1].dep_ != "ccomp":
        return False
    future = any(c.dep_ == "aux" and c.tag_ == "MD" for c in chain[-1].children)
    return future and chain[-1].head.lemma_.lower() in tariff_cues()["threat_verbs"]


def _is_definite(noun: Token) -> bool:
    """'despite the 25% U.S. tariff', 'regarding its 10% levy': a tariff named as a known, existing one."""
    definite = ("the", "this", "these", "that")
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in definite) for c in noun.children)


def _in_condition(reading: Reading) -> bool:
    current = reading.governor
    while current is not None:
        if is_condition(current):
            return True
        current = current.head if current.head.i != current.i else None
    return False


def effective_date(reading: Reading, dates: list[TimeExpression]) -> date | None:
    """The first resolved date attached to the rate. Nearest first: a time modifier of a clause on a noun
    between rate and tariff ('plans for a hike from 10% to double that come July'); then its noun phrase
    ('the June 1 increase') or a time modifier of its verb ('took effect on April 3', 'starting in July',
    'effective Aug. 6')."""
    anchor = reading.tariff if reading.tariff is not None else reading.percent.token
    path_verbs = [t for t in reading.path if t.pos_ in VERBS]
    path_clauses = [c for t in reading.path if t.pos_ in NOUNS for c in t.children if c.dep_ == "acl"]
    near = {c.i for c in path_clauses} | _time_modifiers(path_clauses)
    attached = {t.i for t in noun_phrase(anchor)} | _time_modifiers(verb_chain(reading.governor) + path_verbs)
    return _first_date_in(near, dates) or _first_date_in(attached, dates)


def _time_modifiers(verbs: list[Token]) -> set[int]:
    """Token indices of the verbs' time modifiers: 'on April 3', 'in July', 'effective Aug. 6', 'July'."""
    date_words = tariff_cues()["date_words"]
    found = set()
    for verb in verbs:
        for child in verb.children:
            time_word = child.dep_ in ("prep", "advcl", "advmod") and child.lower_ in date_words
            if child.dep_ == "npadvmod" or time_word:
                found.update(t.i for t in child.subtree)
    return found


def _first_date_in(allowed: set[int], dates: list[TimeExpression]) -> date | None:
    for expression in dates:
        if expression.span.root.i in allowed and expression.date_start is not None:
            return expression.date_start
    return None
