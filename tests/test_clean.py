"""Clean: body detection on the real seed and corpus texts, headline, outlet and publication date."""

import json
import textwrap
from datetime import date
from pathlib import Path

import pytest

from pipeline.clean import CleanDocument, clean_document
from pipeline.ingest import RawDocument, read_inputs

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus"  # read in place, never copied into the repo
INPUTS = ROOT / "tests" / "data" / "inputs"


def raw_document(folder: Path, name: str) -> RawDocument:
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (the shared development texts are read in place)")
    return next(d for d in read_inputs(folder) if isinstance(d, RawDocument) and d.source == name)


def cleaned(folder: Path, name: str) -> CleanDocument:
    return clean_document(raw_document(folder, name))


def without_metadata(folder: Path, name: str, reference_date: date | None = None) -> CleanDocument:
    raw = raw_document(folder, name)
    return clean_document(RawDocument(raw.source, raw.content), reference_date)


def line_offset(doc: CleanDocument, line_start: str) -> int:
    """Offset of the line that begins with `line_start` (the first such line)."""
    for offset in [0] + [i + 1 for i, ch in enumerate(doc.text) if ch == "\n"]:
        if doc.text[offset:].lstrip(" \t").startswith(line_start):
            return offset + len(doc.text[offset:]) - len(doc.text[offset:].lstrip(" \t"))
    raise AssertionError(f"no line starts with {line_start!r}")


def in_body(doc: CleanDocument, line_start: str) -> bool:
    offset = line_offset(doc, line_start)
    return any(start <= offset < end for start, end in doc.body_spans)


def body_lines(doc: CleanDocument) -> list[str]:
    return [line.strip() for s, e in doc.body_spans for line in doc.text[s:e].split("\n") if line.strip()]


# --- body detection on real texts --------------------------------------------------

BODY_AND_CLUTTER = [
    (
        SEEDS, "000_60d85530f4d83fef.txt",
        ["In a strategic move, Japan is set", "Leading the charge for Japan, chief tariff negotiator"],
        ["(With inputs from agencies.)", "ALSO READ", "President Trump's Crucial Decision", "Trump's Tax Bill Sparks"],
    ),
    (
        SEEDS, "001_558ead1dc8722afa.txt",
        ["A recent publication by Bloomberg", "This isn’t just about current negotiations"],
        ["Toyota vehicles ready for export at Nagoya Port", "Citing data from", "Content Original Link:", '" target='],
    ),
    (
        SEEDS, "002_5b9e19a695a3384e.txt",
        ["As the global trade landscape becomes", "Tokyo is diligently preparing"],
        [
            "Your current location is:", "{Current column}4People", "IntroductionAs the global trade",
            "The market carries risks", "Tags:", "Related articles", "Read moreU.S. consumers",
            "Popular Articles", "- Germany's coalition", "Latest articles", "Canada’s trade deficit rose",
        ],
    ),
    (
        SEEDS, "003_069786c69c8149c5.txt",
        ["Japan’s top trade negotiator, Ryosei Akazawa", "Japan was the first major economy"],
        ["HomeJapanJapan to seek", "Read more- Standard Chartered", "- Advertisement -", "RELATED ARTICLES", "Most Popular"],
    ),
    (
        SEEDS, "004_58ac34da5cc07691.txt",
        ["Japan's top tariff negotiator is arranging", "The package includes joint supply chain"],
        [
            "KYODO NEWS - 4 hours ago", "Related coverage:", "Japan, EU eye launch", "Comments",
            "No comments yet", "TOKYO -- Japanese energy importer JERA", "KYODO NEWS - 8 hours ago",
            "TOKYO -- Share buybacks announced", "33 minutes ago",
        ],
    ),
    (
        CORPUS, "001.txt",
        ["WASHINGTON — Japan opened formal tariff", "Tokyo stocks edged higher on Thursday"],
        [
            "Home > Business > Trade", "By Ellen Marsh | Harbor Business Daily", "April 17, 2025, 7:12 AM EDT",
            "Japan's economic revitalization minister Ryosei", "ADVERTISEMENT", "- Markets whipsaw",
            "Get the Harbor Trade Brief", "© 2025 Harbor Business Daily",
        ],
    ),
    (
        CORPUS, "006.txt",
        ["Economic revitalization minister Ryosei Akazawa held", "Domestic politics are adding"],
        [
            "Share: X | Facebook", "Ryosei Akazawa answers questions", "The article continues below",
            "Premium members only", "1. Koizumi orders release", "Tags: Japan-US relations",
            "© Kanto Business Journal",
        ],
    ),
    (
        CORPUS, "007.txt",
        ["GENEVA, May 12 (Pacific Trade Wire)", "The truce is scheduled to run until Aug. 12"],
        [
            "We use cookies", "LAKESIDE COURIER ONLINE", "From wire reports", "Listen to this article",
            "(Reporting by Mireille Dufaux", "Read more: Stocks surge", "This story was originally published",
            "TRENDING NOW", "3. High school robotics team", "This one trick could cut",
            "COMMENTS (23)", "145 to 30 in one weekend", "So we're back to roughly", "Load more comments",
            "Lakeside Courier Online | About",
        ],
    ),
    (
        CORPUS, "010.txt",
        ["Japan's chief tariff negotiator Ryosei Akazawa wrapped up", "Japanese officials told GTM"],
        [
            "Posted 14 Jun 2025", "[image] commerce secretary", "Import duties eating your margins",
            ">> READ ALSO", "» Akazawa, Lutnik meet", "Round 6 and still nothing",
            "every week since april", "This site uses cookies",
        ],
    ),
    (
        CORPUS, "014.txt",
        ["NEW DELHI, July 19 (IMH)", "The US wants lower Indian duties", "The US is India's largest trading partner"],
        ["Home | Economy | Markets", "Also read: Sensex, Nifty", "Also read: Rupee ends flat", "Follow IMH on WhatsApp", "Disclaimer: IMH"],
    ),
    (
        CORPUS, "016.txt",
        ["The European Union and the United States agreed", "• Steel and aluminium stay at 50 per cent", "\"For the car industry"],
        ["By Helena Frost", "Trump and von der Leyen shake hands", "Read more: Carmakers weigh", "Japan's 15 per cent deal sets", "Topics: European Union"],
    ),
    (
        CORPUS, "018.txt",
        ["STOCKHOLM, July 29 (Tradewinds Digest)", "The talks began a day after Trump"],
        [
            "[Sponsored] Ship smarter", "Source: Tradewinds Digest wire desk", "Share 0 | Tweet",
            "This article was automatically aggregated", "Copper tumbles as Trump spares", "< Previous article",
        ],
    ),
    (
        CORPUS, "020.txt",
        ["• Canada's tariff on goods outside the USMCA", "The new schedule sets 15% for the EU"],
        ["LIVE UPDATES", "Last updated Aug 1, 2025", "1. Copper's record crash", "Cookie settings | Privacy"],
    ),
]


@pytest.mark.parametrize(
    ("folder", "name", "body", "clutter"), BODY_AND_CLUTTER, ids=[case[1] for case in BODY_AND_CLUTTER]
)
def test_body_keeps_article_paragraphs_and_leaves_out_page_clutter(folder, name, body, clutter):
    doc = cleaned(folder, name)
    assert [line for line in body if not in_body(doc, line)] == []
    assert [line for line in clutter if in_body(doc, line)] == []


def test_headline_is_not_part_of_the_body():
    doc = cleaned(CORPUS, "009.txt")
    assert not in_body(doc, "US and China agree framework in London")
    assert in_body(doc, "LONDON — Negotiators from the United States")


def test_republished_wire_story_has_the_same_body_as_the_original():
    assert body_lines(cleaned(CORPUS, "007.txt")) == body_lines(cleaned(CORPUS, "002.txt"))


def test_body_spans_are_sorted_disjoint_and_trimmed():
    for folder in (SEEDS, CORPUS):
        for raw in read_inputs(folder):
            doc = clean_document(raw)
            assert doc.body_spans, raw.source
            for (start, end), (next_start, _) in zip(doc.body_spans, doc.body_spans[1:]):
                assert end < next_start
            for start, end in doc.body_spans:
                assert doc.text[start:end] == doc.text[start:end].strip()


def test_text_is_kept_exactly_so_offsets_point_into_the_source():
    for raw in read_inputs(CORPUS):
        assert clean_document(raw).text == raw.content


def test_a_short_body_sentence_about_cookies_is_not_taken_for_a_cookie_banner():
    text = (
        "Biscuit makers warn of higher prices\n\n"
        "Exports of biscuits and cookies to the United States fell 12% in May after the new tariffs took effect.\n"
    )
    doc = clean_document(RawDocument("biscuits.txt", text))
    assert in_body(doc, "Exports of biscuits and cookies")


# --- headline and outlet -----------------------------------------------------------


@pytest.mark.parametrize(
    "name", sorted(p.name for p in CORPUS.glob("*.txt")), ids=lambda name: name
)
def test_headline_is_found_in_the_text_when_metadata_has_none(name):
    expected = json.loads((CORPUS / name).with_suffix(".json").read_text(encoding="utf-8"))["title"]
    found = without_metadata(CORPUS, name).title
    assert found is not None and found.casefold() == expected.casefold()


def test_seed_headlines_come_from_the_text():
    assert cleaned(SEEDS, "002_5b9e19a695a3384e.txt").title == "Japan and the United States are expediting tariff negotiations."
    assert cleaned(SEEDS, "003_069786c69c8149c5.txt").title == "Japan to seek 3rd round of trade talks next week: sources"


def test_metadata_title_and_outlet_win_over_the_text():
    doc = cleaned(CORPUS, "007.txt")
    assert doc.title == "US, China agree to slash tariffs for 90 days after Geneva talks"
    assert doc.outlet == "Lakeside Courier Online"


@pytest.mark.parametrize(
    ("first_lines", "outlet"),
    [
        ("KYODO NEWS - 4 hours ago - 13:30 | All, Japan\n", "Kyodo News"),
        ("TOKYO, May 15 (Reuters) - ", "Reuters"),
        ("GENEVA, May 12 (Pacific Trade Wire) - ", "Pacific Trade Wire"),
        ("WASHINGTON (Continental Wire Service) — ", "Continental Wire Service"),
        ("(Bloomberg) -- ", "Bloomberg"),
    ],
    ids=["byline", "known-wire-dateline", "dateline", "dateline-without-date", "agency-without-place"],
)
def test_outlet_from_byline_or_dateline(first_lines, outlet):
    text = (
        "Japan seeks relief from car tariffs in fifth round of talks\n\n"
        + first_lines
        + "Japan's top trade negotiator will travel to Washington this week for a fifth round of talks "
        "on the tariffs imposed by the United States, a government source said on Monday.\n"
    )
    doc = clean_document(RawDocument("talks.txt", text))
    assert doc.outlet == outlet
    assert doc.title == "Japan seeks relief from car tariffs in fifth round of talks"


def test_outlet_from_masthead_above_the_headline():
    assert without_metadata(CORPUS, "010.txt").outlet == "Global Tariff Monitor"
    assert without_metadata(CORPUS, "023.txt").outlet == "The Morning Commerce Record"
    assert without_metadata(CORPUS, "013.txt").outlet == "Mekong Commerce Bulletin"


def test_no_outlet_is_invented_from_navigation():
    assert without_metadata(CORPUS, "001.txt").outlet is None
    assert without_metadata(CORPUS, "016.txt").outlet is None


def test_html_page_body_title_outlet_and_date():
    doc = cleaned(INPUTS, "geneva_truce.html")
    assert doc.title == "US and China agree to cut tariffs after Geneva talks"
    assert doc.outlet == "Harbour Trade Daily"
    assert (doc.published_date, doc.published_date_method) == (date(2025, 5, 12), "metadata")
    assert in_body(doc, "The United States and China agreed on Monday")
    assert in_body(doc, "Markets rallied on the news")
    for clutter in ("Home | World", "Related articles", "Dollar gains as trade fears ease", "© 2025 Harbour"):
        assert not in_body(doc, clutter), clutter
    assert "window.dataLayer" not in doc.text


# --- publication date --------------------------------------------------------------------------

ARTICLE = (
    "The United States and China agreed on Monday to roll back most of the tariffs they imposed on "
    "each other last month, announcing a 90-day truce after two days of talks.\n"
)


def dated(header: str, published: str | None = None, reference: date | None = None) -> CleanDocument:
    raw = RawDocument("truce.txt", "US and China agree 90-day truce\n\n" + header + ARTICLE, published=published)
    return clean_document(raw, reference)


def test_published_date_from_metadata_comes_first():
    doc = dated("Tuesday, May 13, 2025\n\n", published="2025-05-12", reference=date(2025, 6, 1))
    assert (doc.published_date, doc.published_date_method) == (date(2025, 5, 12), "metadata")


def test_published_date_from_a_written_metadata_value():
    doc = dated("", published="12 May 2025")
    assert (doc.published_date, doc.published_date_method) == (date(2025, 5, 12), "metadata")


def test_published_date_from_a_date_line_in_the_header():
    doc = dated("Kanto Business Journal | 24 May 2025 09:15 JST\n\n")
    assert (doc.published_date, doc.published_date_method) == (date(2025, 5, 24), "text")


def test_wire_dateline_without_year_takes_the_year_of_the_reference_date():
    doc = dated("GENEVA, May 12 (Pacific Trade Wire) - ", reference=date(2025, 6, 1))
    assert doc.dateline == (None, 5, 12)
    assert (doc.published_date, doc.published_date_method) == (date(2025, 5, 12), "text")


def test_wire_dateline_after_the_reference_day_belongs_to_the_year_before():
    doc = dated("WASHINGTON, Dec. 30 (Reuters) - ", reference=date(2026, 1, 3))
    assert (doc.published_date, doc.published_date_method) == (date(2025, 12, 30), "text")


def test_reference_date_when_the_text_has_no_date():
    doc = dated("", reference=date(2025, 6, 1))
    assert (doc.published_date, doc.published_date_method) == (date(2025, 6, 1), "reference")


def test_no_date_anywhere_gives_null_and_none():
    doc = dated("")
    assert (doc.published_date, doc.published_date_method) == (None, "none")


def test_unreadable_metadata_date_is_noted_and_the_text_is_used():
    doc = dated("Tuesday, May 13, 2025\n\n", published="sometime in spring")
    assert (doc.published_date, doc.published_date_method) == (date(2025, 5, 13), "text")
    assert any("sometime in spring" in note for note in doc.notes)


def test_corpus_articles_without_published_metadata_use_their_dateline():
    doc = cleaned(CORPUS, "014.txt")
    assert doc.dateline == (None, 7, 19)
    assert doc.published_date_method == "none"
    doc = clean_document(raw_document(CORPUS, "014.txt"), reference_date=date(2025, 8, 1))
    assert (doc.published_date, doc.published_date_method) == (date(2025, 7, 19), "text")


# --- hard-wrapped text ---------------------------------------------------------------------


def hard_wrapped(text: str, width: int) -> str:
    return "\n".join("\n".join(textwrap.wrap(line, width, break_on_hyphens=False)) if line.strip() else "" for line in text.split("\n"))


def body_words(doc: CleanDocument) -> list[str]:
    return " ".join(doc.text[s:e] for s, e in doc.body_spans).split()


@pytest.mark.parametrize("name", ["007.txt", "012.txt", "017.txt", "023.txt"])
@pytest.mark.parametrize("width", [60, 72, 80])
def test_hard_wrapped_text_gives_the_same_body_as_one_paragraph_per_line(name, width):
    raw = raw_document(CORPUS, name)
    wrapped = RawDocument(name, hard_wrapped(raw.content, width), title=raw.title)
    assert body_words(clean_document(wrapped)) == body_words(clean_document(raw))


def test_wire_credits_and_newsletter_prompts_are_left_out():
    text = (
        "Japan's exports fall for second month as US tariffs bite\n\n"
        "Japan's exports fell for a second straight month in May as U.S. tariffs on cars weighed on "
        "shipments, government data showed on Wednesday.\n\n"
        "Exports to the United States dropped 11.1% from a year earlier, led by a fall in car shipments.\n\n"
        "Click here to subscribe to our newsletter.\n\n"
        "Get the latest trade news delivered to your inbox.\n\n"
        "Reporting by Makiko Mori; Editing by Sam Holmes\n\n"
        "Additional reporting by Dan Lowe in Washington.\n\n"
        "Our correspondent in Tokyo contributed to this report.\n\n"
        "Join our WhatsApp channel for the latest updates.\n\n"
        "Leave a comment\n\n"
        "I think the tariffs will be gone by the end of the year, and the yen will recover too.\n"
    )
    doc = clean_document(RawDocument("exports.txt", text))
    assert in_body(doc, "Japan's exports fell for a second straight month")
    assert in_body(doc, "Exports to the United States dropped")
    for clutter in (
        "Click here", "Get the latest", "Reporting by", "Additional reporting", "Our correspondent",
        "Join our WhatsApp", "Leave a comment", "I think the tariffs will be gone",
    ):
        assert not in_body(doc, clutter), clutter


def test_article_scraped_as_one_big_paragraph_with_menus_keeps_its_sentences():
    text = (
        "Home | World | Business | Markets Canada to impose counter-tariffs on U.S. steel "
        "OTTAWA, March 12 (Reuters) - Canada will impose 25% counter-tariffs on C$29.8 billion of U.S. goods "
        "including steel and aluminum from Thursday, Finance Minister Dominic LeBlanc said on Wednesday. "
        "The move follows U.S. tariffs of 25% on all steel and aluminum imports that took effect earlier in the day. "
        "Read more: What the tariffs mean for your grocery bill "
        "Copyright 2025. All rights reserved."
    )
    clean = clean_document(RawDocument("run_on.txt", text))
    body = " ".join(clean.text[s:e] for s, e in clean.body_spans)
    assert "Canada will impose 25% counter-tariffs on C$29.8 billion of U.S. goods" in body
    assert "The move follows U.S. tariffs of 25% on all steel and aluminum imports" in body
    assert "Home | World" not in body and "grocery bill" not in body and "All rights reserved" not in body


def test_windows_line_endings_give_the_same_body_as_unix_ones(tmp_path):
    article = (
        "Canada to impose counter-tariffs\n\n"
        "OTTAWA, March 12 (Reuters) - Canada will impose 25% counter-tariffs on C$29.8 billion of U.S. goods "
        "including steel and aluminum from Thursday, Finance Minister Dominic LeBlanc said on Wednesday.\n\n"
        "Related articles\nLoonie slides as trade war deepens\n"
    )
    (tmp_path / "crlf.txt").write_bytes(article.replace("\n", "\r\n").encode("utf-8"))
    [raw] = [d for d in read_inputs(tmp_path) if isinstance(d, RawDocument)]
    clean = clean_document(raw)
    assert clean.text == article
    assert [clean.text[s:e] for s, e in clean.body_spans] == [article.split("\n\n")[1]]
    assert (clean.title, clean.outlet, clean.dateline) == ("Canada to impose counter-tariffs", "Reuters", (None, 3, 12))


def test_wire_outlet_of_an_html_page_without_site_name_comes_from_its_dateline():
    html = (
        "<html><head><title>Canada to impose counter-tariffs</title></head><body><article>"
        "<h1>Canada to impose counter-tariffs</h1>"
        "<p>OTTAWA, March 12 (Reuters) - Canada will impose 25% counter-tariffs on C$29.8 billion of U.S. goods "
        "including steel and aluminum from Thursday, Finance Minister Dominic LeBlanc said on Wednesday.</p>"
        "<p>The move follows U.S. tariffs of 25% on all steel and aluminum imports that took effect on Wednesday, "
        "and Ottawa said further measures were possible.</p></article></body></html>"
    )
    clean = clean_document(RawDocument("ottawa.html", html, is_html=True))
    assert clean.outlet == "Reuters" and clean.dateline == (None, 3, 12)
