"""Clean stage: find the article body, headline, outlet and publication date of a raw document.

The text is never rewritten: boilerplate stays in `documents.text` and is only
left out of `body_spans`, so every offset downstream still points at the source.
Plain text is judged line by line with the cues in `models/boilerplate.json`;
HTML goes through trafilatura (see `htmlpage`).
"""

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from . import htmlpage
from .ingest import RawDocument
from .lexicons import load_json
from .pubdate import dateline_date, find_date_in_header, find_dateline, parse_metadata_date

SENTENCE_END = re.compile(r"[.!?\"'”’)\]:]$")
NAV_SEPARATORS = re.compile(r"\s(\||>|»|›|/)\s")
CAPTION_CREDIT = re.compile(
    r"(\([^()]*(/|photo|credit|getty|reuters|afp|ap)[^()]*\)\s*$)"
    r"|(\.\s+[A-Z][\w.'-]*( [A-Z][\w.'-]*)* / [A-Z][\w.'-]*( [A-Z][\w.'-]*)*\s*$)",
    re.IGNORECASE,
)
MAX_WRAP_WIDTH = 100
RUN_ON_WORDS = 60
SENTENCE_BREAK = re.compile(r"(?<=[.!?\"'”’])\s+(?=[A-Z“\"(])")
TEASER = re.compile(r"(\.\.\.|…)\s*$")
TEMPLATE_GARBAGE = re.compile(r"[{}]")
BULLET = re.compile(r"^\s*([-•・*·»]|\d+\.)\s+")
WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
OUTLET_BYLINE = re.compile(r"^([A-Z][A-Z&.' ]{2,40}?)\s+[-—–]\s+\S")
MASTHEAD_SEPARATOR = re.compile(r"\s+[|>»›/—–-]\s+")
MASTHEAD_WORD = re.compile(r"^([A-Z][A-Za-z'’&.-]*|&|of|the|and|on)$")
OUTLET_IN_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .,'/-]{2,40}(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s+)?\(([^)]{2,60})\)\s*[-—–]"
)


@dataclass
class CleanDocument:
    """A document ready to parse: its text, the body spans and the metadata found."""

    source: str
    text: str
    body_spans: list[tuple[int, int]]
    title: str | None
    outlet: str | None
    url: str | None
    published_date: date | None
    published_date_method: str
    dateline: tuple[int | None, int, int] | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Line:
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _cues() -> dict[str, list[re.Pattern]]:
    data = load_json("boilerplate.json")
    return {
        key: [re.compile(pattern, re.IGNORECASE) for pattern in data[key]]
        for key in ("section_start", "line", "disclaimer")
    }


@lru_cache(maxsize=1)
def _known_outlets() -> dict[str, str]:
    data = load_json("outlets.json")
    return {form.lower(): name for name, forms in data["outlets"].items() for form in [name, *forms]}


def split_lines(text: str) -> list[Line]:
    """Lines of `text` with their offsets (leading and trailing blanks trimmed)."""
    lines, offset = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + raw.index(stripped[0])
            lines.append(Line(start, start + len(stripped), stripped))
        offset += len(raw) + 1
    return lines


def wrap_width(lines: list[Line]) -> int | None:
    """The column width of hard-wrapped text (most lines cut near one length), else None.

    Text with one paragraph per line has many lines far longer than 100
    characters; wrapped text has none, and many lines close to the width.
    """
    lengths = sorted(len(line.text) for line in lines)
    if len(lengths) < 8:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    near_width = sum(1 for length in lengths if length >= 0.75 * width)
    return width if 40 <= width <= MAX_WRAP_WIDTH and near_width >= 5 else None


def paragraphs(lines: list[Line], text: str) -> list[Line]:
    """Lines of one-paragraph-per-line text; for hard-wrapped text, the wrapped lines joined back into paragraphs.

    A wrapped line is filled close to the width, so a line that long followed
    by another on the very next line continues the same paragraph.
    """
    width = wrap_width(lines)
    if width is None:
        return lines
    joined: list[Line] = []
    last: Line | None = None
    for line in lines:
        if last and len(last.text) >= 0.6 * width and text.count("\n", last.end, line.start) == 1:
            joined[-1] = Line(joined[-1].start, line.end, joined[-1].text + " " + line.text)
        else:
            joined.append(line)
        last = line
    return joined


def split_run_on_lines(lines: list[Line]) -> list[Line]:
    """Sentences of long lines that would be thrown away whole as clutter.

    Scraped text sometimes arrives as one big paragraph holding menus, the
    article and "Read more" links together; judging it sentence by sentence
    keeps the article.
    """
    result: list[Line] = []
    for line in lines:
        if word_count(line.text) >= RUN_ON_WORDS and is_clutter_line(line.text):
            result.extend(_after_navigation(segment) for segment in _sentences(line))
        else:
            result.append(line)
    return result


def _sentences(line: Line) -> list[Line]:
    bounds, start = [], 0
    for match in SENTENCE_BREAK.finditer(line.text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(line.text)))
    return [Line(line.start + s, line.start + e, line.text[s:e]) for s, e in bounds if e > s]


def _after_navigation(segment: Line) -> Line:
    """The part of a sentence after a run of menu items "Home | World | Business"."""
    separators = list(NAV_SEPARATORS.finditer(segment.text))
    if len(separators) < 2:
        return segment
    cut = separators[-1].end()
    return Line(segment.start + cut, segment.end, segment.text[cut:])


def word_count(line: str) -> int:
    return len(WORD.findall(line))


def is_section_start(line: str) -> bool:
    return any(p.search(line) for p in _cues()["section_start"])


def matches_clutter_cue(line: str) -> bool:
    """A line that one of the cues in models/boilerplate.json marks as clutter."""
    cues = _cues()
    return any(p.search(line) for p in cues["line"]) or any(p.search(line) for p in cues["disclaimer"])


def is_clutter_line(line: str) -> bool:
    """A single line that is page furniture: navigation, credits, ads, bylines, teasers."""
    if matches_clutter_cue(line):
        return True
    if len(NAV_SEPARATORS.findall(line)) >= 2 or line.count("|") >= 2:
        return True
    return bool(CAPTION_CREDIT.search(line) or TEASER.search(line) or TEMPLATE_GARBAGE.search(line))


def is_body_line(line: str) -> bool:
    """Prose: a sentence-like line (or bullet) long enough to be article text."""
    content = BULLET.sub("", line)
    words = word_count(content)
    if words >= 20:
        return True
    return words >= 5 and bool(SENTENCE_END.search(content)) and any(c.islower() for c in content)


def _same_headline(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()

    return norm(a) == norm(b) or (len(norm(b)) > 20 and norm(a).endswith(norm(b)))


def guess_headline(lines: list[Line]) -> Line | None:
    """The headline of a page without a title in its metadata.

    It is the longest plain line before the first full paragraph; mastheads,
    section names and bylines sit there too but are shorter. A line that ends
    like a sentence is taken only when nothing else is there.
    """
    candidates = []
    for line in lines:
        if is_clutter_line(line.text):
            continue
        words = word_count(line.text)
        if words >= 20 or is_section_start(line.text):
            break
        if words >= 3:
            candidates.append(line)
    if not candidates:
        return None
    return max(candidates, key=lambda line: (not line.text.endswith("."), word_count(line.text)))


def classify_lines(lines: list[Line], title: str | None) -> tuple[list[Line], Line | None]:
    """Return (body lines, headline line) of a plain-text article."""
    body: list[Line] = []
    headline: Line | None = None
    guessed = None if title else guess_headline(lines)
    in_tail = False
    for line in lines:
        text = line.text
        if in_tail:
            continue
        if is_section_start(text):
            in_tail = bool(body)
            continue
        if title and _same_headline(text, title):
            headline = headline or line
            continue
        if is_clutter_line(text):
            continue
        if line is guessed:
            headline = line
            continue
        if is_body_line(text):
            body.append(line)
    return body, headline


def merge_spans(lines: list[Line], text: str) -> list[tuple[int, int]]:
    """Join body lines separated only by whitespace into one span."""
    spans: list[list[int]] = []
    for line in lines:
        if spans and not text[spans[-1][1] : line.start].strip():
            spans[-1][1] = line.end
        else:
            spans.append([line.start, line.end])
    return [(s, e) for s, e in spans]


def find_outlet_in_text(lines: list[Line], body: list[Line], headline: Line | None = None) -> str | None:
    """Outlet from a wire dateline "(Reuters) -", a byline "AGENCY NEWS -", a known name or a masthead."""
    header = [line.text for line in lines if not body or line.start <= body[0].start][:12]
    for text in header:
        match = OUTLET_IN_DATELINE.match(text)
        if match:
            return _canonical_outlet(match.group(1))
        match = OUTLET_BYLINE.match(text)
        if match and match.group(1).strip().lower() in _known_outlets():
            return _canonical_outlet(match.group(1))
    for text in header:
        name = text.split("|")[0].split(" - ")[0].strip().lower()
        if name in _known_outlets():
            return _known_outlets()[name]
    return find_masthead(lines, headline)


def find_masthead(lines: list[Line], headline: Line | None) -> str | None:
    """A publication name on the first line above the headline: "Global Trade Monitor | World"."""
    above = [line for line in lines if headline and line.start < headline.start]
    first = next((line.text for line in above if not matches_clutter_cue(line.text)), None)
    if first is None:
        return None
    name = MASTHEAD_SEPARATOR.split(first)[0].strip()
    words = name.split()
    if 2 <= len(words) <= 5 and all(MASTHEAD_WORD.match(word) for word in words):
        return _canonical_outlet(name)
    return None


def _canonical_outlet(name: str) -> str:
    name = name.strip()
    known = _known_outlets().get(name.lower())
    if known:
        return known
    return name.title() if name.isupper() and len(name) > 4 else name


def clean_plain_text(raw: RawDocument, reference_date: date | None) -> CleanDocument:
    text = raw.content
    lines = split_run_on_lines(paragraphs(split_lines(text), text))
    body_lines, headline = classify_lines(lines, raw.title)
    if not body_lines:
        body_lines = [line for line in lines if line is not headline and not is_clutter_line(line.text)]
    spans = merge_spans(body_lines, text)
    title = raw.title or (headline.text if headline else None)
    outlet = raw.outlet or find_outlet_in_text(lines, body_lines, headline)
    header_lines = [line.text for line in lines if not body_lines or line.start < body_lines[0].end]
    return _with_dates(
        CleanDocument(raw.source, text, spans, title, outlet, raw.url, None, "none"),
        raw,
        header_lines,
        reference_date,
    )


def clean_html(raw: RawDocument, reference_date: date | None) -> CleanDocument:
    page = htmlpage.extract(raw.content, is_clutter=matches_clutter_cue)
    title = raw.title or page.title
    header_lines = [line.text for line in split_lines(page.text[: (page.body_spans or [(0, 0)])[0][1]])]
    outlet = raw.outlet or page.sitename or _outlet_in_page_text(page)
    clean = CleanDocument(
        raw.source, page.text, page.body_spans, title, outlet, raw.url or page.url, None, "none"
    )
    if not raw.published and page.date:
        raw = RawDocument(**{**raw.__dict__, "published": page.date})
    return _with_dates(clean, raw, header_lines, reference_date)


def _outlet_in_page_text(page: htmlpage.Page) -> str | None:
    """A page without og:site_name: the outlet of a wire dateline or byline, or a known name in its header."""
    lines = split_lines(page.text)
    first_body = page.body_spans[0][0] if page.body_spans else len(page.text)
    body = [line for line in lines if line.start >= first_body]
    return find_outlet_in_text(lines, body)


def _with_dates(
    clean: CleanDocument, raw: RawDocument, header_lines: list[str], reference_date: date | None
) -> CleanDocument:
    """Publication date: metadata, else a full date in the header, else the reference date."""
    clean.dateline = find_dateline(header_lines)
    published = parse_metadata_date(raw.published) if raw.published else None
    if raw.published and published is None:
        clean.notes.append(f"published value {raw.published!r} is not a date; ignored")
    if published:
        clean.published_date, clean.published_date_method = published, "metadata"
        return clean
    found = find_date_in_header(header_lines) or dateline_date(clean.dateline, reference_date)
    if found:
        clean.published_date, clean.published_date_method = found, "text"
    elif reference_date:
        clean.published_date, clean.published_date_method = reference_date, "reference"
    return clean


def clean_document(raw: RawDocument, reference_date: date | None = None) -> CleanDocument:
    if raw.is_html:
        return clean_html(raw, reference_date)
    return clean_plain_text(raw, reference_date)
