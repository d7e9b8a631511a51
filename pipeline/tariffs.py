"""Tariff stage: a percentage the parse ties to a tariff, duty, levy or tax becomes tariff_rate claims.

The jobs are split by module: `tariff_reading` decides whether a percentage
(from the quantities stage) is a tariff rate and finds its tariff noun, verb
and scope; `tariff_arguments` reads the products (one claim each), imposer,
targets and measure; `tariff_status` the status and effective date;
`tariff_cues` holds the vocabulary from models/. This module puts them together.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .annotations import Claim, Mention, Quantity, TimeExpression
from .attribution import attributed_to
from .context import DocContext
from .countries import ALL_PARTNERS
from .language import country_tokens, is_hedging_token
from .stage import DocState, Stage
from .tariff_arguments import imposer_and_targets, measure_of, products_of
from .tariff_reading import (
    Percent,
    Reading,
    body_percents,
    change_reading,
    from_to_pairs,
    multiple_changes,
    read_percent,
)
from .tariff_status import effective_date, status_of

# Prose sentences in the development texts hold at most 9 percentages; a ticker or table line holds dozens.
MAX_PERCENTS_PER_SENTENCE = 40
# Only the latest claims can lend their target to a sentence that names none.
MAX_RECENT_TARGETS = 20


def extract_tariff_claims(
    doc: Doc, ctx: DocContext, quantities: list[Quantity], dates: list[TimeExpression], mentions: list[Mention]
) -> list[Claim]:
    """Claims of type tariff_rate for every tariff percentage in the body of `doc`."""
    percents = [p for p in body_percents(ctx, quantities) if not _in_table_sentence(p, quantities)]
    previous, replaced = from_to_pairs(percents)
    multiples = multiple_changes(percents, quantities, ctx)
    countries = country_tokens(doc, mentions)
    claims: list[Claim] = []
    for percent in percents:
        if percent.token.i in replaced:
            continue
        if percent.token.i in multiples:
            reading = change_reading(percent, multiples[percent.token.i])
            previous[percent.token.i] = percent.value
        else:
            reading = read_percent(percent)
        if reading is None:
            continue
        recent = [c.target for c in reversed(claims[-MAX_RECENT_TARGETS:]) if c.target not in (None, ALL_PARTNERS)]
        claims.extend(_claims_of(reading, previous.get(percent.token.i), countries, recent, dates, ctx))
    return claims


def _in_table_sentence(percent: Percent, quantities: list[Quantity]) -> bool:
    """A "sentence" with more percentages than prose ever holds is a table or ticker, not a claim: skipped
    before any parse reading, which keeps the stage linear in the input."""
    sent = percent.token.sent
    count = sum(1 for q in quantities if q.unit == "percent" and sent.start_char <= q.start < sent.end_char)
    return count > MAX_PERCENTS_PER_SENTENCE


def run(state: DocState) -> dict[str, list]:
    claims = extract_tariff_claims(state.doc, state.ctx, state["quantities"], state["dates"], state["mentions"])
    return {"tariff_claims": claims}


STAGE = Stage(
    name="tariffs.v2",
    requires=("doc", "context", "quantities", "dates", "mentions"),
    assigns=("tariff_claims",),
    run=run,
)


def _claims_of(
    reading: Reading,
    previous_rate: float | None,
    countries: dict[int, str],
    recent: list[str],
    dates: list[TimeExpression],
    ctx: DocContext,
) -> list[Claim]:
    """The claims of one tariff percentage: one per product it names (or one for all goods)."""
    sent = reading.percent.token.sent
    start, end = _clause_span(reading.percent, sent, ctx)
    products = products_of(reading) or [None]
    imposer, targets = imposer_and_targets(reading, countries, recent, sectoral=products[0] is not None)
    status = status_of(reading)
    measure = measure_of(reading, products[0], targets[0])
    if targets == [None] and measure == "baseline":
        targets = [ALL_PARTNERS]
    effective = effective_date(reading, dates)
    hedged = any(is_hedging_token(t) for t in reading.scope)
    source = attributed_to(sent)
    span = sent.doc.char_span(start, end, alignment_mode="expand")
    chars = None if (start, end) == (span.start_char, span.end_char) else (start, end)
    return [
        Claim(
            span,
            claim_type="tariff_rate",
            imposer=imposer,
            target=target,
            product=product,
            measure=measure,
            rate=reading.percent.value,
            previous_rate=previous_rate,
            status=status,
            effective_date=effective,
            hedged=hedged,
            attributed_to=source,
            chars=chars,
        )
        for target in targets
        for product in products
    ]


def _clause_span(percent: Percent, sent: Span, ctx) -> tuple[int, int]:
    """The sentence, cut to the line and body span holding the percentage (the parser can run a sentence
    across a paragraph break or into blanked clutter)."""
    text = ctx.text
    start, end = sent.start_char, sent.end_char
    for span_start, span_end in ctx.body_spans:
        if span_start <= percent.start < span_end:
            start, end = max(start, span_start), min(end, span_end)
    start = max(start, text.rfind("\n", start, percent.start) + 1)
    line_end = text.find("\n", percent.end, end)
    end = line_end if line_end != -1 else end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end

