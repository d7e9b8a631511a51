"""HTML pages: visible text, body spans over exactly the article paragraphs, title, outlet and date."""

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import htmlpage
from pipeline.clean import CleanDocument, clean_document
from pipeline.ingest import RawDocument, read_inputs

INPUTS = Path(__file__).parent / "data" / "inputs"


def page(name: str) -> CleanDocument:
    html = (INPUTS / name).read_text(encoding="utf-8")
    return clean_document(RawDocument(source=name, content=html, is_html=True))


def body_of(clean: CleanDocument) -> str:
    return "\n".join(clean.text[s:e] for s, e in clean.body_spans)


PAGES = {
    "mexico_tomatoes.html": dict(
        title="US slaps 17% anti-dumping duty on Mexican tomatoes",
        outlet="Meridian Wire",
        published=date(2025, 7, 14),
        body=[
            "WASHINGTON, July 14 (Meridian) – The United States on Monday imposed a 17.09% anti-dumping duty",
            "“This is a tax on every American salad,” said Juan Carlos Ruiz",
            "from unfairly priced imports.",
            "expected talks to resume in August.",
        ],
        clutter=["cookies", "Read more", "Advertisement", "Related stories", "Culiacán", "Laura Quintero",
                 "Mexico peso slips", "All rights reserved", "Contact us"],
    ),
    "eu_ev.html": dict(
        title="EU confirms duties of up to 35.3% on Chinese electric cars",
        outlet="The Continental Ledger",
        published=date(2024, 10, 29),
        body=[
            "confirmed countervailing duties of up to 35.3 per cent",
            "The duties will take effect on Wednesday and last for five years.",
            "would continue, said Trade Commissioner Valdis Dombrovskis.",
        ],
        clutter=["newsletter", "Comments (12)", "Finally Brussels", "Subscribe", "Pieter van Damme", "Copyright"],
    ),
    "canada_live.html": dict(
        title="Live: Canada hits back with 25% tariffs on US goods",
        outlet="Northern Daily",
        published=date(2025, 3, 4),
        body=[
            "put a 25 per cent surcharge on electricity",
            "will impose 25 per cent tariffs on C$30 billion worth of American goods",
            "we will not back down from a fight",
            "took effect at 12:01 a.m. Eastern time.",
        ],
        clutter=["2:32 p.m.", "11:10 a.m.", "More from Northern Daily", "grocery bill", "Loonie"],
    ),
    "india_uk_blog.html": dict(
        title="India–UK trade deal: what it means for Scotch whisky & cars",
        outlet="Policy & Markets Blog",
        published=date(2025, 5, 7),
        body=[
            "India will halve its 150% tariff on Scotch whisky to 75%",
            "Tariffs on British cars will fall from more than 100% to 10% under a quota, while",
            "‘catalyse trade, investment, growth’.",
        ],
        clutter=["Share this", "Twitter", "resume FTA talks", "thoughts on", "Great summary", "Leave a Reply",
                 "WordPress", "Posted on"],
    ),
    "korea_steel.html": dict(
        title="Korea accepts steel quota to win exemption from U.S. tariffs",
        outlet=None,
        published=date(2018, 3, 26),
        body=[
            "South Korea agreed to cap its steel exports to the United States at 70 percent",
            "extend the U.S. 25 percent tariff on Korean pickup trucks by 20 years until 2041.",
            '"We avoided the worst outcome," Kim told a press briefing in Seoul.',
        ],
        clutter=["HOME > ECONOMY", "Posted : 2018-03-26", "Most Read", "Samsung", "Copyright"],
    ),
    "brazil_wrapped.html": dict(
        title="Brazil raises import tax on steel to 25%",
        outlet="Sao Paulo Business Review",
        published=date(2024, 5, 23),
        body=[
            "Brazil’s foreign trade chamber, Gecex, approved on Thursday a quota system that raises the import "
            "tax on 11 steel products to 25 percent once imports exceed the average volume of the past three years.",
            "cheap Chinese steel, whose shipments to Brazil rose 50% last year, according to the steelmakers’ "
            "association Aço Brasil.",
            'would "monitor prices closely" and could extend the list of products.',
        ],
        clutter=["Home"],
    ),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_body_spans_cover_the_article_paragraphs_and_no_page_clutter(name):
    expected, clean = PAGES[name], page(name)
    body = body_of(clean)
    for paragraph in expected["body"]:
        assert paragraph in body
    for clutter in expected["clutter"]:
        assert clutter not in body
    assert expected["title"] not in body


@pytest.mark.parametrize("name", sorted(PAGES))
def test_title_outlet_and_published_date_come_from_the_page(name):
    expected, clean = PAGES[name], page(name)
    assert (clean.title, clean.outlet) == (expected["title"], expected["outlet"])
    assert (clean.published_date, clean.published_date_method) == (expected["published"], "metadata")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_text_keeps_the_visible_page_and_drops_scripts(name):
    clean = page(name)
    assert "<" not in clean.text.replace("< ", "") and "{" not in clean.text
    assert "&nbsp;" not in clean.text and "&amp;" not in clean.text and "\u00ad" not in clean.text
    for clutter in PAGES[name]["clutter"]:
        assert clutter in clean.text


def test_paragraph_wrapped_in_the_html_source_is_one_line_of_text():
    text = htmlpage.visible_text(
        "<html><body><p>Canada will impose\n   25 per cent tariffs on\n   U.S. steel.</p></body></html>"
    )
    assert text == "Canada will impose 25 per cent tariffs on U.S. steel."


def test_inline_time_and_byline_are_not_glued_together():
    text = htmlpage.visible_text(
        '<html><body><div><span>Pieter van Damme in Brussels</span><time datetime="2024-10-29">'
        "29 October 2024</time></div></body></html>"
    )
    assert text == "Pieter van Damme in Brussels 29 October 2024"


def test_preformatted_text_keeps_its_line_breaks():
    text = htmlpage.visible_text("<html><body><pre>Rate  2024\nSteel 25%</pre></body></html>")
    assert text == "Rate 2024\nSteel 25%"


def test_line_with_straight_quotes_is_found_in_text_with_curly_quotes_and_odd_spaces():
    text = "Menu\nMexico\u2019s minister said the duty was \u201cunjustified\u201d \u2014 and  would be\u00a0fought.\nFooter"
    line = "Mexico's minister said the duty was \"unjustified\" - and would be fought."
    [(start, end)] = htmlpage.locate_lines(text, [line])
    assert text[start:end] == text.split("\n")[1]


def test_lines_that_are_nowhere_in_the_text_are_dropped():
    assert htmlpage.locate_lines("Tariffs rose to 25%.", ["Tariffs fell to 10%."]) == []


def test_byline_stamp_in_extracted_text_is_left_out_of_the_body():
    clean = page("korea_steel.html")
    assert all("Posted" not in clean.text[s:e] for s, e in clean.body_spans)


QUOTE_VARIANTS = {"'": "\u2019", '"': "\u201d", "-": "\u2013", " ": "\u00a0"}
WORDS = st.lists(
    st.sampled_from(["tariff", "25%", "steel", "Canada's", '"fair"', "-", "duty", "U.S.", "on", "imports"]),
    min_size=3,
    max_size=12,
)


@given(st.lists(WORDS, min_size=1, max_size=6), st.data())
def test_every_paragraph_is_located_however_its_quotes_dashes_and_spaces_are_written(paragraphs, data):
    lines = [" ".join(words) for words in paragraphs]
    fancy = [
        "".join(QUOTE_VARIANTS[c] if c in QUOTE_VARIANTS and data.draw(st.booleans()) else c for c in line)
        for line in lines
    ]
    text = "Home | News\n" + "\n".join(fancy) + "\nRelated articles"
    spans = htmlpage.locate_lines(text, lines)
    assert len(spans) == len(lines)
    for start, end in spans:
        assert htmlpage.normalise(text[start:end])[0] in {htmlpage.normalise(line)[0] for line in lines}


def test_jsonl_record_with_html_gets_body_title_and_date(tmp_path):
    html = (INPUTS / "eu_ev.html").read_text(encoding="utf-8")
    (tmp_path / "batch.jsonl").write_text(json.dumps({"id": "ev-1", "html": html}) + "\n", encoding="utf-8")
    [raw] = [d for d in read_inputs(tmp_path) if isinstance(d, RawDocument)]
    clean = clean_document(raw)
    assert raw.is_html and clean.source == "ev-1"
    assert clean.published_date == date(2024, 10, 29)
    assert "The duties will take effect on Wednesday" in body_of(clean)
    assert "Finally Brussels" not in body_of(clean)
