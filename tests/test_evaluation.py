"""`make eval`: the quality gate, the one-to-one matching, per-set gold, and the challenge scorer on a
tiny hand-made page with its gold and tables (the real challenge set is only checked for being
readable by the scorer, from ../shared at run time)."""

import json
from itertools import permutations
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.evaluation import challenge
from pipeline.evaluation.challenge_facts import FactValue, conflicts_found, distinct_merged
from pipeline.evaluation.common import best_matching, gold_subset
from pipeline.evaluation.gate import check, floors_from, raised
from pipeline.evaluation.names import person_key, product_fits

SHARED_CHALLENGE = Path(__file__).resolve().parents[1].parent / "shared" / "challenge"


# -- the gate ----------------------------------------------------------------------------------


def test_a_figure_below_its_floor_fails_and_names_the_floor():
    verdicts = check({"corpus: dates": 0.80}, {"corpus: dates": {"min": 0.85}}, {"corpus"})
    assert [(v.name, v.failed) for v in verdicts] == [("corpus: dates", True)]
    assert "0.800 < floor 0.850" in verdicts[0].message


def test_a_figure_at_or_above_its_floor_passes():
    floors = {"corpus: dates": {"min": 0.85}, "corpus: persons": {"min": 0.9}}
    verdicts = check({"corpus: dates": 0.85, "corpus: persons": 0.99}, floors, {"corpus"})
    assert not any(v.failed for v in verdicts)


def test_a_lower_is_better_figure_fails_above_its_ceiling():
    floors = {"challenge: clutter chars kept": {"max": 0.10}}
    assert check({"challenge: clutter chars kept": 0.12}, floors, {"challenge"})[0].failed
    assert not check({"challenge: clutter chars kept": 0.08}, floors, {"challenge"})[0].failed


def test_a_floor_of_a_set_not_run_is_skipped_but_a_missing_measure_of_a_run_set_fails():
    floors = {"challenge: rounds": {"min": 0.5}, "corpus: renamed measure": {"min": 0.5}}
    verdicts = {v.name: v for v in check({}, floors, {"corpus"})}
    assert not verdicts["challenge: rounds"].failed and verdicts["challenge: rounds"].message.startswith("skipped")
    assert verdicts["corpus: renamed measure"].failed


def test_floors_sit_just_below_todays_figures_and_are_never_lowered():
    floors = floors_from({"s: f1": 0.9, "s: clutter": 0.2}, lower_is_better={"s: clutter"})
    assert floors == {"s: f1": {"min": 0.895}, "s: clutter": {"max": 0.205}}
    worse = floors_from({"s: f1": 0.7, "s: clutter": 0.4}, lower_is_better={"s: clutter"})
    assert raised(floors, worse) == floors
    better = floors_from({"s: f1": 0.95, "s: clutter": 0.1}, lower_is_better={"s: clutter"})
    assert raised(floors, better) == better


# -- matching and per-set gold -----------------------------------------------------------------


def brute_force_maximum(edges: list[list[int]], n_right: int) -> int:
    best = 0
    for order in permutations(range(max(n_right, len(edges))), len(edges)):
        best = max(best, sum(1 for left, right in enumerate(order) if right in edges[left]))
    return best


@given(st.lists(st.lists(st.integers(0, 3), max_size=4, unique=True), max_size=4))
def test_matching_is_maximum_and_one_to_one(edges):
    matched = best_matching(edges)
    assert len(set(matched.values())) == len(matched)
    assert all(right in edges[left] for left, right in matched.items())
    assert len(matched) == brute_force_maximum(edges, 4)


def test_matching_prefers_the_preferred_pairs_when_the_size_allows():
    # gold 0 fits claims 0 and 1, only claim 1 has the right target
    assert best_matching([[0, 1]], preferred=[[1]]) == {0: 1}
    assert best_matching([[0, 1], [1]], preferred=[[1], []]) == {0: 0, 1: 1}


def test_gold_subset_keeps_the_rows_and_fact_support_of_one_set(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "rounds.jsonl").write_text('// note\n{"source": "a.txt", "round_number": 1}\n{"source": "b.txt", "round_number": 2}\n')
    (gold / "facts.jsonl").write_text(
        '{"documents": ["a.txt", "b.txt"]}\n'
        '{"claim_type": "tariff_rate", "rate": 10, "sources": ["a.txt", "b.txt"]}\n'
        '{"claim_type": "tariff_rate", "rate": 20, "sources": ["b.txt"]}\n'
    )
    subset = gold_subset(gold, {"a.txt"}, tmp_path / "a")
    rounds = [json.loads(line) for line in (subset / "rounds.jsonl").read_text().splitlines()]
    facts = [json.loads(line) for line in (subset / "facts.jsonl").read_text().splitlines()]
    assert rounds == [{"source": "a.txt", "round_number": 1}]
    assert facts == [{"documents": ["a.txt"]}, {"claim_type": "tariff_rate", "rate": 10, "sources": ["a.txt"]}]


# -- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sector", "product", "category", "fits"),
    [
        ("autos", "automobiles", None, True),
        ("auto_parts", "auto parts", None, True),
        ("steel", "aluminum", None, False),
        ("general", None, None, True),
        ("general", "steel", None, False),
        ("re:whisk|spirit", "Scotch whisky", None, True),
        ("re:whisk|spirit", "gin", "spirits", True),
        ("re:electric|EV", "beverages", None, False),
        ("re:wood|goods", None, None, True),
        ("re:cheese", None, None, False),
    ],
)
def test_products_compare_loosely_with_gold_sectors(sector, product, category, fits):
    assert product_fits(sector, product, category) is fits


def test_person_names_compare_up_to_case_accents_and_hyphens():
    assert person_key("Yoon Suk-yeol") == person_key("yoon suk yeol")
    assert person_key("Recep Tayyip Erdoğan") == person_key("Recep Tayyip Erdogan")
    assert person_key("Mark Carney") != person_key("Pat Carney")


# -- the challenge scorer on a hand-made page --------------------------------------------------

PAGE = (
    "Harbour Daily | Markets | Sign in\n"
    "Norway doubles duty on Chilean cheese to 40%\n"
    "By Ann Other\n"
    "Norway raised its tariff on cheese from Chile to 40% on Monday, minister Karl Brandt said.\n"
    "RELATED: Chile's exports grew 12% last year\n"
    "Brandt said the 10% duty on wine stays.\n"
    "(c) 2024 Harbour Daily\n"
)
HEADLINE = "Cheese duty doubled\n\n"
TEXT = HEADLINE + PAGE
GOLD = {
    "docs": {
        "001": {
            "published": "2024-05-14",
            "boilerplate": [["Harbour Daily", "Sign in"], ["RELATED:", "last year"], ["(c) 2024", None]],
            "persons": ["Karl Brandt"],
            "persons_optional": ["Ann Other"],
            "percents": [["40%", 0, 40.0], ["40%", 1, 40.0], ["10%", 0, 10.0]],
            "dates": [{"s": "Monday", "occ": 0, "start": "2024-05-13", "end": "2024-05-13"}],
            "dates_optional": [],
            "tariffs": [["re:chees", 40, ["CHL"]], ["re:wine", 10, ["ALL"]]],
            "tariffs_optional": [],
            "rounds": [],
            "rounds_optional": [],
        }
    },
    "facts": {
        "tariffs": [
            {"sector": "re:chees", "rate": 40, "target": "CHL", "imposer": "NOR", "min_docs": 1, "docs": ["001"]},
            {"sector": "re:wine", "rate": 10, "target": "ALL", "imposer": "NOR", "min_docs": 1, "docs": ["001"]},
        ],
        "rounds": [],
        "persons": [{"name": "Karl Brandt", "min_docs": 1}],
        "distinct": [],
        "conflicts": [],
    },
}


def line_span(line_start: str) -> dict:
    start = TEXT.index(line_start)
    return {"start": start, "end": TEXT.index("\n", start) + 1}


def spot(snippet: str, occ: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occ + 1):
        start = TEXT.index(snippet, start + 1)
    return start, start + len(snippet)


def hand_made_tables() -> dict[str, pd.DataFrame]:
    """A run that keeps the headline and the RELATED line as body and loses the last article line."""
    body = [line_span("Cheese"), line_span("Norway doubles"), line_span("By Ann"), line_span("Norway raised"), line_span("RELATED")]
    quantities = [(*spot("40%", 0), 40.0), (*spot("40%", 1), 40.0), (*spot("12%"), 12.0)]
    return {
        "documents": pd.DataFrame([{"doc_id": "d1", "source": "001.txt", "text": TEXT, "body_spans": body}]),
        "quantities": pd.DataFrame(
            [{"doc_id": "d1", "start": s, "end": e, "value": v, "unit": "percent"} for s, e, v in quantities]
        ),
        "dates": pd.DataFrame(
            [
                {"doc_id": "d1", "start": spot("Monday")[0], "end": spot("Monday")[1], "text": "Monday",
                 "date_start": "2024-05-13", "date_end": "2024-05-13"},
                {"doc_id": "d1", "start": spot("last year")[0], "end": spot("last year")[1], "text": "last year",
                 "date_start": "2023-01-01", "date_end": "2023-12-31"},
            ]
        ),
        "mentions": pd.DataFrame([{"doc_id": "d1", "entity_id": "person:karl-brandt"}, {"doc_id": "d1", "entity_id": "person:ann-other"}]),
        "entities": pd.DataFrame(
            [
                {"entity_id": "person:karl-brandt", "name": "Karl Brandt", "type": "PERSON", "country": None, "n_documents": 1},
                {"entity_id": "person:ann-other", "name": "Ann Other", "type": "PERSON", "country": None, "n_documents": 1},
            ]
        ),
        "claims": pd.DataFrame(
            [
                {"doc_id": "d1", "claim_type": "tariff_rate", "product": p, "rate": r, "target": t}
                for p, r, t in (("cheese", 40.0, "CHL"), ("cheese", 40.0, "CHL"), ("wine", 10.0, "CHL"), (None, 12.0, "ALL"))
            ]
        ),
        "rounds": pd.DataFrame(columns=["doc_id", "round_number"]),
        "facts": pd.DataFrame(
            [
                {"claim_type": "tariff_rate", "imposer": "NOR", "target": "CHL", "product": "cheese", "rate": 40.0,
                 "round_number": None, "doc_ids": ["d1"], "status": "single_source", "alternatives": []},
                {"claim_type": "tariff_rate", "imposer": "NOR", "target": "CHL", "product": "wine", "rate": 10.0,
                 "round_number": None, "doc_ids": ["d1"], "status": "single_source", "alternatives": []},
            ]
        ),
    }


def nonblank(text: str) -> int:
    return sum(not c.isspace() for c in text)


def challenge_figures(tmp_path: Path, tables: dict[str, pd.DataFrame]) -> dict:
    folder = tmp_path / "challenge"
    folder.mkdir()
    (folder / "001.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "challenge.gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    scores = challenge.score(tables, folder, tmp_path / "challenge.gold.json")
    return {score.stage: score for score in scores}


@pytest.fixture
def figures(tmp_path):
    return challenge_figures(tmp_path, hand_made_tables())


def test_body_counts_the_prepended_headline_as_article_and_the_related_line_as_clutter_kept(figures):
    lost = "Brandt said the 10% duty on wine stays."
    article = [HEADLINE, "Norway doubles duty on Chilean cheese to 40%", "By Ann Other",
               "Norway raised its tariff on cheese from Chile to 40% on Monday, minister Karl Brandt said.", lost]
    clutter = ["Harbour Daily | Markets | Sign in", "RELATED: Chile's exports grew 12% last year", "(c) 2024 Harbour Daily"]
    body = figures["body chars kept (headline included)"]
    assert (body.part, body.whole) == (sum(map(nonblank, article)) - nonblank(lost), sum(map(nonblank, article)))
    kept = figures["clutter chars kept"]
    assert (kept.part, kept.whole) == (nonblank(clutter[1]), sum(map(nonblank, clutter)))


def test_tariff_claims_match_on_product_and_rate_and_score_the_target_apart(figures):
    claims = figures["tariff claims (product, rate)"]
    assert (claims.tp, claims.fp, claims.fn) == (2, 1, 0)  # the duplicate cheese claim counts once
    target = figures["tariff target accuracy (of matched claims)"]
    assert (target.part, target.whole) == (1, 2)


def test_percentages_dates_and_persons_are_matched_by_place_and_optional_people_are_ignored(figures):
    percents = figures["percentages (span, value)"]
    assert (percents.tp, percents.fp, percents.fn) == (2, 1, 1)
    dates = figures["dates (overlapping span)"]
    assert (dates.tp, dates.fp, dates.fn) == (1, 1, 0)
    assert figures["dates normalisation accuracy (of matched)"].value == 1.0
    persons = figures["persons (doc, canonical name)"]
    assert (persons.tp, persons.fp, persons.fn) == (1, 0, 0)


def test_a_fact_is_recalled_only_with_the_gold_target(figures):
    recalled = figures["facts: tariffs recalled (imposer, target, product, rate, min docs)"]
    assert (recalled.part, recalled.whole) == (1, 2)


def test_a_page_whose_text_the_run_does_not_hold_is_scored_as_nothing_found(tmp_path):
    tables = hand_made_tables()
    tables["documents"].loc[0, "text"] = "A different page altogether."
    figures = challenge_figures(tmp_path, tables)
    assert figures["body chars kept (headline included)"].part == 0
    assert "001" in figures["body chars kept (headline included)"].extra
    claims = figures["tariff claims (product, rate)"]
    assert (claims.tp, claims.fp, claims.fn) == (0, 0, 2)


def value(fact: int, rate: str, keys: set[str], imposer: str = "USA", conflict: bool = False) -> FactValue:
    return FactValue(fact, "tariff_rate", imposer, "CHN", None, None, rate, frozenset(keys), conflict)


def test_a_planted_conflict_is_found_only_when_one_fact_holds_both_values_from_their_documents():
    planted = [{"values": [100, 102.5], "docs": {"100": ["001", "003"], "102.5": ["002"]}}]
    documents = {"001": {}, "002": {}, "003": {}}
    together = [value(0, "100", {"001"}, conflict=True), value(0, "102.5", {"002"}, conflict=True)]
    apart = [value(0, "100", {"001"}), value(1, "102.5", {"002"})]
    assert conflicts_found(planted, documents, together).value == 1.0
    assert conflicts_found(planted, documents, apart).value == 0.0


def test_two_distinct_measures_count_as_merged_when_one_fact_carries_documents_only_each_has():
    facts = {"tariffs": [], "rounds": [], "distinct": [["US 25% on cars (001-002)", "US 25% on steel (003)"]]}
    merged = [value(0, "25", {"001", "003"})]
    separate = [value(0, "25", {"001", "002"}), value(1, "25", {"003"})]
    assert distinct_merged(facts, merged).part == 1
    assert distinct_merged(facts, separate).part == 0


# -- the real challenge gold, read in place ----------------------------------------------------


@pytest.mark.skipif(not SHARED_CHALLENGE.is_dir(), reason="../shared/challenge not present")
def test_every_gold_snippet_of_the_challenge_set_is_found_in_its_page():
    gold = json.loads((SHARED_CHALLENGE.parent / "challenge.gold.json").read_text(encoding="utf-8"))
    tables = {"documents": pd.DataFrame(columns=["source", "text", "body_spans"])}
    for document in challenge.gold_documents(tables, SHARED_CHALLENGE, gold):
        assert len(challenge.boilerplate_ranges(document)) == len(document.gold["boilerplate"]), document.key
        assert all(document.place(s, occ) for s, occ, _ in document.gold["percents"]), document.key
        assert all(document.place(d["s"], d["occ"]) for d in document.gold["dates"]), document.key
