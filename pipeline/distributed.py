"""Runs past one process: the per-document work spread over a Dask scheduler.

Only the per-document part is distributed; the global reconcile (entities
across documents, facts) runs once on the gathered rows, as in a local run.
"""

from datetime import date
from pathlib import Path

from .ingest import RawDocument, Skip, Warning_, read_inputs
from .run import RunResult, extract_partition, finish_run

PARTITION_SIZE = 64


def merge_results(parts: list[RunResult]) -> RunResult:
    """One result from the partitions' results; a document seen in two partitions is kept once."""
    merged = RunResult(tables={name: [] for name in parts[0].tables} if parts else {})
    kept: set[str] = set()
    for part in parts:
        new_ids = {row["doc_id"] for row in part.tables["documents"]} - kept
        for name, rows in part.tables.items():
            merged.tables[name].extend(row for row in rows if row["doc_id"] in new_ids)
        kept |= new_ids
        merged.skipped.extend(part.skipped)
        merged.warnings.extend(part.warnings)
        for step, seconds in part.seconds.items():
            merged.seconds[step] += seconds
    return merged


def extract_partitions_with_dask(
    raws: list[RawDocument | Skip | Warning_],
    reference_date: date | None,
    model: str | None,
    scheduler: str,
) -> RunResult:
    """`scheduler` is "processes" (local cores) or the address of a dask.distributed scheduler."""
    import dask
    import dask.bag as bag

    partitions = bag.from_sequence(raws, partition_size=PARTITION_SIZE).map_partitions(
        lambda items: [extract_partition(items, reference_date, model)]
    )
    if scheduler in ("processes", "threads", "synchronous"):
        parts = dask.compute(partitions, scheduler=scheduler)[0]
    else:
        from dask.distributed import Client

        with Client(scheduler) as client:
            parts = client.compute(partitions).result()
    return merge_results(list(parts))


def extract_documents_with_dask(
    inputs: list[Path], reference_date: date | None, model: str | None, scheduler: str
) -> RunResult:
    """`run.extract_documents`, with the per-document part spread over a Dask scheduler."""
    raws = [item for root in inputs for item in read_inputs(root)]
    result = extract_partitions_with_dask(raws, reference_date, model, scheduler)
    finish_run(result)
    return result
