"""Scorer for the date stage: detection on (source, text) and normalisation of the interval."""

from collections import Counter
from pathlib import Path

import pandas as pd

from .common import Score, compare, read_gold

GOLD_FILE = "dates.jsonl"


def _day(value) -> str | None:
    return None if value is None or pd.isna(value) else str(value)[:10]


def predicted_rows(tables: dict[str, pd.DataFrame], sources: set[str]) -> list[dict]:
    """Predicted date rows of the documents the gold covers, keyed by source."""
    documents = tables["documents"][["doc_id", "source"]]
    dates = tables.get("dates")
    if dates is None or dates.empty:
        return []
    joined = dates.merge(documents, on="doc_id")
    joined = joined[joined["source"].isin(sources)]
    return [
        {"source": r.source, "text": r.text, "type": r.type, "date_start": _day(r.date_start), "date_end": _day(r.date_end)}
        for r in joined.itertuples()
    ]


def normalisation_accuracy(predicted: list[dict], gold: list[dict]) -> tuple[int, int]:
    """(right, detected): among gold expressions also detected, how many have the gold interval."""
    available = Counter((p["source"], p["text"], p["date_start"], p["date_end"]) for p in predicted)
    detected = Counter((p["source"], p["text"]) for p in predicted)
    right = total = 0
    for g in gold:
        key = (g["source"], g["text"])
        if detected[key] <= 0:
            continue
        detected[key] -= 1
        total += 1
        full = (*key, g["date_start"], g["date_end"])
        if available[full] > 0:
            available[full] -= 1
            right += 1
    return right, total


def recall_by_type(predicted: list[dict], gold: list[dict]) -> list[Score]:
    """One line per gold expression type (DATE, TIME, DURATION, SET): gold rows of that type found (by source and text),
    and predicted rows of that type that match no gold row."""
    found = Counter((p["source"], p["text"]) for p in predicted)
    annotated = Counter((g["source"], g["text"]) for g in gold)
    scores = []
    for kind in sorted({g["type"] for g in gold}):
        wanted = Counter((g["source"], g["text"]) for g in gold if g["type"] == kind)
        tp = sum((wanted & found).values())
        extra = Counter((p["source"], p["text"]) for p in predicted if p["type"] == kind) - annotated
        scores.append(Score(f"dates: {kind.lower()} (source, text)", tp, sum(extra.values()), sum(wanted.values()) - tp))
    return scores


def score(tables: dict[str, pd.DataFrame], gold_dir: Path) -> list[Score]:
    gold = read_gold(gold_dir, GOLD_FILE)
    predicted = predicted_rows(tables, {g["source"] for g in gold})
    detection = compare(
        "dates: detection (source, text)",
        [(p["source"], p["text"]) for p in predicted],
        [(g["source"], g["text"]) for g in gold],
    )
    right, total = normalisation_accuracy(predicted, gold)
    detection.extra = f"normalisation accuracy={right / total if total else 0:.3f} ({right}/{total})"
    interval = compare(
        "dates: detection + interval",
        [(p["source"], p["text"], p["date_start"], p["date_end"]) for p in predicted],
        [(g["source"], g["text"], g["date_start"], g["date_end"]) for g in gold],
    )
    return [detection, interval, *recall_by_type(predicted, gold)]
