"""Ingest: find input files, decode them safely, and turn them into raw documents.

Every problem with one file or record becomes a `Skip` naming it and saying why;
the caller reports it and goes on with the rest. Every limit is checked before
the expensive work it protects: a file's size before it is read, a line's length
before it is parsed, HTML nesting before the page is extracted. Links are
followed only to targets inside the input root, and every file that is not read
is named (`Ignored`) with the reason.
"""

import csv
import datetime as dt
import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.etree
import lxml.html
import pyarrow as pa
import pyarrow.parquet as pq

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".jsonl", ".csv", ".parquet"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
METADATA_FIELDS = ("url", "title", "outlet", "published")
RECORD_FIELDS = ("id", "text", "html", *METADATA_FIELDS)

MAX_CHARS = 1_000_000
"""Largest document (characters of text or HTML source)."""
MAX_FILE_BYTES = 4 * MAX_CHARS + 4
"""Largest .txt/.html file: no more bytes than MAX_CHARS four-byte characters and a BOM."""
MAX_RECORD_BYTES = 2 * MAX_FILE_BYTES
"""Longest JSONL line or CSV record (the article and its metadata, JSON-escaped)."""
MAX_LINE_CHARS = 100_000
"""Longest line of a plain-text article: past it the text is not prose (no tokenizer should chew it)."""
MAX_SIDECAR_BYTES = 1_000_000
MAX_ROW_GROUP_BYTES = 256 * 1024 * 1024
"""Largest Parquet row group (uncompressed), the unit read into memory at once."""
MAX_HTML_DEPTH = 255
"""libxml2's nesting limit: elements deeper than this would be silently dropped."""
PARQUET_BATCH_ROWS = 64

BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


@dataclass
class RawDocument:
    """One article as it arrived: its text or HTML and whatever metadata came with it.

    `origin` is where a record came from (`batch.jsonl#3`) when `source` is its own id or url.
    """

    source: str
    content: str
    is_html: bool = False
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    origin: str | None = None

    @property
    def label(self) -> str:
        """How messages name it: the source, and the file and record it came from if different."""
        if self.origin and self.origin != self.source:
            return f"{self.source} ({self.origin})"
        return self.source


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


class Ignored(Warning_):
    """A file or folder under the input that is deliberately not read (not an input type, hidden,
    the output folder); named so nothing disappears silently, but not a skipped input."""

    def __str__(self) -> str:
        return f"ignored {self.source}: {self.reason}"


# --- finding the files -----------------------------------------------------------


def find_input_files(root: Path) -> list[Path]:
    """All supported files under `root` (or `root` itself), sorted; sidecar .json files excluded."""
    return [item for item in walk_inputs(root) if isinstance(item, Path)]


def walk_inputs(root: Path, exclude: Iterable[Path] = ()) -> Iterator[Path | Skip | Ignored]:
    """Input files under `root` in sorted order, plus a `Skip` or `Ignored` for every entry not read.

    Links are followed only when their target is inside `root` (a link loop or a
    second way to the same file is read once); folders in `exclude` (the output)
    are never entered.
    """
    if not root.is_dir():
        yield root
        return
    real_root = os.path.realpath(root)
    excluded = {os.path.realpath(path) for path in exclude}
    seen_dirs = {real_root}
    seen_files: set[str] = set()
    pending = [(Path(root), "")]
    found: list[tuple[str, Path | Skip | Ignored]] = []
    while pending:
        folder, prefix = pending.pop()
        entries, problem = _list_folder(folder)
        if problem:
            found.append((prefix, Skip(prefix or folder.name, problem)))
            continue
        names = {entry.name for entry in entries}
        for entry in entries:
            name = prefix + entry.name
            verdict = _judge_entry(entry, name, names, real_root, excluded, seen_dirs, seen_files)
            if isinstance(verdict, tuple):
                pending.append(verdict)
            elif verdict is not None:
                found.append((name, verdict))
    for _, item in sorted(found, key=lambda pair: pair[0]):
        yield item


def _list_folder(folder: Path) -> tuple[list[os.DirEntry], str | None]:
    try:
        with os.scandir(folder) as handle:
            return sorted(handle, key=lambda entry: entry.name), None
    except OSError as error:
        return [], f"folder could not be read ({error.strerror})"


def _judge_entry(entry, name, siblings, real_root, excluded, seen_dirs, seen_files):
    """What to do with one folder entry: a file Path to read, a (folder, prefix) to enter,
    a Skip or Ignored naming why not, or None for a sidecar (read with its article)."""
    real = os.path.realpath(entry.path)
    if real in excluded or any(real.startswith(path + os.sep) for path in excluded):
        return Ignored(name + "/" if entry.is_dir() else name, "the output folder is never read as input")
    if entry.name.startswith("."):
        return Ignored(name, "hidden")
    if entry.is_symlink():
        problem = _link_problem(entry.path, real, real_root)
        if problem:
            return Skip(name, problem)
    try:
        mode = os.stat(entry.path).st_mode
    except OSError as error:
        return Skip(name, f"could not be read ({error.strerror})")
    if stat.S_ISDIR(mode):
        if real in seen_dirs:
            return Ignored(name + "/", "a link to a folder that is read already (a loop or a second path)")
        seen_dirs.add(real)
        return Path(entry.path), name + "/"
    if not stat.S_ISREG(mode):
        return Skip(name, "not a regular file")
    return _judge_file(Path(entry.path), name, siblings, real, seen_files)


def _judge_file(path: Path, name: str, siblings: set[str], real: str, seen_files: set[str]):
    suffix = path.suffix.lower()
    if suffix == ".json":
        if any(path.stem + other in siblings for other in TEXT_SUFFIXES | HTML_SUFFIXES):
            return None
        return Ignored(name, "a .json file is read only as the sidecar of a .txt or .html file of the same name")
    if suffix not in SUPPORTED_SUFFIXES:
        return Ignored(name, f"not an input type ({suffix or 'no extension'})")
    if real in seen_files:
        return Ignored(name, "a link to a file that is read already")
    seen_files.add(real)
    return path


def _link_problem(link: str, real: str, real_root: str) -> str | None:
    if not os.path.exists(real):
        return "broken link (its target does not exist)"
    if real != real_root and not real.startswith(real_root + os.sep):
        return "link to a target outside the input folder; not followed"
    return None


# --- decoding ----------------------------------------------------------------------


def decode_bytes(data: bytes) -> str:
    """Decode text with a byte order mark (UTF-8, UTF-16, UTF-32) or else UTF-8, refusing empty,
    binary and undecodable input with a readable reason."""
    if not data.strip():
        raise ValueError("empty file")
    encoding, bom = _bom_encoding(data)
    if bom == 0 and b"\x00" in data[:8192]:
        raise ValueError("binary content (NUL bytes), not text")
    try:
        text = data[bom:].decode(encoding)
    except UnicodeDecodeError as error:
        name = "UTF-8" if encoding == "utf-8" else encoding.upper()
        offset = bom + error.start
        raise ValueError(f"not valid {name} (byte 0x{data[offset]:02x} at offset {offset})") from None
    if not text.strip():
        raise ValueError("empty file")
    problem = binary_text_problem(text)
    if problem:
        raise ValueError(problem)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _bom_encoding(data: bytes) -> tuple[str, int]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return "utf-8", 0


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


def content_problem(content: str, is_html: bool) -> str | None:
    """Why a decoded document is past a limit (size, line length, HTML nesting), or None."""
    if len(content) > MAX_CHARS:
        return f"too large ({len(content):,} characters; the limit is {MAX_CHARS:,}): split it"
    if is_html:
        return html_nesting_problem(content)
    longest = max(map(len, content.split("\n")), default=0)
    if longest > MAX_LINE_CHARS:
        return f"a line of {longest:,} characters (the limit is {MAX_LINE_CHARS:,}): not prose"
    return None


def html_nesting_problem(html: str) -> str | None:
    """libxml2 drops whatever is nested past its depth limit; such a page is refused, not truncated."""
    parser = lxml.html.HTMLParser()
    try:
        lxml.html.fromstring(html, parser=parser)
    except (lxml.etree.LxmlError, ValueError):
        return None
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        return f"HTML nested deeper than {MAX_HTML_DEPTH} levels"
    return None


# --- reading ---------------------------------------------------------------------


def read_inputs(root: Path, exclude: Iterable[Path] = ()) -> Iterator[RawDocument | Skip | Warning_]:
    """Yield raw documents (and skips/warnings) for every input under `root`, never entering
    the folders in `exclude`."""
    base = root if root.is_dir() else root.parent
    for item in walk_inputs(root, exclude):
        if not isinstance(item, Path):
            yield item
            continue
        name = item.relative_to(base).as_posix()
        suffix = item.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            yield Skip(name, f"unsupported file type '{suffix}'")
        elif suffix in RECORD_SUFFIXES:
            yield from _read_record_file(item, name)
        else:
            yield from _read_single_file(item, name, is_html=suffix in HTML_SUFFIXES)


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The file's bytes, refusing (by its size, before reading) anything over `limit`."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise ValueError(f"{what} too large ({size:,} bytes; the limit is {limit:,}): split it")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{what} too large (over {limit:,} bytes)")
    return data


def _read_single_file(path: Path, name: str, is_html: bool) -> Iterator[RawDocument | Skip | Warning_]:
    try:
        content = decode_bytes(read_limited(path, MAX_FILE_BYTES, "file"))
    except OSError as error:
        yield Skip(name, f"could not be read ({error.strerror})")
        return
    except ValueError as error:
        yield Skip(name, str(error))
        return
    problem = content_problem(content, is_html)
    if problem:
        yield Skip(name, problem)
        return
    metadata, notes = _read_sidecar(path)
    for note in notes:
        yield Warning_(name, note)
    yield RawDocument(source=name, content=content, is_html=is_html, **metadata)


def _read_sidecar(path: Path) -> tuple[dict, list[str]]:
    """Metadata from `<stem>.json` beside a text or HTML file, if there is one."""
    sidecar = path.with_suffix(".json")
    if not os.path.lexists(sidecar):
        return {}, []
    ignored = "metadata ignored"
    if sidecar.is_symlink() and _link_problem(str(sidecar), os.path.realpath(sidecar), os.path.realpath(path.parent)):
        return {}, [f"sidecar {sidecar.name} is a link out of its folder; {ignored}"]
    try:
        text = read_limited(sidecar, MAX_SIDECAR_BYTES, "sidecar").decode("utf-8-sig")
    except OSError as error:
        return {}, [f"sidecar {sidecar.name} could not be read ({error.strerror}); {ignored}"]
    except UnicodeDecodeError:
        return {}, [f"sidecar {sidecar.name} is not valid UTF-8; {ignored}"]
    except ValueError as error:
        return {}, [f"sidecar {sidecar.name}: {error}; {ignored}"]
    if not text.strip():
        return {}, [f"sidecar {sidecar.name} is empty; {ignored}"]
    data, problem = parse_json(text)
    if problem:
        return {}, [f"sidecar {sidecar.name} {problem}; {ignored}"]
    if not isinstance(data, dict):
        return {}, [f"sidecar {sidecar.name} is not a JSON object; {ignored}"]
    return _metadata_from_record(data)


def parse_json(text: str) -> tuple[object, str | None]:
    """(value, None), or (None, why not): invalid JSON or nested past the parser's depth (~1,000)."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, f"is not valid JSON ({error})"
    except RecursionError:
        return None, "is JSON nested too deeply (over about 1,000 levels)"


def _metadata_from_record(record: dict) -> tuple[dict, list[str]]:
    """The metadata fields as text; a field of another kind (a list, an object) is dropped with a note."""
    metadata, notes = {}, []
    for field in METADATA_FIELDS:
        value = _metadata_text(record.get(field))
        if value is _NOT_TEXT:
            notes.append(f"field '{field}' is a {type(record[field]).__name__}, not text; ignored")
            value = None
        metadata[field] = value
    return metadata, notes


_NOT_TEXT = object()


def _metadata_text(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return _NOT_TEXT
    if isinstance(value, (str, int, float)):
        return str(value).strip() or None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return _NOT_TEXT


# --- record files ------------------------------------------------------------------


class MalformedFile(Exception):
    """A record file that cannot be read on (its header, or its syntax from some point on)."""


def _read_record_file(path: Path, name: str) -> Iterator[RawDocument | Skip | Warning_]:
    count, last = 0, 0
    try:
        for index, record in _iter_records(path):
            count, last = count + 1, index
            record_name = f"{name}#{index}"
            if isinstance(record, Skip):
                yield Skip(record_name, record.reason)
                continue
            yield from _document_from_record(record, record_name)
    except MalformedFile as error:
        yield Skip(name, str(error))
        return
    except Exception as error:  # noqa: BLE001 - any parser failure is a malformed file
        where = f" after record {last}" if count else ""
        yield Skip(name, f"malformed {path.suffix[1:].lower()} file{where} ({type(error).__name__}: {error})")
        return
    if not count:
        yield Skip(name, "no records")


def _iter_records(path: Path) -> Iterator[tuple[int, dict | Skip]]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _iter_jsonl(path)
    if suffix == ".csv":
        return _iter_csv(path)
    return _iter_parquet(path)


def bounded_lines(handle, limit: int) -> Iterator[bytes | None]:
    """Lines of a binary file, each read at most `limit` bytes at a time; a longer line is
    consumed in pieces and given as None, so no line larger than `limit` is ever held."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = handle.readline(limit)
        yield None


def _iter_jsonl(path: Path) -> Iterator[tuple[int, dict | Skip]]:
    with path.open("rb") as handle:
        for index, raw in enumerate(bounded_lines(handle, MAX_RECORD_BYTES), start=1):
            if raw is None:
                yield index, Skip("", f"line longer than {MAX_RECORD_BYTES:,} bytes; not parsed")
                continue
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8-sig" if index == 1 else "utf-8")
            except UnicodeDecodeError:
                yield index, Skip("", "line is not valid UTF-8")
                continue
            record, problem = parse_json(text)
            if problem:
                yield index, Skip("", problem.removeprefix("is "))
                continue
            if not isinstance(record, dict):
                yield index, Skip("", "record is not a JSON object")
                continue
            yield index, record


def _iter_csv(path: Path) -> Iterator[tuple[int, dict]]:
    csv.field_size_limit(MAX_RECORD_BYTES)
    with path.open("rb") as binary:
        lines = _decoded_csv_lines(bounded_lines(binary, MAX_RECORD_BYTES))
        reader = csv.DictReader(lines)
        if reader.fieldnames is None:
            return
        _require_content_column(reader.fieldnames)
        yield from enumerate(reader, start=1)


def _decoded_csv_lines(lines: Iterator[bytes | None]) -> Iterator[str]:
    for number, line in enumerate(lines, start=1):
        if line is None:
            raise MalformedFile(f"malformed csv file (line {number} is longer than {MAX_RECORD_BYTES:,} bytes)")
        try:
            yield line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise MalformedFile(f"malformed csv file (line {number} is not valid UTF-8: {error.reason})") from None


def _require_content_column(columns: Iterable[str]) -> None:
    if not {"text", "html"} & set(columns):
        raise MalformedFile("no 'text' or 'html' column")


def _iter_parquet(path: Path) -> Iterator[tuple[int, dict]]:
    """Rows in small batches, only the columns read; the types and row-group sizes are checked
    from the file's metadata before any data is read."""
    with pq.ParquetFile(path) as table:
        schema = table.schema_arrow
        _require_content_column(schema.names)
        for column in ("text", "html"):
            if column in schema.names and not _is_text_type(schema.field(column).type):
                raise MalformedFile(f"column '{column}' holds {schema.field(column).type}, not text")
        for group in range(table.metadata.num_row_groups):
            size = table.metadata.row_group(group).total_byte_size
            if size > MAX_ROW_GROUP_BYTES:
                raise MalformedFile(
                    f"row group {group} is {size:,} bytes (the limit is {MAX_ROW_GROUP_BYTES:,}): "
                    "write it with smaller row groups"
                )
        columns = [name for name in RECORD_FIELDS if name in schema.names]
        index = 0
        for batch in table.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=columns):
            for row in batch.to_pylist():
                index += 1
                yield index, row


def _is_text_type(type_: pa.DataType) -> bool:
    return pa.types.is_string(type_) or pa.types.is_large_string(type_) or pa.types.is_null(type_)


def _document_from_record(record: dict, record_name: str) -> Iterator[RawDocument | Skip | Warning_]:
    metadata, notes = _metadata_from_record(record)
    source = _record_source(record.get("id")) or metadata.get("url") or record_name
    text, html = record.get("text"), record.get("html")
    content, is_html = (text, False) if _present(text) else (html, True)
    if not _present(content):
        yield Skip(record_name, "record has no 'text' or 'html' field with content")
        return
    if not isinstance(content, str):
        yield Skip(record_name, f"'{'html' if is_html else 'text'}' is a {type(content).__name__}, not a string")
        return
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    problem = binary_text_problem(content) or content_problem(content, is_html)
    if problem:
        yield Skip(record_name, problem)
        return
    for note in notes:
        yield Warning_(record_name, note)
    yield RawDocument(source=source, content=content, is_html=is_html, origin=record_name, **metadata)


def _record_source(value) -> str | None:
    """A record's `id` as its source name: only text or a number; it is a name, never a path."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value).strip() or None


def _present(value) -> bool:
    return isinstance(value, str) and bool(value.strip()) or (
        value is not None and not isinstance(value, (str, float))
    )


def count_documents(roots: Iterable[Path], exclude: Iterable[Path] = ()) -> int:
    """About how many documents the inputs hold, counted without parsing them (a progress
    bar's total): one per article file, one per line of a JSONL or CSV file, Parquet's row count."""
    exclude = list(exclude)
    return sum(
        _documents_in(item) for root in roots for item in walk_inputs(root, exclude) if isinstance(item, Path)
    )


def _documents_in(path: Path) -> int:
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            return pq.ParquetFile(path).metadata.num_rows
        if suffix in (".jsonl", ".csv"):
            return max(_count_lines(path) - (suffix == ".csv"), 0)
    except Exception:  # noqa: BLE001 - a file that cannot be counted is one skip
        return 1
    return 1


def _count_lines(path: Path) -> int:
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")
