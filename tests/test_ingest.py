"""Ingest: every input format, sidecar metadata, and one clear skip per bad file or record."""

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest import MAX_CHARS, RawDocument, Skip, Warning_, decode_bytes, find_input_files, read_inputs
from pipeline.run import RunResult, prepared_documents

INPUTS = Path(__file__).parent / "data" / "inputs"
SEEDS = Path(__file__).parent.parent / "seeds"

ARTICLE = (
    "Japan's top trade negotiator will travel to Washington next week for a third round of talks "
    "with U.S. officials, two government sources said on Thursday.\n\n"
    "Tokyo wants the 25% tariff on cars and auto parts removed, and it is ready to offer more "
    "purchases of U.S. farm goods and cooperation in shipbuilding, the sources said.\n"
)
SECOND_ARTICLE = (
    "The European Union and the United States agreed on Sunday to a framework deal under which "
    "most EU exports will face a tariff of 15 per cent, ending months of uncertainty for exporters.\n"
)


def read_all(root: Path) -> tuple[list[RawDocument], list[Skip], list[Warning_]]:
    items = list(read_inputs(root))
    return (
        [i for i in items if isinstance(i, RawDocument)],
        [i for i in items if isinstance(i, Skip)],
        [i for i in items if isinstance(i, Warning_)],
    )


def prepare(raws: list[RawDocument | Skip]) -> tuple[list, RunResult]:
    result = RunResult()
    return list(prepared_documents(raws, None, result)), result


# --- formats -----------------------------------------------------------------


def test_text_file_with_sidecar_metadata(tmp_path):
    (tmp_path / "talks.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "talks.json").write_text(
        json.dumps(
            {
                "url": "https://news.example/talks",
                "title": "Japan to seek third round of trade talks",
                "outlet": "Harbor Business Daily",
                "published": "2025-05-08",
            }
        ),
        encoding="utf-8",
    )
    docs, skips, warnings = read_all(tmp_path)
    assert skips == [] and warnings == []
    assert [d.source for d in docs] == ["talks.txt"]
    doc = docs[0]
    assert doc.content == ARTICLE and not doc.is_html
    assert doc.url == "https://news.example/talks"
    assert doc.title == "Japan to seek third round of trade talks"
    assert doc.outlet == "Harbor Business Daily"
    assert doc.published == "2025-05-08"


def test_sidecar_json_files_are_not_read_as_articles():
    files = find_input_files(SEEDS)
    assert len(files) == 5
    assert all(f.suffix == ".txt" for f in files)


def test_folders_are_read_recursively_with_sources_relative_to_the_root(tmp_path):
    (tmp_path / "2025" / "may").mkdir(parents=True)
    (tmp_path / "2025" / "may" / "talks.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not an input\n", encoding="utf-8")
    docs, skips, _ = read_all(tmp_path)
    assert [d.source for d in docs] == ["2025/may/talks.txt"]
    assert skips == []


def test_a_single_file_can_be_the_input(tmp_path):
    path = tmp_path / "talks.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    docs, _, _ = read_all(path)
    assert [d.source for d in docs] == ["talks.txt"]


def test_windows_line_endings_and_byte_order_mark_are_normalised(tmp_path):
    (tmp_path / "talks.txt").write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    docs, _, _ = read_all(tmp_path)
    assert docs[0].content == ARTICLE


def test_html_file_is_marked_as_html():
    docs, skips, _ = read_all(INPUTS)
    html = [d for d in docs if d.source == "geneva_truce.html"]
    assert skips == [] and len(html) == 1
    assert html[0].is_html and "<article>" in html[0].content


def test_jsonl_records_carry_metadata_and_use_id_or_url_as_source(tmp_path):
    records = [
        {"id": "wire-001", "text": ARTICLE, "title": "Third round", "outlet": "Pacific Trade Wire",
         "published": "2025-05-23"},
        {"url": "https://news.example/eu-deal", "text": SECOND_ARTICLE},
        {"text": ARTICLE + "\nA third paragraph makes this text different from the first record."},
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    docs, skips, _ = read_all(tmp_path)
    assert skips == []
    assert [d.source for d in docs] == ["wire-001", "https://news.example/eu-deal", "batch.jsonl#3"]
    assert (docs[0].title, docs[0].outlet, docs[0].published) == ("Third round", "Pacific Trade Wire", "2025-05-23")
    assert docs[1].url == "https://news.example/eu-deal" and docs[1].title is None


def test_csv_records(tmp_path):
    pd.DataFrame(
        [
            {"title": "Third round", "text": ARTICLE, "published": "2025-05-23", "outlet": None},
            {"title": "EU deal", "text": SECOND_ARTICLE, "published": None, "outlet": "Atlas"},
        ]
    ).to_csv(tmp_path / "batch.csv", index=False)
    docs, skips, _ = read_all(tmp_path)
    assert skips == []
    assert [(d.source, d.title, d.published, d.outlet) for d in docs] == [
        ("batch.csv#1", "Third round", "2025-05-23", None),
        ("batch.csv#2", "EU deal", None, "Atlas"),
    ]
    assert docs[0].content == ARTICLE


def test_parquet_records_with_text_or_html(tmp_path):
    html = (INPUTS / "geneva_truce.html").read_text(encoding="utf-8")
    pd.DataFrame(
        [
            {"id": "a1", "text": ARTICLE, "html": None, "published": "2025-05-23"},
            {"id": "a2", "text": None, "html": html, "published": None},
        ]
    ).to_parquet(tmp_path / "batch.parquet")
    docs, skips, _ = read_all(tmp_path)
    assert skips == []
    assert [(d.source, d.is_html) for d in docs] == [("a1", False), ("a2", True)]
    assert docs[0].published == "2025-05-23" and docs[1].published is None


# --- bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("Tariffs on caf\u00e9 equipment rose to 25%.".encode("latin-1"), "not valid UTF-8"),
        (bytes(range(1, 32)) * 40, "binary"),
    ],
    ids=["empty", "blank", "binary", "latin-1", "control-characters"],
)
def test_bad_text_file_is_skipped_with_its_reason_and_the_rest_is_read(tmp_path, data, reason):
    (tmp_path / "bad.txt").write_bytes(data)
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    docs, skips, _ = read_all(tmp_path)
    assert [d.source for d in docs] == ["good.txt"]
    assert len(skips) == 1 and skips[0].source == "bad.txt"
    assert reason in skips[0].reason
    assert str(skips[0]).startswith("skipped bad.txt: ")


def test_malformed_jsonl_line_skips_only_that_line(tmp_path):
    lines = [
        json.dumps({"id": "ok-1", "text": ARTICLE}),
        '{"id": "broken", "text": "Tariffs rose',
        "[1, 2, 3]",
        json.dumps({"id": "no-text", "title": "A headline only"}),
        json.dumps({"id": "ok-2", "text": SECOND_ARTICLE}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, skips, _ = read_all(tmp_path)
    assert [d.source for d in docs] == ["ok-1", "ok-2"]
    assert [(s.source, s.reason.split(" (")[0]) for s in skips] == [
        ("batch.jsonl#2", "not valid JSON"),
        ("batch.jsonl#3", "record is not a JSON object"),
        ("batch.jsonl#4", "record has no 'text' or 'html' field with content"),
    ]


def test_non_utf8_jsonl_line_is_skipped(tmp_path):
    good = json.dumps({"id": "ok", "text": ARTICLE}).encode("utf-8")
    bad = '{"id": "bad", "text": "caf\u00e9"}'.encode("latin-1")
    (tmp_path / "batch.jsonl").write_bytes(good + b"\n" + bad + b"\n")
    docs, skips, _ = read_all(tmp_path)
    assert [d.source for d in docs] == ["ok"]
    assert [(s.source, s.reason) for s in skips] == [("batch.jsonl#2", "line is not valid UTF-8")]


def test_malformed_parquet_file_is_skipped_whole(tmp_path):
    (tmp_path / "batch.parquet").write_bytes(b"PAR1 this is not a parquet file")
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    docs, skips, _ = read_all(tmp_path)
    assert [d.source for d in docs] == ["good.txt"]
    assert [s.source for s in skips] == ["batch.parquet"]
    assert skips[0].reason.startswith("malformed parquet file")


def test_non_utf8_csv_file_is_skipped_whole(tmp_path):
    (tmp_path / "batch.csv").write_bytes("title,text\nCaf\u00e9s,Tariffs on caf\u00e9 goods\n".encode("latin-1"))
    docs, skips, _ = read_all(tmp_path)
    assert docs == []
    assert [s.source for s in skips] == ["batch.csv"]
    assert skips[0].reason.startswith("malformed csv file")


def test_csv_without_text_column_is_one_skip(tmp_path):
    pd.DataFrame([{"title": "A", "body": ARTICLE}, {"title": "B", "body": SECOND_ARTICLE}]).to_csv(
        tmp_path / "batch.csv", index=False
    )
    docs, skips, _ = read_all(tmp_path)
    assert docs == []
    assert [(s.source, s.reason) for s in skips] == [("batch.csv", "no 'text' or 'html' column")]


def test_record_with_empty_or_binary_text_is_skipped(tmp_path):
    pd.DataFrame(
        [
            {"id": "empty", "text": "   "},
            {"id": "binary", "text": "PK\x03\x04\x00\x00binary zip data"},
            {"id": "ok", "text": ARTICLE},
        ]
    ).to_csv(tmp_path / "batch.csv", index=False)
    docs, skips, _ = read_all(tmp_path)
    assert [d.source for d in docs] == ["ok"]
    assert [s.source for s in skips] == ["batch.csv#1", "batch.csv#2"]
    assert "binary" in skips[1].reason


def test_bad_sidecar_is_a_warning_and_the_article_is_kept(tmp_path):
    (tmp_path / "talks.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "talks.json").write_text("{'published': 2025-05-08", encoding="utf-8")
    docs, skips, warnings = read_all(tmp_path)
    assert [d.source for d in docs] == ["talks.txt"] and skips == []
    assert docs[0].published is None
    assert len(warnings) == 1 and "talks.json is not valid JSON" in warnings[0].reason


def test_not_english_document_is_skipped():
    german = (
        "Die Vereinigten Staaten und China haben sich am Montag darauf geeinigt, die meisten Zölle "
        "für 90 Tage zu senken. Die Gespräche in Genf dauerten zwei Tage, und beide Seiten sprachen "
        "von einem wichtigen Schritt für den Welthandel und die Märkte in Asien und Europa.\n"
    )
    prepared, result = prepare([RawDocument("de.txt", german), RawDocument("en.txt", ARTICLE)])
    assert [clean.source for _, clean in prepared] == ["en.txt"]
    assert [(s.source, s.reason) for s in result.skipped] == [("de.txt", "does not look like English text")]


def test_huge_document_is_skipped_with_advice_to_split_it():
    huge = ARTICLE * (MAX_CHARS // len(ARTICLE) + 1)
    prepared, result = prepare([RawDocument("huge.txt", huge), RawDocument("ok.txt", ARTICLE)])
    assert [clean.source for _, clean in prepared] == ["ok.txt"]
    assert result.skipped[0].source == "huge.txt"
    assert "too large" in result.skipped[0].reason and "split" in result.skipped[0].reason


def test_text_without_any_article_body_is_skipped():
    clutter = "Home > World > Asia\nAdvertisement\nRead more: Markets rally\n"
    _, result = prepare([RawDocument("nav.txt", clutter)])
    assert [(s.source, s.reason) for s in result.skipped] == [("nav.txt", "no article text found")]


def test_the_same_article_given_twice_is_kept_once():
    prepared, result = prepare([RawDocument("a.txt", ARTICLE), RawDocument("a.txt", ARTICLE)])
    assert len(prepared) == 1
    assert "given twice" in result.warnings[0].reason


# --- properties ----------------------------------------------------------------


@given(st.binary(max_size=400))
def test_decoding_any_bytes_gives_text_or_a_readable_reason(data):
    try:
        text = decode_bytes(data)
    except ValueError as error:
        assert str(error)
    else:
        assert text.strip() and "\r" not in text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf")), min_size=1, max_size=300))
def test_utf8_text_without_control_characters_decodes_to_itself(text):
    if text.strip():
        assert decode_bytes(text.encode("utf-8")) == text
