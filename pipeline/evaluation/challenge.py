"""Score a run over the challenge set (`../shared/challenge/`) against `../shared/challenge.gold.json`.

The gold is one JSON file. `docs` has, per document ("001" for 001.txt): `boilerplate` blocks
([start snippet, end snippet or null for the end of the page]; every other non-blank character
is article), `persons`, `percents` ([snippet, occ, value]), `dates` ({s, occ, start, end, tol}),
`tariffs` ([sector, rate, [targets]]) and `rounds`, each with `*_optional` items that are
neither rewarded nor penalised. `occ` is the raw occurrence of the snippet in the file's text;
that text is located inside `documents.text` (a headline may have been prepended there, and
counts as article). A sector is a canonical product, `general` (all goods), or `re:<regex>`
tried on the predicted product and product category. Documents published on an unknown date
are scored on year-explicit dates only. The cross-document `facts` are scored in
`challenge_facts`.
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from .challenge_facts import score_facts
from .common import Ratio, Score, best_matching
from .entities import _found_per_document
from .names import person_key, product_fits

PERCENT_UNITS = {"percent", "percentage_point"}
YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
SPACE = re.compile(r"\s")


@dataclass
class GoldDocument:
    """One challenge document: its gold, its file text, and where the run put it.

    `found` is false when the run has no such document or its text does not contain the file's;
    such a document is scored as if nothing were predicted for it (offsets could not be trusted).
    """

    key: str
    gold: dict
    raw: str
    text: str
    offset: int
    spans: list[tuple[int, int]]
    found: bool

    def place(self, snippet: str, occ: int = 0) -> tuple[int, int] | None:
        """(start, end) in `documents.text` of the occ-th raw occurrence of a snippet."""
        index = -1
        for _ in range(occ + 1):
            index = self.raw.find(snippet, index + 1)
            if index < 0:
                return None
        return self.offset + index, self.offset + index + len(snippet)

    @property
    def source(self) -> str:
        return source_name(self.key)

    def predicted(self, grouped: dict[str, list]) -> list:
        """This document's predicted rows out of rows grouped by source (none when not found)."""
        return grouped.get(self.source, []) if self.found else []

    def places(self, snippet: str) -> list[tuple[int, int]]:
        spots, occ = [], 0
        while (spot := self.place(snippet, occ)) is not None:
            spots.append(spot)
            occ += 1
        return spots


def load_gold(gold_path: Path) -> dict:
    return json.loads(gold_path.read_text(encoding="utf-8"))


def source_name(key: str) -> str:
    return f"{key}.txt"


def gold_documents(tables: dict[str, pd.DataFrame], challenge_dir: Path, gold: dict) -> list[GoldDocument]:
    frame = tables["documents"]
    rows = {row["source"]: row for _, row in frame.iterrows()}
    documents = []
    for key, entry in sorted(gold["docs"].items()):
        path = challenge_dir / source_name(key)
        raw = path.read_text(encoding="utf-8") if path.is_file() else ""
        row = rows.get(source_name(key))
        text = row["text"] if row is not None else raw
        offset = text.find(raw)
        found = row is not None and offset >= 0 and bool(raw)
        spans = [(int(s["start"]), int(s["end"])) for s in row["body_spans"]] if found and row is not None else []
        documents.append(GoldDocument(key, entry, raw, text if found else raw, max(offset, 0), spans, found))
    return documents


def score(tables: dict[str, pd.DataFrame], challenge_dir: Path, gold_path: Path) -> list[Score | Ratio]:
    gold = load_gold(gold_path)
    documents = gold_documents(tables, challenge_dir, gold)
    return [
        *body_scores(documents),
        *tariff_scores(documents, tables),
        percent_score(documents, tables),
        person_score(documents, tables),
        *date_scores(documents, tables),
        round_score(documents, tables),
        *score_facts(tables, gold, source_name),
    ]


def missing_note(documents: list[GoldDocument]) -> str:
    missing = [d.key for d in documents if not d.found]
    return f"not in the run or text not found: {', '.join(missing)}" if missing else ""


# -- body --------------------------------------------------------------------------------------


def boilerplate_ranges(document: GoldDocument) -> list[tuple[int, int]]:
    """The gold clutter blocks as (start, end) in `documents.text`, each searched after the previous one."""
    ranges, cursor = [], 0
    for start_snippet, end_snippet in document.gold["boilerplate"]:
        start = document.raw.find(start_snippet, cursor)
        if start < 0:
            start = document.raw.find(start_snippet)
        if start < 0:
            continue
        end = len(document.raw)
        if end_snippet is not None:
            found = document.raw.find(end_snippet, start)
            end = found + len(end_snippet) if found >= 0 else start + len(start_snippet)
        ranges.append((document.offset + start, document.offset + end))
        cursor = end
    return ranges


def character_kinds(document: GoldDocument) -> tuple[list[bool], list[bool]]:
    """Per character of `documents.text`: (is article, is clutter); blanks and text after the file are neither."""
    size = len(document.text)
    clutter = [False] * size
    for start, end in boilerplate_ranges(document):
        clutter[start:end] = [True] * (end - start)
    article_end = document.offset + len(document.raw)
    article = [
        not clutter[i] and i < article_end and not SPACE.match(document.text[i])
        for i in range(size)
    ]
    clutter = [clutter[i] and not SPACE.match(document.text[i]) for i in range(size)]
    return article, clutter


def body_mask(document: GoldDocument) -> list[bool]:
    mask = [False] * len(document.text)
    for start, end in document.spans:
        mask[start:end] = [True] * (max(0, min(end, len(mask)) - start))
    return mask


def body_scores(documents: list[GoldDocument]) -> list[Ratio]:
    article_kept = article_total = clutter_kept = clutter_total = 0
    for document in documents:
        article, clutter = character_kinds(document)
        body = body_mask(document)
        article_total += sum(article)
        clutter_total += sum(clutter)
        article_kept += sum(1 for a, b in zip(article, body) if a and b)
        clutter_kept += sum(1 for c, b in zip(clutter, body) if c and b)
    return [
        Ratio("body chars kept (headline included)", article_kept, article_total, missing_note(documents)),
        Ratio("clutter chars kept", clutter_kept, clutter_total, lower_is_better=True),
    ]


# -- tariff claims -----------------------------------------------------------------------------


def same_rate(a, b) -> bool:
    return a is not None and b is not None and round(float(a), 2) == round(float(b), 2)


def predicted_tariffs(tables: dict[str, pd.DataFrame]) -> dict[str, list[tuple]]:
    """Per source, the distinct (product, category, rate, target) of its tariff-rate claims."""
    claims, documents = tables.get("claims"), tables["documents"]
    if claims is None or claims.empty:
        return {}
    claims = claims[claims["claim_type"] == "tariff_rate"].merge(documents[["doc_id", "source"]], on="doc_id")
    category = claims["product_category"] if "product_category" in claims else pd.Series(None, index=claims.index)
    per_source: dict[str, list[tuple]] = {}
    for source, product, cat, rate, target in zip(
        claims["source"], claims["product"], category, claims["rate"], claims["target"]
    ):
        if pd.isna(rate):
            continue
        row = (_text(product), _text(cat), round(float(rate), 2), _text(target))
        if row not in per_source.setdefault(source, []):
            per_source[source].append(row)
    return per_source


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def tariff_scores(documents: list[GoldDocument], tables: dict[str, pd.DataFrame]) -> list[Score | Ratio]:
    predicted = predicted_tariffs(tables)
    tp = fp = fn = right_target = 0
    for document in documents:
        gold = document.gold["tariffs"]
        claims = document.predicted(predicted)
        edges = [[j for j, c in enumerate(claims) if tariff_fits(g, c)] for g in gold]
        preferred = [[j for j in edges[i] if claims[j][3] in gold[i][2]] for i in range(len(gold))]
        matched = best_matching(edges, preferred)
        unmatched = [c for j, c in enumerate(claims) if j not in matched.values()]
        optional = document.gold["tariffs_optional"]
        tp += len(matched)
        fn += len(gold) - len(matched)
        fp += sum(1 for c in unmatched if not any(tariff_fits(o, c) for o in optional))
        right_target += sum(1 for i, j in matched.items() if claims[j][3] in gold[i][2])
    return [
        Score("tariff claims (product, rate)", tp, fp, fn, f"{len(documents)} documents"),
        Ratio("tariff target accuracy (of matched claims)", right_target, tp),
    ]


def tariff_fits(gold: list, claim: tuple) -> bool:
    return same_rate(gold[1], claim[2]) and product_fits(gold[0], claim[0], claim[1])


# -- percentages, persons, rounds --------------------------------------------------------------


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def rows_of(tables: dict[str, pd.DataFrame], name: str) -> dict[str, list[dict]]:
    """The rows of a table grouped by their document's source."""
    frame = tables.get(name)
    if frame is None or frame.empty:
        return {}
    joined = frame.merge(tables["documents"][["doc_id", "source"]], on="doc_id")
    grouped: dict[str, list[dict]] = {}
    for row in joined.to_dict("records"):
        grouped.setdefault(row["source"], []).append(row)
    return grouped


def percent_score(documents: list[GoldDocument], tables: dict[str, pd.DataFrame]) -> Score:
    quantities = rows_of(tables, "quantities")
    tp = fp = fn = 0
    for document in documents:
        rows = [q for q in document.predicted(quantities) if q["unit"] in PERCENT_UNITS]
        gold = [(document.place(snippet, occ), value) for snippet, occ, value in document.gold["percents"]]
        edges = [
            [j for j, q in enumerate(rows) if spot and overlaps(spot, (q["start"], q["end"])) and same_rate(value, q["value"])]
            for spot, value in gold
        ]
        matched = len(best_matching(edges))
        tp, fp, fn = tp + matched, fp + len(rows) - matched, fn + len(gold) - matched
    return Score("percentages (span, value)", tp, fp, fn, "percent and percentage-point rows")


def person_score(documents: list[GoldDocument], tables: dict[str, pd.DataFrame]) -> Score:
    sources = {d.source for d in documents}
    found = {
        (source, person_key(name))
        for source, kind, name, _ in _found_per_document(tables, sources)
        if kind == "PERSON"
    } if "mentions" in tables and "entities" in tables else set()
    gold, optional = set(), set()
    for document in documents:
        gold |= {(document.source, person_key(n)) for n in document.gold["persons"]}
        optional |= {(document.source, person_key(n)) for n in document.gold["persons_optional"]}
    predicted = found - (optional - gold)
    tp = len(predicted & gold)
    return Score("persons (doc, canonical name)", tp, len(predicted) - tp, len(gold) - tp)


def round_score(documents: list[GoldDocument], tables: dict[str, pd.DataFrame]) -> Score:
    rounds = rows_of(tables, "rounds")
    tp = fp = fn = 0
    for document in documents:
        predicted = {int(r["round_number"]) for r in document.predicted(rounds)}
        gold = set(document.gold["rounds"])
        predicted -= set(document.gold["rounds_optional"]) - gold
        tp, fp, fn = tp + len(predicted & gold), fp + len(predicted - gold), fn + len(gold - predicted)
    return Score("rounds (doc, number)", tp, fp, fn)


# -- dates -------------------------------------------------------------------------------------


def _day(value) -> date | None:
    if value is None or (not isinstance(value, (str, date)) and pd.isna(value)):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def interval_right(gold: dict, row: dict) -> bool:
    """The predicted interval is the gold one, each end within the gold's `tol` days."""
    start, end = _day(row["date_start"]), _day(row["date_end"])
    if start is None or end is None:
        return False
    tolerance = gold.get("tol", 0)
    return (
        abs((start - date.fromisoformat(gold["start"])).days) <= tolerance
        and abs((end - date.fromisoformat(gold["end"])).days) <= tolerance
    )


def ignored_date(document: GoldDocument, row: dict) -> bool:
    """An unmatched prediction that is neither rewarded nor penalised: an optional expression, or a
    date without a year in a document whose publication date is unknown."""
    spot = (row["start"], row["end"])
    if any(overlaps(spot, place) for s in document.gold["dates_optional"] for place in document.places(s)):
        return True
    return document.gold.get("published") is None and not YEAR.search(row["text"])


def date_scores(documents: list[GoldDocument], tables: dict[str, pd.DataFrame]) -> list[Score | Ratio]:
    dates = rows_of(tables, "dates")
    tp = fp = fn = right = 0
    for document in documents:
        rows = document.predicted(dates)
        gold = [(document.place(g["s"], g["occ"]), g) for g in document.gold["dates"]]
        edges = [
            [j for j, r in enumerate(rows) if spot and overlaps(spot, (r["start"], r["end"]))] for spot, _ in gold
        ]
        preferred = [[j for j in edges[i] if interval_right(gold[i][1], rows[j])] for i in range(len(gold))]
        matched = best_matching(edges, preferred)
        used = set(matched.values())
        tp += len(matched)
        fn += len(gold) - len(matched)
        fp += sum(1 for j, row in enumerate(rows) if j not in used and not ignored_date(document, row))
        right += sum(1 for i, j in matched.items() if interval_right(gold[i][1], rows[j]))
    return [
        Score("dates (overlapping span)", tp, fp, fn, f"normalisation accuracy={right / tp if tp else 0:.3f}"),
        Ratio("dates normalisation accuracy (of matched)", right, tp),
    ]
