"""Publication dates: from metadata values, header lines ("Tuesday, May 13, 2025") and datelines."""

import re
from datetime import date, datetime

import dateparser

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH = r"(?P<month>(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r"))\.?"
ISO_DATE = re.compile(r"\b(?P<year>(19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")
MONTH_DAY_YEAR = re.compile(MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>(19|20)\d\d)\b", re.IGNORECASE)
DAY_MONTH_YEAR = re.compile(r"\b(?P<day>\d{1,2})\s+" + MONTH + r",?\s+(?P<year>(19|20)\d\d)\b", re.IGNORECASE)
DATELINE = re.compile(
    r"^[A-Z][A-Z .'/-]{2,40},\s+" + MONTH + r"\s+(?P<day>\d{1,2})\b(?:,\s*(?P<year>(19|20)\d\d))?"
)


EARLIEST_YEAR, LATEST_YEAR = 1900, 2099
"""Publication years accepted from metadata, the same span the text patterns below read
(a 9999-12-31 placeholder is no date, and date arithmetic near the calendar's ends overflows)."""
MAX_METADATA_DATE_CHARS = 100


def parse_metadata_date(value: str) -> date | None:
    """A date from a metadata field: ISO forms first, then dateparser for written ones;
    None for anything else, for a year outside EARLIEST_YEAR-LATEST_YEAR and for long values."""
    value = value.strip()
    if len(value) > MAX_METADATA_DATE_CHARS:
        return None
    found: date | None
    try:
        found = datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        parsed = dateparser.parse(
            value,
            languages=["en"],
            settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
        )
        found = parsed.date() if parsed else None
    return found if found and EARLIEST_YEAR <= found.year <= LATEST_YEAR else None


def dateline_date(dateline: tuple[int | None, int, int] | None, not_after: date | None) -> date | None:
    """A wire dateline's day: in its own year, else the latest such day not after `not_after` (one rule for
    the publication date inferred from a dateline and for the anchor of relative dates)."""
    if not dateline:
        return None
    year, month, day = dateline
    if year is None and not_after:
        year = not_after.year if (month, day) <= (not_after.month, not_after.day) else not_after.year - 1
    return _safe_date(year, month, day) if year is not None else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_full_date(line: str) -> date | None:
    """The first complete calendar date written in a line, if any."""
    match = ISO_DATE.search(line)
    if match:
        return _safe_date(int(match["year"]), int(match["mon"]), int(match["day"]))
    for pattern in (MONTH_DAY_YEAR, DAY_MONTH_YEAR):
        match = pattern.search(line)
        if match:
            return _safe_date(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))
    return None


def find_date_in_header(lines: list[str]) -> date | None:
    """A full date in the lines before (and including) the first body line: bylines, mastheads."""
    for line in lines:
        found = find_full_date(line)
        if found:
            return found
    return None


def find_dateline(lines: list[str]) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a wire dateline such as "GENEVA, May 12 (Reuters) -"."""
    for line in lines:
        match = DATELINE.match(line)
        if match:
            year = int(match["year"]) if match["year"] else None
            return year, MONTHS[match["month"].lower()], int(match["day"])
    return None
