"""Round stage: numbered negotiation rounds, their attributes, and what is not a round."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.annotations import Mention, TimeExpression, rows_of
from pipeline.rounds import extract_rounds

PUBLISHED = date(2025, 6, 9)
ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                 "eleventh", "twelfth", "thirteenth"]
CARDINAL_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def rounds_of(parse, text, dates=(), mentions=(), published=PUBLISHED):
    """(round rows, claim rows) with the given date and person rows standing in for the earlier stages."""
    doc, ctx = parse(text, published=published)
    return rows_and_claims(ctx, extract_rounds(doc, ctx, dates=time_expressions(doc, dates), mentions=people(doc, mentions)))


def rows_and_claims(ctx, found):
    rounds, claims = found
    return rows_of(ctx, rounds), rows_of(ctx, claims)


def time_expressions(doc, rows):
    return [
        TimeExpression(doc.char_span(r["start"], r["end"]), type=r["type"], value=r["value"], date_start=r["date_start"],
                       date_end=r["date_end"], granularity="day", anchor_date=None, is_dateline=r.get("is_dateline", False))
        for r in rows
    ]


def people(doc, rows):
    return [
        Mention(doc.char_span(r["start"], r["end"]), label="PERSON", key=r["entity_id"].split("/", 1)[1], name=r["name"],
                type="person", country=r["country"])
        for r in rows
    ]


def numbers(parse, text):
    rows, _ = rounds_of(parse, text)
    return sorted(row["round_number"] for row in rows)


def date_row(text, phrase, day_start, day_end=None):
    start = text.index(phrase)
    return {"start": start, "end": start + len(phrase), "text": phrase, "type": "DATE",
            "value": day_start.isoformat(), "date_start": day_start, "date_end": day_end or day_start}


def person_row(text, name, entity_id, country=None):
    start = text.index(name)
    return {"label": "PERSON", "start": start, "end": start + len(name), "text": name,
            "entity_id": entity_id, "name": name, "country": country}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Japan will hold the third round of trade talks with the United States next week.", [3]),
        ("Japanese officials said the 3rd round of tariff negotiations with Washington would start on Monday.", [3]),
        ("India and the U.S. wrapped up round three of negotiations on a trade pact in Washington on Friday.", [3]),
        ("Japan's top negotiator is arranging a visit to the United States for a sixth round of ministerial-level talks.", [6]),
        ("Japan's top tariff negotiator eyes a U.S. trip this week for 6th tariff talks with Washington.", [6]),
        ("The second round of negotiations between China and the United States ended in London on Tuesday.", [2]),
        ("Tokyo's envoy flew to Washington for a fifth round of discussions on tariffs.", [5]),
        ("U.S. and Chinese negotiators concluded a 13th round of high-level trade talks in Washington.", [13]),
        ("The third and fourth rounds of tariff talks between Japan and the U.S. took place in May.", [3, 4]),
    ],
)
def test_every_common_form_gives_its_number(parse, text, expected):
    assert numbers(parse, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The fourth trip in as many weeks by Japan's tariff negotiator would come ahead of a summit.",
        "During his second visit to Washington, the Japanese trade minister asked for a review of the car tariffs.",
        "The president began his second term in January and soon raised tariffs on imports.",
        "Tariff talks between Japan and the U.S. were joined by the president for the first time.",
        "Exports of cars fell in the third quarter as U.S. tariffs on Japanese vehicles took effect.",
        "Factory activity shrank for the fifth straight month as tariffs weighed on trade, the survey showed.",
        "China, the world's second-largest economy, hit back with tariffs on U.S. farm goods.",
        "The two countries have held five rounds of negotiations on a bilateral trade agreement.",
        "The two sides did not say when the next round of tariff talks would take place.",
        "India and the U.S. ended five days of talks on a trade deal without a breakthrough.",
        "The previous round of trade talks was held in Beijing the week before.",
    ],
)
def test_counts_visits_and_rankings_are_not_rounds(parse, text):
    assert numbers(parse, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Revenue at the mobile unit fell again, and the company said it would carry out a second round of job cuts "
        "there, after a first round of 90 in February.",
        "Harbourside booked their place in the fourth round of the Northern Counties Cup with a 3-1 victory. "
        "The home side controlled the third-round tie from the start.",
        "The water district said a second round of watering restrictions would begin next Monday.",
        "The mayor fell short of a majority, setting up a second-round runoff. Her rival said the first round "
        "showed that more than half the city wanted a change.",
    ],
)
def test_rounds_outside_trade_talks_are_not_rounds(parse, text):
    assert numbers(parse, text) == []


def test_a_bare_round_counts_in_an_article_about_trade_talks(parse):
    text = (
        "Japan's tariff negotiator held talks with U.S. officials on trade and tariffs again this week. "
        "He also met the commerce secretary on back-to-back days during the fifth round."
    )
    assert numbers(parse, text) == [5]


@pytest.mark.parametrize(
    "text, status",
    [
        ("The fourth round of Japan-US ministerial-level tariff talks will commence on the 30th of this month.", "planned"),
        ("Japan's negotiator is set to hold a third round of trade talks with the U.S. next week.", "planned"),
        ("Japan's chief tariff negotiator is en route to Washington for a fifth round of discussions.", "planned"),
        ("Japan's trade negotiator might travel to Washington next week for a third round of trade talks.", "planned"),
        ("Following the fifth round of talks with U.S. officials, Japan's negotiator told reporters that "
         "tariff discussions were progressing.", "held"),
        ("Japan's negotiator held the third round of tariff talks with U.S. officials on Friday.", "held"),
        ("Japan and the U.S. are holding the seventh round of tariff talks in Washington this week.", "ongoing"),
    ],
)
def test_status_comes_from_tense_and_cues(parse, text, status):
    rows, claims = rounds_of(parse, text)
    assert [row["status"] for row in rows] == [status]
    assert [claim["status"] for claim in claims] == [status]


def test_parties_level_and_location(parse):
    text = "Japan's chief negotiator held the sixth round of ministerial-level talks with the United States in Washington."
    (row,), _ = rounds_of(parse, text)
    assert row["parties"] == ["JPN", "USA"]
    assert row["level"] == "ministerial"
    assert row["location"] == "Washington"


def test_staff_level_talks_are_working_level(parse):
    text = "Officials from Japan and the U.S. will hold a second round of staff-level tariff talks next week."
    (row,), _ = rounds_of(parse, text)
    assert row["level"] == "working"
    assert row["parties"] == ["JPN", "USA"]


def test_a_country_named_for_another_event_is_not_a_party(parse):
    text = (
        "Japan's negotiator could return to Washington as early as the 30th of this month for a 4th round of talks, "
        "with the aim of reaching an agreement that the leaders could confirm at the summit in Canada."
    )
    (row,), _ = rounds_of(parse, text)
    assert row["parties"] == ["JPN", "USA"]


def test_the_date_on_the_round_verb_is_linked_and_not_a_later_event(parse):
    text = (
        "Japan's negotiator wrapped up the sixth round of tariff talks with the United States on Friday, "
        "as the two leaders prepared to meet in Canada next week."
    )
    dates = [date_row(text, "Friday", date(2025, 6, 13)), date_row(text, "next week", date(2025, 6, 16), date(2025, 6, 22))]
    (row,), (claim,) = rounds_of(parse, text, dates=dates, published=date(2025, 6, 14))
    assert (row["date_start"], row["date_end"]) == (date(2025, 6, 13), date(2025, 6, 13))
    assert (claim["date_start"], claim["round_number"]) == (date(2025, 6, 13), 6)


def test_the_dateline_date_is_not_the_date_of_the_round(parse):
    text = "OTTAWA, March 3 (Reuters) - Canadian and U.S. negotiators began a second round of trade talks on Monday."
    dateline = {**date_row(text, "March 3", date(2026, 3, 3)), "is_dateline": True}
    dates = [dateline, date_row(text, "Monday", date(2026, 3, 2))]
    (row,), _ = rounds_of(parse, text, dates=dates, published=date(2026, 3, 3))
    assert row["date_start"] == date(2026, 3, 2)


def test_two_rounds_and_two_dates_pair_in_order(parse):
    text = "The third and fourth rounds of tariff talks between Japan and the U.S. took place on May 23 and on May 30."
    dates = [date_row(text, "May 23", date(2025, 5, 23)), date_row(text, "May 30", date(2025, 5, 30))]
    rows, _ = rounds_of(parse, text, dates=dates)
    assert {row["round_number"]: row["date_start"] for row in rows} == {3: date(2025, 5, 23), 4: date(2025, 5, 30)}


def test_a_future_date_makes_an_untensed_round_planned(parse):
    text = "Japan-U.S. tariff talks: the fourth round of negotiations on the 30th of this month."
    dates = [date_row(text, "the 30th of this month", date(2025, 5, 30))]
    (row,), _ = rounds_of(parse, text, dates=dates, published=date(2025, 5, 26))
    assert row["status"] == "planned"
    assert row["date_start"] == date(2025, 5, 30)


def test_participants_are_the_people_who_take_part(parse):
    text = (
        "Japan's negotiator Ryosei Akazawa met Treasury Secretary Scott Bessent during the fifth round of tariff "
        "talks, while Prime Minister Shigeru Ishiba stayed in Tokyo."
    )
    people = [
        person_row(text, "Ryosei Akazawa", "t1/e1", "JPN"),
        person_row(text, "Scott Bessent", "t1/e2", "USA"),
        person_row(text, "Shigeru Ishiba", "t1/e3", "JPN"),
    ]
    _, (claim,) = rounds_of(parse, text, mentions=people)
    assert claim["participants"] == ["t1/e1", "t1/e2"]
    assert claim["parties"] == ["JPN", "USA"]


def test_participants_may_come_from_the_sentence_before(parse):
    text = "Scott Bessent received Japan's trade envoy in Washington. It was the fifth round of tariff talks this year."
    people = [person_row(text, "Scott Bessent", "t1/e1", "USA")]
    _, (claim,) = rounds_of(parse, text, mentions=people)
    assert claim["participants"] == ["t1/e1"]


def test_several_mentions_of_one_round_give_one_row_with_merged_attributes(parse):
    text = (
        "Japan will hold the fourth round of tariff talks with the United States in Washington. "
        "The fourth round of ministerial-level negotiations is expected to focus on cars."
    )
    rows, claims = rounds_of(parse, text)
    assert [row["round_number"] for row in rows] == [4]
    assert len(claims) == 1
    assert rows[0]["level"] == "ministerial"
    assert rows[0]["location"] == "Washington"


def test_rows_point_into_the_text_and_ids_are_distinct(parse):
    text = (
        "Following the fifth round of talks last week, Japan's negotiator said he would return to Washington "
        "for a sixth round of ministerial-level talks later this week."
    )
    doc, ctx = parse(text, published=PUBLISHED)
    rows, claims = rows_and_claims(ctx, extract_rounds(doc, ctx, dates=[], mentions=[]))
    assert [row["round_number"] for row in rows] == [5, 6]
    for row in rows + claims:
        assert text[row["start"]:row["end"]] == row["text"]
    assert len({row["round_id"] for row in rows}) == 2
    assert len({claim["claim_id"] for claim in claims}) == 2
    assert all(claim["claim_type"] == "negotiation_round" and claim["rate"] is None for claim in claims)
    assert [claim["hedged"] for claim in claims] == [False, False]


def test_nothing_is_extracted_outside_the_body(nlp):
    from pipeline.context import DocContext
    from pipeline.parse import mask_to_body

    headline = "Japan to seek 3rd round of trade talks next week\n\n"
    body = "Japan's trade negotiator might travel to Washington next week for a third round of trade talks."
    text = headline + body
    spans = ((len(headline), len(text)),)
    ctx = DocContext(doc_id="t1", source="t1.txt", text=text, body_spans=spans, anchor_date=PUBLISHED)
    rows, _ = rows_and_claims(ctx, extract_rounds(nlp(mask_to_body(text, spans)), ctx, dates=[], mentions=[]))
    assert [(row["round_number"], row["text"]) for row in rows] == [(3, "third round of trade talks")]


@settings(max_examples=25, deadline=None)
@given(number=st.integers(min_value=1, max_value=13), numeric=st.booleans())
def test_any_ordinal_round_of_trade_talks_gives_its_number(parse, number, numeric):
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number if number < 4 else 0, "th")
    ordinal = f"{number}{suffix}" if numeric else ORDINAL_WORDS[number - 1]
    text = f"Japan and the United States will hold the {ordinal} round of trade talks in Washington next week."
    assert numbers(parse, text) == [number]


@settings(max_examples=20, deadline=None)
@given(number=st.integers(min_value=1, max_value=10), noun=st.sampled_from(["trip", "visit", "quarter", "month", "term"]))
def test_an_ordinal_on_a_non_series_noun_is_never_a_round(parse, number, noun):
    text = f"It was the {ORDINAL_WORDS[number - 1]} {noun} for Japan's trade negotiator amid U.S. tariff talks."
    assert numbers(parse, text) == []


@settings(max_examples=15, deadline=None)
@given(number=st.integers(min_value=1, max_value=10), digits=st.booleans())
def test_round_followed_by_a_number_gives_that_number(parse, number, digits):
    written = str(number) if digits else CARDINAL_WORDS[number - 1]
    text = f"Negotiators from India and the U.S. concluded round {written} of trade talks in New Delhi on Friday."
    assert numbers(parse, text) == [number]


def test_a_person_named_only_in_a_clause_about_the_tariffs_is_not_a_participant(parse):
    text = (
        "Ryosei Akazawa is arranging a visit to the United States for a sixth round of ministerial-level talks "
        "aimed at securing concessions over tariffs imposed by U.S. President Donald Trump."
    )
    people = [person_row(text, "Ryosei Akazawa", "t1/e1", "JPN"), person_row(text, "Donald Trump", "t1/e2", "USA")]
    _, (claim,) = rounds_of(parse, text, mentions=people)
    assert claim["participants"] == ["t1/e1"]


def test_the_speaker_after_a_following_phrase_takes_part(parse):
    text = "Following the fifth round of talks with U.S. officials, Akazawa told reporters that the talks were progressing."
    people = [person_row(text, "Akazawa", "t1/e1", "JPN")]
    (row,), (claim,) = rounds_of(parse, text, mentions=people)
    assert claim["participants"] == ["t1/e1"]
    assert row["status"] == "held"


def test_people_in_the_next_sentence_about_these_talks_take_part(parse):
    text = (
        "Japan's chief tariff negotiator is en route to Washington for a fifth round of discussions. "
        "These talks will involve Treasury Secretary Scott Bessent and Commerce Secretary Howard Lutnick."
    )
    people = [person_row(text, "Scott Bessent", "t1/e1", "USA"), person_row(text, "Howard Lutnick", "t1/e2", "USA")]
    _, (claim,) = rounds_of(parse, text, mentions=people)
    assert claim["participants"] == ["t1/e1", "t1/e2"]


def rounds_with_dates(parse, text, published):
    """Rounds read the date stage's own rows, as in the pipeline."""
    from pipeline.dates import extract_dates

    doc, ctx = parse(text, published=published)
    return rows_of(ctx, extract_rounds(doc, ctx, dates=extract_dates(doc, ctx), mentions=[])[0])


def by_number(rows):
    return {row["round_number"]: row for row in rows}


def test_a_round_in_apposition_to_talks_is_a_round_with_its_level(parse):
    text = "The vice-ministerial talks, the third round this year, ended on Friday in Seoul."
    (row,) = rounds_with_dates(parse, text, date(2025, 7, 7))
    assert row["round_number"] == 3
    assert row["level"] == "working"
    assert row["location"] == "Seoul"
    assert (row["date_start"], row["status"]) == (date(2025, 7, 4), "held")


@pytest.mark.parametrize(
    "text, published, first, last",
    [
        ("Vietnam began a second round of tariff talks with the United States on Monday; "
         "the talks would run until Wednesday, the ministry said.", date(2025, 5, 20), date(2025, 5, 19), date(2025, 5, 21)),
        ("The ninth round of negotiations on a free trade agreement between Australia and the EU started in Canberra "
         "on Monday and runs until Friday.", date(2020, 10, 14), date(2020, 10, 12), date(2020, 10, 16)),
        ("Mexico's economy minister said the fourth round of tariff negotiations with Washington had begun on Monday "
         "and would continue until Thursday.", date(2025, 3, 11), date(2025, 3, 10), date(2025, 3, 13)),
    ],
)
def test_a_round_that_has_begun_and_runs_until_a_later_day_is_ongoing(parse, text, published, first, last):
    (row,) = rounds_with_dates(parse, text, published)
    assert (row["status"], row["date_start"], row["date_end"]) == ("ongoing", first, last)


def test_a_round_that_began_long_ago_without_an_end_is_held(parse):
    text = "U.S. and Chinese negotiators opened a ninth round of trade talks in Washington on April 3."
    (row,) = rounds_with_dates(parse, text, date(2019, 4, 20))
    assert (row["status"], row["date_start"]) == ("held", date(2019, 4, 3))


def test_two_days_joined_by_and_are_the_interval_of_one_round(parse):
    text = ("South Korea and the United States held the second round of talks on tariffs in Washington "
            "on Thursday and Friday.")
    (row,) = rounds_with_dates(parse, text, date(2025, 5, 25))
    assert (row["date_start"], row["date_end"]) == (date(2025, 5, 22), date(2025, 5, 23))
    assert row["location"] == "Washington"
    assert row["parties"] == ["KOR", "USA"]


def test_a_place_named_deeper_in_the_round_phrase_is_the_location(parse):
    text = "India and the UK concluded the 14th round of negotiations on a free trade agreement in New Delhi last month."
    (row,) = rounds_with_dates(parse, text, date(2024, 3, 12))
    assert row["location"] == "New Delhi"
    assert (row["date_start"], row["date_end"]) == (date(2024, 2, 1), date(2024, 2, 29))


def test_previous_and_next_rounds_are_counted_from_a_numbered_round(parse):
    text = (
        "EU and Indonesian negotiators concluded the fifth round of trade talks in Brussels on Friday. "
        "The previous round, held in Bali in March, had focused on tariffs on palm oil. "
        "The next round of talks is expected in Jakarta in November."
    )
    rows = by_number(rounds_with_dates(parse, text, date(2018, 7, 9)))
    assert sorted(rows) == [4, 5, 6]
    assert (rows[4]["status"], rows[4]["location"], rows[4]["date_start"]) == ("held", "Bali", date(2018, 3, 1))
    assert (rows[6]["status"], rows[6]["location"], rows[6]["date_start"]) == ("planned", "Jakarta", date(2018, 11, 1))
    assert rows[5]["parties"] == ["EUU", "IDN"]


def test_the_next_round_after_a_planned_round_is_that_round(parse):
    text = ("Canada will host the sixth round of NAFTA talks in Montreal next week, trade officials said. "
            "The next round is expected to focus on dairy tariffs and autos.")
    assert [row["round_number"] for row in rounds_with_dates(parse, text, date(2018, 1, 15))] == [6]


def test_a_next_round_without_any_numbered_round_or_outside_trade_talks_is_nothing(parse):
    assert rounds_with_dates(parse, "The next round of trade talks will be held in Ottawa in mid-June.", date(2025, 5, 20)) == []
    football = "The club reached the fourth round of the cup on Saturday and will face the champions in the next round."
    assert rounds_with_dates(parse, football, date(2025, 1, 6)) == []


def test_a_round_takes_the_date_of_talks_described_just_before(parse):
    text = (
        "Britain and India held technical talks on tariffs and services in London last week, officials said. "
        "Trade ministers in both countries said negotiators were making progress. "
        "Following the fifth round, the two sides said they hoped to close the deal by the end of the year."
    )
    (row,) = rounds_with_dates(parse, text, date(2024, 2, 20))
    assert (row["round_number"], row["status"]) == (5, "held")
    assert (row["date_start"], row["date_end"]) == (date(2024, 2, 12), date(2024, 2, 18))


def test_the_place_of_a_round_expected_to_be_held_somewhere(parse):
    text = ("India and the United States concluded round five of negotiations on a bilateral trade deal in Washington "
            "on Friday. The next round is expected to be held in New Delhi in August, officials said.")
    rows = by_number(rounds_with_dates(parse, text, date(2025, 7, 21)))
    assert (rows[6]["location"], rows[6]["status"], rows[6]["date_start"]) == ("New Delhi", "planned", date(2025, 8, 1))
    assert rows[5]["location"] == "Washington"
