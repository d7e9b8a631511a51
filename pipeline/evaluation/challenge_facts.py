"""Score the challenge run's facts against the gold's `facts`: measures several documents assert,
pairs of measures that must stay apart, and the disagreements planted between outlets.

A predicted fact gives one value per alternative when it is a conflict (each alternative with its
own documents), else its rate or round number with all its documents. A gold tariff is recalled
when one value has its imposer, one of its targets, its product (loosely) and its rate, from at
least `min_docs` of its documents. A `distinct` pair is merged when one fact carries a value of
each side and documents only one side has; each side's documents are the numbers written in its
description, else those of the gold facts it describes. A planted conflict is found when one
conflict fact has both values, each from one of the documents that give it; entries that mark a
syndicated copy are not conflicts and are left out.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..countries import country_code
from .common import Ratio
from .names import person_key, product_fits

PARENTHESES = re.compile(r"\(([^)]*)\)")
DOC_NUMBERS = re.compile(r"\b(\d{3})(?:-(\d{3}))?\b")
RATES = re.compile(r"(\d+(?:\.\d+)?)%")
ROUND = re.compile(r"\bround (\d+)", re.IGNORECASE)
WORD = re.compile(r"[A-Za-z][A-Za-z.]*[A-Za-z]|[A-Z]")


@dataclass
class FactValue:
    """One value a predicted fact carries, with the gold keys of the documents behind it."""

    fact: int
    claim_type: str
    imposer: str | None
    target: str | None
    product: str | None
    category: str | None
    value: str
    keys: frozenset[str]
    conflict: bool


def fact_values(tables: dict[str, pd.DataFrame], key_of: dict[str, str]) -> list[FactValue]:
    facts = tables.get("facts")
    if facts is None or facts.empty:
        return []
    values = []
    for index, fact in enumerate(facts.to_dict("records")):
        for value, doc_ids, conflict in values_of(fact):
            values.append(
                FactValue(
                    index,
                    fact["claim_type"],
                    _text(fact.get("imposer")),
                    _text(fact.get("target")),
                    _text(fact.get("product")),
                    _text(fact.get("product_category")),
                    _value(value),
                    frozenset(key_of[d] for d in doc_ids if d in key_of),
                    conflict,
                )
            )
    return values


def values_of(fact: dict) -> list[tuple[object, list[str], bool]]:
    """(value, doc_ids, from a conflict) for each value a fact carries: a round always carries its number."""
    alternatives = list(fact["alternatives"]) if fact["alternatives"] is not None else []
    conflict = [(a["value"], list(a["doc_ids"]), True) for a in alternatives] if fact["status"] == "conflict" else []
    if fact["claim_type"] == "negotiation_round":
        return [(fact["round_number"], list(fact["doc_ids"]), False), *conflict]
    return conflict or [(fact["rate"], list(fact["doc_ids"]), False)]


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _value(value) -> str:
    """A rate, round number or date as comparable text: 25.0, "25%" and "25" all give "25"."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value).strip().removesuffix("%")
    try:
        return f"{float(text):g}"
    except ValueError:
        return text


def same_value(gold, predicted: str) -> bool:
    """Equal numbers, or a predicted date or interval that starts with the gold date or year."""
    wanted = _value(gold)
    return bool(wanted) and (predicted == wanted or predicted.startswith(wanted + "-") or predicted.startswith(wanted + "/"))


def score_facts(tables: dict[str, pd.DataFrame], gold: dict, source_name: Callable[[str], str]) -> list[Ratio]:
    documents = tables["documents"]
    source_keys = {source_name(key): key for key in gold["docs"]}
    key_of = {d: source_keys[s] for d, s in zip(documents["doc_id"], documents["source"]) if s in source_keys}
    values = fact_values(tables, key_of)
    facts = gold["facts"]
    return [
        *tariff_recall(facts["tariffs"], values),
        round_recall(facts["rounds"], values),
        person_recall(facts["persons"], tables),
        distinct_merged(facts, values),
        conflicts_found(facts["conflicts"], gold["docs"], values),
    ]


def gold_targets(fact: dict) -> set[str]:
    return set(fact["target"].split("|")) | set(fact.get("targets_also", []))


def tariff_matches(fact: dict, value: FactValue) -> bool:
    return (
        value.claim_type == "tariff_rate"
        and value.imposer == fact["imposer"]
        and value.target in gold_targets(fact)
        and same_value(fact["rate"], value.value)
        and product_fits(fact["sector"], value.product, value.category)
    )


def tariff_recall(gold: list[dict], values: list[FactValue]) -> list[Ratio]:
    scored = [fact for fact in gold if fact["min_docs"] > 0]
    recalled = pairs = pairs_found = 0
    for fact in scored:
        matching = [v for v in values if tariff_matches(fact, v)]
        docs = set(fact["docs"])
        recalled += any(len(v.keys & docs) >= fact["min_docs"] for v in matching)
        pairs += len(docs)
        pairs_found += len(docs & set().union(*(v.keys for v in matching)))
    return [
        Ratio("facts: tariffs recalled (imposer, target, product, rate, min docs)", recalled, len(scored)),
        Ratio("facts: tariff (fact, document) support recalled", pairs_found, pairs),
    ]


def round_recall(gold: list[dict], values: list[FactValue]) -> Ratio:
    """Rounds recalled: a round fact of that number, supported by every gold document."""
    recalled = sum(
        any(
            v.claim_type == "negotiation_round" and same_value(r["round"], v.value) and set(r["docs"]) <= v.keys
            for v in values
        )
        for r in gold
    )
    return Ratio("facts: rounds recalled (number, all docs)", recalled, len(gold))


def person_recall(gold: list[dict], tables: dict[str, pd.DataFrame]) -> Ratio:
    """People resolved across documents: one entity of that name in at least `min_docs` documents."""
    entities = tables.get("entities")
    documents: dict[str, int] = {}
    if entities is not None and not entities.empty:
        for name, kind, count in zip(entities["name"], entities["type"], entities["n_documents"]):
            if kind == "PERSON":
                documents[person_key(name)] = max(documents.get(person_key(name), 0), int(count))
    recalled = sum(documents.get(person_key(p["name"]), 0) >= p["min_docs"] for p in gold)
    return Ratio("facts: persons across documents (min docs)", recalled, len(gold))


# -- distinct pairs ----------------------------------------------------------------------------


@dataclass
class Side:
    claim_type: str
    values: set[str]
    keys: set[str]
    explicit: bool


def side_of(description: str, facts: dict) -> Side:
    """What one side of a `distinct` pair describes: its kind, rates or round number, and documents."""
    keys = set()
    for inside in PARENTHESES.findall(description):
        for first, last in DOC_NUMBERS.findall(inside):
            keys |= {f"{n:03d}" for n in range(int(first), int(last or first) + 1)}
    explicit = bool(keys)
    round_number = ROUND.search(description)
    if round_number:
        value = _value(round_number.group(1))
        if not keys:
            countries = countries_in(description)
            keys = {k for r in facts["rounds"] if _value(r["round"]) == value and set(r["parties"]) <= countries for k in r["docs"]}
        return Side("negotiation_round", {value}, keys, explicit)
    rates = {_value(rate) for rate in RATES.findall(description)}
    if not keys:
        keys = described_tariff_documents(description, rates, facts["tariffs"])
    return Side("tariff_rate", rates, keys, explicit)


def countries_in(text: str) -> set[str]:
    return {code for word in WORD.findall(text) if (code := country_code(word))}


def described_tariff_documents(description: str, rates: set[str], tariffs: list[dict]) -> set[str]:
    """Documents of the gold tariffs a description names: its first word the imposer, later words a target."""
    words = WORD.findall(description)
    imposer = country_code(words[0]) if words else None
    targets = countries_in(" ".join(words[1:]))
    return {
        key
        for t in tariffs
        if t["imposer"] == imposer and _value(t["rate"]) in rates and gold_targets(t) & targets
        for key in t["docs"]
    }


def pair_sides(first: str, second: str, facts: dict) -> tuple[Side, Side]:
    """Both sides of a pair; a side found through the gold facts never claims the documents the other names."""
    a, b = side_of(first, facts), side_of(second, facts)
    if not a.explicit and b.explicit:
        a.keys -= b.keys
    if not b.explicit and a.explicit:
        b.keys -= a.keys
    return a, b


def distinct_merged(facts: dict, values: list[FactValue]) -> Ratio:
    by_fact: dict[int, list[FactValue]] = {}
    for value in values:
        by_fact.setdefault(value.fact, []).append(value)
    merged, checked = [], 0
    for first, second in facts["distinct"]:
        a, b = pair_sides(first, second, facts)
        only_a, only_b = separating_keys(a, b), separating_keys(b, a)
        if not only_a or not only_b:
            continue
        checked += 1
        if any(one_fact_merges(parts, a, b, only_a, only_b) for parts in by_fact.values()):
            merged.append(f"{first} + {second}")
    unchecked = len(facts["distinct"]) - checked
    notes = [f"{unchecked} pairs not separable by documents, not checked"] if unchecked else []
    note = "; ".join(notes + [f"merged: {pair}" for pair in merged])
    return Ratio("facts: distinct pairs merged", len(merged), checked, note, lower_is_better=True)


def separating_keys(side: Side, other: Side) -> set[str]:
    """The documents that show a fact carries this side: any of its own when the two sides' values
    differ, else only those the other side lacks."""
    return side.keys if not side.values & other.values else side.keys - other.keys


def one_fact_merges(parts: list[FactValue], a: Side, b: Side, only_a: set[str], only_b: set[str]) -> bool:
    if parts[0].claim_type != a.claim_type or a.claim_type != b.claim_type:
        return False
    carried = {p.value for p in parts}
    keys = set().union(*(p.keys for p in parts))
    return bool(carried & a.values and carried & b.values and keys & only_a and keys & only_b)


# -- planted conflicts -------------------------------------------------------------------------


def is_copy(conflict: dict, documents: dict) -> bool:
    """A syndicated-copy entry: its values are document keys, each given by itself."""
    return all(str(v) in documents and conflict["docs"].get(str(v)) == [str(v)] for v in conflict["values"])


def conflicts_found(conflicts: list[dict], documents: dict, values: list[FactValue]) -> Ratio:
    planted = [c for c in conflicts if not is_copy(c, documents)]
    by_fact: dict[int, list[FactValue]] = {}
    for value in values:
        if value.conflict:
            by_fact.setdefault(value.fact, []).append(value)
    found = sum(any(fact_has_conflict(parts, c) for parts in by_fact.values()) for c in planted)
    return Ratio("facts: planted conflicts found", found, len(planted), f"{len(conflicts) - len(planted)} copy entries left out")


def fact_has_conflict(parts: list[FactValue], conflict: dict) -> bool:
    return all(
        any(same_value(value, p.value) and p.keys & set(conflict["docs"][str(value)]) for p in parts)
        for value in conflict["values"]
    )
