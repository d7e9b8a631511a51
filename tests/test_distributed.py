"""A Dask run gives the same tables as a local run; partitions merge without duplicates."""

from pathlib import Path

from pipeline.distributed import extract_documents_with_dask, merge_results
from pipeline.run import RunResult, extract_documents

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _key_rows(result: RunResult, table: str, columns: tuple[str, ...]) -> list[tuple]:
    return sorted(tuple(str(row.get(c)) for c in columns) for row in result.tables[table])


def test_dask_run_matches_local_run():
    local = extract_documents([SEEDS])
    distributed = extract_documents_with_dask([SEEDS], None, None, "synchronous")
    assert distributed.n_documents == local.n_documents == 5
    for table, columns in {
        "documents": ("doc_id", "title", "published_date"),
        "claims": ("doc_id", "claim_type", "rate", "round_number"),
        "dates": ("doc_id", "start", "value"),
        "facts": ("claim_type", "rate", "round_number", "n_documents"),
    }.items():
        assert _key_rows(distributed, table, columns) == _key_rows(local, table, columns)


def test_merge_keeps_a_document_seen_in_two_partitions_once():
    def part(doc_id: str) -> RunResult:
        return RunResult(
            tables={
                "documents": [{"doc_id": doc_id}],
                "claims": [{"doc_id": doc_id, "claim_id": f"{doc_id}:t0"}],
            }
        )

    merged = merge_results([part("a"), part("b"), part("a")])
    assert [row["doc_id"] for row in merged.tables["documents"]] == ["a", "b"]
    assert [row["claim_id"] for row in merged.tables["claims"]] == ["a:t0", "b:t0"]
