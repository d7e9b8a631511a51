"""Score the reconciled facts against `tests/gold/facts.jsonl`.

Gold has a `{"documents": [...]}` row naming every annotated document, then one
row per fact: a tariff as (imposer, target, product, rate), a round as
(parties, round_number) with the interval its date must lie in, or either with
`conflict` listing the values the sources disagree on; `sources` are the
annotated documents that state it. Only facts supported by an annotated
document are scored, and only their annotated documents count as support.

Lines: facts matched on key + value; (fact, document) support pairs, which
shows whether claims merged into the right facts; and whether each planted
conflict is found.
"""

from datetime import date
from pathlib import Path

import pandas as pd

from .common import Score, compare, read_gold

GOLD_FILE = "facts.jsonl"


def _day(value) -> date | None:
    if value is None or (not isinstance(value, (str, date)) and pd.isna(value)):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _rate(value) -> str:
    return f"{float(value):g}"


def _subject(row) -> tuple:
    if row["claim_type"] == "negotiation_round":
        return ("negotiation_round", tuple(sorted(row["parties"])), int(row["round_number"]))
    product = row["product"] if isinstance(row["product"], str) else None
    return ("tariff_rate", row["imposer"], row["target"], product)


def gold_key(row: dict) -> tuple:
    if row.get("conflict"):
        return (*_subject(row), "conflict", tuple(sorted(row["conflict"])))
    if row["claim_type"] == "negotiation_round":
        return (*_subject(row), _day(row.get("date_start")), _day(row.get("date_end")))
    return (*_subject(row), _rate(row["rate"]))


def predicted_key(fact, gold_rounds: dict[tuple, tuple]) -> tuple:
    """The fact's key + value; a round date inside a gold round's interval takes that gold value."""
    subject = _subject(fact)
    if fact["status"] == "conflict":
        values = [alt["value"].removesuffix("%") for alt in fact["alternatives"]]
        return (*subject, "conflict", tuple(sorted(values)))
    if fact["claim_type"] == "negotiation_round":
        start, end = _day(fact["date_start"]), _day(fact["date_end"])
        wanted = gold_rounds.get(subject)
        if start and end and wanted and wanted[0] <= start <= end <= wanted[1]:
            return (*subject, *wanted)
        return (*subject, start, end)
    return (*subject, "" if pd.isna(fact["rate"]) else _rate(fact["rate"]))


def predicted_facts(tables: dict[str, pd.DataFrame], sources: set[str]) -> list[tuple[object, list[str]]]:
    """(fact, its annotated source documents) for every fact at least one annotated document supports."""
    facts, documents = tables.get("facts"), tables.get("documents")
    if facts is None or documents is None or facts.empty:
        return []
    source_of = dict(zip(documents["doc_id"], documents["source"]))
    rows = []
    for fact in facts.to_dict("records"):
        if fact["claim_type"] not in ("tariff_rate", "negotiation_round"):
            continue
        supported = sorted({source for d in fact["doc_ids"] if (source := source_of.get(d))} & sources)
        if supported:
            rows.append((fact, supported))
    return rows


def score(tables: dict[str, pd.DataFrame], gold_dir: Path) -> list[Score]:
    gold_rows = read_gold(gold_dir, GOLD_FILE)
    sources = {s for row in gold_rows for s in row.get("documents", [])}
    gold = [row for row in gold_rows if "claim_type" in row]
    gold_rounds = {
        _subject(row): (_day(row["date_start"]), _day(row["date_end"]))
        for row in gold
        if row["claim_type"] == "negotiation_round" and not row.get("conflict")
    }
    predicted = [(predicted_key(fact, gold_rounds), supported) for fact, supported in predicted_facts(tables, sources)]
    gold_keys = [gold_key(row) for row in gold]
    found = {key for key, _ in predicted}
    planted = [gold_key(row) for row in gold if row.get("conflict")]
    conflicts = ", ".join(f"{_label(key)}: {'found' if key in found else 'missed'}" for key in planted)
    return [
        compare("facts (key + value)", [key for key, _ in predicted], gold_keys),
        compare(
            "facts (fact, document) support",
            [(key, s) for key, supported in predicted for s in supported],
            [(gold_key(row), s) for row in gold for s in row["sources"]],
        ),
        compare("facts (planted conflicts)", [k for k in found if k in planted], planted, extra=conflicts),
    ]


def _label(key: tuple) -> str:
    return " ".join(str(part) for part in key[1:-2] if part is not None) + " " + "/".join(key[-1])
