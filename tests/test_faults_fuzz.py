"""Fault suite, fuzzing: random bytes in every input format and random edits of a seed article
never raise out of the extraction; each input ends as a document or a named skip.

The default run tries a few dozen fixed cases; `make fuzz` runs thousands of
random ones (FUZZ_EXAMPLES).
"""

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest import RawDocument
from pipeline.run import extract_documents, extract_raw_documents

SEEDS = Path(__file__).parent.parent / "seeds"
SEED_LINES = (SEEDS / "000_60d85530f4d83fef.txt").read_text(encoding="utf-8").split("\n")
SUFFIXES = [".txt", ".html", ".jsonl", ".csv", ".parquet"]

QUICK = settings(
    max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
NIGHTLY = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "3000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

unicode_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
edit = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 200)),
    st.tuples(st.just("duplicate"), st.integers(0, 200)),
    st.tuples(st.just("swap"), st.integers(0, 200), st.integers(0, 200)),
    st.tuples(st.just("insert"), st.integers(0, 200), st.integers(0, 400), unicode_text),
)


def edited(lines: list[str], edits: list[tuple]) -> str:
    """The seed article after deleting, duplicating and swapping lines and inserting text."""
    lines = list(lines)
    for operation, at, *rest in edits:
        if not lines:
            break
        at %= len(lines)
        if operation == "delete":
            del lines[at]
        elif operation == "duplicate":
            lines.insert(at, lines[at])
        elif operation == "swap":
            other = rest[0] % len(lines)
            lines[at], lines[other] = lines[other], lines[at]
        else:
            column, text = rest
            column %= len(lines[at]) + 1
            lines[at] = lines[at][:column] + text + lines[at][column:]
    return "\n".join(lines)


def assert_bytes_survive(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"input{suffix}").write_bytes(data)
        result = extract_documents([Path(folder)])
    assert result.n_documents + len(result.skipped) >= 1


def assert_edit_survives(edits: list[tuple]) -> None:
    result = extract_raw_documents([RawDocument("seed.txt", edited(SEED_LINES, edits))])
    assert result.n_documents + len(result.skipped) == 1
    for row in result.tables["documents"]:
        for span in row["body_spans"]:
            assert 0 <= span["start"] < span["end"] <= len(row["text"])


@QUICK
@given(st.binary(max_size=2000), st.sampled_from(SUFFIXES))
def test_random_bytes_in_any_format_never_raise(data, suffix):
    assert_bytes_survive(data, suffix)


@QUICK
@given(st.lists(edit, max_size=12))
def test_random_edits_of_a_seed_article_never_raise(edits):
    assert_edit_survives(edits)


@pytest.mark.fuzz
@NIGHTLY
@given(st.binary(max_size=20000), st.sampled_from(SUFFIXES))
def test_fuzz_random_bytes(data, suffix):
    assert_bytes_survive(data, suffix)


@pytest.mark.fuzz
@NIGHTLY
@given(st.lists(edit, max_size=40))
def test_fuzz_random_edits(edits):
    assert_edit_survives(edits)
