"""HTML pages: the page's visible text, with trafilatura's judgement of the main text as body spans.

trafilatura is a maintained main-text extractor; we keep the whole visible text
as `documents.text` (so clutter is still there for offsets) and mark the
paragraphs trafilatura kept as the body.
"""

import re
from dataclasses import dataclass

import lxml.html
import trafilatura

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "title",
}
SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}
SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass
class Page:
    text: str
    body_spans: list[tuple[int, int]]
    title: str | None
    sitename: str | None
    date: str | None
    url: str | None


def visible_text(html: str) -> str:
    """The page's text, one block element per line, scripts and styles dropped."""
    root = lxml.html.fromstring(html)
    parts: list[str] = []

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in SKIP_TAGS:
            if element.tail:
                parts.append(element.tail)
            return
        if tag in BLOCK_TAGS:
            parts.append("\n")
        if element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
        if tag in BLOCK_TAGS:
            parts.append("\n")
        if element.tail:
            parts.append(element.tail)

    walk(root)
    lines = (SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def locate_lines(text: str, lines: list[str]) -> list[tuple[int, int]]:
    """Offsets in `text` of each extracted line, searched in order; lines not found are dropped."""
    spans, cursor = [], 0
    for line in lines:
        needle = SPACES.sub(" ", line).strip()
        if not needle:
            continue
        found = text.find(needle, cursor)
        if found < 0:
            found = text.find(needle)
        if found < 0:
            continue
        spans.append((found, found + len(needle)))
        cursor = found + len(needle)
    return sorted(spans)


def extract(html: str) -> Page:
    text = visible_text(html)
    result = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    main_lines = (result.text or "").split("\n") if result else []
    spans = locate_lines(text, main_lines)
    if result and result.title:
        spans = [s for s in spans if text[s[0] : s[1]] != result.title.strip()]
    return Page(
        text=text,
        body_spans=_merge_adjacent(text, spans),
        title=(result.title if result else None) or None,
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
