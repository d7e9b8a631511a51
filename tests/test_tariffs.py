"""Tariff-rate claims from news sentences: which percentages are tariffs, and what each claim says."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st



def tariff_rows(tables):
    return [row for row in tables.get("claims", []) if row["claim_type"] == "tariff_rate"]


@pytest.fixture
def claims(annotate):
    """Tariff claim rows of a text, every earlier stage (entities, quantities, dates) run on it for real."""

    def _claims(text, published=date(2025, 6, 5)):
        return tariff_rows(annotate(text, published=published))

    return _claims


def summary(rows, *fields):
    """The chosen fields of each row, sorted (None sorts first)."""
    return sorted((tuple(row[f] for f in fields) for row in rows), key=lambda values: [(v is not None, v) for v in values])


def test_coordinated_products_give_one_claim_each(claims):
    rows = claims(
        "Akazawa pressed the commerce secretary to reconsider existing tariffs imposed by the U.S., "
        "which include a hefty 25% tax on cars and parts."
    )
    assert summary(rows, "product", "rate") == [("auto parts", 25.0), ("automobiles", 25.0)]
    assert {row["imposer"] for row in rows} == {"USA"}


def test_from_to_change_gives_rate_and_previous_rate(claims):
    rows = claims("This week also saw an increase in steel and aluminum tariffs from 25% to a staggering 50%.")
    assert summary(rows, "product", "rate", "previous_rate") == [("aluminum", 50.0, 25.0), ("steel", 50.0, 25.0)]
    assert {row["target"] for row in rows} == {"ALL"}


def test_to_from_order_and_retaliation(claims):
    rows = claims(
        "The U.S. will cut its tariffs on Chinese goods to 30% from 145%, while China will lower "
        "its retaliatory duties on U.S. products to 10% from 125%."
    )
    assert summary(rows, "imposer", "target", "rate", "previous_rate") == [
        ("CHN", "USA", 10.0, 125.0),
        ("USA", "CHN", 30.0, 145.0),
    ]
    retaliation = next(row for row in rows if row["imposer"] == "CHN")
    assert retaliation["measure"] == "retaliatory"
    assert {row["status"] for row in rows} == {"planned"}


def test_down_from_gives_previous_rate(claims):
    rows = claims("British cars will enter the US at a tariff of 10 per cent, down from the 27.5 per cent they have faced.")
    assert summary(rows, "rate", "previous_rate") == [(10.0, 27.5)]


def test_suspended_rate_and_baseline_in_effect(claims):
    rows = claims(
        "The United States has offered to reduce some of the reciprocal tariffs on Japanese exports. "
        "Despite the 24% tariffs imposed by the president, which are presently on hold, "
        "a universal 10% tariff remains in effect."
    )
    by_rate = {row["rate"]: row for row in rows}
    assert by_rate[24.0]["status"] == "suspended"
    assert by_rate[24.0]["target"] == "JPN"
    assert (by_rate[10.0]["status"], by_rate[10.0]["target"], by_rate[10.0]["measure"]) == ("in_effect", "ALL", "baseline")


def test_planned_rise_takes_its_effective_date_from_the_date_stage(claims):
    text = "Many trading partners face higher tariffs, with Japan's tariff set to rise to 24% starting in July."
    [row] = claims(text)
    assert (row["rate"], row["target"], row["status"]) == (24.0, "JPN", "planned")
    assert row["effective_date"] == date(2025, 7, 1)


def test_baseline_split_into_country_specific_and_total(claims):
    rows = claims(
        "Nearly every nation in the world has been hit with a baseline duty of 10 percent, with Japan facing "
        "an additional country-specific tariff of 14 percent for a total rate of 24 percent."
    )
    assert summary(rows, "rate", "target", "measure") == [
        (10.0, "ALL", "baseline"),
        (14.0, "JPN", "country-specific"),
        (24.0, "JPN", "combined"),
    ]


def test_threatened_rate_is_proposed(claims):
    [row] = claims("The president threatened to impose a 50% tariff on goods from the European Union from June 1.")
    assert (row["rate"], row["target"], row["status"]) == (50.0, "EUU", "proposed")


def test_delayed_increase_is_suspended(claims):
    [row] = claims(
        "The increase, which would have raised tariffs on Chinese imports from 10% to 25%, "
        "had been due to take effect on March 1."
    )
    assert (row["rate"], row["previous_rate"], row["target"], row["status"]) == (25.0, 10.0, "CHN", "suspended")


def test_removal_inside_a_condition_leaves_the_rate_in_effect(claims):
    [row] = claims("Lawmakers in Tokyo see no benefit in a deal unless the 25% tariff on Japanese car imports is removed.")
    assert (row["product"], row["target"], row["status"]) == ("automobiles", "JPN", "in_effect")


def test_hedged_and_attributed_claim(claims):
    [row] = claims("The U.S. may raise tariffs on Japanese cars to 35%, two sources familiar with the plans told Reuters.")
    assert row["hedged"] is True
    assert row["attributed_to"] == "two sources familiar with the plans"


def test_plain_claim_is_neither_hedged_nor_attributed(claims):
    [row] = claims("A 25% levy on imported cars took effect on April 3.")
    assert row["hedged"] is False
    assert row["attributed_to"] is None
    assert row["status"] == "in_effect"


def test_goods_priced_at_a_rate_in_a_tariff_article(claims):
    rows = claims(
        "Since April, most EU exports have paid the 10 per cent baseline tariff, with cars at 27.5 per cent "
        "and steel and aluminium at 50 per cent."
    )
    assert summary(rows, "product", "rate", "target") == [
        (None, 10.0, "EUU"),
        ("aluminum", 50.0, "EUU"),
        ("automobiles", 27.5, "EUU"),
        ("steel", 50.0, "EUU"),
    ]


def test_rate_noun_as_subject_after_a_tariff_sentence(claims):
    rows = claims(
        "A 25% reciprocal tariff on most Indian goods took effect on Thursday. The combined rate will reach 50% on Aug 27."
    )
    combined = next(row for row in rows if row["rate"] == 50.0)
    assert (combined["target"], combined["measure"], combined["status"]) == ("IND", "combined", "planned")


def test_goods_that_pay_a_rate(claims):
    [row] = claims("Korean cars entered duty-free under the old pact, while Japanese cars paid a 2.5% tariff.")
    assert (row["product"], row["rate"], row["target"]) == ("automobiles", 2.5, "JPN")


def test_a_tariff_someone_asks_to_scrap_is_still_in_effect(claims):
    [row] = claims("Tokyo pressed Washington again to scrap a 25 pct levy on Japanese cars.")
    assert (row["product"], row["target"], row["status"]) == ("automobiles", "JPN", "in_effect")


def test_sector_tariff_without_a_named_country_hits_all_partners(claims):
    rows = claims("The 50 per cent tariffs on steel and aluminium are not covered by the deal with Japan.")
    assert summary(rows, "product", "target") == [("aluminum", "ALL"), ("steel", "ALL")]


@pytest.mark.parametrize(
    "text",
    [
        "Tariffs dominated the talks. Tokyo also agreed to raise imports of US rice by 75 per cent.",
        "Tariffs dominated the talks. Cars and parts make up roughly 33% of Japan's exports to the United States.",
        "Mazda reported a 45.1% drop in net profit for the year that ended in March.",
        "Consumer price inflation eased to 2.1% in June, the lowest in more than six years.",
        "The Bank of England cut interest rates by a quarter of a percentage point to 4.25 per cent.",
        "The company's share of the domestic market rose to 31% last year.",
        "The incumbent won 54% of the vote in the first round.",
        "Twenty percent is 26 percentage points lower than the April rate.",
        "The economy grew 6.5% in that fiscal year.",
    ],
)
def test_non_tariff_percentages_are_never_claims(claims, text):
    assert claims(text) == []


def test_rows_follow_the_contract(claims, parse):
    text = "Vietnamese exports will face a 20% tariff, well below the 46% rate announced in April."
    rows = claims(text)
    assert rows
    for row in rows:
        assert row["claim_type"] == "tariff_rate"
        assert text[row["start"] : row["end"]] == row["text"]
        assert row["round_number"] is None and row["parties"] == [] and row["participants"] == []
        assert row["status"] in {"in_effect", "suspended", "planned", "proposed", "removed", "unknown"}
    assert len({row["claim_id"] for row in rows}) == len(rows)


def test_a_rate_written_in_words_comes_from_the_quantities_stage(claims):
    text = "Goods from Vietnam will face a tariff of twenty percent."
    [row] = claims(text)
    assert (row["rate"], row["target"]) == (20.0, "VNM")


@settings(max_examples=25, deadline=None)
@given(
    rate=st.integers(min_value=1, max_value=200),
    noun=st.sampled_from(["tariff", "duty", "levy"]),
    country=st.sampled_from([("Japanese", "JPN"), ("Chinese", "CHN"), ("Indian", "IND"), ("Korean", "KOR")]),
)
def test_any_rate_on_a_nationality_lands_on_that_country(annotate, rate, noun, country):
    demonym, code = country
    [row] = tariff_rows(annotate(f"Washington imposed a {rate}% {noun} on {demonym} goods last month."))
    assert (row["rate"], row["target"], row["imposer"]) == (float(rate), code, "USA")


@settings(max_examples=25, deadline=None)
@given(rate=st.integers(min_value=1, max_value=99), noun=st.sampled_from(["profit", "revenue", "exports", "output"]))
def test_any_change_in_a_business_figure_is_not_a_claim(annotate, rate, noun):
    assert tariff_rows(annotate(f"The company said its {noun} fell {rate}% in the second quarter.")) == []


# A change to a multiple of the old rate ("to nearly double that amount")


@pytest.fixture
def staged_claims(claims):
    def _claims(text, published=date(2025, 6, 6)):
        return claims(text, published=published)

    return _claims


def test_overall_hike_to_nearly_double_is_a_planned_baseline_at_twice_the_old_rate(staged_claims):
    rows = staged_claims(
        "This week also saw an increase in steel and aluminum tariffs from 25% to a staggering 50%, with plans "
        "for an overall tariff hike from 10% to nearly double that amount come July unless negotiations yield results."
    )
    hike = [row for row in rows if row["product"] is None]
    assert [(r["rate"], r["previous_rate"], r["target"], r["measure"], r["status"]) for r in hike] == [
        (20.0, 10.0, "ALL", "baseline", "planned")
    ]
    assert hike[0]["effective_date"] == date(2025, 7, 1)
    assert summary(rows, "product", "rate") == [(None, 20.0), ("aluminum", 50.0), ("steel", 50.0)]


def test_tripling_a_country_tariff_from_10_percent(staged_claims):
    rows = staged_claims("Washington threatened to triple its tariff on Chinese goods from 10% if Beijing does not act.")
    assert summary(rows, "target", "rate", "previous_rate", "status") == [("CHN", 30.0, 10.0, "proposed")]


def test_doubling_a_product_tariff_from_25_percent(staged_claims):
    rows = staged_claims("The White House is doubling the tariff on imported steel from 25%, officials said on Friday.")
    assert summary(rows, "product", "target", "rate", "previous_rate") == [("steel", "ALL", 50.0, 25.0)]


def test_a_multiple_that_is_not_a_change_of_rate_gives_no_claim(staged_claims):
    rows = staged_claims("Rice prices have nearly doubled from a year ago, while the 10% baseline tariff stays in place.")
    assert summary(rows, "rate", "previous_rate") == [(10.0, None)]


def test_overall_tariff_of_a_named_country_stays_that_countrys_rate(claims):
    [row] = claims("Japan's overall tariff of 24% is on hold.")
    assert (row["target"], row["rate"], row["status"]) == ("JPN", 24.0, "suspended")


def test_second_country_of_a_list_gets_its_own_rate(claims):
    rows = claims("Brazil faces a 50% tariff on most of its exports, while Switzerland was hit with 39%.")
    assert summary(rows, "target", "rate", "status") == [("BRA", 50.0, "in_effect"), ("CHE", 39.0, "in_effect")]


def test_coordinated_countries_give_one_claim_each(claims):
    rows = claims(
        "The 25% tariffs on Mexican and Canadian goods, which had been due to take effect on Feb. 4, "
        "were paused for 30 days."
    )
    assert summary(rows, "imposer", "target", "rate", "status") == [
        ("USA", "CAN", 25.0, "suspended"),
        ("USA", "MEX", 25.0, "suspended"),
    ]


def test_goods_from_coordinated_countries(claims):
    rows = claims("Steel from Brazil and Argentina will face 25% tariffs under the new proclamation.")
    assert summary(rows, "target", "product", "rate", "status") == [
        ("ARG", "steel", 25.0, "planned"),
        ("BRA", "steel", 25.0, "planned"),
    ]


def test_retaliation_by_another_imposer(claims):
    rows = claims(
        "MEXICO CITY, Feb 3 (Reuters) - Mexico will impose a 20% tariff on U.S. pork and cheese in "
        "retaliation, the economy ministry said on Monday."
    )
    assert summary(rows, "imposer", "target", "product", "status") == [
        ("MEX", "USA", "dairy", "planned"),
        ("MEX", "USA", "pork", "planned"),
    ]
    assert {row["attributed_to"] for row in rows} == {"the economy ministry"}


def test_surtax_on_goods_made_in_a_country(claims):
    rows = claims(
        "Canada imposed a 100% surtax on Chinese-made electric vehicles and a 25% surtax on Chinese steel "
        "and aluminum."
    )
    assert summary(rows, "imposer", "target", "product", "rate") == [
        ("CAN", "CHN", "aluminum", 25.0),
        ("CAN", "CHN", "automobiles", 100.0),
        ("CAN", "CHN", "steel", 25.0),
    ]


def test_anti_dumping_duty_on_goods_made_in_a_country(claims):
    [row] = claims(
        "The European Commission on Tuesday imposed provisional anti-dumping duties of 38.1% on electric "
        "vehicles made in China."
    )
    assert (row["imposer"], row["target"], row["product"], row["measure"]) == ("EUU", "CHN", "automobiles", "anti-dumping")


def test_coordinated_tariff_hits_the_same_country(claims):
    rows = claims("Beijing imposed a 15% tariff on U.S. coal and a 10% levy on American farm machinery.")
    assert summary(rows, "imposer", "target", "product", "rate") == [
        ("CHN", "USA", "coal", 15.0),
        ("CHN", "USA", "machinery", 10.0),
    ]


def test_lower_cased_aggregator_copy(claims):
    rows = claims("the eu is considering a 25% levy on us motorcycles and bourbon, sources say")
    assert summary(rows, "imposer", "target", "product", "status", "hedged") == [
        ("EUU", "USA", "motorcycles", "proposed", True),
        ("EUU", "USA", "spirits", "proposed", True),
    ]


def test_baseline_that_applies_to_one_countrys_goods(claims):
    [row] = claims("Australian beef exporters paid no tariff before, but a 10% baseline duty now applies to all Australian goods.")
    assert (row["target"], row["measure"], row["status"]) == ("AUS", "baseline", "in_effect")


def test_usual_imposer_named_on_the_tariff_outranks_the_subject(claims):
    rows = claims("The EU agreed to a 15% ceiling on U.S. tariffs for European cars, pharmaceuticals and semiconductors.")
    assert {(row["imposer"], row["target"]) for row in rows} == {("USA", "EUU")}
    assert summary(rows, "product") == [("automobiles",), ("pharmaceuticals",), ("semiconductors",)]


@pytest.mark.parametrize(
    "text",
    [
        "The UK will cut its digital services tax from 2% as part of the deal.",
        "The corporate tax rate stays at 25%, the finance minister said.",
        "Japan's consumption tax of 10% was not part of the tariff talks.",
        "Lawmakers approved a 5% income tax surcharge on top earners.",
        "Buyers of second homes pay stamp duty of 3% on top of the usual rate.",
    ],
)
def test_domestic_taxes_are_not_tariffs(claims, text):
    assert claims(text) == []


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Ottawa dropped its retaliatory 25% tariffs on U.S. goods on Sept. 1.", "removed"),
        ("Japanese steel will continue to face 50% tariffs under the agreement.", "in_effect"),
        ("Canada said it would slap a 25% counter-tariff on American goods.", "planned"),
        ("Tariffs on Brazil have risen twice. In a letter he warned that Brazilian goods would face 50 per cent from 1 August.", "proposed"),
        ("Exports rose in June, despite the 25% U.S. tariff on Korean cars.", "in_effect"),
    ],
)
def test_status_of_reported_and_continuing_rates(claims, text, status):
    rows = claims(text)
    assert rows and {row["status"] for row in rows} == {status}


def test_export_duty_is_imposed_by_the_exporting_country(claims):
    [row] = claims("India's export duty of 20% on onions was withdrawn on Friday.")
    assert (row["imposer"], row["rate"], row["status"]) == ("IND", 20.0, "removed")


def test_passive_past_rate_is_in_effect_and_a_lower_cased_food_is_no_country(claims):
    rows = claims("tariffs on turkey and chicken rose to 30% last year, farmers said")
    assert [row["target"] for row in rows] != ["TUR"]
    [row] = claims("South Korea was slapped with a 25% tariff on its cars.")
    assert (row["target"], row["status"]) == ("KOR", "in_effect")
