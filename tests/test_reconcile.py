"""Reconciling claims across articles into facts: keying, merging, sequences, conflicts, support, confidence."""

import random
from collections import Counter
from datetime import date, timedelta

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.reconcile import reconcile_facts, summary_lines
from pipeline.schemas import FACTS

_counter = iter(range(10**9))


def document(doc_id, outlet, published, body=None, url=None):
    text = body if body is not None else f"Body of article {doc_id}, a story of its own."
    return {
        "doc_id": doc_id,
        "source": f"{doc_id}.txt",
        "title": None,
        "outlet": outlet,
        "published_date": published,
        "text": text,
        "body_spans": [{"start": 0, "end": len(text)}],
        "url": url,
    }


def claim(doc_id, text, **attributes):
    row = {
        "doc_id": doc_id,
        "claim_id": f"{doc_id}:c{next(_counter)}",
        "start": 0,
        "end": len(text),
        "text": text,
        "claim_type": "tariff_rate",
        "imposer": None,
        "target": None,
        "product": None,
        "measure": None,
        "rate": None,
        "previous_rate": None,
        "status": "unknown",
        "effective_date": None,
        "round_number": None,
        "date_start": None,
        "date_end": None,
        "parties": [],
        "participants": [],
        "hedged": False,
        "attributed_to": None,
    }
    row.update(attributes)
    return row


def tariff(doc_id, text, rate, **attributes):
    return claim(doc_id, text, rate=float(rate), **{"imposer": "USA", "target": "JPN", **attributes})


def round_(doc_id, text, number, start=None, end=None, parties=("JPN", "USA"), status="held"):
    return claim(
        doc_id,
        text,
        claim_type="negotiation_round",
        round_number=number,
        date_start=start,
        date_end=end if end is not None else start,
        parties=list(parties),
        status=status,
    )


DOCS = [
    document("d1", "Devdiscourse", date(2025, 6, 5)),
    document("d2", "Pacific Trade Wire", date(2025, 5, 23)),
    document("d3", "Kanto Business Journal", date(2025, 5, 24)),
    document("d4", "Global Tariff Monitor", date(2025, 6, 14)),
    document("d5", "Mekong Commerce Bulletin", date(2025, 7, 3)),
    document("d6", "Meridian Markets Review", date(2025, 8, 1)),
]


def only(facts, **where):
    matches = [f for f in facts if all(f.get(k) == v for k, v in where.items())]
    assert len(matches) == 1, matches
    return matches[0]


# Merging the same fact told in different words


def test_japan_24_percent_from_three_articles_is_one_fact():
    claims = [
        tariff("d1", "Despite the 24% tariffs imposed by President Donald Trump, which are presently on hold, "
               "a universal 10% tariff remains in effect.", 24, measure="reciprocal", status="suspended"),
        tariff("d2", "Japan's tariff is set to rise to 24% starting in July, unless it can reach a deal.",
               24, status="planned"),
        tariff("d3", "Japan faces an additional country-specific tariff of 14 percent for a total rate of 24 percent.",
               24, measure="reciprocal"),
    ]
    facts = reconcile_facts(claims, DOCS)
    fact = only(facts, rate=24.0)
    assert len(facts) == 1
    assert (fact["imposer"], fact["target"], fact["measure"]) == ("USA", "JPN", "reciprocal")
    assert fact["n_documents"] == 3 and fact["n_outlets"] == 3
    assert fact["doc_ids"] == ["d1", "d2", "d3"]
    assert fact["status"] == "agreed"
    assert fact["alternatives"] == []


def test_car_tariff_told_as_extra_or_sectoral_and_without_target_is_one_fact():
    claims = [
        tariff("d1", "Japan wants changes regarding the 25% tariffs on Japanese car imports.", 25,
               product="automobiles"),
        tariff("d2", "Japan has also been affected by Trump's extra 25 percent tariff on automobiles.", 25,
               product="automobiles", measure="country-specific"),
        tariff("d3", "The Section 232 levy of 25% on cars remains in place.", 25, product="automobiles",
               measure="sectoral", status="in_effect"),
        tariff("d4", "Lawmakers see no benefit in a deal unless the 25% tariff on car imports is removed.", 25,
               imposer=None, target=None, product="automobiles"),
    ]
    facts = reconcile_facts(claims, DOCS)
    assert len(facts) == 1
    assert facts[0]["n_documents"] == 4 and facts[0]["product"] == "automobiles"
    assert facts[0]["measure"] == "sectoral"


def test_claim_without_imposer_joins_only_a_fact_with_the_same_rate():
    claims = [
        tariff("d1", "The U.S. imposed a 25% levy on imported cars.", 25, product="automobiles"),
        tariff("d2", "Cars from Japan pay 27.5% now.", 27.5, imposer=None, product="automobiles"),
    ]
    facts = reconcile_facts(claims, DOCS)
    assert sorted((f["rate"], f["imposer"], f["status"]) for f in facts) == [
        (25.0, "USA", "single_source"),
        (27.5, None, "single_source"),
    ]


def test_product_and_all_goods_are_different_keys():
    claims = [
        tariff("d1", "Japanese cars face a 25% tariff.", 25, product="automobiles"),
        tariff("d2", "Japan faces a 25% tariff on all its goods.", 25),
    ]
    assert len(reconcile_facts(claims, DOCS)) == 2


def test_all_partners_is_a_key_of_its_own():
    claims = [
        tariff("d1", "A universal 10% tariff remains in effect.", 10, target="ALL", measure="baseline"),
        tariff("d2", "Nearly every nation has been hit with a baseline duty of 10 percent.", 10, target="ALL",
               measure="baseline"),
        tariff("d3", "Japan pays 10% on most goods.", 10, measure="baseline"),
    ]
    facts = reconcile_facts(claims, DOCS)
    assert sorted((f["target"], f["n_documents"]) for f in facts) == [("ALL", 2), ("JPN", 1)]


# Conflicts, sequences, things that can both be true


def test_two_articles_disagreeing_on_a_rate_give_one_conflict_with_both_values():
    claims = [
        tariff("d5", "Goods transshipped through Vietnam will face a 40% tariff.", 40, target="VNM",
               measure="transshipment", status="planned"),
        tariff("d6", "Transshipped goods from Vietnam face 45%, the White House said.", 45, target="VNM",
               measure="transshipment", status="planned"),
    ]
    facts = reconcile_facts(claims, DOCS)
    assert len(facts) == 1
    fact = facts[0]
    assert fact["status"] == "conflict"
    assert fact["rate"] is None  # a one-to-one disagreement: no source's value is picked
    assert fact["alternatives"] == [
        {"value": "40%", "n_documents": 1, "doc_ids": ["d5"]},
        {"value": "45%", "n_documents": 1, "doc_ids": ["d6"]},
    ]
    assert fact["doc_ids"] == ["d5", "d6"]
    assert fact["confidence"] <= 0.5


def test_conflict_keeps_the_better_supported_rate_and_lists_the_other():
    claims = [
        tariff("d4", "Transshipped goods face 40%.", 40, target="VNM", measure="transshipment"),
        tariff("d5", "Goods routed through Vietnam face 40%.", 40, target="VNM", measure="transshipment"),
        tariff("d6", "Transshipped goods from Vietnam face 45%.", 45, target="VNM", measure="transshipment"),
    ]
    fact = only(reconcile_facts(claims, DOCS))
    assert fact["status"] == "conflict" and fact["rate"] == 40.0
    assert [(a["value"], a["doc_ids"]) for a in fact["alternatives"]] == [("40%", ["d4", "d5"]), ("45%", ["d6"])]


def test_rate_raised_from_25_to_50_is_two_facts_and_the_change_also_supports_25():
    claims = [
        tariff("d2", "Steel has faced a 25% tariff since 2018.", 25, target="ALL", product="steel", status="in_effect"),
        tariff("d4", "The U.S. raised duties on steel from 25% to 50%.", 50, target="ALL", product="steel",
               previous_rate=25.0, status="in_effect"),
        tariff("d1", "Steel tariffs doubled to 50% this week.", 50, target="ALL", product="steel",
               status="in_effect"),
    ]
    facts = reconcile_facts(claims, DOCS)
    assert sorted((f["rate"], f["status"], f["n_documents"], f["doc_ids"]) for f in facts) == [
        (25.0, "agreed", 2, ["d2", "d4"]),
        (50.0, "agreed", 2, ["d1", "d4"]),
    ]


def test_suspended_rate_and_rate_in_effect_coexist():
    claims = [
        tariff("d1", "The 24% tariff on Japan is on hold.", 24, status="suspended"),
        tariff("d2", "Japan pays 10% for now.", 10, status="in_effect"),
    ]
    facts = reconcile_facts(claims, DOCS)
    assert {f["status"] for f in facts} == {"single_source"}
    assert sorted(f["claim_status"] for f in facts) == ["in_effect", "suspended"]


def test_planned_rate_does_not_contradict_the_rate_in_effect():
    claims = [
        tariff("d5", "Korean goods face 25% now.", 25, target="KOR", status="in_effect"),
        tariff("d6", "The rate on Korean goods will be cut to 15% under the deal.", 15, target="KOR",
               status="planned"),
    ]
    assert [f["status"] for f in reconcile_facts(claims, DOCS)] == ["single_source", "single_source"]


def test_rates_with_different_effective_dates_are_a_sequence():
    claims = [
        tariff("d4", "The tariff was 10% from April 9.", 10, target="CHN", effective_date=date(2025, 4, 9)),
        tariff("d5", "The tariff stood at 30% from May 14.", 30, target="CHN", effective_date=date(2025, 5, 14)),
    ]
    facts = reconcile_facts(claims, DOCS)
    assert [f["rate"] for f in facts] == [10.0, 30.0]
    assert "conflict" not in {f["status"] for f in facts}


# Independent sources


def test_same_article_under_two_sources_counts_one_outlet():
    body = "GENEVA, May 12 - The United States will cut its tariff on Chinese goods to 30% from 145%."
    docs = [
        document("w1", "Pacific Trade Wire", date(2025, 5, 12), body=body),
        document("w2", "Lakeside Courier Online", date(2025, 5, 13), body=body),
    ]
    claims = [
        tariff("w1", body, 30, target="CHN", previous_rate=145.0, status="planned"),
        tariff("w2", body, 30, target="CHN", previous_rate=145.0, status="planned"),
    ]
    fact = only(reconcile_facts(claims, docs))
    assert fact["n_documents"] == 2 and fact["n_outlets"] == 1
    assert fact["outlets"] == ["Lakeside Courier Online", "Pacific Trade Wire"]
    assert fact["status"] == "single_source"


def test_same_sentence_in_differently_cluttered_pages_is_one_source():
    sentence = "China will lower its retaliatory duties on U.S. goods to 10% from 125%."
    docs = [
        document("w1", "Pacific Trade Wire", date(2025, 5, 12), body=sentence + " Trending: five recipes."),
        document("w2", None, date(2025, 5, 13), body=sentence + " Comments: 12", url="https://www.lakeside.example/a"),
    ]
    claims = [
        tariff(d, sentence, 10, imposer="CHN", target="USA", measure="retaliatory") for d in ("w1", "w2")
    ]
    fact = only(reconcile_facts(claims, docs))
    assert fact["n_outlets"] == 1
    assert fact["outlets"] == ["Pacific Trade Wire", "lakeside.example"]


def test_two_stories_of_one_outlet_are_one_source():
    docs = [document("p1", "Pacific Trade Wire", date(2025, 5, 12)), document("p2", "Pacific Trade Wire", date(2025, 5, 23))]
    claims = [
        tariff("p1", "The baseline duty is 10 percent.", 10, target="ALL", measure="baseline"),
        tariff("p2", "Nearly every nation faces a 10% baseline tariff.", 10, target="ALL", measure="baseline"),
    ]
    fact = only(reconcile_facts(claims, docs))
    assert (fact["n_documents"], fact["n_outlets"], fact["status"]) == (2, 1, "single_source")


def test_document_without_outlet_or_url_is_its_own_source():
    docs = [document("s1", None, date(2025, 6, 6)), document("s2", None, date(2025, 5, 26))]
    claims = [
        tariff("s1", "Cars pay a hefty 25% tax.", 25, product="automobiles"),
        tariff("s2", "Japan wants the 25% car tariff removed.", 25, product="automobiles"),
    ]
    fact = only(reconcile_facts(claims, docs))
    assert fact["n_outlets"] == 2 and fact["outlets"] == ["s1.txt", "s2.txt"]


# Negotiation rounds


def test_round_next_week_and_on_the_30th_narrow_to_the_30th():
    claims = [
        round_("d1", "Akazawa may travel to Washington next week for the fourth round.", 4,
               date(2025, 5, 26), date(2025, 6, 1), status="planned"),
        round_("d2", "The fourth round will commence on the 30th of this month.", 4, date(2025, 5, 30),
               status="planned"),
    ]
    fact = only(reconcile_facts(claims, DOCS))
    assert (fact["date_start"], fact["date_end"]) == (date(2025, 5, 30), date(2025, 5, 30))
    assert fact["status"] == "agreed" and fact["n_documents"] == 2


def test_round_dates_from_several_articles_give_the_tightest_interval():
    claims = [
        round_("d1", "The sixth round is planned for later this week.", 6, date(2025, 6, 10), date(2025, 6, 15)),
        round_("d2", "Talks took place in mid-June.", 6, date(2025, 6, 11), date(2025, 6, 20)),
        round_("d3", "The ministers met again before the G7 summit.", 6, date(2025, 6, 1), date(2025, 6, 14)),
        round_("d4", "The sixth round of talks was held.", 6),
    ]
    fact = only(reconcile_facts(claims, DOCS))
    assert (fact["date_start"], fact["date_end"]) == (date(2025, 6, 11), date(2025, 6, 14))
    assert fact["n_documents"] == 4 and fact["status"] == "agreed"


def test_round_dates_that_do_not_meet_are_a_conflict():
    claims = [
        round_("d2", "Akazawa held the third round on Friday, May 23.", 3, date(2025, 5, 23)),
        round_("d4", "The third round was on May 23 in Washington.", 3, date(2025, 5, 23)),
        round_("d3", "Akazawa ended the 3rd round of talks on May 24.", 3, date(2025, 5, 24)),
        round_("d1", "He may travel next week for a third round.", 3, date(2025, 5, 19), date(2025, 5, 25),
               status="planned"),
    ]
    fact = only(reconcile_facts(claims, DOCS))
    assert fact["status"] == "conflict"
    assert fact["date_start"] == date(2025, 5, 23)  # two outlets against one
    assert fact["alternatives"] == [
        {"value": "2025-05-23", "n_documents": 2, "doc_ids": ["d2", "d4"]},
        {"value": "2025-05-24", "n_documents": 1, "doc_ids": ["d3"]},
    ]
    assert fact["doc_ids"] == ["d1", "d2", "d3", "d4"]  # "next week" fits both: support, not a vote


def test_round_claim_naming_one_party_joins_the_talks_it_belongs_to():
    claims = [
        round_("d1", "Japan's negotiator held a fifth round in Washington.", 5, parties=("JPN",)),
        round_("d2", "The fifth round of Japan-U.S. talks ended.", 5),
        round_("d3", "The third round of U.S.-China talks opened in Stockholm.", 3, parties=("CHN", "USA")),
    ]
    facts = reconcile_facts(claims, DOCS)
    assert sorted((f["round_number"], tuple(f["parties"]), f["n_documents"]) for f in facts) == [
        (3, ("CHN", "USA"), 1),
        (5, ("JPN", "USA"), 2),
    ]


def test_round_without_parties_stays_apart_when_two_talks_have_that_round():
    claims = [
        round_("d1", "India and the U.S. wrapped up round five.", 5, parties=("IND", "USA")),
        round_("d2", "The fifth round of Japan-U.S. talks ended.", 5),
        round_("d3", "A fifth round is due soon.", 5, parties=()),
    ]
    assert len(reconcile_facts(claims, DOCS)) == 3


# Confidence


def _fact_from(claims):
    return only(reconcile_facts(claims, DOCS))


def test_confidence_grows_with_independent_sources():
    one = _fact_from([tariff("d1", "Japan pays 24%.", 24)])
    three = _fact_from([tariff(d, f"Japan pays 24% ({d}).", 24) for d in ("d1", "d2", "d3")])
    assert 0 < one["confidence"] < three["confidence"] <= 1


def test_hedged_and_anonymously_sourced_claims_lower_confidence():
    plain = _fact_from([tariff("d1", "Japan pays 24%.", 24)])
    hedged = _fact_from([tariff("d1", "Japan may pay 24%.", 24, hedged=True)])
    anonymous = _fact_from([tariff("d1", "Japan pays 24%, a government source said.", 24,
                                   attributed_to="a government source")])
    named = _fact_from([tariff("d1", "Japan pays 24%, Nikkei reported.", 24, attributed_to="Nikkei")])
    assert hedged["confidence"] < plain["confidence"]
    assert anonymous["confidence"] < named["confidence"] == plain["confidence"]


def test_disagreement_lowers_confidence():
    agreed = _fact_from([tariff(d, f"Transshipped goods face 40% ({d}).", 40, target="VNM") for d in ("d4", "d5")])
    disputed = _fact_from(
        [tariff(d, f"Transshipped goods face 40% ({d}).", 40, target="VNM") for d in ("d4", "d5")]
        + [tariff("d6", "Transshipped goods face 45%.", 45, target="VNM")]
    )
    assert disputed["confidence"] < agreed["confidence"]


# Output shape and summary


def test_rows_follow_the_facts_schema():
    claims = [
        tariff("d5", "Transshipped goods face 40%.", 40, target="VNM", measure="transshipment"),
        tariff("d6", "Transshipped goods face 45%.", 45, target="VNM", measure="transshipment"),
        round_("d2", "The fourth round is on May 30.", 4, date(2025, 5, 30), status="planned"),
    ]
    facts = reconcile_facts(claims, DOCS)
    assert all(list(f) == FACTS.names or set(f) == set(FACTS.names) for f in facts)
    table = pa.Table.from_pylist(facts, schema=FACTS)
    assert table.num_rows == 2
    assert len({f["fact_id"] for f in facts}) == 2


def test_no_claims_no_facts():
    assert reconcile_facts([], DOCS) == []


def test_summary_counts_and_lists_conflicts():
    claims = [
        tariff("d5", "Transshipped goods face 40%.", 40, target="VNM", measure="transshipment"),
        tariff("d6", "Transshipped goods face 45%.", 45, target="VNM", measure="transshipment"),
        round_("d2", "The fourth round is on May 30.", 4, date(2025, 5, 30), status="planned"),
    ]
    tables = {"documents": DOCS, "claims": claims, "facts": reconcile_facts(claims, DOCS)}
    lines = summary_lines(tables)
    assert lines[0] == "documents: 6, claims: 3, facts: 2 (agreed 0, single source 1, conflicts 1)"
    assert any("round 4 JPN-USA: 2025-05-30, planned" in line for line in lines)
    assert any("tariff USA on VNM transshipment: 40% (1 docs) vs 45% (1 docs)" in line for line in lines)


# Properties


RATES = st.sampled_from([10.0, 15.0, 24.0, 25.0, 50.0])
STATUSES = st.sampled_from(["in_effect", "planned", "suspended", "unknown"])
TARGETS = st.sampled_from(["JPN", "CHN", "ALL", None])
PRODUCTS = st.sampled_from([None, "automobiles", "steel"])
DOC_IDS = st.sampled_from([d["doc_id"] for d in DOCS])


@st.composite
def tariff_claims(draw):
    return tariff(draw(DOC_IDS), f"claim {next(_counter)}", draw(RATES), target=draw(TARGETS),
                  product=draw(PRODUCTS), status=draw(STATUSES),
                  previous_rate=draw(st.one_of(st.none(), RATES)))


@st.composite
def round_claims(draw):
    start = date(2025, 5, 1) + timedelta(days=draw(st.integers(0, 40)))
    width = draw(st.integers(0, 7))
    dated = draw(st.booleans())
    return round_(draw(DOC_IDS), f"claim {next(_counter)}", draw(st.integers(3, 6)),
                  start if dated else None, start + timedelta(days=width) if dated else None,
                  parties=draw(st.sampled_from([("JPN", "USA"), ("JPN",), ("CHN", "USA")])))


CLAIM_LISTS = st.lists(st.one_of(tariff_claims(), round_claims()), max_size=14)


@settings(max_examples=80, deadline=None)
@given(CLAIM_LISTS)
def test_every_claim_lands_in_one_fact_and_a_change_also_in_the_fact_it_changed_from(claims):
    facts = reconcile_facts(claims, DOCS)
    placed = Counter(cid for f in facts for cid in f["claim_ids"])
    assert set(placed) == {c["claim_id"] for c in claims}
    for c in claims:
        assert placed[c["claim_id"]] == 1 or (c["previous_rate"] is not None and placed[c["claim_id"]] == 2)
    for fact in facts:
        assert 0 <= fact["confidence"] <= 1
        assert 1 <= fact["n_outlets"] <= fact["n_documents"]
        assert (fact["status"] == "conflict") == bool(fact["alternatives"])


@settings(max_examples=60, deadline=None)
@given(CLAIM_LISTS, st.randoms(use_true_random=False))
def test_order_of_claims_does_not_change_the_facts(claims, rng: random.Random):
    shuffled = list(claims)
    rng.shuffle(shuffled)
    assert reconcile_facts(shuffled, DOCS) == reconcile_facts(claims, DOCS)


@settings(max_examples=80, deadline=None)
@given(st.lists(round_claims(), max_size=10))
def test_a_round_date_fits_every_dated_claim_supporting_it(claims):
    by_id = {c["claim_id"]: c for c in claims}
    for fact in reconcile_facts(claims, DOCS):
        if fact["status"] == "conflict" or fact["date_start"] is None:
            continue
        for cid in fact["claim_ids"]:
            c = by_id[cid]
            if c["date_start"] is not None:
                assert c["date_start"] <= fact["date_start"] <= fact["date_end"] <= c["date_end"]


@pytest.mark.parametrize("n_copies", [2, 3])
def test_republished_copies_never_add_sources(n_copies):
    body = "The United States will cut its tariff on Chinese goods to 30% from 145%."
    docs = [document(f"r{i}", f"Outlet {i}", date(2025, 5, 12), body=body) for i in range(n_copies)]
    claims = [tariff(f"r{i}", body, 30, target="CHN") for i in range(n_copies)]
    fact = only(reconcile_facts(claims, docs))
    assert (fact["n_documents"], fact["n_outlets"]) == (n_copies, 1)


def test_one_article_giving_two_rates_for_a_key_is_not_a_conflict():
    claims = [
        tariff("d1", "Chinese goods face 25% on one list and 7.5% on another.", 25, target="CHN"),
        tariff("d1", "Chinese goods face 25% on one list and 7.5% on another.", 7.5, target="CHN"),
    ]
    assert [f["status"] for f in reconcile_facts(claims, DOCS)] == ["single_source", "single_source"]


def test_a_stray_rate_conflicts_with_the_current_rate_but_not_with_the_rate_it_replaced():
    claims = [
        tariff("d2", "Steel has faced a 25% tariff.", 25, target="ALL", product="steel"),
        tariff("d4", "Steel duties rose from 25% to 50%.", 50, target="ALL", product="steel", previous_rate=25.0),
        tariff("d1", "Steel duties are 50% now.", 50, target="ALL", product="steel"),
        tariff("d3", "Steel pays 10%.", 10, target="ALL", product="steel"),
    ]
    facts = reconcile_facts(claims, DOCS)
    conflict = only(facts, status="conflict")
    assert [a["value"] for a in conflict["alternatives"]] == ["10%", "50%"]
    assert conflict["rate"] == 50.0
    replaced = only(facts, rate=25.0)
    assert (replaced["status"], replaced["doc_ids"]) == ("agreed", ["d2", "d4"])


def test_same_rate_years_apart_is_two_facts():
    docs = DOCS + [document("old", "Continental Wire Service", date(2019, 2, 25))]
    claims = [
        tariff("old", "Chinese goods pay 25%.", 25, target="CHN"),
        tariff("d5", "Chinese goods pay 25% on that list.", 25, target="CHN"),
    ]
    assert len(reconcile_facts(claims, docs)) == 2


# One measure at two scopes: a product tariff on every partner and on one named partner


def test_car_tariff_on_all_partners_and_on_japanese_cars_at_the_same_rate_is_one_fact():
    claims = [
        tariff("d1", "Japan wants changes regarding the 25% tariffs on Japanese car imports.", 25,
               product="automobiles", measure="sectoral"),
        tariff("d2", "Existing tariffs include a hefty 25% tax on cars and parts.", 25, target="ALL",
               product="automobiles", measure="sectoral", status="in_effect"),
        tariff("d3", "Lawmakers see no benefit in a deal unless the 25% tariff on car imports is removed.", 25,
               target="ALL", product="automobiles", measure="sectoral", status="in_effect"),
        tariff("d4", "Japan has also been affected by Trump's extra 25 percent tariff on automobiles.", 25,
               product="automobiles", measure="sectoral", status="in_effect"),
    ]
    fact = only(reconcile_facts(claims, DOCS))
    assert (fact["target"], fact["product"], fact["rate"]) == ("ALL", "automobiles", 25.0)
    assert fact["doc_ids"] == ["d1", "d2", "d3", "d4"] and fact["status"] == "agreed"


def test_a_partner_kept_at_another_rate_is_an_exception_not_a_conflict():
    claims = [
        tariff("d2", "Duties of 50 per cent on steel took effect on Wednesday.", 50, target="ALL",
               product="steel", previous_rate=25.0, status="in_effect"),
        tariff("d2", "UK steel will continue to pay 25 per cent.", 25, target="GBR", product="steel",
               status="in_effect"),
        tariff("d3", "Steel imports from every country now face a 50% tariff.", 50, target="ALL",
               product="steel", status="in_effect"),
    ]
    facts = reconcile_facts(claims, DOCS)
    assert sorted((f["target"], f["rate"], f["status"]) for f in facts) == [
        ("ALL", 50.0, "agreed"),
        ("GBR", 25.0, "single_source"),
    ]


def test_a_partner_at_the_old_all_partner_rate_stays_apart_when_its_article_gives_the_new_rate():
    claims = [
        tariff("d1", "In February he restored the 25% steel tariff for all countries.", 25, target="ALL",
               product="steel", status="in_effect"),
        tariff("d2", "Steel duties were raised from 25 per cent to 50 per cent on Wednesday.", 50, target="ALL",
               product="steel", previous_rate=25.0, status="in_effect"),
        tariff("d2", "UK steel will continue to pay 25 per cent.", 25, target="GBR", product="steel",
               status="in_effect"),
    ]
    facts = reconcile_facts(claims, DOCS)
    assert only(facts, target="GBR")["doc_ids"] == ["d2"]
    assert only(facts, target="ALL", rate=25.0)["claim_ids"] == sorted(c["claim_id"] for c in claims[:2])
    assert all(f["status"] != "conflict" for f in facts)


def test_a_country_rate_without_product_does_not_join_the_baseline():
    claims = [
        tariff("d1", "A universal 10% tariff remains in effect.", 10, target="ALL", measure="baseline"),
        tariff("d2", "Japan's goods pay 10% for now.", 10, status="in_effect"),
    ]
    assert sorted(f["target"] for f in reconcile_facts(claims, DOCS)) == ["ALL", "JPN"]


# A change "from P" is evidence for P


def test_a_planned_hike_from_10_percent_supports_the_10_percent_baseline():
    claims = [
        tariff("d1", "A universal 10% tariff remains in effect.", 10, target="ALL", measure="baseline",
               status="in_effect"),
        tariff("d2", "Trump introduced a 10% tariff on all countries.", 10, target="ALL", measure="baseline",
               status="in_effect"),
        tariff("d3", "Plans for an overall tariff hike from 10% to nearly double that amount come July.", 20,
               target="ALL", measure="baseline", previous_rate=10.0, status="planned"),
    ]
    facts = reconcile_facts(claims, DOCS)
    baseline = only(facts, rate=10.0)
    assert (baseline["n_documents"], baseline["doc_ids"], baseline["status"]) == (3, ["d1", "d2", "d3"], "agreed")
    assert baseline["claim_status"] == "in_effect" and baseline["alternatives"] == []
    assert baseline["outlets"] == ["Devdiscourse", "Kanto Business Journal", "Pacific Trade Wire"]
    hike = only(facts, rate=20.0)
    assert (hike["doc_ids"], hike["claim_status"]) == (["d3"], "planned")


def test_a_change_from_a_rate_nobody_states_adds_no_fact():
    claims = [tariff("d1", "The tariff rose from 10% to 25%.", 25, previous_rate=10.0, status="in_effect")]
    assert [f["rate"] for f in reconcile_facts(claims, DOCS)] == [25.0]


# Round dates bounded by publication dates


def test_undated_round_planned_in_one_article_and_held_in_a_later_one_lies_between_their_dates():
    claims = [
        round_("d1", "The chief negotiator is en route to Washington for a fifth round of talks.", 5,
               status="planned"),
        round_("d4", "Following the fifth round of talks, the negotiator said talks were progressing.", 5,
               status="held"),
    ]
    fact = only(reconcile_facts(claims, DOCS))
    assert (fact["date_start"], fact["date_end"]) == (date(2025, 6, 5), date(2025, 6, 14))
    assert fact["status"] == "agreed"


def test_undated_round_bounded_on_one_side_only_has_no_date():
    claims = [
        round_("d1", "The negotiator will travel to Washington for a fifth round of talks.", 5, status="planned"),
        round_("d4", "A fifth round of talks is planned.", 5, status="planned"),
    ]
    fact = only(reconcile_facts(claims, DOCS))
    assert (fact["date_start"], fact["date_end"]) == (None, None)


def test_held_before_planned_is_inconsistent_and_gives_no_date():
    claims = [
        round_("d2", "The fifth round was held last week.", 5, status="held"),
        round_("d4", "A fifth round of talks is planned.", 5, status="planned"),
    ]
    fact = only(reconcile_facts(claims, DOCS))
    assert (fact["date_start"], fact["date_end"]) == (None, None)


def test_an_explicit_date_wins_over_publication_bounds():
    claims = [
        round_("d1", "A fifth round is planned.", 5, status="planned"),
        round_("d4", "The fifth round was held on June 6.", 5, date(2025, 6, 6), status="held"),
        round_("d5", "After the fifth round, talks stalled.", 5, status="held"),
    ]
    fact = only(reconcile_facts(claims, DOCS))
    assert (fact["date_start"], fact["date_end"]) == (date(2025, 6, 6), date(2025, 6, 6))


def test_a_report_that_a_round_is_still_planned_narrows_a_week_given_by_a_later_report():
    claims = [
        round_("d1", "The chief negotiator is en route to Washington for a fifth round of talks.", 5,
               status="planned"),
        round_("d4", "The fifth round was held last week.", 5, date(2025, 6, 2), date(2025, 6, 8), status="held"),
    ]
    fact = only(reconcile_facts(claims, DOCS))
    assert (fact["date_start"], fact["date_end"]) == (date(2025, 6, 5), date(2025, 6, 8))


def test_publication_bounds_that_contradict_the_text_leave_the_text_dates():
    claims = [
        round_("d4", "A fifth round of talks is planned for June 2.", 5, date(2025, 6, 2), status="planned"),
    ]
    fact = only(reconcile_facts(claims, DOCS))
    assert (fact["date_start"], fact["date_end"]) == (date(2025, 6, 2), date(2025, 6, 2))
