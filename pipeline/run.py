"""The extraction run: ingest, clean, parse, stages, claims, then the global reconcile and write.

Data flows one way. The per-document stages come from the stage registry
(`stage.build_stages`), each reading and assigning typed annotation layers;
rows for the tables are made once per document from those layers. A stage
that raises skips that one document (`E201`), never the run.
"""

import hashlib
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from . import reconcile, resolve
from .annotations import table_rows
from .clean import CleanDocument, clean_document
from .context import DocContext
from .ingest import MAX_CHARS, RawDocument, Skip, Warning_, count_documents, read_inputs
from .lexicons import check_models
from .parse import load_nlp, mask_to_body, parse_bodies
from .stage import DEFAULT_STAGES, DocState, Stage, build_stages
from .writer import write_tables

# Documents parsed per nlp.pipe call: large enough for spaCy batching, small enough to bound memory.
CHUNK_SIZE = 256
STAGE_FAILED = "E201"
PER_DOCUMENT_TABLES = ("documents", "mentions", "quantities", "dates", "rounds", "claims")
# English prose runs at 0.4-0.5 stop words per word; German or Japanese pages in the tests stay under 0.1.
MIN_ENGLISH_STOPWORD_RATIO = 0.2
WORD = re.compile(r"[A-Za-z]+")


@dataclass
class RunResult:
    tables: dict[str, list[dict]] = field(default_factory=dict)
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    @property
    def n_documents(self) -> int:
        return len(self.tables.get("documents", []))


def make_doc_id(source: str, text: str) -> str:
    """Stable id: the same source and text give the same id on every run."""
    return hashlib.sha1(f"{source}\0{text}".encode()).hexdigest()[:16]


def english_ratio(text: str) -> float:
    words = WORD.findall(text[:20000].lower())
    if not words:
        return 0.0
    return sum(1 for w in words if w in STOP_WORDS) / len(words)


def check_document(raw: RawDocument, clean: CleanDocument) -> str | None:
    """Why a decoded document cannot be used (too large, no body, not English), or None."""
    if len(raw.content) > MAX_CHARS:
        return f"too large ({len(raw.content):,} characters; the limit is {MAX_CHARS:,}): split it"
    body = " ".join(clean.text[s:e] for s, e in clean.body_spans)
    if not body.strip():
        return "no article text found"
    if english_ratio(body) < MIN_ENGLISH_STOPWORD_RATIO:
        return "does not look like English text"
    return None


def document_row(doc_id: str, clean: CleanDocument) -> dict:
    return {
        "doc_id": doc_id,
        "source": clean.source,
        "title": clean.title,
        "outlet": clean.outlet,
        "published_date": clean.published_date,
        "published_date_method": clean.published_date_method,
        "text": clean.text,
        "body_spans": [{"start": s, "end": e} for s, e in clean.body_spans],
        "url": clean.url,
    }


def context_for(doc_id: str, clean: CleanDocument) -> DocContext:
    return DocContext(
        doc_id=doc_id,
        source=clean.source,
        text=clean.text,
        body_spans=tuple(clean.body_spans),
        title=clean.title,
        outlet=clean.outlet,
        published_date=clean.published_date,
        anchor_date=clean.published_date,
        dateline=clean.dateline,
    )


class StageFailed(Exception):
    """A stage raised on one document; the document is skipped with this reason."""

    def __init__(self, stage: Stage, source: str, error: BaseException):
        super().__init__(f"{stage.label} stage failed on {source}: {type(error).__name__}: {error}")


def run_stages(stages: list[Stage], doc, ctx: DocContext, seconds: dict[str, float]) -> dict[str, list[dict]]:
    """All per-document stages in order, then the document's table rows. Adds time per stage to `seconds`.

    Raises StageFailed when a stage raises, so the caller can skip this one document."""
    state = DocState(doc, ctx)
    for stage in stages:
        started = time.perf_counter()
        try:
            stage.apply(state)
        except Exception as error:
            raise StageFailed(stage, ctx.source, error) from error
        finally:
            seconds[stage.label] += time.perf_counter() - started
    return table_rows(ctx.doc_id, ctx.text, state.layers)


def prepared_documents(
    raws: Iterable[RawDocument | Skip | Warning_], reference_date: date | None, result: RunResult
) -> Iterator[tuple[str, CleanDocument]]:
    """Clean and check each raw document, recording skips and warnings on the way."""
    seen: set[str] = set()
    for item in raws:
        if isinstance(item, Skip):
            result.skipped.append(item)
            continue
        if isinstance(item, Warning_):
            result.warnings.append(item)
            continue
        try:
            clean = clean_document(item, reference_date)
        except Exception as error:
            result.skipped.append(Skip(item.label, f"could not be read ({type(error).__name__}: {error})"))
            continue
        problem = check_document(item, clean)
        if problem:
            result.skipped.append(Skip(item.label, problem))
            continue
        result.warnings.extend(Warning_(item.label, note) for note in clean.notes)
        doc_id = make_doc_id(clean.source, clean.text)
        if doc_id in seen:
            result.warnings.append(Warning_(item.label, "same source and text given twice; kept once"))
            continue
        seen.add(doc_id)
        yield doc_id, clean


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract_documents(
    inputs: list[Path],
    reference_date: date | None = None,
    model: str | None = None,
    progress: bool = False,
    exclude: Iterable[Path] = (),
) -> RunResult:
    """Run every stage over the input files and folders, then the global reconcile; write nothing.

    Folders in `exclude` (the output folder) are never read. The Dask path is
    `distributed.extract_documents_with_dask`, an adapter over this core."""
    exclude = list(exclude)
    raws = (item for root in inputs for item in read_inputs(root, exclude))
    total = count_documents(inputs, exclude) if progress else None
    result = extract_partition(raws, reference_date, model, progress, total)
    finish_run(result)
    return result


def extract_raw_documents(
    raws: Iterable[RawDocument | Skip | Warning_],
    reference_date: date | None = None,
    model: str | None = None,
) -> RunResult:
    result = extract_partition(raws, reference_date, model)
    finish_run(result)
    return result


@lru_cache(maxsize=1)
def default_stages() -> list[Stage]:
    """The registry's default stage list, built and order-checked once per process, after the models/ data is checked."""
    check_models()
    return build_stages(DEFAULT_STAGES)


@lru_cache(maxsize=2)
def _nlp(model: str | None):
    """One spaCy pipeline per process and model (Dask workers reuse it across partitions)."""
    return load_nlp(model)


def extract_partition(
    raws: Iterable[RawDocument | Skip | Warning_],
    reference_date: date | None = None,
    model: str | None = None,
    progress: bool = False,
    total: int | None = None,
    stage_list: list[Stage] | None = None,
) -> RunResult:
    """The per-document part of a run (everything before the global reconcile).

    With `progress`, a bar counts documents done or skipped against `total`."""
    result = RunResult(tables={name: [] for name in PER_DOCUMENT_TABLES})
    nlp = _nlp(model)
    stages = stage_list if stage_list is not None else default_stages()
    prepared = prepared_documents(raws, reference_date, result)
    bar = progress_bar(progress, total, "documents", "doc")
    for chunk in _chunks(prepared, CHUNK_SIZE):
        started = time.perf_counter()
        masked = [mask_to_body(clean.text, clean.body_spans) for _, clean in chunk]
        docs = list(parse_bodies(nlp, masked))
        result.seconds["parse"] += time.perf_counter() - started
        for (doc_id, clean), doc in zip(chunk, docs):
            try:
                rows = run_stages(stages, doc, context_for(doc_id, clean), result.seconds)
            except StageFailed as failure:
                result.skipped.append(Skip(clean.source, str(failure), code=STAGE_FAILED))
                bar.update(1)
                continue
            result.tables["documents"].append(document_row(doc_id, clean))
            for name, table in rows.items():
                result.tables[name].extend(table)
            bar.update(len(result.tables["documents"]) + len(result.skipped) - bar.n)
    bar.update(len(result.tables["documents"]) + len(result.skipped) - bar.n)
    bar.close()
    return result


def finish_run(result: RunResult) -> None:
    started = time.perf_counter()
    reconcile_run(result)
    result.seconds["reconcile"] += time.perf_counter() - started


def progress_bar(enabled: bool, total: int | None, desc: str, unit: str):
    """A tqdm bar on stderr (disabled: a bar that draws nothing); the total is an estimate and
    grows if the count passes it."""
    return _GrowingBar(total=total, desc=desc, unit=unit, file=sys.stderr, disable=not enabled)


class _GrowingBar:
    def __init__(self, **kwargs):
        from tqdm import tqdm

        self._bar = tqdm(**kwargs)

    @property
    def n(self) -> int:
        return self._bar.n

    def update(self, count: int) -> None:
        if count <= 0:
            return
        if self._bar.total is not None and self._bar.n + count > self._bar.total:
            self._bar.total = self._bar.n + count
        self._bar.update(count)

    def close(self) -> None:
        if self._bar.total is not None and self._bar.n < self._bar.total:
            self._bar.total = self._bar.n
            self._bar.refresh()
        self._bar.close()


def reconcile_run(result: RunResult) -> None:
    """Global step: resolve entities across documents, then merge claims into facts."""
    tables = result.tables
    mentions, entity_rows, id_map = resolve.resolve_entities(tables["mentions"])
    tables["mentions"] = mentions
    tables["entities"] = entity_rows
    for claim in tables["claims"]:
        claim["participants"] = sorted({id_map.get(p, p) for p in claim.get("participants") or []})
    tables["facts"] = reconcile.reconcile_facts(tables["claims"], tables["documents"])


def write_result(result: RunResult, out_dir: Path) -> None:
    result.written = write_tables(result.tables, out_dir)
