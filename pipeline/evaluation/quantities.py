"""Score the quantities table against tests/gold/quantities.jsonl.

The gold holds every percentage, percentage-point change, money amount,
measured amount and multiple in the body of the annotated documents; counts of
things ("two sides", "100,000 cars") are not annotated, so predicted counts are
left out of the comparison. Values are compared to 6 significant digits
(33.3333 for "a third"); the last line also needs the row's text to equal the
gold text, which checks the span (approximation cues are part of it).
"""

from pathlib import Path

import pandas as pd

from ..lexicons import load_json
from .common import Score, compare, read_gold

GOLD_FILE = "quantities.jsonl"


def _value_key(value: float) -> float:
    return float(f"{value:.6g}")


def _counted_units() -> set[str]:
    return {"count", *load_json("units.json")["count_nouns"].values()}


def _predicted(tables: dict[str, pd.DataFrame], sources: set[str]) -> list[tuple[str, float, str, str]]:
    """(source, value, unit, text) of every predicted quantity with a unit in the gold documents."""
    quantities = tables.get("quantities")
    if quantities is None or quantities.empty:
        return []
    source_of = dict(zip(tables["documents"]["doc_id"], tables["documents"]["source"]))
    counted = _counted_units()
    rows = []
    columns = (quantities[name] for name in ("doc_id", "value", "unit", "text"))
    for doc_id, value, unit, text in zip(*columns):
        source = source_of.get(doc_id)
        if source in sources and unit not in counted:
            rows.append((source, _value_key(value), unit, text))
    return rows


def score(tables: dict[str, pd.DataFrame], gold_dir: Path) -> list[Score]:
    gold_rows = read_gold(gold_dir, GOLD_FILE)
    sources = {row["source"] for row in gold_rows}
    gold = [
        (row["source"], _value_key(row["value"]), row["unit"], row["text"]) for row in gold_rows if not row.get("none")
    ]
    predicted = _predicted(tables, sources)
    extra = f"over {len(sources)} documents"
    return [
        compare(
            "quantities: percent (source, value)",
            [(s, v) for s, v, u, _ in predicted if u == "percent"],
            [(s, v) for s, v, u, _ in gold if u == "percent"],
            extra,
        ),
        compare(
            "quantities: all with a unit (source, value, unit)",
            [(s, v, u) for s, v, u, _ in predicted],
            [(s, v, u) for s, v, u, _ in gold],
            extra,
        ),
        compare("quantities: exact span (source, text, value, unit)", predicted, gold, extra),
    ]
