"""Shared fixtures: one spaCy pipeline per test session, and a way to parse a sentence as a document."""

from datetime import date

import pytest

from pipeline.context import DocContext
from pipeline.parse import load_nlp, mask_to_body


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


@pytest.fixture(scope="session")
def parse(nlp):
    """parse(text, published=date|None, doc_id="t1") -> (doc, ctx); the whole text is body."""

    def _parse(text: str, published: date | None = None, doc_id: str = "t1", outlet: str | None = None):
        spans = ((0, len(text)),)
        ctx = DocContext(
            doc_id=doc_id,
            source=f"{doc_id}.txt",
            text=text,
            body_spans=spans,
            outlet=outlet,
            published_date=published,
            anchor_date=published,
        )
        return nlp(mask_to_body(text, spans)), ctx

    return _parse


@pytest.fixture(scope="session")
def annotate(parse):
    """annotate(text, published=date|None, stages=(...)) -> table rows of the per-document stages, by table."""
    from collections import defaultdict

    from pipeline.run import run_stages
    from pipeline.stage import DEFAULT_STAGES, build_stages

    def _annotate(text: str, published: date | None = None, stages=DEFAULT_STAGES, **context):
        doc, ctx = parse(text, published=published, **context)
        return run_stages(build_stages(stages), doc, ctx, defaultdict(float))

    return _annotate
