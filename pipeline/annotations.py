"""Typed annotations that stages hand to later stages, and the table rows made from them at the end.

Every annotation holds the spaCy `Span` it was read from, so a later stage works
on tokens directly (no character offsets mapped back). Where the expression is
narrower than whole tokens ("25%" inside "25%-30%"), `chars` keeps its exact
character extent for the row; otherwise the span's own extent is used.

Rows for the contract tables are made once, by `table_rows`, after every stage
has run; `writer.rows_to_table` then checks them against the schemas.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, ClassVar

from spacy.tokens import Span


@dataclass
class Annotation:
    """Base of every annotation: the span it covers and, when narrower than its tokens, its exact characters."""

    span: Span
    chars: tuple[int, int] | None = field(default=None, kw_only=True)

    TABLE: ClassVar[str] = ""
    ID_COLUMN: ClassVar[str] = ""
    ID_PREFIX: ClassVar[str] = ""
    INTERNAL: ClassVar[tuple[str, ...]] = ()

    @property
    def start(self) -> int:
        return self.chars[0] if self.chars else self.span.start_char

    @property
    def end(self) -> int:
        return self.chars[1] if self.chars else self.span.end_char

    def id_prefix(self) -> str:
        return self.ID_PREFIX

    def row(self, doc_id: str, text: str, n: int) -> dict[str, Any]:
        """The table row: ids and offsets first, then every attribute not marked internal."""
        row: dict[str, Any] = {
            "doc_id": doc_id,
            self.ID_COLUMN: f"{doc_id}:{self.id_prefix()}{n}",
            "start": self.start,
            "end": self.end,
            "text": text[self.start : self.end],
        }
        for item in fields(self):
            if item.name not in ("span", "chars") and item.name not in self.INTERNAL:
                row[item.name] = getattr(self, item.name)
        return row


@dataclass
class Mention(Annotation):
    """A PERSON/ORG/GPE/NORP mention with its doc-local entity (`key`, e.g. "person:ryosei-akazawa")."""

    label: str
    key: str
    name: str
    type: str
    country: str | None
    roles: list[str] = field(default_factory=list)
    base: str | None = None
    title_country: str | None = None

    TABLE: ClassVar[str] = "mentions"
    ID_COLUMN: ClassVar[str] = "mention_id"
    ID_PREFIX: ClassVar[str] = "m"
    INTERNAL: ClassVar[tuple[str, ...]] = ("key", "base", "title_country")

    def row(self, doc_id: str, text: str, n: int) -> dict[str, Any]:
        """The mention row, with the extra columns the cross-document resolver reads (name, type, roles, country)."""
        row = super().row(doc_id, text, n)
        row["entity_id"] = f"{doc_id}/{self.key}"
        return row


@dataclass
class Quantity(Annotation):
    value: float
    unit: str | None
    approximate: bool
    kind: str | None = None

    TABLE: ClassVar[str] = "quantities"
    ID_COLUMN: ClassVar[str] = "quantity_id"
    ID_PREFIX: ClassVar[str] = "q"


@dataclass
class TimeExpression(Annotation):
    type: str
    value: str | None
    date_start: date | None
    date_end: date | None
    granularity: str | None
    anchor_date: date | None
    is_dateline: bool = False

    TABLE: ClassVar[str] = "dates"
    ID_COLUMN: ClassVar[str] = "date_id"
    ID_PREFIX: ClassVar[str] = "t"


@dataclass
class Round(Annotation):
    round_number: int
    parties: list[str]
    level: str | None
    status: str
    date_start: date | None
    date_end: date | None
    location: str | None

    TABLE: ClassVar[str] = "rounds"
    ID_COLUMN: ClassVar[str] = "round_id"
    ID_PREFIX: ClassVar[str] = "round"


@dataclass
class Claim(Annotation):
    """One typed assertion; `span` is the sentence or clause that makes it."""

    claim_type: str
    status: str = "unknown"
    imposer: str | None = None
    target: str | None = None
    product: str | None = None
    measure: str | None = None
    rate: float | None = None
    previous_rate: float | None = None
    effective_date: date | None = None
    round_number: int | None = None
    date_start: date | None = None
    date_end: date | None = None
    parties: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    hedged: bool = False
    attributed_to: str | None = None

    TABLE: ClassVar[str] = "claims"
    ID_COLUMN: ClassVar[str] = "claim_id"

    def id_prefix(self) -> str:
        """Round claims and tariff claims are numbered apart ("doc:r0", "doc:t0")."""
        return "r" if self.claim_type == "negotiation_round" else "t"


def table_rows(doc_id: str, text: str, layers: dict[str, list]) -> dict[str, list[dict]]:
    """Rows of every per-document table from the annotation layers; ids count per table and prefix."""
    tables: dict[str, list[dict]] = {}
    counters: dict[tuple[str, str], int] = {}
    for layer in layers.values():
        for annotation in layer:
            key = (annotation.TABLE, annotation.id_prefix())
            n = counters.get(key, 0)
            counters[key] = n + 1
            tables.setdefault(annotation.TABLE, []).append(annotation.row(doc_id, text, n))
    return tables


def rows_of(ctx, annotations: list) -> list[dict]:
    """The table rows of one layer of one document (what `table_rows` makes for it)."""
    return table_rows(ctx.doc_id, ctx.text, {"layer": annotations}).get(annotations[0].TABLE, []) if annotations else []
