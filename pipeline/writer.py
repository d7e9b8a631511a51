"""Atomic Parquet writing: a table appears whole under its final name or not at all."""

import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .schemas import TABLES


def rows_to_table(name: str, rows: list[dict]) -> pa.Table:
    """Build the contract table `name` from row dicts; keys not in the schema are ignored."""
    schema = TABLES[name]
    columns = {field.name: [row.get(field.name) for row in rows] for field in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def _write_temporary(table: pa.Table, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp_name)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return Path(tmp_name)


def write_table_atomic(table: pa.Table, path: Path) -> None:
    """Write `table` beside `path`, then rename it over `path` (atomic on POSIX)."""
    os.replace(_write_temporary(table, path), path)


def write_tables(tables: dict[str, list[dict]], out_dir: Path) -> list[str]:
    """Write each table as `<out_dir>/<name>.parquet`.

    Every table is built and written to a temporary file first; only when all
    of them succeeded are they renamed into place, so a failure part-way keeps
    the previous run's tables whole and unmixed.
    """
    built = {name: rows_to_table(name, rows) for name, rows in tables.items()}
    temporaries: dict[str, Path] = {}
    try:
        for name, table in built.items():
            temporaries[name] = _write_temporary(table, out_dir / f"{name}.parquet")
    except BaseException:
        for tmp in temporaries.values():
            tmp.unlink(missing_ok=True)
        raise
    for name, tmp in temporaries.items():
        os.replace(tmp, out_dir / f"{name}.parquet")
    return list(built)
