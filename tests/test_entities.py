"""Entity stage: corrections to spaCy's NER in news text, doc-local resolution and roles."""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.context import DocContext
from pipeline.annotations import rows_of
from pipeline.entities import clean_person_name, extract_mentions
from pipeline.parse import mask_to_body


def mentions_of(parse, text, **kwargs):
    doc, ctx = parse(text, **kwargs)
    return rows_of(ctx, extract_mentions(doc, ctx))


def people(rows):
    return {(r["text"], r["name"]) for r in rows if r["label"] == "PERSON"}


def by_name(rows, name):
    return [r for r in rows if r["name"] == name]


# --- corrections to the small model's entities -------------------------------------------


def test_surname_tagged_org_or_gpe_joins_the_full_name(parse):
    rows = mentions_of(
        parse,
        "Akazawa met Commerce Secretary Howard Lutnick in Washington on Friday. "
        "Lutnick told reporters the talks had been useful, and Akazawa said he would return next week.",
    )
    assert ("Lutnick", "Howard Lutnick") in people(rows)
    assert all(r["label"] == "PERSON" for r in rows if r["text"] in ("Lutnick", "Akazawa"))


def test_lower_case_names_are_found_with_canonical_casing(parse):
    rows = mentions_of(
        parse,
        "The chief negotiator for Japan, Ryosei Akazawa, met with U.S. Commerce Secretary howard Lutnick on June 5. "
        "Akazawa pressed lutnick to reconsider existing tariffs.",
    )
    assert ("howard Lutnick", "Howard Lutnick") in people(rows)
    assert ("lutnick", "Howard Lutnick") in people(rows)


def test_lower_case_repeat_of_a_name_in_no_lexicon_is_found(parse):
    rows = mentions_of(
        parse,
        "Trade Minister Daniel Okonkwo arrived in Geneva on Monday for the talks. "
        "Officials close to daniel okonkwo said no deal was expected this week.",
    )
    assert ("daniel okonkwo", "Daniel Okonkwo") in people(rows)


def test_news_agency_is_an_organisation_not_a_place(parse):
    rows = mentions_of(parse, "A recent publication by Bloomberg highlights that Japan and the U.S. have begun a new phase of talks.")
    bloomberg = [r for r in rows if r["text"] == "Bloomberg"]
    assert [(r["label"], r["entity_id"].split("/")[1]) for r in bloomberg] == [("ORG", "org:bloomberg")]


def test_photo_credit_is_not_a_person(parse):
    rows = mentions_of(parse, "Toyota vehicles wait for export at Nagoya Port in Japan on April 29. (Toru Hanai/bloomberg)")
    assert not [r for r in rows if r["label"] == "PERSON"]


def test_department_word_of_a_title_is_not_an_organisation(parse):
    rows = mentions_of(parse, "The talks will involve Treasury Secretary Scott Bessent and Commerce Secretary Howard Lutnick.")
    assert not [r for r in rows if r["label"] == "ORG"]
    assert {r["name"] for r in rows} == {"Scott Bessent", "Howard Lutnick"}


def test_names_glued_into_an_organisation_are_split_out(parse):
    rows = mentions_of(
        parse,
        "The deal was struck after a meeting between Trump and European Commission President Ursula von der Leyen "
        "at his golf resort in Scotland.",
    )
    assert {"Donald Trump", "Ursula von der Leyen"} <= {r["name"] for r in rows if r["label"] == "PERSON"}
    assert not [r for r in rows if " and " in r["text"]]


def test_title_in_front_of_an_untagged_name_makes_a_person(parse):
    rows = mentions_of(parse, "City Councilmember Darnell Okafor finished second with 31 percent of the vote.")
    assert ("Darnell Okafor", "Darnell Okafor") in people(rows)


def test_title_swallowed_into_an_organisation_is_split_off_the_name(parse):
    rows = mentions_of(parse, "Celia Moorcroft led with 44 percent, while City Councilmember Darnell Okafor finished second.")
    assert "Darnell Okafor" in {r["text"] for r in rows if r["label"] == "PERSON"}
    assert not [r for r in rows if "Councilmember" in r["text"]]


def test_analyst_quoted_with_an_apposition_is_a_person(parse):
    rows = mentions_of(
        parse,
        '"Bringing the president into the room is a signal of priority, not of a result," said Marcus Hale, '
        "a senior economist at Westline Capital in Tokyo.",
    )
    assert ("Marcus Hale", "Marcus Hale") in people(rows)
    assert [r["label"] for r in rows if r["text"] == "Westline Capital"] == ["ORG"]


def test_capitalised_common_word_at_sentence_start_is_not_a_person(parse):
    rows = mentions_of(
        parse,
        "Japan has offered to buy more US farm goods. Rice is the most sensitive item, and rice prices have nearly doubled.",
    )
    assert not [r for r in rows if r["label"] == "PERSON"]


# --- countries -------------------------------------------------------------------------


def test_country_names_demonyms_and_capitals_resolve_to_the_country(parse):
    rows = mentions_of(
        parse,
        "Japanese officials said Tokyo would not accept the terms, while Beijing warned Washington against new "
        "curbs and the U.S. said America would respond.",
    )
    countries = {r["text"]: r["entity_id"].split("/")[1] for r in rows if r["entity_id"].split("/")[1].startswith("country:")}
    assert countries["Japanese"] == countries["Tokyo"] == "country:japan"
    assert countries["Beijing"] == "country:china"
    assert countries["Washington"] == countries["U.S."] == "country:united-states"
    assert {r["country"] for r in rows if r["text"] in ("Japanese", "Tokyo")} == {"JPN"}


def test_outlet_initials_are_not_a_country_code(parse):
    rows = mentions_of(parse, "Akazawa told GTM that the talks with Washington would continue.")
    assert all(r["country"] != "GTM" for r in rows)


# --- doc-local resolution --------------------------------------------------------------


def test_bare_surname_joins_the_one_full_name_in_the_document(parse):
    rows = mentions_of(
        parse,
        "Japan's chief negotiator, Ryosei Akazawa, arrived in Washington on Thursday. "
        "Akazawa is expected to stay for three days.",
    )
    akazawa = by_name(rows, "Ryosei Akazawa")
    assert len(akazawa) == 2 and len({r["entity_id"] for r in akazawa}) == 1


def test_family_name_first_joins_the_full_name(parse):
    rows = mentions_of(
        parse,
        "President Lee Jae-myung welcomed the agreement on Thursday. Lee said the deal removed uncertainty for exporters.",
    )
    assert ("Lee", "Lee Jae-myung") in people(rows)


def test_a_surname_shared_by_two_people_is_not_guessed(parse):
    rows = mentions_of(
        parse,
        "Presidential policy chief Kim Yong-beom and Industry Minister Kim Jung-kwan flew to Washington. "
        "Kim said the talks were difficult.",
    )
    assert ("Kim", "Kim") in people(rows)


def test_entity_ids_are_doc_local_and_stable(parse):
    text = "Treasury Secretary Scott Bessent said on Monday that Bessent would travel to Geneva."
    first = mentions_of(parse, text, doc_id="a1")
    second = mentions_of(parse, text, doc_id="a1")
    assert [r["entity_id"] for r in first] == [r["entity_id"] for r in second]
    assert all(r["entity_id"].startswith("a1/") for r in first)
    assert len({r["mention_id"] for r in first}) == len(first)


# --- roles -----------------------------------------------------------------------------


def test_role_from_title_before_the_name_with_country(parse):
    rows = mentions_of(parse, "U.S. Treasury Secretary Scott Bessent said the talks in Geneva had been productive.")
    (bessent,) = by_name(rows, "Scott Bessent")
    assert bessent["roles"] == ["Treasury Secretary"] and bessent["country"] == "USA"


def test_role_from_apposition_and_relative_clause_for_an_unknown_person(parse):
    rows = mentions_of(
        parse,
        "Japan's chief negotiator, Kenji Morimoto, met Lutnick on Friday. "
        "Morimoto, who is also economic revitalisation minister, said more talks were needed.",
    )
    morimoto = by_name(rows, "Kenji Morimoto")
    assert len(morimoto) == 2
    assert morimoto[0]["roles"] == ["Chief Trade Negotiator", "Economic Revitalization Minister"]
    assert morimoto[0]["country"] == "JPN"


def test_role_variants_normalise_to_one_role(parse):
    rows = mentions_of(
        parse,
        "Secretary of the Treasury Janet Yellen spoke first. Later, Treasury chief Yellen met reporters.",
    )
    assert {tuple(r["roles"]) for r in by_name(rows, "Janet Yellen")} == {("Treasury Secretary",)}


def test_title_of_the_next_person_is_not_taken_by_the_previous_one(parse):
    rows = mentions_of(
        parse,
        "Finance Minister Koo Yun-cheol, Industry Minister Kim Jung-kwan and Trade Minister Yeo Han-koo led the delegation.",
    )
    assert by_name(rows, "Koo Yun-cheol")[0]["roles"] == ["Finance Minister"]
    assert by_name(rows, "Kim Jung-kwan")[0]["roles"] == ["Industry Minister"]


# --- boilerplate and offsets -----------------------------------------------------------


def test_nothing_is_extracted_outside_the_body(nlp):
    body = "Treasury Secretary Scott Bessent met Chinese Vice Premier He Lifeng in Geneva."
    tail = "\nRelated articles\nLutnick says Japan deal is close\n"
    text = body + tail
    ctx = DocContext(doc_id="b1", source="b1.txt", text=text, body_spans=((0, len(body)),))
    rows = rows_of(ctx, extract_mentions(nlp(mask_to_body(text, ctx.body_spans)), ctx))
    assert rows and all(r["end"] <= len(body) for r in rows)
    assert "Howard Lutnick" not in {r["name"] for r in rows}


NAME = st.text(alphabet=string.ascii_lowercase, min_size=3, max_size=9).map(str.title)
FILLER = st.sampled_from(
    ["Japan and the U.S. held talks.", "Tokyo said on Monday.", "Officials met in Geneva.", "Beijing responded."]
)


@settings(max_examples=25, deadline=None)
@given(first=NAME, last=NAME, filler=FILLER)
def test_every_mention_points_at_its_text(parse, first, last, filler):
    text = f"Trade Minister {first} {last} met Commerce Secretary Howard Lutnick. {filler} {last} said talks would go on."
    doc, ctx = parse(text)
    for row in rows_of(ctx, extract_mentions(doc, ctx)):
        assert ctx.text[row["start"] : row["end"]] == row["text"]
        assert row["label"] in ("PERSON", "ORG", "GPE", "NORP")


@given(st.lists(st.text(alphabet=string.ascii_letters + "'’", min_size=1, max_size=8), min_size=1, max_size=4))
def test_clean_person_name_is_idempotent(words):
    once = clean_person_name(" ".join(words))
    assert clean_person_name(once) == once


# --- places, parties and names NER calls organisations ---------------------------------


def test_capital_is_the_government_unless_it_is_where_something_happens(parse):
    rows = mentions_of(
        parse,
        "Officials from both sides met in London on Monday, and Beijing said the London framework would hold. "
        "Seoul wants lower tariffs, and its trade minister will travel to Washington next week.",
    )
    kinds = {r["text"]: r["entity_id"].split("/")[1].split(":")[0] for r in rows}
    assert kinds["London"] == "place"
    assert kinds["Beijing"] == kinds["Seoul"] == "country"
    assert kinds["Washington"] == "place"
    assert {r["country"] for r in rows if r["text"] == "London"} == {"GBR"}


def test_dateline_city_in_capitals_is_the_place(parse):
    rows = mentions_of(parse, "LONDON - Negotiators from the United States and China agreed on a framework on Tuesday.")
    assert [r["entity_id"].split("/")[1] for r in rows if r["text"] == "LONDON"] == ["place:london"]


def test_continent_is_not_a_country(parse):
    rows = mentions_of(parse, "Sales in North America rose 12 per cent, the company said.")
    assert "USA" not in {r["country"] for r in rows}


def test_name_starting_with_a_common_given_name_is_a_person_not_an_organisation(parse):
    rows = mentions_of(
        parse,
        "Harbourside won their fourth match in a row since Tomasz Kolar took charge. "
        "Reece Anand opened the scoring, turning in Liam Costa's low cross.",
    )
    assert {"Tomasz Kolar", "Reece Anand", "Liam Costa"} <= {r["name"] for r in rows if r["label"] == "PERSON"}
    assert [r["text"] for r in rows if r["name"] == "Liam Costa"] == ["Liam Costa"]


def test_firm_named_after_a_person_stays_an_organisation(parse):
    rows = mentions_of(parse, "Analysts at Sakuragawa Securities said the benefit would show up in the third quarter.")
    assert not [r for r in rows if r["label"] == "PERSON"]


def test_one_word_person_after_a_place_preposition_is_a_place(parse):
    rows = mentions_of(parse, "The two leaders shook hands after their meeting at Turnberry on Sunday.")
    assert not [r for r in rows if r["label"] == "PERSON"]


def test_political_party_is_an_organisation(parse):
    rows = mentions_of(parse, "The Liberal Democratic Party and its coalition partner Komeito lost their majority.")
    assert {r["text"]: r["label"] for r in rows}.get("Komeito") == "ORG"


def test_title_words_inside_a_person_span_are_a_role_not_part_of_the_name(nlp):
    text = "Prime Minister Shigeru Ishiba said on Wednesday that the deal was the best available."
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name == "trade_entity_fixes":
            doc.ents = [doc.char_span(0, len("Prime Minister Shigeru Ishiba"), label="PERSON")]
        doc = component(doc)
    ctx = DocContext(doc_id="p1", source="p1.txt", text=text, body_spans=((0, len(text)),))
    rows = rows_of(ctx, extract_mentions(doc, ctx))
    assert [(r["text"], r["roles"]) for r in rows if r["label"] == "PERSON"] == [("Shigeru Ishiba", ["Prime Minister"])]


def test_dateline_is_cut_at_the_dash_and_read_as_a_place(parse):
    rows = mentions_of(
        parse,
        "NEW DELHI - Commerce Minister Piyush Goyal said India and the United States were close to an interim deal.",
    )
    assert ("NEW DELHI", "GPE") in {(r["text"], r["label"]) for r in rows}
    assert ("Piyush Goyal", "Piyush Goyal") in people(rows)


def test_capitalised_dateline_tagged_as_organisation_is_the_city(parse):
    rows = mentions_of(parse, "OTTAWA (AP) - Canadian Prime Minister Mark Carney said Ottawa would keep its tariffs.")
    assert [(r["label"], r["entity_id"].split("/")[1]) for r in rows if r["text"] == "OTTAWA"] == [("GPE", "place:ottawa")]


def test_bank_named_like_a_person_is_an_organisation(parse):
    rows = mentions_of(parse, "Analyst Gabriela Siller of Banco Base said the peso rallied after the announcement.")
    assert ("Gabriela Siller", "Gabriela Siller") in people(rows)
    assert "Banco Base" not in {r["text"] for r in rows if r["label"] == "PERSON"}


def test_company_before_a_title_stays_an_organisation(parse):
    rows = mentions_of(parse, "Toyota chief executive Koji Sato said the company would hold its US prices for now.")
    assert "Toyota" in {r["text"] for r in rows if r["label"] == "ORG"}


def test_month_is_not_taken_for_a_first_name_found_in_the_document(parse):
    rows = mentions_of(
        parse,
        "Former Prime Minister Theresa May said on Tuesday that the deal was sound. Talks resume on May 5 in London.",
    )
    assert [r["text"] for r in rows if r["label"] == "PERSON"] == ["Theresa May"]


def test_surname_of_a_name_with_an_initial_or_apostrophe_joins_it(parse):
    rows = mentions_of(
        parse,
        "Trade envoy Sean O'Brien met his counterparts in Ottawa on Monday. O'Brien said progress had been made.",
    )
    assert ("O'Brien", "Sean O'Brien") in people(rows)


def test_function_word_at_the_start_of_a_name_is_kept(parse):
    rows = mentions_of(
        parse,
        "Trump made the announcement after a telephone call with To Lam, general secretary of the Communist Party of Vietnam.",
    )
    assert ("To Lam", "To Lam") in people(rows)
    assert by_name(rows, "To Lam")[0]["roles"] == ["General Secretary"]


# --- held-out styles: wire copy, live blogs, aggregator copy -----------------------------


def test_surname_with_a_particle_joins_the_full_name(parse):
    rows = mentions_of(
        parse,
        "Vice President Carmen de Olivares said the duties were unfair. "
        "De Olivares told reporters the government would appeal to the WTO.",
    )
    assert ("De Olivares", "Carmen de Olivares") in people(rows)
    assert len({r["entity_id"] for r in by_name(rows, "Carmen de Olivares")}) == 1


def test_surname_with_inner_capital_tagged_organisation_joins_the_full_name(parse):
    rows = mentions_of(
        parse,
        "Trade Minister Fergus McAllister said the levy would stay. McAllister added that talks would resume in June.",
    )
    assert ("McAllister", "Fergus McAllister") in people(rows)


def test_name_spelt_with_other_accents_is_the_lexicon_person(parse):
    rows = mentions_of(parse, "10:42 GMT - Sefcović says the EU retaliation list is ready.")
    assert ("Sefcović", "Maroš Šefčovič") in people(rows)
    assert not [r for r in rows if "GMT" in r["text"]]


def test_time_stamp_glued_to_an_organisation_is_cut_off(parse):
    rows = mentions_of(parse, "09:15 BST - The Department for Business and Trade said the UK would not retaliate.")
    assert [r["text"] for r in rows if r["label"] == "ORG"] == ["The Department for Business and Trade"]


def test_lower_case_country_tagged_as_person_is_the_country(parse):
    rows = mentions_of(parse, "trade chief maros sefcovic said the eu was ready to retaliate against the duties.")
    (eu,) = [r for r in rows if r["text"] == "eu"]
    assert (eu["label"], eu["country"]) == ("GPE", "EUU")


def test_one_word_without_any_sign_of_a_person_is_not_a_person(parse):
    rows = mentions_of(parse, "Turnout was low at the union's meeting on the steel tariffs. Shares of steelmakers rose.")
    assert not [r for r in rows if r["label"] == "PERSON"]


def test_untagged_surname_that_speaks_is_a_person(parse):
    rows = mentions_of(parse, "Okafor said the duties would hurt cocoa farmers in the south.")
    assert ("Okafor", "Okafor") in people(rows)


def test_firm_where_analysts_work_is_an_organisation(parse):
    rows = mentions_of(parse, "Analysts at Goldman Sachs said steel prices would climb after the duties.")
    assert [(r["text"], r["label"]) for r in rows] == [("Goldman Sachs", "ORG")]


def test_ministry_written_three_ways_is_one_body_of_its_country(parse):
    rows = mentions_of(
        parse,
        "China's commerce ministry said on Friday it would open an anti-dumping probe into brandy from the EU. "
        "The Commerce Ministry said the investigation would last a year, and the Ministry of Commerce "
        "would hold hearings.",
    )
    ministry = [r for r in rows if r["label"] == "ORG"]
    assert len(ministry) == 3
    assert {(r["entity_id"], r["country"]) for r in ministry} == {("t1/org:chinese-ministry-of-commerce", "CHN")}


def test_lower_case_ministry_gets_the_country_in_front_of_it(parse):
    rows = mentions_of(
        parse,
        "Malaysia's trade ministry said palm oil exports fell. A spokesman for Indonesia's trade ministry "
        "said Jakarta was also hit. The Trade Ministry in Kuala Lumpur declined to comment.",
    )
    orgs = [(r["text"], r["entity_id"].split("/")[1], r["country"]) for r in rows if r["label"] == "ORG"]
    assert orgs[:2] == [
        ("trade ministry", "org:ministry-of-trade-mys", "MYS"),
        ("trade ministry", "org:ministry-of-trade-idn", "IDN"),
    ]
    assert orgs[2][2] is None


def test_minister_of_x_title_is_the_x_minister_role(parse):
    rows = mentions_of(parse, "Canada's Minister of International Trade Mary Ng said Ottawa would challenge the duties.")
    (ng,) = by_name(rows, "Mary Ng")
    assert (ng["roles"], ng["country"]) == (["Trade Minister"], "CAN")


def test_two_koreans_named_lee_stay_apart_by_full_name(parse):
    rows = mentions_of(
        parse,
        "SEOUL, July 20 (Yonhap) - President Lee Jae-myung met business leaders on Sunday. "
        "Lee Jae-myung told them that Lee Jae-yong, the Samsung chairman, would join the delegation.",
    )
    assert {r["name"] for r in rows if r["label"] == "PERSON"} == {"Lee Jae-myung", "Lee Jae-yong"}
    assert "Chairman" in by_name(rows, "Lee Jae-yong")[0]["roles"]


def test_country_named_organisation_that_is_no_government_body_keeps_its_name(parse):
    rows = mentions_of(parse, "Gareth Stace, director general of UK Steel, said the quota would not protect producers.")
    assert [(r["text"], r["entity_id"].split("/")[1], r["country"]) for r in rows if r["label"] == "ORG"] == [
        ("UK Steel", "org:uk-steel", None)
    ]


def test_adjective_ministry_keeps_its_word_order_and_its_country(parse):
    rows = mentions_of(parse, "India's foreign ministry said the talks with Washington had been constructive.")
    (ministry,) = [r for r in rows if r["label"] == "ORG"]
    assert (ministry["name"], ministry["country"]) == ("Foreign Ministry", "IND")
