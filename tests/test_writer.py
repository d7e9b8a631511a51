"""Writer: tables follow the contract schemas and are replaced atomically, all or nothing."""

from datetime import date

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import writer
from pipeline.schemas import TABLES


def document(doc_id: str, text: str) -> dict:
    return {
        "doc_id": doc_id,
        "source": f"{doc_id}.txt",
        "title": "US and China agree to slash tariffs",
        "outlet": "Pacific Trade Wire",
        "published_date": date(2025, 5, 12),
        "published_date_method": "metadata",
        "text": text,
        "body_spans": [{"start": 0, "end": len(text)}],
        "url": None,
    }


def quantity(doc_id: str) -> dict:
    return {
        "doc_id": doc_id, "quantity_id": f"{doc_id}:q1", "start": 4, "end": 7,
        "text": "30%", "value": 30.0, "unit": "percent", "approximate": False,
    }


OLD = {"documents": [document("old", "Tariffs fell to 30%.")], "quantities": [quantity("old")]}
NEW = {"documents": [document("new", "Cuts to 30% from 145%.")], "quantities": [quantity("new")]}


def leftovers(out_dir) -> list[str]:
    return sorted(p.name for p in out_dir.iterdir() if not p.name.endswith(".parquet"))


def test_tables_are_written_with_the_contract_schema(tmp_path):
    written = writer.write_tables(OLD, tmp_path)
    assert written == ["documents", "quantities"]
    for name in written:
        table = pq.read_table(tmp_path / f"{name}.parquet")
        assert table.schema.equals(TABLES[name], check_metadata=False)
    frame = pd.read_parquet(tmp_path / "documents.parquet")
    assert frame.loc[0, "doc_id"] == "old"
    assert list(frame.loc[0, "body_spans"]) == [{"start": 0, "end": 20}]


def test_empty_tables_are_still_written_with_their_columns(tmp_path):
    writer.write_tables({"claims": []}, tmp_path)
    frame = pd.read_parquet(tmp_path / "claims.parquet")
    assert len(frame) == 0
    assert list(frame.columns) == TABLES["claims"].names


def test_a_row_with_a_wrong_type_fails_before_anything_is_replaced(tmp_path):
    writer.write_tables(OLD, tmp_path)
    bad = {"documents": NEW["documents"], "quantities": [{**quantity("new"), "value": "thirty"}]}
    with pytest.raises(Exception):
        writer.write_tables(bad, tmp_path)
    assert pd.read_parquet(tmp_path / "documents.parquet").loc[0, "doc_id"] == "old"
    assert leftovers(tmp_path) == []


def test_failure_on_the_second_table_keeps_the_previous_run_whole(tmp_path, monkeypatch):
    writer.write_tables(OLD, tmp_path)
    real_write_table = writer.pq.write_table
    calls = []

    def fail_on_second_table(table, where, *args, **kwargs):
        calls.append(where)
        if len(calls) == 2:
            with open(where, "wb") as handle:
                handle.write(b"PAR1 half a table")
            raise OSError("disk full")
        return real_write_table(table, where, *args, **kwargs)

    monkeypatch.setattr(writer.pq, "write_table", fail_on_second_table)
    with pytest.raises(OSError, match="disk full"):
        writer.write_tables(NEW, tmp_path)

    assert len(calls) == 2
    assert pd.read_parquet(tmp_path / "documents.parquet").loc[0, "doc_id"] == "old"
    assert pd.read_parquet(tmp_path / "quantities.parquet").loc[0, "doc_id"] == "old"
    assert leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents.parquet", "quantities.parquet"]


def test_a_successful_run_replaces_every_table(tmp_path):
    writer.write_tables(OLD, tmp_path)
    writer.write_tables(NEW, tmp_path)
    assert pd.read_parquet(tmp_path / "documents.parquet").loc[0, "doc_id"] == "new"
    assert pd.read_parquet(tmp_path / "quantities.parquet").loc[0, "doc_id"] == "new"
    assert leftovers(tmp_path) == []


def test_ctrl_c_while_staging_keeps_the_previous_output_and_leaves_nothing_beside_it(tmp_path):
    out = tmp_path / "out"
    writer.write_tables(OLD, out)
    with pytest.raises(KeyboardInterrupt):
        with writer.staged_output(out) as staged:
            staged.write_table("documents", writer.rows_to_table("documents", NEW["documents"]))
            raise KeyboardInterrupt
    assert pd.read_parquet(out / "documents.parquet").loc[0, "doc_id"] == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_output_folder_is_created(tmp_path):
    out = tmp_path / "run" / "tables"
    writer.write_tables(OLD, out)
    assert (out / "documents.parquet").exists()
