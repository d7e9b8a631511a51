"""Score the tariff-rate claims against `tests/gold/claims_tariff.jsonl`.

Gold has one row per tariff claim an article body makes (source, product, rate,
target, imposer, status); a row with only `source` marks a document as read, so
a document with no tariff claims still counts its false positives. Only
tariff_rate claims of documents in the gold file are scored. Claims are matched
as multisets on (source, product, rate, target), on (source, rate) alone, and,
for imposer and status, on the full key plus that attribute.
"""

from pathlib import Path

import pandas as pd

from .common import Score, compare, read_gold

GOLD_FILE = "claims_tariff.jsonl"


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _rate(value) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 2)


def predicted_claims(tables: dict[str, pd.DataFrame], sources: set[str]) -> list[dict]:
    claims = tables.get("claims")
    documents = tables.get("documents")
    if claims is None or documents is None or claims.empty:
        return []
    joined = claims[claims["claim_type"] == "tariff_rate"].merge(documents[["doc_id", "source"]], on="doc_id")
    joined = joined[joined["source"].isin(sources)]
    return [
        {
            "source": row.source,
            "product": _text(row.product),
            "rate": _rate(row.rate),
            "target": _text(row.target),
            "imposer": _text(row.imposer),
            "status": _text(row.status),
        }
        for row in joined.itertuples()
    ]


def gold_claims(gold_dir: Path) -> tuple[list[dict], set[str]]:
    rows = read_gold(gold_dir, GOLD_FILE)
    sources = {row["source"] for row in rows}
    claims = [
        {
            "source": row["source"],
            "product": row.get("product"),
            "rate": _rate(row["rate"]),
            "target": row.get("target"),
            "imposer": row.get("imposer"),
            "status": row.get("status"),
        }
        for row in rows
        if "rate" in row
    ]
    return claims, sources


def keyed(rows: list[dict], *attributes: str) -> list[tuple]:
    return [(row["source"], *(row[a] for a in attributes)) for row in rows]


def score(tables: dict[str, pd.DataFrame], gold_dir: Path) -> list[Score]:
    if not (gold_dir / GOLD_FILE).exists():
        return []
    gold, sources = gold_claims(gold_dir)
    predicted = predicted_claims(tables, sources)
    extra = f"{len(sources)} documents"
    full = ("product", "rate", "target")
    return [
        compare("claims tariff (product, rate, target)", keyed(predicted, *full), keyed(gold, *full), extra),
        compare("claims tariff (rate)", keyed(predicted, "rate"), keyed(gold, "rate"), extra),
        compare("claims tariff (+imposer)", keyed(predicted, *full, "imposer"), keyed(gold, *full, "imposer"), extra),
        compare("claims tariff (+status)", keyed(predicted, *full, "status"), keyed(gold, *full, "status"), extra),
    ]
