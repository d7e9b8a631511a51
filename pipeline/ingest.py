"""Ingest: find input files, decode them safely, and turn them into raw documents.

Every problem with one file or record becomes a `Skip` naming it and saying why;
the caller reports it and goes on with the rest.
"""

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".jsonl", ".csv", ".parquet"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
METADATA_FIELDS = ("url", "title", "outlet", "published")
MAX_CHARS = 1_000_000


@dataclass
class RawDocument:
    """One article as it arrived: its text or HTML and whatever metadata came with it."""

    source: str
    content: str
    is_html: bool = False
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None


@dataclass
class Skip:
    """An input file or record that could not be used, and why."""

    source: str
    reason: str
    code: str | None = None

    def __str__(self) -> str:
        if self.code:
            return f"{self.code} {self.reason}"
        return f"skipped {self.source}: {self.reason}"


@dataclass
class Warning_:
    """A problem that did not stop a document from being processed (e.g. a bad sidecar)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"warning {self.source}: {self.reason}"


def find_input_files(root: Path) -> list[Path]:
    """All supported files under `root` (or `root` itself), sorted; sidecar .json files excluded."""
    if root.is_file():
        return [root]
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES]
    return sorted(files)


def decode_bytes(data: bytes) -> str:
    """Decode UTF-8 text, refusing empty, binary and non-UTF-8 input with a readable reason."""
    if not data.strip():
        raise ValueError("empty file")
    if b"\x00" in data[:8192]:
        raise ValueError("binary content (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None
    problem = binary_text_problem(text)
    if problem:
        raise ValueError(problem)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def binary_text_problem(text: str) -> str | None:
    """Why decoded text looks like binary data (NUL or many control characters), or None."""
    if "\x00" in text[:8192]:
        return "binary content (NUL bytes), not text"
    if _control_char_ratio(text) > 0.05:
        return "binary content (control characters), not text"
    return None


def _control_char_ratio(text: str) -> float:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(len(sample), 1)


def read_inputs(root: Path) -> Iterator[RawDocument | Skip | Warning_]:
    """Yield raw documents (and skips/warnings) for every supported input under `root`."""
    base = root if root.is_dir() else root.parent
    for path in find_input_files(root):
        name = path.relative_to(base).as_posix()
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            yield Skip(name, f"unsupported file type '{suffix}'")
        elif suffix in RECORD_SUFFIXES:
            yield from _read_record_file(path, name)
        else:
            yield from _read_single_file(path, name, is_html=suffix in HTML_SUFFIXES)


def _read_single_file(path: Path, name: str, is_html: bool) -> Iterator[RawDocument | Skip | Warning_]:
    try:
        content = decode_bytes(path.read_bytes())
    except (OSError, ValueError) as error:
        yield Skip(name, str(error))
        return
    metadata, problem = _read_sidecar(path)
    if problem:
        yield Warning_(name, problem)
    yield RawDocument(source=name, content=content, is_html=is_html, **metadata)


def _read_sidecar(path: Path) -> tuple[dict, str | None]:
    """Metadata from `<stem>.json` beside a text or HTML file, if there is one."""
    sidecar = path.with_suffix(".json")
    if not sidecar.exists():
        return {}, None
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, f"sidecar {sidecar.name} is not valid JSON ({error}); metadata ignored"
    if not isinstance(data, dict):
        return {}, f"sidecar {sidecar.name} is not a JSON object; metadata ignored"
    return _metadata_from_record(data), None


def _metadata_from_record(record: dict) -> dict:
    metadata = {}
    for field in METADATA_FIELDS:
        value = record.get(field)
        if value is None or (isinstance(value, float) and value != value):
            metadata[field] = None
        else:
            metadata[field] = str(value).strip() or None
    return metadata


def _read_record_file(path: Path, name: str) -> Iterator[RawDocument | Skip | Warning_]:
    try:
        records = list(_iter_records(path))
    except Exception as error:
        yield Skip(name, f"malformed {path.suffix[1:]} file ({error})")
        return
    if not records:
        yield Skip(name, "no records")
        return
    if path.suffix.lower() != ".jsonl" and not _has_content_column(records):
        yield Skip(name, "no 'text' or 'html' column")
        return
    for index, record in records:
        record_name = f"{name}#{index}"
        if isinstance(record, Skip):
            yield Skip(record_name, record.reason)
            continue
        yield _document_from_record(record, record_name)


def _has_content_column(records: list[tuple[int, dict]]) -> bool:
    """Whether a table's rows (CSV or Parquet: all rows share one header) have a text or html column."""
    first = records[0][1]
    return "text" in first or "html" in first


def _iter_records(path: Path) -> Iterator[tuple[int, dict | Skip]]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _iter_jsonl(path)
    elif suffix == ".csv":
        csv.field_size_limit(sys.maxsize)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for index, row in enumerate(csv.DictReader(handle), start=1):
                yield index, row
    else:
        for index, row in enumerate(pq.read_table(path).to_pylist(), start=1):
            yield index, row


def _iter_jsonl(path: Path) -> Iterator[tuple[int, dict | Skip]]:
    with path.open("rb") as handle:
        for index, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield index, Skip("", "line is not valid UTF-8")
                continue
            except json.JSONDecodeError as error:
                yield index, Skip("", f"not valid JSON ({error.msg})")
                continue
            if not isinstance(record, dict):
                yield index, Skip("", "record is not a JSON object")
                continue
            yield index, record


def _document_from_record(record: dict, record_name: str) -> RawDocument | Skip:
    metadata = _metadata_from_record(record)
    source = str(record.get("id") or metadata.get("url") or record_name)
    text, html = record.get("text"), record.get("html")
    content, is_html = (text, False) if _present(text) else (html, True)
    if not _present(content):
        return Skip(record_name, "record has no 'text' or 'html' field with content")
    if not isinstance(content, str):
        return Skip(record_name, f"'text' is a {type(content).__name__}, not a string")
    problem = binary_text_problem(content)
    if problem:
        return Skip(record_name, problem)
    return RawDocument(
        source=source,
        content=content.replace("\r\n", "\n").replace("\r", "\n"),
        is_html=is_html,
        **metadata,
    )


def _present(value) -> bool:
    return isinstance(value, str) and bool(value.strip()) or (
        value is not None and not isinstance(value, (str, float))
    )
