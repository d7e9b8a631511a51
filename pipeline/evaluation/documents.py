"""Score the clean stage: body detection per line, published dates, titles and outlets.

Gold (`tests/gold/documents.jsonl`) lists, per source, the first characters of
every body line (`body`) and of every other non-blank line (`clutter`). A gold
line counts as predicted body when the offset where its snippet starts lies
inside one of the document's body spans.
"""

import re
from datetime import date
from pathlib import Path

import pandas as pd

from .common import Score, compare, read_gold

GOLD_FILE = "documents.jsonl"
SPACE = re.compile(r"\s+")


def line_offsets(text: str, snippets: list[str]) -> list[int | None]:
    """Offset of each snippet at the start of a line, searched in order (None when not found)."""
    offsets, cursor = [], 0
    for snippet in snippets:
        match = re.compile(r"(?m)^[ \t]*(" + re.escape(snippet) + ")").search(text, cursor)
        if match is None:
            match = re.compile(re.escape(snippet)).search(text)
            offsets.append(match.start() if match else None)
            continue
        offsets.append(match.start(1))
        cursor = match.end(1)
    return offsets


def in_spans(offset: int | None, spans) -> bool:
    return offset is not None and any(span["start"] <= offset < span["end"] for span in spans)


def body_line_keys(document: pd.Series | None, gold: dict) -> tuple[list, list]:
    """(predicted-body keys, gold-body keys) for one document's gold lines."""
    predicted, wanted = [], []
    text = document["text"] if document is not None else ""
    spans = list(document["body_spans"]) if document is not None else []
    for kind in ("body", "clutter"):
        for index, offset in enumerate(line_offsets(text, gold.get(kind, []))):
            key = (gold["source"], kind, index)
            if kind == "body":
                wanted.append(key)
            if in_spans(offset, spans):
                predicted.append(key)
    return predicted, wanted


def _norm(value) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    return SPACE.sub(" ", str(value)).strip().casefold() or None


def _iso(value) -> str | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def field_keys(documents: dict, gold_rows: list[dict], field: str, normalise) -> tuple[list, list]:
    predicted = [
        (source, normalise(row[field]))
        for source, row in documents.items()
        if normalise(row[field]) is not None
    ]
    wanted = [(g["source"], normalise(g.get(field))) for g in gold_rows if normalise(g.get(field)) is not None]
    return predicted, wanted


def score(tables: dict[str, pd.DataFrame], gold_dir: Path) -> list[Score]:
    if not (gold_dir / GOLD_FILE).exists():
        return []
    gold_rows = read_gold(gold_dir, GOLD_FILE)
    sources = {g["source"] for g in gold_rows}
    frame = tables["documents"]
    documents = {row["source"]: row for _, row in frame[frame["source"].isin(sources)].iterrows()}
    predicted_body, gold_body = [], []
    for gold in gold_rows:
        predicted, wanted = body_line_keys(documents.get(gold["source"]), gold)
        predicted_body += predicted
        gold_body += wanted
    missing = sorted(sources - set(documents))
    scores = [
        compare(
            "documents.body_lines",
            predicted_body,
            gold_body,
            f"missing documents: {', '.join(missing)}" if missing else "",
        )
    ]
    for field, normalise in (("published_date", _iso), ("title", _norm), ("outlet", _norm)):
        predicted, wanted = field_keys(documents, gold_rows, field, normalise)
        scores.append(compare(f"documents.{field}", predicted, wanted))
    return scores
