"""What every stage gets besides the parsed document: the document's identity and dates."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DocContext:
    """Per-document context handed to every stage.

    `text` is `documents.text`; the spaCy doc passed with it has the same length
    (clutter blanked out), so `token.idx` and `span.start_char` are offsets into
    `text`. `anchor_date` is what relative time expressions resolve against: the
    publication date, or the user's reference date, or None. `dateline` is the
    (year or None, month, day) of a wire dateline such as "GENEVA, May 12".
    """

    doc_id: str
    source: str
    text: str
    body_spans: tuple[tuple[int, int], ...]
    title: str | None = None
    outlet: str | None = None
    published_date: date | None = None
    anchor_date: date | None = None
    dateline: tuple[int | None, int, int] | None = None

    def in_body(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.body_spans)
