"""Score the round stage against `tests/gold/rounds.jsonl`.

Gold has one row per numbered round a document speaks of (source, round_number,
parties, status, date_start, date_end, level); a row with a null round_number
marks a document read and found to speak of none. Only documents in the gold
file are scored. Rounds are matched on (source, round_number); status, start
date, level and parties are scored on the gold rows that give them.
"""

from datetime import date
from pathlib import Path

import pandas as pd

from .common import Score, compare, read_gold

GOLD_FILE = "rounds.jsonl"


def _day(value) -> str | None:
    """An ISO day string from a gold string or a predicted date (None for a missing value)."""
    if value is None or (not isinstance(value, (str, date)) and pd.isna(value)):
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def predicted_rounds(tables: dict[str, pd.DataFrame], sources: set[str]) -> list[dict]:
    rounds = tables.get("rounds")
    documents = tables.get("documents")
    if rounds is None or documents is None or rounds.empty:
        return []
    joined = rounds.merge(documents[["doc_id", "source"]], on="doc_id")
    joined = joined[joined["source"].isin(sources)]
    return [
        {
            "source": row.source,
            "round_number": int(row.round_number),
            "status": row.status,
            "date_start": _day(row.date_start),
            "level": row.level if isinstance(row.level, str) else None,
            "parties": tuple(sorted(row.parties)) if row.parties is not None else (),
        }
        for row in joined.itertuples()
    ]


def keyed(rows: list[dict], attribute: str | None = None) -> list[tuple]:
    if attribute is None:
        return [(row["source"], row["round_number"]) for row in rows]
    return [(row["source"], row["round_number"], row[attribute]) for row in rows]


def score(tables: dict[str, pd.DataFrame], gold_dir: Path) -> list[Score]:
    gold_rows = read_gold(gold_dir, GOLD_FILE)
    sources = {row["source"] for row in gold_rows}
    gold = [
        {**row, "date_start": _day(row.get("date_start")), "parties": tuple(sorted(row.get("parties") or []))}
        for row in gold_rows
        if row.get("round_number") is not None
    ]
    predicted = predicted_rounds(tables, sources)
    scores = [compare("rounds (source, number)", keyed(predicted), keyed(gold), f"{len(sources)} documents")]
    for attribute in ("status", "date_start", "level", "parties"):
        given = [row for row in gold if row.get(attribute)]
        wanted = {(row["source"], row["round_number"]) for row in given}
        matching = [row for row in predicted if (row["source"], row["round_number"]) in wanted]
        scores.append(
            compare(f"rounds (source, number, {attribute})", keyed(matching, attribute), keyed(given, attribute),
                    f"{len(given)} gold rows give it")
        )
    return scores
