"""Command line, end to end: exit codes, the summary, and the tables it writes."""

import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.schemas import TABLES

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus"  # read in place, never copied into the repo
INPUTS = ROOT / "tests" / "data" / "inputs"

ARTICLE = (
    "India and the United States wrapped up a fifth round of talks on a bilateral trade agreement "
    "in Washington on Friday without a breakthrough on farm goods, officials said.\n\n"
    "The 26 per cent reciprocal tariff on Indian goods is suspended until Aug. 1, with a 10 per cent "
    "baseline applying in the meantime.\n"
)


def read_tables(out: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds_out")
    code = main(["extract", str(SEEDS), "--out", str(out)])
    return code, out


def test_seeds_run_cleanly_and_write_every_contract_table(seeds_run):
    code, out = seeds_run
    assert code == 0
    tables = read_tables(out)
    for name, schema in TABLES.items():
        assert list(tables[name].columns) == schema.names, name
    assert len(tables["documents"]) == 5


def test_seed_documents_have_title_sidecar_date_and_bodies_without_tails(seeds_run):
    _, out = seeds_run
    documents = pd.read_parquet(out / "documents.parquet").set_index("source")
    assert documents["title"].notna().all()
    for source, row in documents.iterrows():
        sidecar = json.loads((SEEDS / source).with_suffix(".json").read_text(encoding="utf-8"))
        assert row["published_date"] == date.fromisoformat(sidecar["published"])
        assert row["published_date_method"] == "metadata"
        body = " ".join(row["text"][span["start"] : span["end"]] for span in row["body_spans"])
        assert "Related" not in body and "ALSO READ" not in body and "Read more" not in body, source
    kyodo = documents.loc["004_58ac34da5cc07691.txt"]
    body = " ".join(kyodo["text"][s["start"] : s["end"]] for s in kyodo["body_spans"])
    assert "a sixth round of ministerial-level talks" in body
    assert "JERA" not in body and "No comments yet" not in body


def test_summary_line_counts_documents_skips_and_tables(tmp_path, capsys):
    assert main(["extract", str(SEEDS / "000_60d85530f4d83fef.txt"), "--out", str(tmp_path)]) == 0
    summary = capsys.readouterr().out
    assert "documents read: 1, skipped: 0, tables written: documents, " in summary


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent (read in place, never copied)")
def test_whole_corpus_loses_no_document(tmp_path):
    assert main(["extract", str(CORPUS), "--out", str(tmp_path)]) == 0
    documents = pd.read_parquet(tmp_path / "documents.parquet")
    assert sorted(documents["source"]) == sorted(p.name for p in CORPUS.glob("*.txt"))
    assert documents["body_spans"].map(len).gt(0).all()
    assert documents["doc_id"].is_unique


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["extract"],
        ["extract", "seeds", "--no-such-option"],
        ["frobnicate", "seeds"],
        ["extract", "seeds", "--reference-date", "12/05/2025"],
        ["extract", "no/such/folder"],
    ],
    ids=["nothing", "no-input", "unknown-option", "unknown-command", "bad-date", "missing-input"],
)
def test_usage_errors_exit_2(argv, tmp_path, capsys):
    assert main([*argv, "--out", str(tmp_path / "out")] if argv[:1] == ["extract"] else argv) == 2
    assert capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_help_exits_0(capsys):
    assert main(["extract", "--help"]) == 0
    assert "--reference-date" in capsys.readouterr().out


def test_one_bad_file_exits_1_and_the_good_ones_are_written(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("000_60d85530f4d83fef", "004_58ac34da5cc07691"):
        for suffix in (".txt", ".json"):
            shutil.copy(SEEDS / f"{name}{suffix}", inputs / f"{name}{suffix}")
    (inputs / "scan.txt").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    out = tmp_path / "out"
    assert main(["extract", str(inputs), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "skipped scan.txt: binary content" in captured.err
    assert "documents read: 2, skipped: 1" in captured.out
    documents = pd.read_parquet(out / "documents.parquet")
    assert sorted(documents["source"]) == ["000_60d85530f4d83fef.txt", "004_58ac34da5cc07691.txt"]


def test_mixed_record_formats_and_html_in_one_folder(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(INPUTS / "geneva_truce.html", inputs / "geneva_truce.html")
    (inputs / "wire.jsonl").write_text(
        json.dumps({"id": "wire-1", "text": ARTICLE, "outlet": "Indus Market Herald", "published": "2025-07-19"})
        + "\n",
        encoding="utf-8",
    )
    seed = (SEEDS / "003_069786c69c8149c5.txt").read_text(encoding="utf-8")
    pd.DataFrame([{"id": "csv-1", "text": seed, "published": "2025-05-15"}]).to_csv(inputs / "batch.csv", index=False)
    pd.DataFrame([{"id": "pq-1", "text": ARTICLE.replace("fifth", "sixth"), "published": None}]).to_parquet(
        inputs / "batch.parquet"
    )
    out = tmp_path / "out"
    assert main(["extract", str(inputs), "--out", str(out), "--reference-date", "2025-08-01"]) == 0
    documents = pd.read_parquet(out / "documents.parquet").set_index("source")
    assert sorted(documents.index) == ["csv-1", "geneva_truce.html", "pq-1", "wire-1"]
    assert documents.loc["wire-1", "outlet"] == "Indus Market Herald"
    assert documents.loc["csv-1", "published_date"] == date(2025, 5, 15)
    assert (documents.loc["pq-1", "published_date"], documents.loc["pq-1", "published_date_method"]) == (
        date(2025, 8, 1),
        "reference",
    )
    assert documents.loc["geneva_truce.html", "published_date_method"] == "metadata"
    html = documents.loc["geneva_truce.html"]
    for span in html["body_spans"]:
        assert "Related articles" not in html["text"][span["start"] : span["end"]]
