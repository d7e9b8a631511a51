"""The quantities stage: every written form of a percentage, money amount, count and multiple, and what is not one."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.annotations import rows_of
from pipeline.quantities import extract_quantities


def quantities(parse, text):
    doc, ctx = parse(text)
    return rows_of(ctx, extract_quantities(doc, ctx))


def triples(parse, text):
    return [(row["text"], row["value"], row["unit"]) for row in quantities(parse, text)]


WRITTEN_FORMS = [
    ("Washington imposed a 24% tariff on Japanese goods.", ("24%", 24, "percent")),
    ("The rate on Japanese goods would be 24 percent.", ("24 percent", 24, "percent")),
    ("Britain agreed a 10 per cent levy on cars.", ("10 per cent", 10, "percent")),
    ("Tokyo faces a levy of 25 pct on autos, officials said.", ("25 pct", 25, "percent")),
    ("The rate was cut by 24 percentage points for 90 days.", ("24 percentage points", 24, "percentage_point")),
    ("Twenty percent of exports go to the United States.", ("Twenty percent", 20, "percent")),
    ("Twenty-five percent of the cars were shipped from Mexico.", ("Twenty-five percent", 25, "percent")),
    ("Vietnam's exports to the U.S. reached 7.5% of output.", ("7.5%", 7.5, "percent")),
    ("Japan pledged $550bn in investment.", ("$550bn", 550e9, "USD")),
    ("The EU prepared €93bn of countermeasures.", ("€93bn", 93e9, "EUR")),
    ("The EU prepared countermeasures worth €93 billion.", ("€93 billion", 93e9, "EUR")),
    ("The deficit with Japan was $83.5 billion last year.", ("$83.5 billion", 83.5e9, "USD")),
    ("Japan's budget includes 12.1 trillion yen for defence.", ("12.1 trillion yen", 12.1e12, "JPY")),
    ("Seoul will invest 490 trillion won in the programme.", ("490 trillion won", 490e12, "KRW")),
    ("Ottawa listed C$30 billion of U.S. goods.", ("C$30 billion", 30e9, "CAD")),
    ("The company earned ¥18.4 billion in the quarter.", ("¥18.4 billion", 18.4e9, "JPY")),
    ("Imports were worth 350 billion dollars.", ("350 billion dollars", 350e9, "USD")),
    ("The firm raised $1.5m from investors.", ("$1.5m", 1.5e6, "USD")),
    ("The deal covers 3.5 million metric tons of rice.", ("3.5 million metric tons", 3.5e6, "metric_ton")),
    ("Britain may ship 100,000 autos a year at the lower rate.", ("100,000 autos", 100000, "vehicle")),
    ("A dozen ships were waiting outside the port.", ("A dozen ships", 12, "vessel")),
    ("The bank cut rates by a quarter of a percentage point.", ("a quarter of a percentage point", 0.25, "percentage_point")),
    ("The central bank raised rates by 25 basis points.", ("25 basis points", 0.25, "percentage_point")),
    ("Washington threatened to raise tariffs by a quarter.", ("a quarter", 25, "percent")),
    ("A quarter of Japan's exports go to the United States.", ("A quarter", 25, "percent")),
    ("Two-thirds of the steel is imported.", ("Two-thirds", 200 / 3, "percent")),
    ("Rice prices have doubled since last year.", ("doubled", 2, "multiple")),
    ("British carmakers face a 10pc tariff on exports.", ("10pc", 10, "percent")),
    ("Washington imposed a 25-percent levy on trucks.", ("25-percent", 25, "percent")),
    ("Ottawa announced a 25-per-cent duty on U.S. steel.", ("25-per-cent", 25, "percent")),
    ("The deal brings a 10-percentage-point cut in the rate.", ("10-percentage-point", 10, "percentage_point")),
    ("The central bank made a 25 basis-point cut.", ("25 basis-point", 0.25, "percentage_point")),
    ("Ottawa listed $5-billion in U.S. goods for retaliation.", ("$5-billion", 5e9, "USD")),
    ("The EU exported goods worth €1.2trn last year.", ("€1.2trn", 1.2e12, "EUR")),
    ("The state set aside Rs 500 crore for farmers.", ("Rs 500 crore", 5e9, "INR")),
    ("The central bank cut reserves by half a percentage point.", ("half a percentage point", 0.5, "percentage_point")),
    ("Importers now pay a further quarter of each car's value.", ("a further quarter", 25, "percent")),
    ("Their share of the market had remained around a tenth.", ("around a tenth", 10, "percent")),
    ("China's surplus is three times as large as Japan's.", ("three times", 3, "multiple")),
]


@pytest.mark.parametrize("text, expected", WRITTEN_FORMS, ids=[form[1][0] for form in WRITTEN_FORMS])
def test_written_form_gives_value_and_unit(parse, text, expected):
    found = triples(parse, text)
    assert any(t == expected[0] and v == pytest.approx(expected[1]) and u == expected[2] for t, v, u in found), found


APPROXIMATE = [
    ("Rice prices are nearly double last year's level.", "nearly double", 2, "multiple"),
    ("Exports fell by about 3% in May.", "about 3%", 3, "percent"),
    ("Japan invested more than $80 billion in the U.S.", "more than $80 billion", 80e9, "USD"),
    ("The fund may spend up to ¥10 billion on buybacks.", "up to ¥10 billion", 10e9, "JPY"),
    ("Some 4,000 workers lost their jobs.", "Some 4,000 workers", 4000, "person"),
]


@pytest.mark.parametrize("text, span, value, unit", APPROXIMATE)
def test_approximation_cue_is_part_of_the_span_and_marks_the_row(parse, text, span, value, unit):
    rows = [row for row in quantities(parse, text) if row["text"] == span]
    assert len(rows) == 1, quantities(parse, text)
    assert rows[0]["value"] == pytest.approx(value)
    assert rows[0]["unit"] == unit
    assert rows[0]["approximate"] is True


def test_exact_amount_is_not_approximate(parse):
    (row,) = quantities(parse, "Washington imposed a 24% tariff on Japanese goods.")
    assert row["approximate"] is False


RANGES = [
    ("Officials expect a rate between 15% and 20% for most partners.", [("15%", 15), ("20%", 20)], "percent"),
    ("Officials expect a rate between 15 and 20 percent for most partners.", [("15", 15), ("20 percent", 20)], "percent"),
    ("Most partners face rates of 15-20% under the plan.", [("15", 15), ("20%", 20)], "percent"),
    ("The tariff on steel rose from 25% to 50% on Wednesday.", [("25%", 25), ("50%", 50)], "percent"),
    ("The tariff was raised from 10 to 25 percent.", [("10", 10), ("25 percent", 25)], "percent"),
    ("The package is worth $10 to $20 billion.", [("$10", 10e9), ("$20 billion", 20e9)], "USD"),
    ("Analysts expect rates of 10%-15% on most goods.", [("10%", 10), ("15%", 15)], "percent"),
    ("Analysts expect rates of 5-10pc on most goods.", [("5", 5), ("10pc", 10)], "percent"),
]


@pytest.mark.parametrize("text, bounds, unit", RANGES)
def test_range_gives_one_row_per_bound_with_the_shared_unit(parse, text, bounds, unit):
    found = triples(parse, text)
    assert [(t, pytest.approx(v), u) for t, v, u in found] == [(t, v, unit) for t, v in bounds]


NOT_QUANTITIES = [
    "The talks were held on May 23, 2025 in Washington.",
    "Negotiators met on 1 August in Brussels.",
    "The statement was released at 10:05 a.m. on Friday.",
    "The home side won 3-1 after extra time.",
    "Akazawa held the third round of talks in the third quarter.",
    "The measure was imposed under Section 232 of the 1962 law.",
    "Officials said round five would start next week.",
    "The tariff took effect in 2018 and was renewed in 2019.",
    "The negotiators spent three days in Washington.",
    "One of the officials said the talks were constructive.",
    "A 90-day pause was agreed after the 21st meeting.",
    "The budget for the 2025-26 fiscal year was approved at 10am.",
    "Growth was weak in the latter half of 2024.",
    "The first half of the year was difficult for exporters.",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_years_dates_times_scores_ordinals_and_identifiers_are_not_quantities(parse, text):
    assert quantities(parse, text) == []


def test_a_third_round_is_not_a_fraction(parse):
    found = triples(parse, "The two sides will hold a third round of talks in June.")
    assert found == [("two", 2, "count")]


def test_bare_count_gets_unit_count(parse):
    found = triples(parse, "Officials from two governments attended, and seven others joined online.")
    assert ("seven", 7, "count") in found


def test_rows_follow_the_contract(parse):
    text = "Japan pledged $550bn, and the rate was cut from 25% to 15%."
    doc, ctx = parse(text, doc_id="d9")
    rows = rows_of(ctx, extract_quantities(doc, ctx))
    assert [row["quantity_id"] for row in rows] == ["d9:q0", "d9:q1", "d9:q2"]
    for row in rows:
        assert row["doc_id"] == "d9"
        assert text[row["start"] : row["end"]] == row["text"]
        assert isinstance(row["value"], float) and isinstance(row["approximate"], bool)


def test_nothing_is_extracted_outside_the_body(nlp):
    from pipeline.context import DocContext
    from pipeline.parse import mask_to_body

    text = "Related: Stocks rise 5%\n\nThe rate was set at 15% on Tuesday."
    body = ((text.index("The rate"), len(text)),)
    ctx = DocContext(doc_id="b", source="b.txt", text=text, body_spans=body)
    rows = rows_of(ctx, extract_quantities(nlp(mask_to_body(text, body)), ctx))
    assert [row["text"] for row in rows] == ["15%"]


NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=999),
    st.decimals(min_value=0, max_value=999, places=1, allow_nan=False, allow_infinity=False).map(float),
)


@settings(max_examples=40, deadline=None)
@given(number=NUMBERS, written=st.sampled_from(["{}%", "{} percent", "{} per cent", "{} pct"]))
def test_any_percentage_round_trips_to_its_value(parse, number, written):
    literal = f"{number:g}" if isinstance(number, float) else str(number)
    phrase = written.format(literal)
    rows = quantities(parse, f"The government set the tariff at {phrase} on Monday.")
    assert [(row["text"], row["value"], row["unit"]) for row in rows] == [(phrase, float(literal), "percent")]


@settings(max_examples=30, deadline=None)
@given(
    number=st.integers(min_value=1, max_value=999),
    scale=st.sampled_from([("million", 1e6), ("billion", 1e9), ("bn", 1e9), ("trillion", 1e12)]),
)
def test_any_dollar_amount_is_scaled(parse, number, scale):
    word, factor = scale
    joiner = "" if word == "bn" else " "
    phrase = f"${number}{joiner}{word}"
    rows = quantities(parse, f"The company will invest {phrase} in new plants.")
    assert [(row["text"], row["unit"]) for row in rows] == [(phrase, "USD")]
    assert rows[0]["value"] == pytest.approx(number * factor)


def test_twice_is_a_multiple_only_in_a_comparison(parse):
    assert triples(parse, "China's surplus is twice as large as Japan's.") == [("twice", 2, "multiple")]
    assert triples(parse, "The negotiators met twice in Geneva.") == []


def test_halving_a_rate_is_a_multiple_of_one_half(parse):
    assert ("halve", 0.5, "multiple") in triples(parse, "Washington agreed to halve the tariff to 7.5%.")


FRAGMENTS = ["$", "€", "5", "24", "1,000", "83.5", "-", "billion", "bn", "a", "quarter", "%", "per", "cent", "10%-15",
             "of", "half", "nearly", "double", "Twenty", "five", "3rd", "May", "2025", "between", "and", "to", "pct",
             "percentage", "points", "yen", "10:05", "cars", "Section", "232", "about", "10pc", "times", "as"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from([" ", "", " "])), min_size=1, max_size=12))
def test_any_mix_of_number_words_gives_rows_whose_text_is_their_span(parse, pieces):
    text = "".join(word + gap for word, gap in pieces).strip() + "."
    doc, ctx = parse(text)
    for row in rows_of(ctx, extract_quantities(doc, ctx)):
        assert text[row["start"] : row["end"]] == row["text"]
        assert row["start"] < row["end"]
        assert row["unit"]
        assert row["value"] == row["value"] and row["value"] >= 0


def test_bare_number_repeating_an_earlier_percentage_is_a_percentage(parse):
    text = (
        "British cars have paid 27.5 per cent since April, and the deal cuts that to 10 per cent. "
        '"Moving from 27.5 to 10 is the difference between shipping and not shipping," she said.'
    )
    found = triples(parse, text)
    assert found[-2:] == [("27.5", 27.5, "percent"), ("10", 10, "percent")]


def test_bare_number_counting_something_stays_a_count_even_if_it_repeats_a_percentage(parse):
    found = triples(parse, "The tariff is 10%. Officials from 10 countries met in Geneva.")
    assert found == [("10%", 10, "percent"), ("10 countries", 10, "country")]


def test_a_name_is_never_an_echoed_percentage(parse):
    found = triples(parse, "Growth was 7% last year. The Group of Seven leaders meet in June.")
    assert found == [("7%", 7, "percent")]


@pytest.mark.parametrize(
    "text",
    [
        "Huawei sells 5G equipment in Europe.",
        "China is the world's No. 2 economy.",
        "Poland ordered F-35 jets from Lockheed.",
        "The Senate passed the bill 52-48 on Thursday.",
    ],
)
def test_model_names_ranks_and_tallies_are_not_quantities(parse, text):
    assert quantities(parse, text) == []


def test_pounds_of_something_is_a_weight_and_pounds_alone_is_sterling(parse):
    found = triples(parse, "Japan will buy 5 million pounds of beef, and Britain raised 5 million pounds for the fund.")
    assert found == [("5 million pounds", 5e6, "pound_weight"), ("5 million pounds", 5e6, "GBP")]
