"""Fault suite, hostile input: one run over a folder of bad files beside good ones.

Every bad file or record is named on stderr with its reason, every good article
is in the tables, nothing outside the input is read or fetched, and the run
finishes in bounded time and memory.
"""

import os
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from hostile import ARTICLE, SECRET, article, build_hostile_folder
from pipeline import dates
from pipeline.ingest import RawDocument, read_inputs, walk_inputs
from pipeline.run import extract_documents, extract_raw_documents
from pipeline.schemas import TABLES

ROOT = Path(__file__).parent.parent
RUN_SECONDS = 120
RUN_MEGABYTES = 1500


def run_cli(*args: str, timeout: float = RUN_SECONDS) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    hostile = build_hostile_folder(base)
    out = base / "out"
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    completed = run_cli("extract", str(hostile.root), "--out", str(out))
    peak_mb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    tables = {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}
    return hostile, completed, tables, time.monotonic() - started, peak_mb


def test_hostile_folder_ends_with_exit_1_in_bounded_time_and_memory(hostile_run):
    _, completed, _, seconds, peak_mb = hostile_run
    assert completed.returncode == 1, completed.stderr
    assert seconds < RUN_SECONDS
    assert peak_mb < RUN_MEGABYTES
    assert "Traceback" not in completed.stderr


def test_every_good_article_of_the_hostile_folder_is_in_the_tables(hostile_run):
    hostile, _, tables, _, _ = hostile_run
    assert set(tables["documents"]["source"]) == hostile.good_sources


def test_every_bad_file_or_record_is_named_with_its_reason(hostile_run):
    hostile, completed, _, _, _ = hostile_run
    lines = completed.stderr.splitlines()
    for name, reason in hostile.skipped.items():
        matching = [line for line in lines if line.startswith(f"skipped {name}: ")]
        assert len(matching) == 1, (name, completed.stderr)
        assert reason in matching[0], matching[0]
    for name, reason in hostile.warned.items():
        matching = [line for line in lines if line.split(": ")[0] in (f"warning {name}", f"ignored {name}")]
        assert any(reason in line for line in matching), (name, reason, completed.stderr)


def test_utf16_with_a_byte_order_mark_is_decoded(hostile_run):
    _, _, tables, _, _ = hostile_run
    text = tables["documents"].set_index("source").loc["utf16.txt", "text"]
    assert "Brazil is considering a 15% tariff" in text


def test_nothing_outside_the_input_reaches_the_tables(hostile_run):
    _, _, tables, _, _ = hostile_run
    for name, frame in tables.items():
        assert not frame.astype(str).apply(lambda column: column.str.contains(SECRET)).any().any(), name


def test_no_entity_is_expanded_and_no_script_is_kept(hostile_run):
    _, _, tables, _, _ = hostile_run
    documents = tables["documents"].set_index("source")
    assert "lollol" not in documents.loc["bomb.html", "text"]
    script_page = documents.loc["script.html", "text"]
    assert "99%" not in script_page and "98%" not in script_page
    assert "Canada will raise its tariff" in script_page


def test_a_record_id_is_a_name_never_a_path(hostile_run):
    hostile, _, tables, _, _ = hostile_run
    assert "../../escaped" in set(tables["documents"]["source"])
    for folder in (hostile.root.parent, hostile.root.parent.parent, hostile.root):
        assert not (folder / "escaped").exists()


def test_a_file_url_in_a_sidecar_is_kept_as_text_and_never_opened(hostile_run):
    hostile, _, tables, _, _ = hostile_run
    documents = tables["documents"].set_index("source")
    assert documents.loc["file-url.txt", "url"] == f"file://{hostile.secret}"


def test_no_file_outside_the_input_is_opened_and_no_socket_is_used(tmp_path):
    hostile = build_hostile_folder(tmp_path)
    events: list[tuple] = []
    secret = str(hostile.secret)

    def audit(event, args):
        if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
            events.append((event, args))
        elif event == "open" and args and isinstance(args[0], (str, bytes)) and secret in os.fsdecode(args[0]):
            events.append((event, args))

    sys.addaudithook(audit)
    try:
        result = extract_documents([hostile.root])
    finally:
        secret = "\0never matches a path\0"
    assert events == []
    assert result.n_documents == len(hostile.good_sources)


def test_links_are_followed_only_inside_the_input(tmp_path):
    root = tmp_path / "in"
    (root / "2025").mkdir(parents=True)
    (root / "2025" / "steel.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "latest").symlink_to(root / "2025", target_is_directory=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "other.txt").write_text(article(2), encoding="utf-8")
    (root / "elsewhere").symlink_to(outside, target_is_directory=True)
    items = list(walk_inputs(root))
    assert [item for item in items if isinstance(item, Path)] == [root / "2025" / "steel.txt"]
    named = {str(item) for item in items if not isinstance(item, Path)}
    assert named == {
        "skipped elsewhere: link to a target outside the input folder; not followed",
        "ignored latest/: a link to a folder that is read already (a loop or a second path)",
    }


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_files_and_folders_are_named(tmp_path):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "locked").chmod(0)
    (tmp_path / "secret.txt").chmod(0)
    try:
        named = [str(item) for item in read_inputs(tmp_path)]
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert "skipped locked/: folder could not be read (Permission denied)" in named
    assert "skipped secret.txt: could not be read (Permission denied)" in named


def test_an_unreadable_sidecar_is_not_called_invalid_json(tmp_path):
    (tmp_path / "steel.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "steel.json").mkdir()
    warnings = [str(item) for item in read_inputs(tmp_path) if not isinstance(item, RawDocument)]
    assert len(warnings) == 1 and "could not be read" in warnings[0]


def test_an_over_long_jsonl_line_is_skipped_without_losing_the_good_lines(tmp_path):
    from pipeline.ingest import MAX_RECORD_BYTES

    good = '{"id": "ok", "text": "%s"}' % ARTICLE.replace("\n", "\\n")
    long_line = '{"id": "long", "text": "' + "a" * (MAX_RECORD_BYTES + 10) + '"}'
    (tmp_path / "batch.jsonl").write_text("\n".join([good, long_line, good.replace("ok", "ok-2")]) + "\n")
    items = list(read_inputs(tmp_path))
    assert [item.source for item in items if isinstance(item, RawDocument)] == ["ok", "ok-2"]
    assert [str(item) for item in items if not isinstance(item, RawDocument)] == [
        f"skipped batch.jsonl#2: line longer than {MAX_RECORD_BYTES:,} bytes; not parsed"
    ]


def test_a_skipped_record_with_an_id_names_its_file_and_line():
    german = "Die Gespräche in Genf dauerten zwei Tage, und beide Seiten sprachen von einem Schritt. " * 3
    result = extract_raw_documents(
        [RawDocument("wire-9", german, origin="batch.jsonl#4"), RawDocument("ok.txt", ARTICLE)]
    )
    assert [str(skip) for skip in result.skipped] == [
        "skipped wire-9 (batch.jsonl#4): does not look like English text"
    ]


def test_a_reference_date_at_the_calendar_edge_is_a_usage_error(tmp_path):
    completed = run_cli("extract", "seeds", "--out", str(tmp_path / "out"), "--reference-date", "0001-01-01")
    assert completed.returncode == 2
    assert completed.stderr.strip().splitlines()[-1].endswith("is outside the years 1900-2099")


def test_a_stage_raising_on_one_document_skips_only_that_document(monkeypatch):
    real = dates.extract_dates

    def fail_on_one(doc, ctx, *args, **kwargs):
        if ctx.source == "bad.txt":
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc, ctx, *args, **kwargs)

    monkeypatch.setattr(dates, "extract_dates", fail_on_one)
    result = extract_raw_documents([RawDocument("bad.txt", ARTICLE), RawDocument("good.txt", article(1))])
    assert [row["source"] for row in result.tables["documents"]] == ["good.txt"]
    assert [skip.source for skip in result.skipped] == ["bad.txt"]


@pytest.mark.slow
def test_a_page_of_5000_percentages_finishes_in_bounded_time(tmp_path):
    rates = ", ".join(f"{n % 97}.{n % 10}% on item {n}" for n in range(5000))
    page = "Tariff schedule published\n\nThe United States set tariffs of " + rates + ", officials said.\n"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "schedule.txt").write_text(page, encoding="utf-8")
    try:
        completed = run_cli("extract", str(tmp_path / "in"), "--out", str(tmp_path / "out"), timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("5,000 percentages in one sentence took over 30 s")
    assert completed.returncode in (0, 1)


def test_the_network_is_not_needed(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    (tmp_path / "page.html").write_text(
        f'<html><head><link rel="stylesheet" href="https://cdn.example/x.css"></head>'
        f'<body><img src="https://tracker.example/p.gif"><p>{ARTICLE}</p></body></html>',
        encoding="utf-8",
    )
    assert extract_documents([tmp_path]).n_documents == 1
