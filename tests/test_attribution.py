"""Hedging and attribution of news sentences."""

import pytest

from pipeline.attribution import attributed_to
from pipeline.language import is_hedged


def first_sentence(parse, text):
    doc, _ = parse(text)
    return next(iter(doc.sents))


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. may raise tariffs on Japanese cars to 25% next month.",
        "Officials said the levy might be lowered before the summit.",
        "Washington could double the duty on Canadian lumber.",
        "The administration is considering a 25% tariff on pharmaceuticals.",
        "Tariffs on Japanese autos are expected to fall to 15% in August.",
        "The European Union is weighing retaliatory duties on American whiskey.",
        "A deal would likely cut the rate to 15%.",
    ],
)
def test_uncertain_sentences_are_hedged(parse, text):
    assert is_hedged(first_sentence(parse, text))


@pytest.mark.parametrize(
    "text",
    [
        "A 24% tariff on Japanese goods took effect on April 9.",
        "The White House said the 10% baseline tariff remains in effect.",
        "China will lower its retaliatory duties on U.S. products to 10% from 125%.",
        "The United States imposed a 25% levy on imported cars last month.",
        "The ministry considered the proposal last week and rejected it.",
    ],
)
def test_plain_statements_are_not_hedged(parse, text):
    assert not is_hedged(first_sentence(parse, text))


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Japan will propose cooperation on rare earths, a government source said Monday.", "a government source"),
        (
            "The U.S. may raise tariffs on Japanese cars to 25%, two sources familiar with the plans told Reuters on Thursday.",
            "two sources familiar with the plans",
        ),
        ("Tokyo is seeking looser rules for foreign-made cars, sources close to the matter said.", "sources close to the matter"),
        ("Nikkei reported on June 5 that Japan intends to propose cooperation on liquefied natural gas.", "Nikkei"),
        ("Tariffs on Japanese autos will fall to 15% next month, according to Nikkei.", "Nikkei"),
        (
            "The talks covered non-tariff barriers, according to a statement from Japan's Cabinet secretariat.",
            "Japan's Cabinet secretariat",
        ),
        ("Officials said the levy might be lowered before the summit.", "Officials"),
        (
            "The minister, who also handles economic revitalisation, told a news conference that the tariffs were regrettable.",
            "The minister",
        ),
    ],
)
def test_reporting_clause_names_the_source(parse, text, source):
    assert attributed_to(first_sentence(parse, text)) == source


@pytest.mark.parametrize(
    "text",
    [
        "A 24% tariff on Japanese goods took effect on April 9.",
        "He said the tariff could be cut.",
        "The tariffs, which critics call unfair, hit Japanese carmakers hard.",
    ],
)
def test_writers_own_voice_or_bare_pronoun_has_no_source(parse, text):
    assert attributed_to(first_sentence(parse, text)) is None
