"""The whole pipeline over seeds/: issue 7's reconciled facts, and every row traceable to body text."""

from datetime import date
from pathlib import Path

import pytest

from pipeline.run import extract_documents

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SPANNED_TABLES = ("claims", "mentions", "dates", "quantities", "rounds")


@pytest.fixture(scope="module")
def tables():
    return extract_documents([SEEDS]).tables


def tariff_facts(tables, **where):
    return [
        f
        for f in tables["facts"]
        if f["claim_type"] == "tariff_rate" and all(f.get(k) == v for k, v in where.items())
    ]


def round_fact(tables, number):
    [fact] = [
        f
        for f in tables["facts"]
        if f["claim_type"] == "negotiation_round" and f["round_number"] == number and f["parties"] == ["JPN", "USA"]
    ]
    return fact


def iso_week(day: date) -> tuple[int, int]:
    return day.isocalendar()[:2]


def test_japan_24_percent_is_one_fact_from_three_documents(tables):
    [fact] = tariff_facts(tables, imposer="USA", target="JPN", product=None, rate=24.0)
    assert fact["n_documents"] == 3 and fact["status"] == "agreed"


def test_25_percent_on_automobiles_is_one_fact_for_all_partners_from_four_documents(tables):
    [fact] = tariff_facts(tables, product="automobiles", rate=25.0)
    assert (fact["imposer"], fact["target"], fact["n_documents"]) == ("USA", "ALL", 4)


def test_10_percent_baseline_is_one_fact_from_four_documents(tables):
    [fact] = tariff_facts(tables, imposer="USA", target="ALL", product=None, rate=10.0)
    assert fact["n_documents"] == 4 and fact["measure"] == "baseline"


def test_rounds_three_to_six_are_one_fact_each_in_the_right_week(tables):
    assert (round_fact(tables, 4)["date_start"], round_fact(tables, 4)["date_end"]) == (date(2025, 5, 30),) * 2
    for number, week in ((3, (2025, 21)), (6, (2025, 24))):
        fact = round_fact(tables, number)
        assert iso_week(fact["date_start"]) == iso_week(fact["date_end"]) == week, number


def test_round_five_is_last_week_of_a_held_report_cut_by_the_report_that_it_is_still_planned(tables):
    fact = round_fact(tables, 5)
    assert (fact["date_start"], fact["date_end"]) == (date(2025, 6, 5), date(2025, 6, 8))
    assert fact["n_documents"] == 2


def test_every_claim_quotes_the_document_text_inside_a_body_span(tables):
    documents = {d["doc_id"]: d for d in tables["documents"]}
    assert tables["claims"]
    for claim in tables["claims"]:
        text = documents[claim["doc_id"]]["text"]
        assert claim["text"] == text[claim["start"] : claim["end"]]


def test_no_row_comes_from_outside_the_body(tables):
    spans = {d["doc_id"]: d["body_spans"] for d in tables["documents"]}
    for name in SPANNED_TABLES:
        assert tables[name], name
        for row in tables[name]:
            inside = any(s["start"] <= row["start"] and row["end"] <= s["end"] for s in spans[row["doc_id"]])
            assert inside, (name, row.get("text"))
