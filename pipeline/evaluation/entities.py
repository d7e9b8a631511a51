"""Entity scorer: per document, which canonical people and which countries were found.

A person counts only when a mention in that document resolved to an entity
whose canonical name is the gold name (compared up to case and accents), so
the score measures finding and resolving together. Countries are compared by
alpha-3 code. Only documents that appear in the gold file are scored.
"""

from pathlib import Path

import pandas as pd

from ..entity_rules import norm_text
from .common import Score, compare, read_gold

GOLD_FILE = "entities.jsonl"


def score(tables: dict[str, pd.DataFrame], gold_dir: Path) -> list[Score]:
    if not (gold_dir / GOLD_FILE).exists() or "mentions" not in tables or "entities" not in tables:
        return []
    gold = read_gold(gold_dir, GOLD_FILE)
    sources = {row["source"] for row in gold}
    found = _found_per_document(tables, sources)
    gold_people = {(r["source"], norm_text(r["name"])) for r in gold if r["type"] == "PERSON"}
    gold_countries = {(r["source"], r["country"]) for r in gold if r["type"] == "COUNTRY"}
    people = {(s, norm_text(n)) for s, t, n, _ in found if t == "PERSON"}
    countries = {(s, c) for s, t, _, c in found if t == "GPE" and isinstance(c, str)}
    mention_gold = [(r["source"], r["text"], norm_text(r["name"])) for r in gold if r["type"] == "PERSON_MENTION"]
    mention_sources = {source for source, _, _ in mention_gold}
    mentions = [(s, text, norm_text(n)) for s, text, n in _person_mentions(tables, mention_sources)]
    return [
        compare("entities PERSON (doc, canonical name)", people, gold_people, f"{len(sources)} docs"),
        compare("entities COUNTRY (doc, alpha-3)", countries, gold_countries, f"{len(sources)} docs"),
        compare("entities PERSON mentions (text, name)", mentions, mention_gold, f"{len(mention_sources)} docs"),
    ]


def _person_mentions(tables: dict[str, pd.DataFrame], sources: set[str]) -> list[tuple[str, str, str]]:
    """(source, mention text, canonical name) of every PERSON mention in the given documents."""
    documents = tables["documents"][["doc_id", "source"]]
    mentions = tables["mentions"]
    mentions = mentions[mentions["label"] == "PERSON"].merge(documents[documents["source"].isin(sources)], on="doc_id")
    joined = mentions.merge(tables["entities"][["entity_id", "name"]], on="entity_id")
    return list(zip(joined["source"], joined["text"], joined["name"]))


def _found_per_document(tables: dict[str, pd.DataFrame], sources: set[str]) -> set[tuple]:
    """(source, entity type, canonical name, country) for every entity mentioned in a gold document."""
    documents = tables["documents"][["doc_id", "source"]]
    documents = documents[documents["source"].isin(sources)]
    mentions = tables["mentions"][["doc_id", "entity_id"]].merge(documents, on="doc_id")
    entities = tables["entities"][["entity_id", "name", "type", "country"]]
    country_entities = entities["entity_id"].str.startswith("country:")
    entities = entities.assign(country=entities["country"].where(country_entities, None))
    joined = mentions.merge(entities, on="entity_id").drop_duplicates(["source", "entity_id"])
    return set(zip(joined["source"], joined["type"], joined["name"], joined["country"]))
