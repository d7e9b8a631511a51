"""Date stage: find time expressions in the article body and resolve them to intervals (contract table `dates`).

Detection is a small grammar of regular expressions over the body text, built
from the cue words in `models/time_words.json`, checked against the parse
(a month name that the tagger reads as a verb, "may" or "march", is dropped).
spaCy DATE entities the grammar does not cover are handed to dateparser, the
slow path, and kept only when it resolves them. The tense of the governing
verb decides whether a weekday or a month named without a year lies before
or after the anchor. The anchor is the publication date, or the wire dateline
when that is a day or two earlier (the story's own "today"); with no anchor,
relative expressions keep an underspecified value and no interval.
"""

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from . import timegrammar as tg
from .annotations import TimeExpression
from .language import clause_tense
from .lexicons import load_json
from .pubdate import DATELINE, dateline_date
from .stage import DocState, Stage
from .timegrammar import Anchor, Resolved

YEAR = r"(?:1[89]|20)\d\d"
MAX_DATELINE_LAG_DAYS = 3
MAX_YEAR_RANGE = 10


def _alternation(names) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


def _cased(names) -> list[str]:
    """Capitalised and upper-case forms, and lower case (aggregator copy) unless the name is also a common word."""
    ambiguous = set(load_json("time_words.json")["no_lowercase"])
    return [form for name in names for form in (name, name.upper(), *(() if name in ambiguous else (name.lower(),)))]


@lru_cache(maxsize=1)
def _grammar() -> list[tuple[str, re.Pattern]]:
    """(rule name, compiled pattern), most specific first; overlapping matches keep the longest.

    Every expression starts at a word boundary; the leading \\b lets the engine skip
    the other positions cheaply (about half the stage's time).
    """
    words = load_json("time_words.json")
    month = rf"(?:{_alternation(_cased(words['months']))})(?![A-Za-z])"
    weekday = rf"(?:{_alternation(_cased(words['weekdays']))})(?![a-z])"
    number = rf"(?:\d{{1,3}}|(?i:{_alternation(words['numbers'])}))"
    unit = rf"(?i:(?:{_alternation(words['units'])})s?)"
    part = r"(?i:(?:the\s)?(?P<part>early|mid|late|end\sof|beginning\sof|start\sof|middle\sof))"
    rules = {
        "fiscal": rf"(?i:(?:the\s|(?P<ytd>this|the\scurrent)\s)?(?:(?:fiscal|financial|business)\s)?year\s(?:that\s|which\s)?"
        rf"(?:ending|ended|ends|to|through|runs\sthrough|running\sthrough)\s(?:in\s)?)(?P<mon>{month})(?:,?\s(?P<year>{YEAR}))?",
        "month_range": rf"(?:(?i:between)\s)?(?P<mon>{month})\s?(?:-|–|(?i:to|and|through))\s?(?P<mon2>{month})"
        rf"(?:,?\s(?P<year>{YEAR}))?(?:\s(?i:quarter))?",
        "month_day": rf"(?:{weekday},?\s)?(?<![\w-])(?P<mon>{month})\s(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
        rf"(?:\s?[-–]\s?(?P<day2>\d{{1,2}}))?(?![\d%])(?:,?\s(?P<year>{YEAR})(?!\d)|\s(?P<yrel>(?i:next|last|this))\s(?i:year))?",
        "day_month": rf"(?:{weekday},?\s)?(?<![\w$€£¥.,])(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s(?:(?i:of)\s)?(?P<mon>{month})(?:,?\s(?P<year>{YEAR})(?!\d))?",
        "day_of_month": r"(?i:the\s(?P<day>\d{1,2})(?:st|nd|rd|th)\sof\s(?P<rel>this|next|last)\smonth)"
        r"|(?i:(?<=\bon\s)|(?<=\bby\s)|(?<=\buntil\s))(?i:the\s(?P<bare_day>\d{1,2})(?:st|nd|rd|th))(?!\s?[\w-])",
        "month": rf"(?:{part}[-\s]|(?P<rel>(?i:last|next|this|come|coming))\s|(?<![\w-]))(?P<mon>{month})"
        rf"(?:,?\s(?P<year>{YEAR})(?![\d%]))?(?!\s?\d)",
        "business_day": rf"(?i:the\s(?P<ord>first|last)\s(?:full\s)?(?:{_alternation(words['business_days']['words'])})\sday\sof\s"
        r"(?:the\s(?P<new>new\s)?|(?P<rel>this|next|last|the\scoming)\s)(?P<unit>year|month|week))(?!\w)",
        "quarter_half": rf"(?i:(?:the\s)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|latter|former|final|last)\s"
        rf"(?P<unit>half|quarter)(?:\sof\s(?:(?:fiscal\s)?(?P<year>{YEAR})|(?P<rel>this|next|last|the)\s(?:fiscal\s)?year|(?-i:(?P<mon>{month}))))?)(?![\w-])",
        "quarter_code": rf"(?<![\w-])(?P<code>[QH])(?P<n>[1-4])(?:\s(?P<year>{YEAR}))?(?!\w)",
        "season": rf"(?i:(?:(?P<rel>this|next|last|past|coming|early|late)\s|the\s)?(?P<season>spring|summer|autumn|fall|winter)"
        rf"(?:\sof\s(?P<year>{YEAR})|\s(?P<year2>{YEAR}))?)(?![\w-])",
        "decade": r"(?i:the\s)(?P<decade>(?:1[89]|20)\d)0s(?!\w)",
        "year": rf"(?:{part}[-\s]|(?P<fiscal>(?i:(?:fiscal|financial)\s(?:year\s)?|FY\s?))|(?<![\w$€£¥.,-]))(?P<year>{YEAR})"
        rf"(?:[-–/](?P<year2>(?:1[89]|20)\d\d|\d\d))?(?![\d%s]|[.,]\d|\s?(?i:percent|per\scent|pct))",
        "relative_period": r"(?i:(?:(?P<mod>later|earlier|early|late|mid|the\send\sof|the\sbeginning\sof|the\sstart\sof|"
        r"the\smiddle\sof|end\sof|the\srest\sof)[-\s])?(?P<rel>this|next|last|the\scurrent|the\sprevious|the\scoming|"
        r"the|current|coming|past|previous)\s(?P<unit>week|weekend|month|year|quarter|decade))(?!\w)",
        "deictic": rf"(?i:(?<!\w)(?P<deictic>{_alternation(words['deictic_days'])})(?!\w))",
        "weekday": rf"(?:(?P<rel>(?i:last|next|this|coming|late|early))\s)?(?P<wd>{weekday})"
        r"(?:\s(?i:morning|afternoon|evening|night)(?!\w))?",
        "ago": rf"(?<![\w-])(?P<num>{number})\s(?P<unit>{unit})\s(?P<dir>(?i:ago|earlier|later|before|after))(?!\w)",
        "duration": rf"(?:(?P<span>(?i:the\s(?:past|last|next|coming|previous|first)|past|last|next|coming))\s)?"
        rf"(?<![\w$€£¥.,-])(?P<num>{number})[-\s](?P<unit>{unit})(?![-\w])",
        "set": rf"(?i:(?<!\w)(?:every|each|per)\s(?:other\s)?(?P<unit>day|week|month|year|quarter)(?!\w)|(?P<adverb>{_alternation(words['set_adverbs'])})(?!\w))",
        "clock": r"(?<![\w:.])(?P<h>\d{1,2})(?::(?P<min>\d{2}))?\s?(?P<ampm>(?i:[ap]\.m\.|[ap]m(?!\w)))"
        rf"|(?<![\w:.])(?P<h24>\d{{1,2}}):(?P<min24>\d{{2}})\s(?:{_alternation(words['clock_zones'])})(?!\w)"
        rf"|(?i:(?<=\bat\s)(?P<word>{_alternation(words['clock_words'])}))(?!\w)",
    }
    return [(name, re.compile(rf"\b(?:{pattern})")) for name, pattern in rules.items()]


def _words() -> dict:
    return load_json("time_words.json")


def _number(text: str) -> int | None:
    text = text.lower()
    return int(text) if text.isdigit() else _words()["numbers"][text]


def _unit(text: str) -> str:
    text = text.lower()
    return text[:-1] if text.endswith("s") else text


def _month_name(text: str) -> int:
    months = _words()["months"]
    for form in (text, text.title(), text.capitalize()):
        if form in months:
            return months[form]
    return months[text[0] + text[1:].lower()]


# --- handlers: (match, anchor, tense, text before the match) -> Resolved | None ---


def _resolve_fiscal(m, anchor, tense, before):
    month = _month_name(m["mon"])
    if m["ytd"]:
        return _year_to_date(month, int(m["year"]) if m["year"] else None, anchor)
    if m["year"]:
        return tg.in_fiscal_year(int(m["year"]), month)
    if not anchor.known:
        return Resolved("DATE", None, granularity="fiscal_year")
    end_year = tg.month_year(month, anchor, "past" if "end" in m.group(0).lower() else tense, "last" if "ended" in m.group(0).lower() else None)
    return tg.in_fiscal_year(end_year, month)


def _year_to_date(month: int, year: int | None, anchor: Anchor) -> Resolved:
    """"this year through October": January to the end of that month of the current year."""
    year = year or (anchor.day.year if anchor.known else None)
    if year is None:
        return Resolved("DATE", f"XXXX-01/XXXX-{month:02d}", granularity="month")
    return tg.in_days(date(year, 1, 1), tg.month_end(year, month), f"{year:04d}-01/{year:04d}-{month:02d}", "month")


def _resolve_month_range(m, anchor, tense, before):
    first, last = _month_name(m["mon"]), _month_name(m["mon2"])
    year = int(m["year"]) if m["year"] else tg.month_year(first, anchor, tense)
    if year is None:
        return Resolved("DATE", f"XXXX-{first:02d}/XXXX-{last:02d}", granularity="month")
    end_year = year + 1 if last < first else year
    value = f"{year:04d}-{first:02d}/{end_year:04d}-{last:02d}"
    return tg.in_days(date(year, first, 1), tg.month_end(end_year, last), value, "month")


def _resolve_month_day(m, anchor, tense, before):
    month, day = _month_name(m["mon"]), int(m["day"])
    if not 1 <= day <= 31:
        return None
    first = tg.month_day(month, day, _written_or_relative_year(m, anchor), anchor, tense)
    if first is None or not m.groupdict().get("day2") or first.start is None:
        return first
    last = tg.safe_day(first.start.year, month, int(m["day2"]))
    return tg.in_days(first.start, last, f"{first.value}/{last.isoformat()}", "day") if last and last > first.start else first


def _written_or_relative_year(m, anchor: Anchor) -> int | None:
    """The year written after a day ("May 23, 2025"), or given as "next year"/"last year" ("Nov. 10 next year")."""
    if m["year"]:
        return int(m["year"])
    relation = (m.groupdict().get("yrel") or "").lower()
    if relation and anchor.known:
        return anchor.day.year + {"next": 1, "last": -1}.get(relation, 0)
    return None


def _resolve_day_of_month(m, anchor, tense, before):
    """"the 30th of this month"; "on the 30th" is the anchor's month when that day is still to come, else the next."""
    if m["bare_day"]:
        return _resolve_bare_day(int(m["bare_day"]), anchor)
    day, shift = int(m["day"]), {"this": 0, "next": 1, "last": -1}[m["rel"].lower()]
    if not anchor.known:
        month = f"{anchor.month:02d}" if anchor.month and shift == 0 else "XX"
        return Resolved("DATE", f"XXXX-{month}-{day:02d}", granularity="day")
    year, month = tg.add_months(anchor.day.year, anchor.day.month, shift)
    found = tg.safe_day(year, month, day)
    return tg.on_day(found) if found else None


def _resolve_bare_day(day: int, anchor: Anchor) -> Resolved | None:
    if not 1 <= day <= 31:
        return None
    if not anchor.known:
        return Resolved("DATE", f"XXXX-XX-{day:02d}", granularity="day")
    shift = 0 if day >= anchor.day.day else 1
    found = tg.safe_day(*tg.add_months(anchor.day.year, anchor.day.month, shift), day)
    return tg.on_day(found) if found else None


def _resolve_month(m, anchor, tense, before):
    month = _month_name(m["mon"])
    relation = (m["rel"] or "").lower() or None
    relation = "next" if relation == "coming" else relation
    year = int(m["year"]) if m["year"] else tg.month_year(month, anchor, tense, relation)
    part = _part(m["part"])
    if year is None:
        return Resolved("DATE", f"XXXX-{month:02d}", granularity="part_of_month" if part else "month")
    return tg.in_part_of_month(year, month, part) if part else tg.in_month(year, month)


def _part(text: str | None) -> str | None:
    return _words()["part_of_period"][re.sub(r"\s+", " ", text.lower())] if text else None


def _resolve_business_day(m, anchor, tense, before):
    """"the first trading day of the new year": the first (or last) weekday of the period that is not a fixed holiday."""
    unit = m["unit"].lower()
    relation = (m["rel"] or "").lower()
    shift = {"next": 1, "the coming": 1, "last": -1}.get(relation, 0)
    if m["new"] and anchor.known and unit == "year" and anchor.day.month == 12:
        shift = 1
    period = tg.relative_period(unit, shift, anchor)
    if period.start is None:
        return Resolved("DATE", None, granularity="day")
    day = tg.business_day(period.start, period.end, first_one=m["ord"].lower() == "first")
    return tg.on_day(day) if day else None


def _resolve_quarter_half(m, anchor, tense, before):
    unit, ordinal = m["unit"].lower(), m["ord"].lower()
    number = _words()["ordinals"][ordinal]
    if unit == "half":
        if not (m["mon"] or m["year"] or m["rel"]):
            return None
        number = min(number, 2)
    if m["mon"]:
        month = _month_name(m["mon"])
        year = tg.month_year(month, anchor, tense)
        if unit != "half":
            return None
        if year is None:
            return Resolved("DATE", f"XXXX-{month:02d}", granularity="half_month")
        return tg.in_half_month(year, month, number)
    if unit == "quarter" and ordinal == "last" and not (m["year"] or m["rel"]):
        return tg.relative_period("quarter", -1, anchor)
    year = _year_of(m["year"], m["rel"], anchor)
    if year is None:
        return Resolved("DATE", f"XXXX-{'H' if unit == 'half' else 'Q'}{number}", granularity=unit)
    return tg.in_half(year, number) if unit == "half" else tg.in_quarter(year, number)


def _year_of(written: str | None, relation: str | None, anchor: Anchor) -> int | None:
    if written:
        return int(written)
    if not anchor.known:
        return None
    return anchor.day.year + {"next": 1, "last": -1}.get((relation or "").lower(), 0)


def _resolve_quarter_code(m, anchor, tense, before):
    number, year = int(m["n"]), _year_of(m["year"], None, anchor)
    if year is None:
        return Resolved("DATE", f"XXXX-{m['code']}{number}", granularity="quarter" if m["code"] == "Q" else "half")
    return tg.in_quarter(year, number) if m["code"] == "Q" else tg.in_half(year, number)


def _resolve_season(m, anchor, tense, before):
    name = m["season"].lower()
    written = m["year"] or m["year2"]
    relation = (m["rel"] or "").lower()
    if name in ("fall", "spring") and not (written or relation):
        return None
    if written:
        return tg.in_season(int(written), name)
    if not relation:
        return None
    if not anchor.known:
        return Resolved("DATE", f"XXXX-{_words()['seasons'][name]['code']}", granularity="season")
    year, current = tg.season_of(anchor.day)
    year = year if current == name else anchor.day.year
    this = tg.in_season(year, name)
    if relation in ("last", "past") and this.start > anchor.day or relation in ("last", "past") and this.end >= anchor.day:
        return tg.in_season(year - 1, name)
    if relation in ("next", "coming") and this.start <= anchor.day:
        return tg.in_season(year + 1, name)
    return this


def _resolve_decade(m, anchor, tense, before):
    first = int(m["decade"]) * 10
    return Resolved("DATE", m["decade"], date(first, 1, 1), date(first + 9, 12, 31), "decade")


def _resolve_year(m, anchor, tense, before):
    year = int(m["year"])
    last = _range_end(year, m["year2"]) if m["year2"] else None
    if last is not None and not year < last <= year + (MAX_YEAR_RANGE if len(m["year2"]) == 4 else 1):
        return None
    if m["fiscal"]:
        return Resolved("DATE", f"FY{last or year}", granularity="fiscal_year")
    if last is not None:
        return Resolved("DATE", f"{year}/{last}", date(year, 1, 1), date(last, 12, 31), "year")
    part = _part(m["part"])
    return tg.in_part_of_year(year, part) if part else tg.in_year(year)


def _range_end(year: int, written: str) -> int:
    """The last year of "2024-25" or "2018-2019"."""
    return int(written) if len(written) == 4 else year // 100 * 100 + int(written)


def _resolve_relative_period(m, anchor, tense, before):
    unit = m["unit"].lower()
    relation = re.sub(r"^the\s", "", m["rel"].lower())
    modifier = (m["mod"] or "").lower()
    if relation == "the" and not modifier and unit != "weekend":
        return None
    if relation == "the" and unit == "weekend" and not modifier:
        return tg.weekend_by_tense(anchor, tense)
    shift = {"next": 1, "coming": 1, "last": -1, "past": -1, "previous": -1}.get(relation, 0)
    if modifier in ("later", "the rest of"):
        return tg.rest_of_period(unit, anchor, later=True)
    if modifier == "earlier":
        return tg.rest_of_period(unit, anchor, later=False)
    if modifier:
        return tg.part_of_relative_period(unit, shift, _part(modifier.removeprefix("the ")), anchor)
    return tg.relative_period(unit, shift, anchor)


def _resolve_deictic(m, anchor, tense, before):
    offset = _words()["deictic_days"][re.sub(r"\s+", " ", m["deictic"].lower())]
    if not anchor.known:
        if anchor.month and anchor.day_of_month and offset == 0:
            return Resolved("DATE", f"XXXX-{anchor.month:02d}-{anchor.day_of_month:02d}", granularity="day")
        return Resolved("DATE", None, granularity="day")
    return tg.on_day(anchor.day + timedelta(days=offset))


def _resolve_weekday(m, anchor, tense, before):
    iso_day = _words()["weekdays"][m["wd"].title()]
    relation = (m["rel"] or "").lower()
    relation = {"coming": "next", "late": None, "early": None}.get(relation, relation or None)
    return tg.weekday(iso_day, anchor, tense, relation)


def _resolve_ago(m, anchor, tense, before):
    amount, unit = _number(m["num"]), _unit(m["unit"])
    if m["dir"].lower() != "ago" or amount is None:
        return Resolved("DATE", None, granularity=unit)
    resolved = tg.days_ago(amount, unit, anchor)
    return Resolved("TIME", resolved.value, resolved.start, resolved.end, "day") if unit in ("hour", "minute") else resolved


def _resolve_duration(m, anchor, tense, before):
    amount, unit = _number(m["num"]), _unit(m["unit"])
    if re.search(r"(?i:\bas)\s*$", before):
        return None
    value = tg.period_value(amount, unit)
    article = m["num"].lower() in ("a", "an")
    if article and not m["span"] and not re.search(r"(?i:\b(for|over|within|in|of|about|nearly|than|up to|almost|around)\s*)$", before):
        return Resolved("SET", value, granularity=unit)
    span = (m["span"] or "").lower()
    if anchor.known and amount and re.search(r"\b(past|last|previous)$", span):
        return Resolved("DURATION", value, anchor.day - tg.span_length(amount, unit) + timedelta(days=1), anchor.day, unit)
    if anchor.known and amount and re.search(r"\b(next|coming)$", span):
        return Resolved("DURATION", value, anchor.day + timedelta(days=1), anchor.day + tg.span_length(amount, unit), unit)
    return Resolved("DURATION", value, granularity=unit)


def _resolve_set(m, anchor, tense, before):
    if m["adverb"] and before.rstrip().endswith(("business", "the", "a")):
        return None
    if m["adverb"]:
        return Resolved("SET", _words()["set_adverbs"][m["adverb"].lower()], granularity=None)
    unit = m["unit"].lower()
    return Resolved("SET", "P3M" if unit == "quarter" else tg.period_value(1, unit), granularity=unit)


def _resolve_clock(m, anchor, tense, before):
    if m["word"]:
        return Resolved("TIME", f"XXXX-XX-XXT{_words()['clock_words'][m['word'].lower()]}", granularity="minute")
    hour = int(m["h"] or m["h24"])
    minute = int(m["min"] or m["min24"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return Resolved("TIME", f"XXXX-XX-XXT{hour:02d}:{minute:02d}", granularity="minute")


HANDLERS = {
    "fiscal": _resolve_fiscal,
    "month_range": _resolve_month_range,
    "month_day": _resolve_month_day,
    "day_month": _resolve_month_day,
    "day_of_month": _resolve_day_of_month,
    "month": _resolve_month,
    "business_day": _resolve_business_day,
    "quarter_half": _resolve_quarter_half,
    "quarter_code": _resolve_quarter_code,
    "season": _resolve_season,
    "decade": _resolve_decade,
    "year": _resolve_year,
    "relative_period": _resolve_relative_period,
    "deictic": _resolve_deictic,
    "weekday": _resolve_weekday,
    "ago": _resolve_ago,
    "duration": _resolve_duration,
    "set": _resolve_set,
    "clock": _resolve_clock,
}


# --- detection ---


def find_candidates(text: str, spans=None) -> list[tuple[int, int, str, re.Match]]:
    """Non-overlapping grammar matches inside `spans` (default: all the text), longest first (rule order breaks ties)."""
    found = []
    for order, (name, pattern) in enumerate(_grammar()):
        for start, end in spans or ((0, len(text)),):
            for m in pattern.finditer(text, start, end):
                if m.end() > m.start():
                    found.append((m.start(), m.end(), order, name, m))
    found.sort(key=lambda f: (f[0] - f[1], f[2], f[0]))
    taken: list[tuple[int, int]] = []
    kept = []
    for start, end, _, name, m in found:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        kept.append((start, end, name, m))
    return sorted(kept, key=lambda k: k[0])


def _verbal_word(token) -> bool:
    """A month name the tagger reads as a verb or modal ("may", "march") is not a date."""
    return token.pos_ in ("VERB", "AUX") or token.tag_ == "MD"


def _plausible(span, name: str, m: re.Match) -> bool:
    if name == "relative_period" and m["rel"].lower() == "the" and _names_its_date(span.doc, m):
        return False
    if m.groupdict().get("mon") and not m.groupdict().get("day"):
        month_token = span.doc.char_span(m.start("mon"), m.end("mon"), alignment_mode="expand")
        if month_token is not None and _verbal_word(month_token[0]) and month_token.text.lower() in ("may", "march"):
            return False
    return True


def _start_without_article(span, name: str, m: re.Match) -> int:
    """"the weekend meetings": the article belongs to the noun "weekend" modifies, so the expression is "weekend"."""
    if name != "relative_period" or m["rel"].lower() != "the":
        return span.start_char
    unit = span.doc.char_span(m.start("unit"), m.end("unit"))
    if unit is not None and unit[0].dep_ in ("compound", "amod", "nmod") and unit[0].head.i > unit[0].i:
        return m.start("unit")
    return span.start_char


def _names_its_date(doc, m: re.Match) -> bool:
    """"the weekend of the 30th": the date that follows is the expression, "the weekend" only frames it."""
    unit = doc.char_span(m.start("unit"), m.end("unit"))
    return unit is not None and any(child.dep_ == "prep" and child.lower_ == "of" for child in unit[0].children)


def anchor_for(ctx) -> Anchor:
    """The publication day, or a wire dateline up to three days before it (the story's own "today")."""
    published = ctx.anchor_date
    dateline = ctx.dateline
    if published is None:
        return Anchor(None, dateline[1], dateline[2]) if dateline else Anchor(None)
    candidate = dateline_date(dateline, published)
    if candidate and 0 <= (published - candidate).days <= MAX_DATELINE_LAG_DAYS:
        return Anchor(candidate)
    return Anchor(published)


def _names_a_day(ent) -> bool:
    words = _words()
    return any(t.text in words["months"] or t.text.title() in words["weekdays"] or t.lower_ == "ago" for t in ent)


@lru_cache(maxsize=4096)
def _dateparser_day(text: str, anchor: date) -> date | None:
    """Slow path for a spaCy DATE entity the grammar does not cover (about 1 ms a call; cached)."""
    import dateparser

    settings = {"RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day), "REQUIRE_PARTS": ["day"]}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _entity_fallbacks(doc, taken: list[tuple[int, int]], anchor: Anchor) -> list[tuple[int, int, Resolved]]:
    if not anchor.known:
        return []
    found = []
    for ent in doc.ents:
        if ent.label_ != "DATE" or any(ent.start_char < e and s < ent.end_char for s, e in taken):
            continue
        if not _names_a_day(ent):
            continue
        day = _dateparser_day(ent.text, anchor.day)
        if day is not None:
            found.append((ent.start_char, ent.end_char, tg.on_day(day)))
    return found


def extract_dates(doc, ctx) -> list[TimeExpression]:
    anchor = anchor_for(ctx)
    text = doc.text
    resolved: list[tuple[int, int, Resolved]] = []
    for start, end, name, m in find_candidates(text, ctx.body_spans):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not _plausible(span, name, m):
            continue
        result = HANDLERS[name](m, anchor, clause_tense(span), text[max(0, start - 30):start])
        if result is not None:
            resolved.append((_start_without_article(span, name, m), end, result))
    taken = [(s, e) for s, e, _ in resolved]
    resolved += [r for r in _entity_fallbacks(doc, taken, anchor) if ctx.in_body(r[0], r[1])]
    resolved = _clock_times_on_days(text, sorted(resolved, key=lambda r: r[0]))
    return [_annotation(doc, start, end, result, anchor) for start, end, result in resolved]


def run(state: DocState) -> dict[str, list]:
    return {"dates": extract_dates(state.doc, state.ctx)}


STAGE = Stage(name="dates.v1", requires=("doc", "context"), assigns=("dates",), run=run)


CLOCK_TO_DAY = re.compile(rf"\s*,?\s*(?:(?:{'|'.join(re.escape(z) for z in load_json('time_words.json')['clock_zones'])})\s*,?\s*)?(?:on\s+)?", re.IGNORECASE)


def _clock_times_on_days(text: str, resolved: list[tuple[int, int, Resolved]]) -> list[tuple[int, int, Resolved]]:
    """A clock time right before the day it falls on ("9 p.m. Sunday", "12:01 a.m. ET on Aug. 1") is one TIME on that day."""
    joined = []
    for start, end, result in resolved:
        previous = joined[-1] if joined else None
        if (
            previous is not None and previous[2].type == "TIME" and previous[2].start is None
            and result.granularity == "day" and result.start is not None and result.start == result.end
            and CLOCK_TO_DAY.fullmatch(text, previous[1], start)
        ):
            clock = previous[2].value.split("T")[1]
            joined[-1] = (previous[0], end, Resolved("TIME", f"{result.value}T{clock}", result.start, result.end, "minute"))
            continue
        joined.append((start, end, result))
    return joined


def _annotation(doc, start: int, end: int, result: Resolved, anchor: Anchor) -> TimeExpression:
    span = doc.char_span(start, end, alignment_mode="expand")
    chars = None if (start, end) == (span.start_char, span.end_char) else (start, end)
    return TimeExpression(
        span,
        type=result.type,
        value=result.value,
        date_start=result.start,
        date_end=result.end,
        granularity=result.granularity,
        anchor_date=anchor.day,
        is_dateline=_in_dateline(doc.text, start, end),
        chars=chars,
    )


def _in_dateline(text: str, start: int, end: int) -> bool:
    """Whether the expression is the date of a wire dateline ("GENEVA, May 12 (Reuters) -"), not an event date."""
    line_start = text.rfind("\n", 0, start) + 1
    match = DATELINE.match(text[line_start:end])
    return bool(match) and line_start + match.end() >= end
