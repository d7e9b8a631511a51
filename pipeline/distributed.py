"""Runs past one process: the per-document work spread over a Dask scheduler.

Only the per-document part is distributed; the global reconcile (entities
across documents, facts) runs once on the gathered rows, as in a local run.
"""

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from .ingest import RawDocument, Skip, Warning_, read_inputs
from .run import RunResult, extract_partition, finish_run, progress_bar

PARTITION_SIZE = 64
LOCAL_SCHEDULERS = ("processes", "threads", "synchronous")
SCHEDULER_TIMEOUT = "10s"


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
    progress: bool = False,
) -> RunResult:
    """`scheduler` is "processes" (local cores) or the address of a dask.distributed scheduler.
    With `progress`, a bar counts the partitions done."""
    import dask.bag as bag

    partitions = bag.from_sequence(raws, partition_size=PARTITION_SIZE).map_partitions(
        lambda items: [extract_partition(items, reference_date, model)]
    ).to_delayed()
    bar = progress_bar(progress, len(partitions), "partitions", "part")
    if scheduler in LOCAL_SCHEDULERS:
        parts = _compute_locally(partitions, scheduler, bar)
    else:
        parts = _compute_on_cluster(partitions, scheduler, bar)
    bar.close()
    return merge_results([result for part in parts for result in part])


def _compute_locally(partitions: list, scheduler: str, bar) -> list:
    import dask
    from dask.callbacks import Callback

    keys = {partition.key for partition in partitions}

    class PartitionsDone(Callback):
        def _posttask(self, key, result, dsk, state, worker_id):
            if key in keys:
                bar.update(1)

    with PartitionsDone():
        return list(dask.compute(*partitions, scheduler=scheduler))


def _compute_on_cluster(partitions: list, address: str, bar) -> list:
    from dask.distributed import Client, as_completed

    with Client(address, timeout=SCHEDULER_TIMEOUT) as client:
        futures = client.compute(partitions)
        for _ in as_completed(futures):
            bar.update(1)
        return client.gather(futures)


def extract_documents_with_dask(
    inputs: list[Path],
    reference_date: date | None,
    model: str | None,
    scheduler: str,
    progress: bool = False,
    exclude: Iterable[Path] = (),
) -> RunResult:
    """`run.extract_documents`, with the per-document part spread over a Dask scheduler."""
    exclude = list(exclude)
    raws = [item for root in inputs for item in read_inputs(root, exclude)]
    result = extract_partitions_with_dask(raws, reference_date, model, scheduler, progress=progress)
    finish_run(result)
    return result
