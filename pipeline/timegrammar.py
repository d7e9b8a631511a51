"""Calendar arithmetic for the date stage: intervals, TIMEX3 values, and placing partial dates in time.

Everything here is a pure function of numbers and an anchor date; the date
stage (`pipeline/dates.py`) finds the expressions and decides their tense.
Tense is one of "past", "future" or None (unknown). A missing anchor gives an
underspecified value (`XXXX-06-05`, `XXXX-WXX-4`) and no interval.

Conventions (the analyst's timeline needs one interval per expression):
- early/mid/late month = days 1-10 / 11-20 / 21-end; early/mid/late year =
  Jan-Apr / May-Aug / Sep-Dec; "end of <month>" = late month.
- "later this week/month/year" = the day after the anchor to the period's end;
  "earlier this ..." = the period's start to the day before the anchor.
- Seasons are northern meteorological seasons; winter Y = Dec Y to Feb Y+1.
- A fiscal year "ending March 2026" = April 2025 to March 2026; FY<year> is
  named by the year it ends in.
- A period moved by "a year earlier" keeps its kind (`shifted`): May 2025 a
  year earlier is May 2024, 2025-Q3 is 2024-Q3.
- README "Conventions" lists the rest (decades, centuries, parts of day, spans).
"""

import calendar
import re
from typing import TypeVar
from dataclasses import dataclass
from datetime import date, timedelta

from .lexicons import load_json

MAX_TENSE_SHIFT_DAYS = 300


T = TypeVar("T")


@dataclass(frozen=True)
class Resolved:
    """What one time expression means: TIMEX3 type and value, and the inclusive interval."""

    type: str
    value: str | None
    start: date | None = None
    end: date | None = None
    granularity: str | None = None


@dataclass(frozen=True)
class Anchor:
    """The date relative expressions resolve against; month/day alone when only a dateline gives them."""

    day: date | None
    month: int | None = None
    day_of_month: int | None = None

    @property
    def known(self) -> bool:
        return self.day is not None

    @property
    def known_day(self) -> date:
        """The anchor day, for code that has checked `known` (a resolver never runs date arithmetic on no day)."""
        if self.day is None:
            raise ValueError("relative date resolved against an unknown anchor")
        return self.day


def words() -> dict:
    return load_json("time_words.json")


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def safe_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def on_day(day: date) -> Resolved:
    return Resolved("DATE", day.isoformat(), day, day, "day")


def in_days(first: date, last: date, value: str | None, granularity: str | None) -> Resolved:
    """An interval that never runs backwards (e.g. "later this month" on the month's last day)."""
    return Resolved("DATE", value, min(first, last), max(first, last), granularity)


def in_month(year: int, month: int) -> Resolved:
    return Resolved("DATE", f"{year:04d}-{month:02d}", date(year, month, 1), month_end(year, month), "month")


def in_year(year: int) -> Resolved:
    return Resolved("DATE", f"{year:04d}", date(year, 1, 1), date(year, 12, 31), "year")


def in_week(any_day: date) -> Resolved:
    monday = any_day - timedelta(days=any_day.isoweekday() - 1)
    iso_year, iso_week, _ = monday.isocalendar()
    return Resolved("DATE", f"{iso_year:04d}-W{iso_week:02d}", monday, monday + timedelta(days=6), "week")


def in_weekend(any_day: date) -> Resolved:
    saturday = any_day - timedelta(days=any_day.isoweekday() - 6)
    iso_year, iso_week, _ = saturday.isocalendar()
    return Resolved("DATE", f"{iso_year:04d}-W{iso_week:02d}-WE", saturday, saturday + timedelta(days=1), "weekend")


def weekend_by_tense(anchor: Anchor, tense: str | None) -> Resolved:
    """"the weekend": the one the anchor is in, else the last one (past tense, or early in the week) or the next."""
    if not anchor.known:
        return Resolved("DATE", "XXXX-WXX-WE", granularity="weekend")
    today = anchor.known_day
    if today.isoweekday() >= 6:
        return in_weekend(today)
    if tense == "past" or (tense is None and today.isoweekday() <= 3):
        return in_weekend(today - timedelta(weeks=1))
    return in_weekend(today)


def in_quarter(year: int, quarter: int) -> Resolved:
    first = 3 * quarter - 2
    return Resolved("DATE", f"{year:04d}-Q{quarter}", date(year, first, 1), month_end(year, first + 2), "quarter")


def in_half(year: int, half: int) -> Resolved:
    first = 1 if half == 1 else 7
    return Resolved("DATE", f"{year:04d}-H{half}", date(year, first, 1), month_end(year, first + 5), "half")


def in_half_month(year: int, month: int, half: int) -> Resolved:
    first, last = (1, 15) if half == 1 else (16, month_end(year, month).day)
    return Resolved("DATE", f"{year:04d}-{month:02d}", date(year, month, first), date(year, month, last), "half_month")


def in_season(year: int, name: str) -> Resolved:
    season = words()["seasons"][name]
    first, last = season["months"]
    end_year = year + 1 if last < first else year
    return Resolved("DATE", f"{year:04d}-{season['code']}", date(year, first, 1), month_end(end_year, last), "season")


def in_part_of_month(year: int, month: int, part: str) -> Resolved:
    first, last = words()["month_parts"][part]
    last = min(last, month_end(year, month).day)
    return Resolved("DATE", f"{year:04d}-{month:02d}", date(year, month, first), date(year, month, last), "part_of_month")


def in_part_of_year(year: int, part: str) -> Resolved:
    first, last = words()["year_parts"][part]
    return Resolved("DATE", f"{year:04d}", date(year, first, 1), month_end(year, last), "part_of_year")


def in_fiscal_year(end_year: int, end_month: int) -> Resolved:
    start_year, start_month = add_months(end_year, end_month, -11)
    return Resolved(
        "DATE",
        f"{start_year:04d}-{start_month:02d}/{end_year:04d}-{end_month:02d}",
        date(start_year, start_month, 1),
        month_end(end_year, end_month),
        "fiscal_year",
    )


def business_day(first: date, last: date, first_one: bool = True) -> date | None:
    """The first (or last) weekday between first and last that is not one of the fixed holidays in time_words.json."""
    holidays = {tuple(h) for h in words()["business_days"]["holidays"]}
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    open_days = [d for d in days if d.isoweekday() <= 5 and (d.month, d.day) not in holidays]
    if not open_days:
        return None
    return open_days[0] if first_one else open_days[-1]


def season_of(day: date) -> tuple[int, str]:
    """(year, season name) that a day falls in; January and February belong to the previous year's winter."""
    for name, season in words()["seasons"].items():
        first, last = season["months"]
        if first <= day.month <= last:
            return day.year, name
        if last < first and (day.month >= first or day.month <= last):
            return (day.year if day.month >= first else day.year - 1), name
    raise ValueError(day)


def pick_by_tense(candidates: list[tuple[date, date, T]], anchor: date, tense: str | None) -> T:
    """The candidate interval nearest the anchor; the tense (past: begun by the anchor) may move it up to ~10 months.

    A parser's tense is a weak cue ("suspended until July 9" is past tense about
    a future day), so it only overrides the nearest reading within that limit.
    """


    def distance(candidate):
        first, last, _ = candidate
        if first <= anchor <= last:
            return 0
        return min(abs((first - anchor).days), abs((last - anchor).days))

    nearest = min(candidates, key=distance)
    if tense == "past":
        allowed = [c for c in candidates if c[0] <= anchor]
    elif tense == "future":
        allowed = [c for c in candidates if c[1] >= anchor]
    else:
        allowed = [nearest]
    if nearest in allowed or not allowed:
        return nearest[2]
    best = min(allowed, key=distance)
    return best[2] if distance(best) <= MAX_TENSE_SHIFT_DAYS else nearest[2]


def month_day(month: int, day: int, year: int | None, anchor: Anchor, tense: str | None) -> Resolved | None:
    """"May 23" placed in the year nearest the anchor that fits the tense; a written year is kept as written."""
    if year is not None:
        found = safe_day(year, month, day)
        return on_day(found) if found else None
    if not anchor.known:
        return Resolved("DATE", f"XXXX-{month:02d}-{day:02d}", granularity="day") if 1 <= day <= 31 else None
    candidates = []
    for y in (anchor.known_day.year - 1, anchor.known_day.year, anchor.known_day.year + 1):
        found = safe_day(y, month, day)
        if found:
            candidates.append((found, found, found))
    return on_day(pick_by_tense(candidates, anchor.known_day, tense)) if candidates else None


def month_year(month: int, anchor: Anchor, tense: str | None, relation: str | None = None) -> int | None:
    """The year of a month named without one. relation: "last"/"next"/"this" (or "come") override the tense."""
    if not anchor.known:
        return None
    today = anchor.known_day
    if relation == "this":
        return today.year
    if relation == "last":
        return today.year if month < today.month else today.year - 1
    if relation in ("next", "come"):
        return today.year if month > today.month else today.year + 1
    candidates = [(date(y, month, 1), month_end(y, month), y) for y in (today.year - 1, today.year, today.year + 1)]
    return pick_by_tense(candidates, today, tense)


def weekday(iso_day: int, anchor: Anchor, tense: str | None, relation: str | None = None) -> Resolved:
    """A weekday: past tense = the latest on or before the anchor, future = the first on or after; "last"/"next" exclude the anchor day."""
    if not anchor.known:
        return Resolved("DATE", f"XXXX-WXX-{iso_day}", granularity="day")
    today = anchor.known_day
    back = (today.isoweekday() - iso_day) % 7
    ahead = (iso_day - today.isoweekday()) % 7
    if relation == "last":
        return on_day(today - timedelta(days=back or 7))
    if relation == "next":
        return on_day(today + timedelta(days=ahead or 7))
    if relation == "this":
        return on_day(today + timedelta(days=iso_day - today.isoweekday()))
    if tense == "past" or (tense is None and back <= ahead):
        return on_day(today - timedelta(days=back))
    return on_day(today + timedelta(days=ahead))


def relative_period(unit: str, shift: int, anchor: Anchor) -> Resolved:
    """this/next/last week, weekend, month, quarter, year (shift 0, +1, -1)."""
    if not anchor.known:
        if unit == "month" and anchor.month and shift == 0:
            return Resolved("DATE", f"XXXX-{anchor.month:02d}", granularity="month")
        return Resolved("DATE", {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "quarter": "XXXX-QX", "century": "XX"}.get(unit, "XXXX"), granularity=unit)
    today = anchor.known_day
    if unit == "week":
        return in_week(today + timedelta(weeks=shift))
    if unit == "weekend":
        return in_weekend(today + timedelta(weeks=shift))
    if unit == "month":
        return in_month(*add_months(today.year, today.month, shift))
    if unit == "quarter":
        year, month = add_months(today.year, today.month, 3 * shift)
        return in_quarter(year, (month - 1) // 3 + 1)
    if unit == "decade":
        first = today.year // 10 * 10 + 10 * shift
        return Resolved("DATE", f"{first // 10:03d}", date(first, 1, 1), date(first + 9, 12, 31), "decade")
    if unit == "century":
        first = today.year // 100 * 100 + 100 * shift
        return Resolved("DATE", f"{first // 100:02d}", date(max(first, 1), 1, 1), date(first + 99, 12, 31), "century")
    return in_year(today.year + shift)


def rest_of_period(unit: str, anchor: Anchor, later: bool) -> Resolved:
    """"later this month" (the day after the anchor to the month's end) or "earlier this month" (its start to the day before)."""
    whole = relative_period(unit, 0, anchor)
    if whole.start is None or whole.end is None:
        return whole
    today = anchor.known_day
    if later:
        return in_days(min(today + timedelta(days=1), whole.end), whole.end, whole.value, whole.granularity)
    return in_days(whole.start, max(today - timedelta(days=1), whole.start), whole.value, whole.granularity)


def part_of_relative_period(unit: str, shift: int, part: str, anchor: Anchor) -> Resolved:
    """"early next month", "late last year", "the end of the month"."""
    whole = relative_period(unit, shift, anchor)
    if whole.start is None:
        return whole
    if unit == "month":
        return in_part_of_month(whole.start.year, whole.start.month, part)
    if unit == "year":
        return in_part_of_year(whole.start.year, part)
    return whole


def days_ago(amount: int, unit: str, anchor: Anchor) -> Resolved:
    """"two weeks ago" = the week that was, "4 hours ago" = the anchor day."""
    if not anchor.known:
        return Resolved("DATE", None, granularity=unit)
    today = anchor.known_day
    if unit in ("hour", "minute"):
        return on_day(today)
    if unit == "day":
        return on_day(today - timedelta(days=amount))
    if unit == "week":
        return in_week(today - timedelta(weeks=amount))
    if unit == "month":
        return in_month(*add_months(today.year, today.month, -amount))
    if unit == "decade":
        return in_year(today.year - 10 * amount)
    return in_year(today.year - amount)


def period_value(amount: int | None, unit: str) -> str:
    """ISO 8601 period: P2W, P90D, PT4H; an unknown amount is X (PXM for "several months")."""
    spec = words()["units"][unit]
    number = "X" if amount is None else str(amount)
    if unit == "decade":
        return f"P{'X' if amount is None else amount * 10}Y"
    return f"PT{number}{spec['code']}" if spec.get("time") else f"P{number}{spec['code']}"


def span_length(amount: int, unit: str) -> timedelta:
    per_unit = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}
    return timedelta(days=amount * per_unit.get(unit, 0))


MONTHS_PER_UNIT = {"month": 1, "quarter": 3, "year": 12, "decade": 120}
DAYS_PER_UNIT = {"day": 1, "week": 7}


def _day_months_later(day: date, months: int) -> date:
    year, month = add_months(day.year, day.month, months)
    return date(year, month, min(day.day, month_end(year, month).day))


def shifted(period: Resolved, amount: int, unit: str) -> Resolved | None:
    """The same kind of period `amount` units later (earlier when negative): "May" a year earlier is May of the year before.

    None when the shift does not keep the kind of period (a quarter moved by a month).
    """
    if period.start is None:
        return None
    single_day = period.start == period.end
    if unit in DAYS_PER_UNIT:
        days = timedelta(days=amount * DAYS_PER_UNIT[unit])
        if single_day:
            return on_day(period.start + days)
        return in_week(period.start + days) if period.granularity == "week" else None
    months = amount * MONTHS_PER_UNIT.get(unit, 0)
    if not months:
        return None
    start = _day_months_later(period.start, months)
    if single_day:
        return on_day(start)
    if period.granularity == "month" and period.start.day == 1 and period.end == month_end(period.start.year, period.start.month):
        return in_month(start.year, start.month)
    if period.granularity == "quarter" and months % 3 == 0:
        return in_quarter(start.year, (start.month - 1) // 3 + 1)
    if period.granularity == "half" and months % 6 == 0:
        return in_half(start.year, 1 if start.month <= 6 else 2)
    if months % 12 == 0 and period.value is not None and period.end is not None:
        years = months // 12
        value = re.sub(r"(?<!\d)\d{4}(?!\d)", lambda y: f"{int(y.group()) + years:04d}", period.value)
        end = _day_months_later(period.end, months)
        if period.end == month_end(period.end.year, period.end.month):
            end = month_end(end.year, end.month)
        return Resolved(period.type, value, start, end, period.granularity)
    return None
