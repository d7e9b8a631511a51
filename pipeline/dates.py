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

A few expressions read more of the text than their own words: "a year earlier"
and "the year-ago quarter" move the period named earlier in the same sentence;
"fiscal 2026", "this fiscal year" and bare quarters follow the fiscal calendar
when the document states one ("the fiscal year ends in March"). Both look at
`match.string`, the whole text, so each handler stays a function of its match.
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
VERB_LAST = "".join(rf"(?<!\b{word}\s)" for word in ("to", "and", "will", "would", "could", "may", "might", "can", "should", "must"))
MAX_DATELINE_LAG_DAYS = 3
MAX_YEAR_RANGE = 10
MAX_WORDED_YEAR_RANGE = 30


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
    number = rf"(?:\d{{1,3}}|(?i:(?:{_alternation(words['number_tens'])})[-\s](?:{_alternation(words['number_ones'])})(?![\w-])|{_alternation(words['numbers'])}))"
    ordinal = rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{_alternation(words['ordinal_numbers'])})"
    day_part = rf"(?i:{_alternation(k for k in words['parts_of_day'] if not k.startswith('_'))})"
    unit = rf"(?i:(?:{_alternation(words['units'])})s?)"
    part = r"(?i:(?:the\s)?(?P<part>early|mid|late|end\sof|end(?=-)|beginning\sof|start\sof|middle\sof))"
    rules = {
        "fiscal": rf"(?i:(?:the\s|(?P<ytd>this|the\scurrent)\s)?(?:(?:fiscal|financial|business)\s)?year\s(?:that\s|which\s)?"
        rf"(?:ending|ended|ends|to|through|runs\sthrough|running\sthrough)\s(?:in\s)?)(?P<mon>{month})(?:,?\s(?P<year>{YEAR}))?",
        "month_range": rf"(?:(?i:between)\s)?(?P<mon>{month})\s?(?:-|–|(?i:to|and|through))\s?(?P<mon2>{month})"
        rf"(?:,?\s(?P<year>{YEAR}))?(?:\s(?i:quarter))?",
        "month_day": rf"(?:{weekday},?\s)?(?<![\w-])(?P<mon>{month})\s(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
        rf"(?:(?:\s?[-–]\s?|\s(?i:to|through|until|till|and)\s)(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?!\d|\s?%|\s(?i:percent|per\scent|pct)))?(?![\d%])(?:,?\s(?P<year>{YEAR})(?!\d)|\s(?P<yrel>(?i:next|last|this))\s(?i:year))?",
        "day_month": rf"(?:{weekday},?\s)?(?<![\w$€£¥.,])(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s(?:(?i:of)\s)?(?P<mon>{month})(?:,?\s(?P<year>{YEAR})(?!\d))?",
        "day_of_month": r"(?i:the\s(?P<day>\d{1,2})(?:st|nd|rd|th)\sof\s(?P<rel>this|next|last)\smonth)"
        r"|(?i:(?<=\bon\s)|(?<=\bby\s)|(?<=\buntil\s))(?i:the\s(?P<bare_day>\d{1,2})(?:st|nd|rd|th))(?!\s?[\w-])",
        "month": rf"(?:{part}(?:\s(?i:to|and)\s(?i:(?P<part2>early|mid|late|the\send\sof|end\sof)))?[-\s]|(?P<rel>(?i:last|next|this|come|coming))\s|(?<![\w-]))(?P<mon>{month})"
        rf"(?:,?\s(?P<year>{YEAR})(?![\d%])|\s(?:(?i:of)\s)?(?P<yrel>(?i:this|last|next))\s(?i:year))?(?!\s?\d)",
        "day_range": rf"(?<![\w-])(?P<mon>{month})\s(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s?(?:[-–]|(?i:to|through|until|till))\s?"
        rf"(?P<mon2>{month})\s(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d%])(?:,?\s(?P<year>{YEAR})(?!\d))?",
        "weekday_range": rf"(?P<wd>{weekday})\s(?:[-–]|(?i:to|through))\s(?P<wd2>{weekday})|{_consecutive_weekdays(words['weekdays'])}",
        "weekday_set": rf"(?i:every|each)\s(?P<wd>{weekday})",
        "business_day": rf"(?i:the\s(?P<ord>first|last)\s(?:full\s)?(?:{_alternation(words['business_days']['words'])})\sday\sof\s"
        r"(?:the\s(?P<new>new\s)?|(?P<rel>this|next|last|the\scoming)\s)(?P<unit>year|month|week))(?!\w)",
        "quarter_half": rf"(?i:(?:the\s)?(?:(?P<fq>fiscal)\s)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|latter|former|final|last)[-\s]"
        rf"(?P<unit>half|quarter)(?:\sof\s(?:(?:fiscal\s)?(?P<year>{YEAR})|(?P<rel>this|next|last|the)\s(?:fiscal\s)?year|(?-i:(?P<mon>{month}))))?)(?![\w-])",
        "quarter_code": rf"(?<![\w-])(?P<code>[QH])(?P<n>[1-4])(?:\s(?P<year>{YEAR}))?(?!\w)",
        "season": rf"(?i:(?:(?P<rel>this|next|last|past|coming|early|late)\s|the\s)?(?P<season>spring|summer|autumn|fall|winter)"
        rf"(?:\sof\s(?P<year>{YEAR})|\s(?P<year2>{YEAR}))?)(?![\w-])",
        "decade": r"(?:(?i:(?:the\s)?(?P<part>early|mid|late)[-\s])|(?i:the\s)|(?<![\w$€£¥.,-]))(?P<decade>(?:1[89]|20)\d)0s(?!\w)",
        "century": rf"(?i:(?:the\s)?(?:(?P<part>early|mid|late)[-\s])?(?P<ord>{ordinal})[-\s]century)(?![\w-])",
        "months_of_year": rf"(?i:(?:the\s)?first\s(?P<num>two|three|four|five|six|seven|eight|nine|ten|eleven|[2-9]|1[01])\smonths"
        rf"(?:\sof\s(?:the\s(?:(?P<fiscal>fiscal|financial)\s)?year|(?P<rel>this|last|next)\s(?:fiscal\s)?year|(?:fiscal\s)?(?P<year>{YEAR})))?)(?![\w-])",
        "months_to": rf"(?i:the\s(?P<num>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[2-9]|1[012])\smonths\s(?:to|through|ended|ending)\s)"
        rf"(?P<mon>{month})(?:,?\s(?P<year>{YEAR}))?",
        "year_range": rf"(?:(?P<between>(?i:between))\s)?(?<![\w$€£¥.,-])(?P<year>{YEAR})\s(?(between)(?i:and)|(?i:to|through|until))\s(?P<year2>{YEAR})(?![\d%])",
        "fraction_duration": rf"(?i:(?:an?\s)?(?P<fraction>{_alternation(k for k in words['fractions'] if not k.startswith('_'))})\s(?:of\s)?an?\s(?P<unit>hour|day|year|decade|century))(?![\w-])",
        "fiscal_year": r"(?i:(?:(?P<rel>the\scurrent|the\sprevious|the\snext|the\slast|the\scoming|the\snew|the|this|next|last|current|coming)\s)?"
        r"(?:fiscal|financial)\syear)(?![\w-])(?!\s(?:(?:that|which)\s)?(?:ending|ended|ends|to|through|runs|running|beginning|began|begins|starting|started|starts)\b)",
        "full_year": rf"(?i:the\sfull\s(?:(?P<fiscal>fiscal)\s)?year(?![\w-])|full[-\s](?:(?P<fiscal2>fiscal)\s)?year\s(?P<year>{YEAR})(?!\d))",
        "year_end": rf"(?i:(?:the\s)?year[-\s]end)(?:\s(?P<year>{YEAR}))?(?![\w-])",
        "year_earlier_period": r"(?i:(?:the\s)?(?:year[-\s]ago|year[-\s]earlier|prior[-\s]year|previous[-\s]year)\s(?P<unit>quarter|period|half|month))(?![\w-])",
        "numeric_date": rf"(?<![\w./-])(?:(?P<iso_year>{YEAR})-(?P<iso_month>0[1-9]|1[0-2])-(?P<iso_day>0[1-9]|[12]\d|3[01])"
        rf"|(?P<first>\d{{1,2}})(?P<sep>[./])(?P<second>\d{{1,2}})(?P=sep)(?P<year>{YEAR}))(?!\w|[./-]\d)",
        "year": rf"(?:{part}[-\s]|(?P<fiscal>(?i:(?:fiscal|financial)\s(?:year\s)?|FY\s?))|(?<![\w$€£¥.,-]))(?P<year>{YEAR})"
        rf"(?:[-–/](?P<year2>(?:1[89]|20)\d\d|\d\d))?(?![\d%s]|[.,]\d|\s?(?i:percent|per\scent|pct))",
        "relative_period": r"(?i:(?:(?P<mod>later|earlier|early|late|mid|the\send\sof|the\sbeginning\sof|the\sstart\sof|"
        r"the\smiddle\sof|end\sof|the\srest\sof)[-\s])?(?P<rel>this|next|last|the\scurrent|the\sprevious|the\scoming|the\slatest|the\smost\srecent|"
        r"the\sreported|the\spast|the|current|coming|past|previous)\s(?P<unit>week|weekend|month|year|quarter|decade|century))(?![\w-])",
        "deictic": rf"(?i:(?<!\w)(?P<deictic>{_alternation(words['deictic_days'])})(?:\s(?P<part_of_day>morning|afternoon|evening|night))?(?!\w))",
        "weekday": rf"(?:(?P<rel>(?i:last|next|this|coming|late|early))\s)?(?P<wd>{weekday})"
        rf"(?:\s(?P<part_of_day>{day_part})(?!\w))?",
        "ago": rf"(?<![\w-])(?P<num>{number})\s(?P<unit>{unit})\s(?P<dir>(?i:ago|earlier|later))(?!\w)",
        "duration": rf"(?:(?P<span>(?i:the\s(?:past|last|next|coming|previous|first)|past|{VERB_LAST}last|next|coming))\s)?"
        rf"(?<![\w$€£¥.,-])(?P<num>{number})[-\s](?P<unit>{unit})(?![-\w])",
        "set": rf"(?i:(?<!\w)(?:every|each|per)\s(?:(?P<other>other)\s|(?P<num>{number})\s)?(?P<unit>day|week|month|year|quarter)s?(?!\w)|(?P<adverb>{_alternation(words['set_adverbs'])})(?!\w))",
        "clock": r"(?<![\w:.])(?P<h>\d{1,2})(?::(?P<min>\d{2}))?\s?(?P<ampm>(?i:[ap]\.m\.|[ap]m(?!\w)))"
        rf"|(?<![\w:.])(?P<h24>\d{{1,2}}):(?P<min24>\d{{2}})\s(?:{_alternation(words['clock_zones'])})(?!\w)"
        rf"|(?i:(?<=\bat\s)(?P<word>{_alternation(words['clock_words'])}))(?!\w)",
    }
    return [(name, re.compile(rf"\b(?:{pattern})")) for name, pattern in rules.items()]


def _consecutive_weekdays(weekdays: dict) -> str:
    """"Sunday and Monday" (next to each other) is one span; "Tuesday and Friday" stays two days."""
    names = {number: name for name, number in weekdays.items()}
    pairs = [
        f"{first}\\s(?i:and)\\s{second}"
        for number, name in names.items()
        for first, second in zip(_cased([name]), _cased([names[number % 7 + 1]]))
    ]
    return rf"(?P<wd3>{'|'.join(pairs)})"


def _words() -> dict:
    return load_json("time_words.json")


def _number(text: str) -> int | None:
    """12, "twelve", "forty-five", "twenty four"; None for "several"."""
    text = re.sub(r"\s+", " ", text.lower())
    if text.isdigit():
        return int(text)
    words = _words()
    if text in words["numbers"]:
        return words["numbers"][text]
    tens, ones = re.split(r"[-\s]", text, maxsplit=1)
    return words["number_tens"][tens] + words["number_ones"][ones]


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
    year = year or (anchor.known_day.year if anchor.known else None)
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
    first = tg.month_day(month, day, _written_or_relative_year(m, anchor), anchor, _forward_tense(tense, before))
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
        return anchor.known_day.year + {"next": 1, "last": -1}.get(relation, 0)
    return None


def _resolve_day_of_month(m, anchor, tense, before):
    """"the 30th of this month"; "on the 30th" is the anchor's month when that day is still to come, else the next."""
    if m["bare_day"]:
        return _resolve_bare_day(int(m["bare_day"]), anchor)
    day, shift = int(m["day"]), {"this": 0, "next": 1, "last": -1}[m["rel"].lower()]
    if not anchor.known:
        month = f"{anchor.month:02d}" if anchor.month and shift == 0 else "XX"
        return Resolved("DATE", f"XXXX-{month}-{day:02d}", granularity="day")
    year, month = tg.add_months(anchor.known_day.year, anchor.known_day.month, shift)
    found = tg.safe_day(year, month, day)
    return tg.on_day(found) if found else None


def _resolve_bare_day(day: int, anchor: Anchor) -> Resolved | None:
    if not 1 <= day <= 31:
        return None
    if not anchor.known:
        return Resolved("DATE", f"XXXX-XX-{day:02d}", granularity="day")
    shift = 0 if day >= anchor.known_day.day else 1
    found = tg.safe_day(*tg.add_months(anchor.known_day.year, anchor.known_day.month, shift), day)
    return tg.on_day(found) if found else None


def _resolve_month(m, anchor, tense, before):
    month = _month_name(m["mon"])
    relation = (m["rel"] or "").lower() or None
    relation = "next" if relation == "coming" else relation
    year = _written_or_relative_year(m, anchor) or tg.month_year(month, anchor, _forward_tense(tense, before), relation)
    part = _part(m["part"])
    if year is None:
        return Resolved("DATE", f"XXXX-{month:02d}", granularity="part_of_month" if part else "month")
    if part and m["part2"]:
        first, last = tg.in_part_of_month(year, month, part), tg.in_part_of_month(year, month, _part(m["part2"].removeprefix("the ")))
        return tg.in_days(first.start, last.end, first.value, "part_of_month")
    return tg.in_part_of_month(year, month, part) if part else tg.in_month(year, month)


def _resolve_day_range(m, anchor, tense, before):
    """"July 27 to August 7": the first day placed by tense, the second on or after it."""
    first = tg.month_day(_month_name(m["mon"]), int(m["day"]), _written_or_relative_year(m, anchor), anchor, _forward_tense(tense, before))
    month2, day2 = _month_name(m["mon2"]), int(m["day2"])
    if first is None or first.start is None:
        return first and Resolved("DATE", f"{first.value}/XXXX-{month2:02d}-{day2:02d}", granularity="day")
    last = tg.safe_day(first.start.year + (month2 < first.start.month), month2, day2)
    return tg.in_days(first.start, last, f"{first.value}/{last.isoformat()}", "day") if last and last > first.start else None


def _resolve_weekday_range(m, anchor, tense, before):
    """"Sunday and Monday", "Monday to Wednesday": the first weekday by tense, the second the next one after it."""
    words = _words()["weekdays"]
    first_name, second_name = (m["wd"], m["wd2"]) if m["wd"] else m["wd3"].split()[::2]
    first = tg.weekday(words[first_name.title()], anchor, _forward_tense(tense, before))
    if first.start is None:
        return Resolved("DATE", f"{first.value}/XXXX-WXX-{words[second_name.title()]}", granularity="day")
    last = first.start + timedelta(days=(words[second_name.title()] - first.start.isoweekday()) % 7 or 7)
    return tg.in_days(first.start, last, f"{first.value}/{last.isoformat()}", "day")


@lru_cache(maxsize=1)
def _forward_patterns() -> tuple[re.Pattern, re.Pattern]:
    """(after a postponement verb and its preposition, after a bare "until"/"by"), both anchored at the end of the text before."""
    cues = _words()["forward_cues"]
    return (
        re.compile(
            rf"(?i:\b(?:(?:{_alternation(cues['verbs'])})\s(?:\w+\s){{0,2}}?(?:{_alternation(cues['prepositions'])})|(?:{_alternation(cues['present'])}))"
            r"\s(?:(?:on|late|early)\s)?)$"
        ),
        re.compile(r"(?i:\b(?:until|till|by)\s(?:(?:on|late|early)\s)?)$"),
    )


def _forward_tense(tense: str | None, before: str) -> str | None:
    """"talks were postponed until Saturday": a weekday or date after a postponement or deadline lies ahead although the verb is past."""
    after_postponement, after_deadline = _forward_patterns()
    if after_postponement.search(before) or (tense is None and after_deadline.search(before)):
        return "future"
    return tense


def _part(text: str | None) -> str | None:
    return _words()["part_of_period"][re.sub(r"\s+", " ", text.lower())] if text else None


def _resolve_business_day(m, anchor, tense, before):
    """"the first trading day of the new year": the first (or last) weekday of the period that is not a fixed holiday."""
    unit = m["unit"].lower()
    relation = (m["rel"] or "").lower()
    shift = {"next": 1, "the coming": 1, "last": -1}.get(relation, 0)
    if m["new"] and anchor.known and unit == "year" and anchor.known_day.month == 12:
        shift = 1
    period = tg.relative_period(unit, shift, anchor)
    if period.start is None:
        return Resolved("DATE", None, granularity="day")
    day = tg.business_day(period.start, period.end, first_one=m["ord"].lower() == "first")
    return tg.on_day(day) if day else None


def _resolve_quarter_half(m, anchor, tense, before):
    unit, ordinal = m["unit"].lower(), m["ord"].lower()
    number = _words()["ordinals"][ordinal]
    if (m["fq"] or not (m["year"] or m["mon"])) and unit == "quarter" and _fiscal_end_month(m.string) not in (None, 12):
        return _fiscal_quarter(number, m, anchor)
    if unit == "half" and not (m["mon"] or m["year"] or m["rel"]) and ordinal in ("first", "second"):
        return _bare_half(number, m, anchor)
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
    period = tg.in_half(year, number) if unit == "half" else tg.in_quarter(year, number)
    if tense == "past" and not (m["year"] or m["rel"]) and period.start > anchor.day:
        return tg.in_half(year - 1, number) if unit == "half" else tg.in_quarter(year - 1, number)
    return period


def _bare_half(number: int, m, anchor: Anchor) -> Resolved | None:
    """"the second half" is a half-year only in a text that also reports quarters (else a match's half); fiscal when the text gives its calendar."""
    if not _reports_quarters(m.string):
        return None
    end_month = _fiscal_end_month(m.string) or 12
    end_year = _current_fiscal_end_year(anchor, end_month)
    if end_year is None:
        return Resolved("DATE", f"XXXX-H{number}", granularity="half")
    year, month = tg.add_months(end_year, end_month, -11 + 6 * (number - 1))
    last_year, last_month = tg.add_months(year, month, 5)
    value = f"{end_year:04d}-H{number}" if end_month == 12 else f"{year:04d}-{month:02d}/{last_year:04d}-{last_month:02d}"
    return Resolved("DATE", value, date(year, month, 1), tg.month_end(last_year, last_month), "half")


QUARTER_REPORT = re.compile(r"(?i:\b(?:first|second|third|fourth|[1-4](?:st|nd|rd|th))[-\s]quarter\b|\bquarterly\b)|\bQ[1-4]\b")


@lru_cache(maxsize=64)
def _reports_quarters(text: str) -> bool:
    return QUARTER_REPORT.search(text) is not None


def _fiscal_quarter(number: int, m, anchor: Anchor) -> Resolved:
    """"the fiscal third quarter" of a company whose fiscal year ends in March: October to December."""
    end_month = _fiscal_end_month(m.string) or 12
    end_year = int(m["year"]) if m["year"] else _current_fiscal_end_year(anchor, end_month)
    if end_year is None:
        return Resolved("DATE", f"XXXX-Q{number}", granularity="fiscal_quarter")
    if m["rel"]:
        end_year += {"next": 1, "last": -1}.get(m["rel"].lower(), 0)
    year, month = tg.add_months(end_year, end_month, -11 + 3 * (number - 1))
    last_year, last_month = tg.add_months(year, month, 2)
    return Resolved("DATE", f"{year:04d}-{month:02d}/{last_year:04d}-{last_month:02d}", date(year, month, 1), tg.month_end(last_year, last_month), "fiscal_quarter")


def _year_of(written: str | None, relation: str | None, anchor: Anchor) -> int | None:
    if written:
        return int(written)
    if not anchor.known:
        return None
    return anchor.known_day.year + {"next": 1, "last": -1}.get((relation or "").lower(), 0)


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
    year = year if current == name else anchor.known_day.year
    this = tg.in_season(year, name)
    if relation in ("last", "past") and this.start > anchor.day or relation in ("last", "past") and this.end >= anchor.day:
        return tg.in_season(year - 1, name)
    if relation in ("next", "coming") and this.start <= anchor.day:
        return tg.in_season(year + 1, name)
    return this


def _resolve_decade(m, anchor, tense, before):
    first = int(m["decade"]) * 10
    if m["part"]:
        low, high = _words()["decade_parts"][m["part"].lower()]
        return Resolved("DATE", m["decade"], date(first + low, 1, 1), date(first + high, 12, 31), "part_of_decade")
    return Resolved("DATE", m["decade"], date(first, 1, 1), date(first + 9, 12, 31), "decade")


def _resolve_century(m, anchor, tense, before):
    """"the 20th century" = 1900-1999 (TIMEX3 value "19"); early/mid/late are its thirds."""
    ordinal = m["ord"].lower()
    number = int(ordinal[:-2]) if ordinal[0].isdigit() else _words()["ordinal_numbers"][ordinal]
    if not 1 <= number <= 30:
        return None
    first = (number - 1) * 100
    low, high = _words()["century_parts"][m["part"].lower()] if m["part"] else (0, 99)
    return Resolved("DATE", f"{number - 1:02d}", date(max(first + low, 1), 1, 1), date(first + high, 12, 31), "part_of_century" if m["part"] else "century")


def _resolve_months_of_year(m, anchor, tense, before):
    """"the first nine months of the year": January to the end of the ninth month, of the latest year that fits."""
    months = _number(m["num"])
    end_month = _fiscal_end_month(m.string) if m["fiscal"] else None
    if end_month is not None and anchor.known:
        end_year = _current_fiscal_end_year(anchor, end_month)
        year, month = tg.add_months(end_year, end_month, -11)
        last_year, last_month = tg.add_months(year, month, months - 1)
        value = f"{year:04d}-{month:02d}/{last_year:04d}-{last_month:02d}"
        return tg.in_days(date(year, month, 1), tg.month_end(last_year, last_month), value, "month")
    if m["year"]:
        year = int(m["year"])
    elif not anchor.known:
        return Resolved("DATE", f"XXXX-01/XXXX-{months:02d}", granularity="month")
    elif m["rel"]:
        year = anchor.known_day.year + {"next": 1, "last": -1}.get(m["rel"].lower(), 0)
    else:
        year = anchor.known_day.year
        if tense != "future" and tg.month_end(year, months) > anchor.day + timedelta(days=31):
            year -= 1
    return tg.in_days(date(year, 1, 1), tg.month_end(year, months), f"{year:04d}-01/{year:04d}-{months:02d}", "month")


def _resolve_months_to(m, anchor, tense, before):
    """"the nine months to September": the months that end with the one named."""
    months, last = _number(m["num"]), _month_name(m["mon"])
    year = int(m["year"]) if m["year"] else tg.month_year(last, anchor, "past")
    if year is None:
        return Resolved("DATE", f"XXXX-{last:02d}", granularity="month")
    first_year, first = tg.add_months(year, last, 1 - months)
    return tg.in_days(date(first_year, first, 1), tg.month_end(year, last), f"{first_year:04d}-{first:02d}/{year:04d}-{last:02d}", "month")


def _resolve_year_range(m, anchor, tense, before):
    first, last = int(m["year"]), int(m["year2"])
    if not first < last <= first + MAX_WORDED_YEAR_RANGE:
        return None
    return Resolved("DATE", f"{first}/{last}", date(first, 1, 1), date(last, 12, 31), "year")


@lru_cache(maxsize=1)
def _fiscal_calendar_pattern() -> re.Pattern:
    month = _alternation(_cased(_words()["months"]))
    return re.compile(
        r"(?i:(?:fiscal|financial|business)\s+year,?\s+(?:(?:that|which)\s+)?(?:runs\s+)?(?:(?P<end>ending|ended|ends|to|through)"
        r"|(?P<begin>beginning|began|begins|starting|started|starts))|year,?\s+(?:that|which)\s+(?:runs\s+)?(?P<end2>ending|ended|ends|through))"
        rf"\s+(?:(?:in|on)\s+)?(?:1\s+)?(?P<mon>{month})(?![A-Za-z])"
    )


@lru_cache(maxsize=64)
def _fiscal_end_month(text: str) -> int | None:
    """The last month of the fiscal year when the document states it ("the fiscal year ending in March"), else None."""
    found = _fiscal_calendar_pattern().search(text)
    if found is None:
        return None
    month = _month_name(found["mon"])
    return month if found["end"] or found["end2"] else (month - 2) % 12 + 1


def _current_fiscal_end_year(anchor: Anchor, end_month: int | None) -> int | None:
    if not anchor.known:
        return None
    today = anchor.known_day
    return today.year if end_month is None or today.month <= end_month else today.year + 1


def _fiscal_year(end_year: int, text: str) -> Resolved:
    """FY<year>, named by the year it ends in: on the document's fiscal calendar, else the calendar year (granularity fiscal_year_approx)."""
    end_month = _fiscal_end_month(text)
    if end_month is None:
        year = tg.in_year(end_year)
        return Resolved("DATE", f"FY{end_year}", year.start, year.end, "fiscal_year_approx")
    fiscal = tg.in_fiscal_year(end_year, end_month)
    return Resolved("DATE", f"FY{end_year}", fiscal.start, fiscal.end, "fiscal_year")


def _resolve_fiscal_year(m, anchor, tense, before):
    """"the fiscal year", "next fiscal year": the one the anchor is in, or the one after or before it."""
    end_year = _current_fiscal_end_year(anchor, _fiscal_end_month(m.string))
    if end_year is None:
        return Resolved("DATE", None, granularity="fiscal_year")
    relation = re.sub(r"^the\s", "", (m["rel"] or "").lower())
    shift = {"next": 1, "coming": 1, "new": 1, "last": -1, "previous": -1}.get(relation, 0)
    return _fiscal_year(end_year + shift, m.string)


def _resolve_full_year(m, anchor, tense, before):
    """"the full year": the anchor's year, or the one just ended in a past-tense sentence of the first quarter."""
    if m["year"]:
        return _fiscal_year(int(m["year"]), m.string) if m["fiscal2"] else tg.in_year(int(m["year"]))
    if not anchor.known:
        return Resolved("DATE", "XXXX", granularity="year")
    if m["fiscal"]:
        return _fiscal_year(_current_fiscal_end_year(anchor, _fiscal_end_month(m.string)), m.string)
    year = anchor.known_day.year - (tense == "past" and anchor.known_day.month <= 3)
    return tg.in_year(year)


def _resolve_year_end(m, anchor, tense, before):
    """"year-end" is "the end of the year": the late part of the year (README conventions)."""
    if m["year"]:
        return tg.in_part_of_year(int(m["year"]), "late")
    if not anchor.known:
        return Resolved("DATE", "XXXX", granularity="part_of_year")
    year = anchor.known_day.year - (tense == "past" and anchor.known_day.month <= 2)
    return tg.in_part_of_year(year, "late")


def _resolve_year_earlier_period(m, anchor, tense, before):
    """"the year-ago quarter": the period of the sentence a year back; with none, the last full quarter a year back."""
    reference = _reference_before(m, anchor, tense)
    if reference is not None:
        return tg.shifted(reference, -1, "year") or Resolved("DATE", None, granularity=m["unit"].lower())
    if m["unit"].lower() == "quarter" and anchor.known:
        last = tg.relative_period("quarter", -1, anchor)
        return tg.in_quarter(last.start.year - 1, (last.start.month - 1) // 3 + 1)
    return Resolved("DATE", None, granularity=m["unit"].lower())


SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“(]?[A-Z])|\n")
REFERENCE_WINDOW = 400
NOT_A_REFERENCE = {"ago", "year_earlier_period", "duration", "set", "clock"}


def _reference_before(m, anchor: Anchor, tense: str | None) -> Resolved | None:
    """The nearest time expression with an interval earlier in the same sentence ("in May from a year earlier": May)."""
    text = m.string
    start = max(0, m.start() - REFERENCE_WINDOW)
    for boundary in SENTENCE_BREAK.finditer(text, start, m.start()):
        start = boundary.end()
    for s, _, name, found in reversed(find_candidates(text, ((start, m.start()),))):
        if name in NOT_A_REFERENCE:
            continue
        result = HANDLERS[name](found, anchor, tense, text[max(0, s - 30):s])
        if result is not None and result.start is not None and result.type in ("DATE", "TIME"):
            return result
    return None


def _resolve_numeric_date(m, anchor, tense, before):
    """"2025-03-15", "15.03.2025", "03/15/2025": day-first when the first number cannot be a month or the separator is a
    dot; an ambiguous slashed date is the reading nearer the anchor (none without one)."""
    if m["iso_year"]:
        found = tg.safe_day(int(m["iso_year"]), int(m["iso_month"]), int(m["iso_day"]))
        return tg.on_day(found) if found else None
    year, first, second = int(m["year"]), int(m["first"]), int(m["second"])
    day_first, month_first = tg.safe_day(year, second, first), tg.safe_day(year, first, second)
    if m["sep"] == "." or month_first is None:
        return tg.on_day(day_first) if day_first else None
    if day_first is None or day_first == month_first:
        return tg.on_day(month_first)
    if not anchor.known:
        return None
    return tg.on_day(min((day_first, month_first), key=lambda day: abs((day - anchor.day).days)))


def _resolve_year(m, anchor, tense, before):
    year = int(m["year"])
    last = _range_end(year, m["year2"]) if m["year2"] else None
    if last is not None and not year < last <= year + (MAX_YEAR_RANGE if len(m["year2"]) == 4 else 1):
        return None
    if m["fiscal"]:
        return _fiscal_year(last or year, m.string)
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
    if relation == "the" and unit == "quarter" and not modifier:
        return tg.relative_period("quarter", 0 if tense == "future" else -1, anchor)
    if relation == "past" and not modifier and unit in ("week", "month", "year"):
        return _past_period(unit, anchor)
    if relation in ("latest", "most recent", "reported") and not modifier:
        return tg.relative_period(unit, -1, anchor)
    if relation == "the" and not modifier and unit != "weekend":
        return None
    if relation == "the" and unit == "weekend" and not modifier:
        return tg.weekend_by_tense(anchor, tense)
    shift = {"next": 1, "coming": 1, "last": -1, "past": -1, "previous": -1}.get(relation, 0)
    if unit == "century" and modifier:
        return None
    if modifier in ("later", "the rest of"):
        return tg.rest_of_period(unit, anchor, later=True)
    if modifier == "earlier":
        return tg.rest_of_period(unit, anchor, later=False)
    if modifier:
        return tg.part_of_relative_period(unit, shift, _part(modifier.removeprefix("the ")), anchor)
    if unit == "year" and _year_end_stated_after(m) is not None:
        return _year_ending(m, shift, anchor)
    return tg.relative_period(unit, shift, anchor)


@lru_cache(maxsize=1)
def _year_end_apposition() -> re.Pattern:
    month = _alternation(_cased(_words()["months"]))
    return re.compile(rf",?\s(?:which|that)\s(?:runs|ends|will\send)\s(?:through|to|in)\s(?P<mon>{month})(?![A-Za-z])(?:,?\s(?P<year>{YEAR}))?")


def _year_end_stated_after(m) -> re.Match | None:
    """"the current year, which runs through March 2026": the year is a fiscal year ending in that month."""
    return _year_end_apposition().match(m.string, m.end())


def _year_ending(m, shift: int, anchor: Anchor) -> Resolved:
    stated = _year_end_stated_after(m)
    if stated is None:
        return Resolved("DATE", None, granularity="fiscal_year")
    month = _month_name(stated["mon"])
    if stated["year"]:
        return tg.in_fiscal_year(int(stated["year"]), month)
    end_year = _current_fiscal_end_year(anchor, month)
    return tg.in_fiscal_year(end_year + shift, month) if end_year else Resolved("DATE", None, granularity="fiscal_year")


def _past_period(unit: str, anchor: Anchor) -> Resolved:
    """"the past year": a duration ending on the anchor, as "the past two weeks" is."""
    value = tg.period_value(1, unit)
    if not anchor.known:
        return Resolved("DURATION", value, granularity=unit)
    today = anchor.known_day
    return Resolved("DURATION", value, today - tg.span_length(1, unit) + timedelta(days=1), today, unit)


def _resolve_deictic(m, anchor, tense, before):
    offset = _words()["deictic_days"][re.sub(r"\s+", " ", m["deictic"].lower())]
    if not anchor.known:
        if anchor.month and anchor.day_of_month and offset == 0:
            return _with_part_of_day(Resolved("DATE", f"XXXX-{anchor.month:02d}-{anchor.day_of_month:02d}", granularity="day"), m.group(0))
        return Resolved("DATE", None, granularity="day")
    return _with_part_of_day(tg.on_day(anchor.day + timedelta(days=offset)), m.group(0))


def _with_part_of_day(day: Resolved, expression: str) -> Resolved:
    """"Friday afternoon", "tonight": the day, with the part kept in the TIMEX3 value (2025-06-06TAF)."""
    parts = _words()["parts_of_day"]
    words = re.findall(r"[a-z]+", expression.lower())
    code = next((parts[w] for w in reversed(words) if w in parts and not w.startswith("_")), None)
    if code is None or day.value is None:
        return day
    return Resolved("TIME", f"{day.value}T{code}", day.start, day.end, "part_of_day")


def _resolve_weekday(m, anchor, tense, before):
    iso_day = _words()["weekdays"][m["wd"].title()]
    relation = (m["rel"] or "").lower()
    relation = {"coming": "next", "late": None, "early": None}.get(relation, relation or None)
    return _with_part_of_day(tg.weekday(iso_day, anchor, _forward_tense(tense, before), relation), m["part_of_day"] or "")


EARNINGS_PERIODS = {"quarter", "half", "fiscal_year", "fiscal_quarter", "fiscal_year_approx"}


def _resolve_ago(m, anchor, tense, before):
    """"two weeks ago" from the anchor; "a year earlier" from the sentence's own period ("in May from a year earlier")."""
    amount, unit = _number(m["num"]), _unit(m["unit"])
    if amount is None:
        return Resolved("DATE", None, granularity=unit)
    direction = m["dir"].lower()
    if direction != "ago" or unit == "year":
        reference = _reference_before(m, anchor, tense)
        if reference is not None and (direction != "ago" or reference.granularity in EARNINGS_PERIODS):
            shifted = tg.shifted(reference, amount if direction == "later" else -amount, unit)
            if shifted is not None:
                return shifted
    if direction != "ago":
        return Resolved("DATE", None, granularity=unit)
    resolved = tg.days_ago(amount, unit, anchor)
    return Resolved("TIME", resolved.value, resolved.start, resolved.end, "day") if unit in ("hour", "minute") else resolved


def _resolve_duration(m, anchor, tense, before):
    amount, unit = _number(m["num"]), _unit(m["unit"])
    if re.search(r"(?i:\bas)\s*$", before):
        return None
    value = tg.period_value(amount, unit)
    article = m["num"].lower() in ("a", "an")
    relative = re.match(r"\s(?i:after|before)\b", m.string[m.end():m.end() + 8])
    if article and not m["span"] and not relative and not re.search(r"(?i:\b(for|over|within|in|of|about|nearly|than|up to|almost|around)\s*)$", before):
        return Resolved("SET", value, granularity=unit)
    span = (m["span"] or "").lower()
    if anchor.known and amount and re.search(r"\b(past|last|previous)$", span):
        return Resolved("DURATION", value, anchor.day - tg.span_length(amount, unit) + timedelta(days=1), anchor.day, unit)
    if anchor.known and amount and re.search(r"\b(next|coming)$", span):
        return Resolved("DURATION", value, anchor.day + timedelta(days=1), anchor.day + tg.span_length(amount, unit), unit)
    return Resolved("DURATION", value, granularity=unit)


FRACTION_UNITS = {"hour": (60, "minute"), "day": (24, "hour"), "year": (12, "month"), "decade": (10, "year"), "century": (100, "year")}


def _resolve_fraction_duration(m, anchor, tense, before):
    """"a quarter of an hour" = PT15M, "half a century" = P50Y: counted in the next smaller unit."""
    per_unit, smaller = FRACTION_UNITS[m["unit"].lower()]
    amount = _words()["fractions"][m["fraction"].lower()] * per_unit
    return Resolved("DURATION", tg.period_value(int(amount), smaller), granularity=smaller) if amount == int(amount) else None


def _resolve_weekday_set(m, anchor, tense, before):
    """"every Tuesday": TIMEX3 XXXX-WXX-2."""
    return Resolved("SET", f"XXXX-WXX-{_words()['weekdays'][m['wd'].title()]}", granularity="day")


def _resolve_set(m, anchor, tense, before):
    if m["adverb"] and before.rstrip().endswith(("business", "the", "a")):
        return None
    if m["adverb"]:
        return Resolved("SET", _words()["set_adverbs"][m["adverb"].lower()], granularity=None)
    unit = m["unit"].lower()
    every = 2 if m["other"] else _number(m["num"]) if m["num"] else 1
    if unit == "quarter":
        return Resolved("SET", f"P{3 * every}M", granularity=unit)
    return Resolved("SET", tg.period_value(every, unit), granularity=unit)


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
    "day_range": _resolve_day_range,
    "weekday_range": _resolve_weekday_range,
    "weekday_set": _resolve_weekday_set,
    "business_day": _resolve_business_day,
    "quarter_half": _resolve_quarter_half,
    "quarter_code": _resolve_quarter_code,
    "season": _resolve_season,
    "decade": _resolve_decade,
    "century": _resolve_century,
    "months_of_year": _resolve_months_of_year,
    "months_to": _resolve_months_to,
    "year_range": _resolve_year_range,
    "numeric_date": _resolve_numeric_date,
    "fiscal_year": _resolve_fiscal_year,
    "fraction_duration": _resolve_fraction_duration,
    "full_year": _resolve_full_year,
    "year_end": _resolve_year_end,
    "year_earlier_period": _resolve_year_earlier_period,
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


# Rules that cannot match a text without one of these words are skipped (a third of the stage's time).
RULE_KEYWORDS = {
    "century": ("century",),
    "fiscal_year": ("fiscal", "financial"),
    "fiscal": ("year",),
    "months_to": ("months",),
    "months_of_year": ("months",),
    "year_earlier_period": ("ago", "earlier", "prior", "previous"),
    "fraction_duration": ("quarter", "half"),
    "full_year": ("full",),
    "year_end": ("end",),
    "year_range": ("between", " to ", "through", "until"),
    "business_day": ("day",),
    "day_of_month": ("th", "st", "nd", "rd"),
    "ago": ("ago", "earlier", "later"),
    "quarter_half": ("quarter", "half"),
    "weekday_range": ("day",),
    "decade": ("0s",),
}


def find_candidates(text: str, spans=None) -> list[tuple[int, int, str, re.Match]]:
    """Non-overlapping grammar matches inside `spans` (default: all the text), longest first (rule order breaks ties)."""
    found = []
    lowered = text.lower()
    for order, (name, pattern) in enumerate(_grammar()):
        if name in RULE_KEYWORDS and not any(word in lowered for word in RULE_KEYWORDS[name]):
            continue
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
    if name == "set" and m["adverb"] and span[0].pos_ in ("ADJ", "PROPN") and span[0].dep_ in ("amod", "compound", "nmod", "appos", "pobj", "nsubj", "dobj"):
        return False
    if name == "month" and not (m["year"] or m["yrel"]) and _surname(span.doc.char_span(m.start("mon"), m.end("mon"), alignment_mode="expand")):
        return False
    if name == "relative_period" and m["rel"].lower() == "the" and _names_its_date(span.doc, m):
        return False
    if m.groupdict().get("mon") and not m.groupdict().get("day"):
        month_token = span.doc.char_span(m.start("mon"), m.end("mon"), alignment_mode="expand")
        if month_token is not None and _verbal_word(month_token[0]) and month_token.text.lower() in ("may", "march"):
            return False
    return True


def _surname(month) -> bool:
    """"Theresa May": a month name that a preceding proper noun modifies is a person's name."""
    if month is None or month.start == 0:
        return False
    previous = month.doc[month.start - 1]
    return previous.pos_ == "PROPN" and previous.head.i == month[0].i and previous.dep_ == "compound" and previous.text not in _words()["months"] and previous.text.title() not in _words()["weekdays"]


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
    joined: list[tuple[int, int, Resolved]] = []
    for start, end, result in resolved:
        previous = joined[-1] if joined else None
        if (
            previous is not None and previous[2].type == "TIME" and previous[2].start is None and previous[2].value
            and result.granularity == "day" and result.start is not None and result.start == result.end
            and CLOCK_TO_DAY.fullmatch(text, previous[1], start)
        ):
            clock = str(previous[2].value).split("T")[1]
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
    return match is not None and line_start + match.end() >= end
