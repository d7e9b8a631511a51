"""Cue vocabulary of the tariff stage, read once from models/measures.json and models/products.json."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from .language import phrase_index
from .lexicons import load_json


@lru_cache(maxsize=1)
def tariff_cues() -> dict:
    raw = load_json("measures.json")
    return {
        "tariff_nouns": frozenset(raw["tariff_nouns"]),
        "tariff_forms": frozenset(form for noun in raw["tariff_nouns"] for form in _plurals(noun)),
        "imposing_verbs": frozenset(raw["imposing_verbs"]),
        "rate_nouns": frozenset(raw["rate_nouns"]),
        "other_rates": frozenset(raw["other_rates"]),
        "change_nouns": frozenset(raw["change_nouns"]),
        "tariff_verbs": frozenset(raw["tariff_verbs"]),
        "measures": [(name, phrase_index(raw["measures"][name])) for name in raw["measure_priority"]],
        "measure_words": frozenset(w for words in raw["measures"].values() for w in words),
        "all_partners": phrase_index(raw["all_partners"]),
        "universal_without_country": phrase_index(raw["universal_without_country"]),
        "status": [(name, phrase_index(raw["status"][name])) for name in raw["status_priority"]],
        "conditional_markers": frozenset(raw["conditional_markers"]),
        "demand_verbs": frozenset(raw["demand_verbs"]),
        "date_words": frozenset(raw["date_words"]),
        "default_imposer": raw["default_imposer"],
        "imposer_verbs": frozenset(raw["imposer_verbs"]),
        "target_preps": frozenset(raw["target_preps"]),
        "target_verbs": frozenset(raw["target_verbs"]),
        "other_taxes": phrase_index(raw["other_taxes"]),
        "status_labels": raw["status_labels"],
        "origin_verbs": frozenset(raw["origin_verbs"]),
        "goods_ranges": frozenset(raw["goods_ranges"]),
        "threat_verbs": frozenset(raw["threat_verbs"]),
        "export_words": frozenset(raw["export_words"]),
        "lower_case_nouns": frozenset(raw["lower_case_nouns"]),
    }


@lru_cache(maxsize=1)
def product_forms() -> dict[tuple[str, ...], str]:
    """Product form (as a tuple of lower-case words) -> canonical product name."""
    table = {}
    for name, entry in load_json("products.json")["products"].items():
        for form in entry["forms"]:
            table[tuple(form.split())] = name
    return table


@lru_cache(maxsize=1)
def all_goods_words() -> frozenset[str]:
    return frozenset(load_json("products.json")["all_goods"])


def _plurals(noun: str) -> tuple[str, ...]:
    """A noun with its plural ('duty' -> 'duties'): a capitalised 'Duties' opening a sentence may keep its lemma."""
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + ("es" if noun.endswith(("x", "s")) else "s")
    return noun, plural


def product_of_phrase(head: Token) -> str | None:
    """The product a noun names with its modifiers: 'auto parts', 'Japanese car imports' -> automobiles."""
    words = [t for t in head.subtree if t.dep_ in ("compound", "amod", "nmod") and t.head.i == head.i] + [head]
    words.sort(key=lambda t: t.i)
    lemmas = [t.lemma_.lower() for t in words]
    lowers = [t.lower_ for t in words]
    table = product_forms()
    for size in (3, 2):
        for i in range(len(words) - size + 1):
            for seq in (lemmas, lowers):
                product = table.get(tuple(seq[i : i + size]))
                if product:
                    return product
    for lemma, lower in zip(reversed(lemmas), reversed(lowers)):
        product = table.get((lemma,)) or table.get((lower,))
        if product:
            return product
    return None
