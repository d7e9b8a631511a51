"""HTML pages: the page's visible text, with trafilatura's judgement of the main text as body spans.

trafilatura is a maintained main-text extractor; we keep the whole visible text
as `documents.text` (so clutter is still there for offsets) and mark the
paragraphs trafilatura kept as the body.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import lxml.html
import trafilatura

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "title",
}
SEPARATED_INLINE_TAGS = {"time", "button", "label", "img", "input", "select"}
SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
SOURCE_WHITESPACE = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
EQUIVALENT_CHARS = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)


@dataclass
class Page:
    text: str
    body_spans: list[tuple[int, int]]
    title: str | None
    sitename: str | None
    date: str | None
    url: str | None


def visible_text(html: str) -> str:
    """The page's text as a browser shows it: one block element per line, runs of
    source whitespace collapsed to one space (so a paragraph wrapped in the HTML
    source stays one line), scripts, styles and invisible characters dropped."""
    root = lxml.html.fromstring(html)
    parts: list[str] = []

    def add(text: str | None, preformatted: bool) -> None:
        if text:
            parts.append(text if preformatted else SOURCE_WHITESPACE.sub(" ", text))

    def walk(element, preformatted: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in SKIP_TAGS:
            add(element.tail, preformatted)
            return
        inner_pre = preformatted or tag == "pre"
        boundary = "\n" if tag in BLOCK_TAGS else " " if tag in SEPARATED_INLINE_TAGS else ""
        parts.append(boundary)
        add(element.text, inner_pre)
        for child in element:
            walk(child, inner_pre)
        parts.append(boundary)
        add(element.tail, preformatted)

    walk(root, False)
    raw = INVISIBLE.sub("", "".join(parts))
    lines = (SPACES.sub(" ", line).strip() for line in raw.split("\n"))
    return "\n".join(line for line in lines if line)


def normalise(text: str) -> tuple[str, list[int]]:
    """`text` with whitespace runs as one space, invisible characters dropped and
    curly quotes and dashes made plain, with the offset in `text` of each character."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text.translate(EQUIVALENT_CHARS)):
        if INVISIBLE.match(char):
            continue
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        elif char == "…":
            chars.extend("..")
            origin.extend((index, index))
            char = "."
        chars.append(char)
        origin.append(index)
    return "".join(chars), origin


class LineLocator:
    """Finds extracted lines in the page text: exactly first, else after normalising both sides."""

    def __init__(self, text: str):
        self.text = text
        self._normalised: tuple[str, list[int]] | None = None

    def find(self, line: str, cursor: int) -> tuple[int, int] | None:
        needle = SPACES.sub(" ", line).strip()
        if not needle:
            return None
        for start in (cursor, 0):
            found = self.text.find(needle, start)
            if found >= 0:
                return found, found + len(needle)
        return self._find_normalised(needle, cursor)

    def _find_normalised(self, needle: str, cursor: int) -> tuple[int, int] | None:
        if self._normalised is None:
            self._normalised = normalise(self.text)
        haystack, origin = self._normalised
        target = normalise(needle)[0].strip()
        if not target:
            return None
        start_at = next((i for i, offset in enumerate(origin) if offset >= cursor), len(origin))
        for start in (start_at, 0):
            found = haystack.find(target, start)
            if found >= 0:
                return origin[found], origin[found + len(target) - 1] + 1
        return None


def locate_lines(text: str, lines: list[str]) -> list[tuple[int, int]]:
    """Offsets in `text` of each extracted line, searched in order; lines not found are dropped."""
    locator = LineLocator(text)
    spans, cursor = [], 0
    for line in lines:
        span = locator.find(line, cursor)
        if span is None:
            continue
        spans.append(span)
        cursor = span[1]
    return sorted(spans)


def extract(html: str, is_clutter: Callable[[str], bool] = lambda line: False) -> Page:
    """The page text and metadata; body spans are trafilatura's main-text lines, less
    the headline and any line `is_clutter` rejects (bylines, "Posted" stamps)."""
    text = visible_text(html)
    result = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    title = (result.title if result else None) or None
    headline = normalise(title)[0].strip() if title else None
    main_lines = [
        line
        for line in ((result.text or "").split("\n") if result else [])
        if not is_clutter(line.strip()) and normalise(line)[0].strip() != headline
    ]
    return Page(
        text=text,
        body_spans=_merge_adjacent(text, locate_lines(text, main_lines)),
        title=title,
        sitename=(result.sitename if result else None) or None,
        date=(result.date if result else None) or None,
        url=(result.url if result else None) or None,
    )


def _merge_adjacent(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start >= merged[-1][0] and not text[merged[-1][1] : start].strip():
            merged[-1][1] = max(end, merged[-1][1])
        elif merged and start < merged[-1][1]:
            merged[-1][1] = max(end, merged[-1][1])
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]
