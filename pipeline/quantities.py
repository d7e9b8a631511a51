"""Quantities stage: percentages, money, measured amounts and counts, scaled and with normalised units.

A small left-to-right grammar over spaCy tokens (vocabulary in models/units.json):

    [approximation cue] [currency symbol] NUMBER [scale] [unit | currency word | counted noun]

NUMBER is digits ("83.5", "100,000", "550bn"), number words ("Twenty-five",
"a dozen"), a fraction ("a quarter") or a multiplier ("double", "three times").
spaCy's entities only veto: a number without a unit inside a DATE, TIME,
ORDINAL or name entity is not a quantity; a number with a unit always is. A bare
number that repeats a percentage stated earlier in the article and counts
nothing ("moving from 27.5 to 10") is a percentage.

Decisions, for the consumers of the `quantities` table:
- `approximate` is True for approximations and for bounds ("about", "nearly",
  "more than", "up to", "at least"); the cue is part of the span.
- A range ("between 15% and 20%", "15-20%", "from 10 to 25 percent") is one row
  per bound; a bound written without its unit or scale takes the other bound's.
- "a quarter", "half", "two-thirds" are percentages (25, 50, 66.7) only as a
  proportion ("a quarter of exports", "raise tariffs by a quarter"); "a quarter
  of a percentage point" is 0.25 percentage_point; "third quarter" is a date.
- Basis points are normalised to percentage_point (25 bp -> 0.25).
- "double", "tripled", "three times as" have unit `multiple`.
- Counted things get a unit from `count_nouns` ("100,000 autos" -> vehicle),
  any other bare number unit `count`.
- Years, dates, durations, times, ordinals, scores ("3-1") and identifiers
  ("Section 232", "round five") are not quantities.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from .annotations import Quantity
from .lexicons import load_json
from .stage import DocState, Stage

DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
DIGITS_WITH_SUFFIX = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z]+)$", re.IGNORECASE)
TOKEN_RANGE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(%?)[-–](\d[\d,]*(?:\.\d+)?)(%?)$")
YEAR = re.compile(r"^(1[89]|2[01])\d\d$")
HYPHENS = {"-", "–", "—"}
RANGE_KINDS = {"percent", "money", "measure"}


@dataclass
class Found:
    """A quantity being built: token span [start, end), value, unit and how it was written."""

    start: int
    end: int
    value: float
    unit: str | None
    kind: str
    approximate: bool
    scale: float = 1.0
    core_start: int = 0
    core_end: int = 0
    start_char: int | None = None
    end_char: int | None = None


def _phrase_index(phrases) -> dict[str, list[tuple[tuple[str, ...], object]]]:
    """First word -> [(words, payload)], longest phrase first, for greedy matching."""
    items = phrases.items() if isinstance(phrases, dict) else ((p, True) for p in phrases)
    index = defaultdict(list)
    for phrase, payload in items:
        words = tuple(phrase.split())
        index[words[0]].append((words, payload))
    for options in index.values():
        options.sort(key=lambda option: -len(option[0]))
    return dict(index)


@lru_cache(maxsize=1)
def _vocab() -> SimpleNamespace:
    raw = load_json("units.json")
    suffix_units = {}
    for phrase, (unit, factor) in raw["percent_units"].items():
        suffix_units[phrase] = (unit, factor, "percent")
    for phrase, (unit, factor) in raw["currency_words"].items():
        suffix_units[phrase] = (unit, factor, "money")
    for phrase, unit in raw["measure_units"].items():
        suffix_units[phrase] = (unit, 1.0, "measure")
    return SimpleNamespace(
        number_words=raw["number_words"],
        dozen_words=raw["dozen_words"],
        hundred_words=raw["hundred_words"],
        scale_words=raw["scale_words"],
        money_scale_words=raw["money_only_scale_words"],
        fractions=raw["fractions"],
        fraction_counters=raw["fraction_counters"],
        multipliers=raw["multipliers"],
        multipliers_needing_comparison=set(raw["multipliers_needing_comparison"]),
        comparison_after_times=set(raw["comparison_words_after_times"]),
        currency_symbols=_phrase_index(raw["currency_symbols"]),
        suffix_units=_phrase_index(suffix_units),
        count_nouns=raw["count_nouns"],
        cues=_phrase_index(raw["approximation_cues"]),
        range_openers=set(raw["range_openers"]),
        range_separators=set(raw["range_separators"]),
        identifier_nouns=set(raw["identifier_nouns"]),
        time_nouns=set(raw["time_nouns"]),
        months=set(raw["month_names"]),
        veto_labels=set(raw["non_quantity_entity_labels"]),
        period_words=set(raw["period_words_before_fraction"]),
        determiners_after_half=set(raw["determiners_after_half"]),
        fraction_modifiers=set(raw["fraction_modifiers"]),
    )


def _match_phrase(doc, i: int, index) -> tuple[int, Any] | None:
    """Longest phrase of `index` starting at token i, as (end token, payload).

    A hyphen glued between two words is skipped, so "per-cent" and
    "basis-point" match "per cent" and "basis point".
    """
    if i >= len(doc):
        return None
    for words, payload in index.get(doc[i].lower_, ()):
        end = _match_words(doc, i, words)
        if end is not None:
            return end, payload
    return None


def _match_words(doc, i: int, words: tuple[str, ...]) -> int | None:
    j = i
    for k, word in enumerate(words):
        if k and _glued_hyphen(doc, j) and word not in HYPHENS:
            j += 1
        if j >= len(doc) or doc[j].is_space or doc[j].lower_ != word:
            return None
        j += 1
    return j


def _attached(doc, i: int) -> bool:
    """Token i follows token i-1 with no whitespace between them."""
    return i > 0 and not doc[i - 1].whitespace_


def _glued_hyphen(doc, j: int) -> bool:
    """Token j is a hyphen with no space on either side, as in "25-percent"."""
    return j + 1 < len(doc) and doc[j].text in HYPHENS and _attached(doc, j) and _attached(doc, j + 1)


def _after_glued_hyphen(doc, j: int) -> int:
    """Where a unit or scale can start after token j-1: past a glued hyphen unless a number follows ("15-20")."""
    if _glued_hyphen(doc, j) and not doc[j + 1].text[0].isdigit():
        return j + 1
    return j


def _digits_at(doc, i: int, money: bool) -> tuple[float, int, float, str | None] | None:
    """(number, end, scale, glued unit) for a digit token: "83.5", "550bn", "10pc"."""
    text = doc[i].text
    if DIGITS.match(text):
        return float(text.replace(",", "")), i + 1, 1.0, None
    glued = DIGITS_WITH_SUFFIX.match(text)
    if glued:
        number, suffix = float(glued.group(1).replace(",", "")), glued.group(2).lower()
        scale = _scale_of(suffix, money)
        if scale:
            return number, i + 1, scale, None
        if _glued_unit(suffix):
            return number, i + 1, 1.0, suffix
    return None


def _glued_unit(word: str) -> tuple | None:
    """The unit payload of a one-word unit glued to its number ("pc", "kg")."""
    return next((payload for words, payload in _vocab().suffix_units.get(word, ()) if len(words) == 1), None)


def _scale_of(word: str, money: bool) -> float | None:
    vocab = _vocab()
    if word in vocab.scale_words:
        return vocab.scale_words[word]
    if money:
        return vocab.money_scale_words.get(word)
    return None


def _words_at(doc, i: int) -> tuple[float, int] | None:
    """(number, end) for number words: "two", "Twenty-five", "a dozen", "a hundred", "three hundred"."""
    vocab = _vocab()
    n = len(doc)
    current = None
    j = i
    if doc[i].lower_ in ("a", "an") and i + 1 < n:
        follower = doc[i + 1].lower_
        if follower in vocab.dozen_words or follower in vocab.hundred_words or follower in vocab.scale_words:
            current, j = 1.0, i + 1
    while j < n:
        word = doc[j].lower_
        if word in vocab.number_words and (current is None or (current % 10 == 0 and current >= 20) or current >= 100):
            current = (current or 0) + vocab.number_words[word]
        elif word in vocab.hundred_words and current is not None:
            current *= vocab.hundred_words[word]
        elif word in vocab.dozen_words and current is not None:
            current *= vocab.dozen_words[word]
        elif (
            word in HYPHENS
            and current is not None
            and j + 1 < n
            and doc[j + 1].lower_ in vocab.number_words
            and _attached(doc, j)
            and _attached(doc, j + 1)
        ):
            pass
        else:
            break
        j += 1
    if current is None:
        return None
    return current, j


def _fraction_at(doc, i: int) -> tuple[float, int] | None:
    """(fraction, end) for "a quarter", "half", "two-thirds", "three quarters", "one-fifth"."""
    vocab = _vocab()
    word = doc[i].lower_
    if word == "half":
        return vocab.fractions[word], i + 1
    if word not in vocab.fraction_counters:
        return None
    j = i + 1
    if j < len(doc) and doc[j].text in HYPHENS and _attached(doc, j):
        j += 1
    elif j + 1 < len(doc) and doc[j].lower_ in vocab.fraction_modifiers:
        j += 1
    if j < len(doc) and doc[j].lower_ in vocab.fractions and doc[j].lower_ != "half":
        return vocab.fraction_counters[word] * vocab.fractions[doc[j].lower_], j + 1
    return None


def _multiplier_at(doc, i: int, cued: bool) -> tuple[float, int] | None:
    """(factor, end) for "double(d)", "twice as", "tripled", "halved".

    An adjective "double" needs a cue or an object ("nearly double", "double the
    rate"), and "twice" a comparison ("twice as high"), so "double taxation" and
    "met twice" are not multiples.
    """
    vocab = _vocab()
    word = doc[i].lower_
    if word not in vocab.multipliers:
        return None
    follower = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    if word in vocab.multipliers_needing_comparison:
        accepted = follower in vocab.comparison_after_times
    else:
        accepted = doc[i].pos_ == "VERB" or word.endswith("fold") or cued or follower in ("the", "its", "their")
    return (float(vocab.multipliers[word]), i + 1) if accepted else None


def _number_core(doc, i: int, money: bool, cued: bool):
    """(value, end, scale, how it was written) of the number starting at token i, or None.

    "How it was written" is "number", "fraction", "multiple", or the unit word
    glued to the digits ("pc" in "10pc").
    """
    digits = _digits_at(doc, i, money)
    if digits:
        return digits[0], digits[1], digits[2], digits[3] or "number"
    fraction = _fraction_at(doc, i)
    if fraction:
        return fraction[0], fraction[1], 1.0, "fraction"
    words = _words_at(doc, i)
    if words:
        return words[0], words[1], 1.0, "number"
    multiplier = _multiplier_at(doc, i, cued)
    if multiplier:
        return multiplier[0], multiplier[1], 1.0, "multiple"
    return None


def _trailing_scale(doc, j: int, money: bool) -> tuple[float, int]:
    """A scale word after the number ("billion", "bn", "m" after a currency), as (scale, end)."""
    k = _after_glued_hyphen(doc, j)
    if k < len(doc) and not doc[k].is_space:
        scale = _scale_of(doc[k].lower_, money)
        if scale:
            return scale, k + 1
    return 1.0, j


def _quantity_at(doc, i: int) -> Found | None:
    """The quantity that starts at token i, if one does."""
    vocab = _vocab()
    j = i
    cue = _match_phrase(doc, j, vocab.cues)
    if cue:
        j = cue[0]
    currency = _match_phrase(doc, j, vocab.currency_symbols)
    if currency:
        j = currency[0]
    if j >= len(doc) or doc[j].is_space:
        return None
    core = _number_core(doc, j, money=bool(currency), cued=bool(cue))
    if core is None:
        return None
    value, end, scale, written = core
    if written == "multiple":
        if currency:
            return None
        return Found(i, end, value, "multiple", "multiple", bool(cue), core_start=j, core_end=end)
    core_start = j
    if scale == 1.0:
        scale, end = _trailing_scale(doc, end, money=bool(currency))
    found = Found(i, end, value * scale, None, "count", bool(cue), scale, core_start, end)
    _attach_unit(doc, found, currency[1] if currency else None, written)
    if written == "fraction" and found.unit is None:
        return _fraction_as_proportion(doc, found)
    return found


def _attach_unit(doc, found: Found, currency: str | None, written: str) -> None:
    """Read the unit after the number (or take the currency prefix) into `found`."""
    vocab = _vocab()
    glued = _glued_unit(written)
    if glued and not currency:
        unit, factor, kind = glued
        found.value *= factor
        found.unit, found.kind = unit, kind
        return
    suffix = _match_phrase(doc, _after_glued_hyphen(doc, found.end), vocab.suffix_units)
    if currency:
        found.unit, found.kind = currency, "money"
        if suffix and suffix[1][2] == "money":
            found.end = suffix[0]
        return
    if suffix:
        unit, factor, kind = suffix[1]
        found.end = _without_trailing_of(doc, suffix[0])
        found.value *= factor
        found.unit, found.kind = unit, kind
        return
    if written != "fraction" and _times_as(doc, found.end):
        found.end += 1
        found.unit, found.kind = "multiple", "multiple"


def _without_trailing_of(doc, end: int) -> int:
    """A unit told apart by its "of" ("pounds of beef" is a weight) ends before the "of"."""
    return end - 1 if doc[end - 1].lower_ == "of" else end


def _times_as(doc, j: int) -> bool:
    """ "three times as high", "four times more": `times` as a multiplier, not a frequency."""
    return (
        j + 1 < len(doc)
        and doc[j].lower_ == "times"
        and doc[j + 1].lower_ in _vocab().comparison_after_times
    )


def _fraction_as_proportion(doc, found: Found) -> Found | None:
    """A bare fraction is a percentage only as a proportion.

    "a quarter of exports", "by half", "half the city", "nearly a quarter." are
    proportions; "the latter half of 2024", "a quarter of an hour" are not.
    """
    vocab = _vocab()
    end = found.end
    before = doc[found.core_start - 1] if found.core_start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and (before.like_num or before.ent_type_ == "ORDINAL" or before.lower_ in vocab.period_words):
        return None
    if after is not None and after.lower_ == "of":
        obj = next((t for t in doc[end + 1 : end + 4] if t.pos_ in ("NOUN", "PROPN", "PRON", "NUM")), None)
        proportion = obj is not None and not _is_time_word(obj)
    elif after is not None and doc[found.core_start].lower_ == "half":
        proportion = after.lower_ in vocab.determiners_after_half and not _is_time_word(after.head)
    else:
        cued = found.approximate or (before is not None and before.lower_ in ("by", "in"))
        proportion = cued and (after is None or after.pos_ not in ("NOUN", "PROPN"))
    if not proportion:
        return None
    found.value *= 100
    found.unit, found.kind = "percent", "percent"
    return found


def _is_time_word(token) -> bool:
    vocab = _vocab()
    return token.lower_ in vocab.time_nouns or token.lower_ in vocab.months or token.ent_type_ in ("DATE", "TIME")


def _in_token_range(doc, i: int) -> list[Found]:
    """Both bounds of a range spaCy left in one token, as "10%-15" in "10%-15%"; none if unitless (a score)."""
    match = TOKEN_RANGE.match(doc[i].text)
    if not match:
        return []
    idx = doc[i].idx
    high = Found(i, i + 1, float(match.group(3).replace(",", "")), None, "count", False, core_start=i, core_end=i + 1)
    high.start_char = idx + match.start(3)
    if match.group(4):
        high.unit, high.kind = "percent", "percent"
    else:
        _attach_unit(doc, high, None, "number")
    if high.kind != "percent":
        return []
    low_value = float(match.group(1).replace(",", ""))
    low = Found(i, i + 1, low_value, high.unit, high.kind, False, core_start=i, core_end=i + 1)
    low.end_char = idx + match.end(2 if match.group(2) else 1)
    return [low, high]


def _scan(doc) -> list[Found]:
    """Every quantity in reading order, before ranges are completed and bare numbers judged."""
    found = []
    i = 0
    while i < len(doc):
        if doc[i].is_space:
            i += 1
            continue
        quantities = _in_token_range(doc, i)
        single = None if quantities else _quantity_at(doc, i)
        quantities = quantities or ([single] if single else [])
        if quantities:
            found.extend(quantities)
            i = quantities[-1].end
        else:
            i += 1
    return found


def _separator_between(doc, left: Found, right: Found) -> str | None:
    if right.start - left.end != 1:
        return None
    word = doc[left.end].lower_
    return word if word in _vocab().range_separators else None


def _complete_ranges(doc, found: list[Found]) -> None:
    """A bound written without unit or scale takes the other bound's.

    "between 15 and 20 percent", "from 10 to 25%", "$10 to $20 billion".
    """
    vocab = _vocab()
    for left, right in zip(found, found[1:]):
        separator = _separator_between(doc, left, right)
        if separator is None or right.kind not in RANGE_KINDS:
            continue
        opener = left.start > 0 and doc[left.start - 1].lower_ in vocab.range_openers
        if separator == "and" and not opener:
            continue
        if left.kind == "count" and left.unit is None:
            left.value *= right.scale
            left.unit, left.kind, left.scale = right.unit, right.kind, right.scale
        elif left.kind == right.kind == "money" and left.scale == 1.0 and right.scale > 1.0:
            left.value *= right.scale
            left.scale = right.scale


def _in_non_quantity_entity(doc, found: Found, except_dates: bool = False) -> bool:
    """spaCy labels the number as part of a date, time, ordinal or name.

    With `except_dates`, a DATE label does not count: the small model often
    calls a bare number a date ("a long way from 46").
    """
    vetoes = _vocab().veto_labels - ({"DATE"} if except_dates else set())
    return any(token.ent_type_ in vetoes for token in doc[found.core_start : found.core_end])


def _shaped_like_a_non_quantity(doc, found: Found) -> bool:
    """A number with no unit written as a year, date, duration, time, ordinal, score or identifier ("5G")."""
    vocab = _vocab()
    core = doc[found.core_start : found.core_end]
    first = core[0]
    if YEAR.match(first.text) and len(core) == 1:
        return True
    before = doc[found.core_start - 1] if found.core_start > 0 else None
    after = doc[found.end] if found.end < len(doc) else None
    if before is not None and (_labels_a_number(doc, found.core_start - 1) or before.lower_ in vocab.months):
        return True
    if after is not None and (after.lower_ in vocab.time_nouns or after.lower_ in vocab.months):
        return True
    if after is not None and after.is_alpha and _attached(doc, found.end):
        return True
    if after is not None and after.text in HYPHENS and found.end + 1 < len(doc):
        if doc[found.end + 1].lower_ in vocab.time_nouns or _score_side(doc, found.end + 1):
            return True
    if before is not None and before.text in HYPHENS and _score_side(doc, found.core_start - 2):
        return True
    return first.lower_ == "one" and len(core) == 1 and first.dep_ != "nummod"


def _labels_a_number(doc, k: int) -> bool:
    """Token k names what the next number identifies: "Section", "round", "No." (split as "No" "."), a proper noun."""
    token = doc[k]
    if token.text == "." and k > 0 and _attached(doc, k):
        return doc[k - 1].lower_ + "." in _vocab().identifier_nouns
    return token.lower_ in _vocab().identifier_nouns or token.pos_ == "PROPN"


def _score_side(doc, k: int) -> bool:
    """Token k is a bare number glued to a hyphen, as in a score "3-1"."""
    return 0 <= k < len(doc) and bool(DIGITS.match(doc[k].text)) and (_attached(doc, k) or _attached(doc, k + 1))


def _name_counted(doc, found: Found) -> None:
    """Unit of a bare count: the counted noun from `count_nouns` ("100,000 autos" -> vehicle), else `count`."""
    vocab = _vocab()
    head = doc[found.core_end - 1]
    noun = head.head if head.dep_ in ("nummod", "quantmod", "compound") else None
    unit = vocab.count_nouns.get(noun.lemma_.lower()) if noun is not None and noun.i >= found.end else None
    found.unit = unit or "count"
    if unit and noun is not None and noun.i == found.end:
        found.end = noun.i + 1


def _echoes_a_percentage(doc, found: Found, percentages: set[float]) -> bool:
    """A bare number that repeats a percentage stated earlier, counting nothing: "moving from 27.5 to 10"."""
    last = doc[found.core_end - 1]
    counts_a_noun = last.dep_ == "nummod" and last.head.pos_ in ("NOUN", "PROPN")
    return found.value in percentages and not counts_a_noun


def _annotation(doc, found: Found) -> Quantity:
    span = doc[found.start : found.end]
    start = span.start_char if found.start_char is None else found.start_char
    end = span.end_char if found.end_char is None else found.end_char
    chars = None if (start, end) == (span.start_char, span.end_char) else (start, end)
    return Quantity(
        span, value=float(found.value), unit=found.unit, approximate=found.approximate, kind=found.kind, chars=chars
    )


def extract_quantities(doc, ctx) -> list[Quantity]:
    """The quantities of one parsed document (body tokens only)."""
    found = _scan(doc)
    _complete_ranges(doc, found)
    kept = []
    percentages_so_far: set[float] = set()
    for quantity in found:
        if quantity.unit is None:
            if _shaped_like_a_non_quantity(doc, quantity) or _in_non_quantity_entity(doc, quantity, except_dates=True):
                continue
            if _echoes_a_percentage(doc, quantity, percentages_so_far):
                quantity.unit, quantity.kind = "percent", "percent"
            elif _in_non_quantity_entity(doc, quantity):
                continue
            else:
                _name_counted(doc, quantity)
        if quantity.unit == "percent":
            percentages_so_far.add(quantity.value)
        kept.append(quantity)
    annotations = [_annotation(doc, quantity) for quantity in kept]
    return [q for q in annotations if ctx.in_body(q.start, q.end)]


def run(state: DocState) -> dict[str, list]:
    return {"quantities": extract_quantities(state.doc, state.ctx)}


STAGE = Stage(name="quantities.v1", requires=("doc", "context"), assigns=("quantities",), run=run)
