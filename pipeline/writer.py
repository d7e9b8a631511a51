"""Writing the output folder: the set of tables is replaced as one unit, by one run at a time.

A run builds its complete output in a staging folder beside OUT
(`.OUT.staging-<pid>`) and switches it in with one atomic step: Linux
`renameat2(RENAME_EXCHANGE)` swaps the two folders, so OUT always names either
the whole previous output or the whole new one; the old tables, now in the
staging folder, are then removed. Where the exchange is not available (another
OS or file system) OUT is renamed aside (`.OUT.previous-<pid>`) and the staging
folder renamed to OUT; a kill between those two renames is repaired at the next
start by putting the previous output back.

A lock file beside OUT (`.OUT.lock`, holding the pid of its holder) keeps a
second run off the same folder; it is an `flock`, so the lock of a killed run
is released by the kernel and its file is simply stale.
"""

import ctypes
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .schemas import TABLES

AT_FDCWD = -100
RENAME_EXCHANGE = 2
LOCK_POLL_SECONDS = 0.2


class OutputError(Exception):
    """The output folder cannot be used (not a folder, not writable, holds other files, locked)."""


class OutputLocked(OutputError):
    """Another live run holds the output folder's lock."""


def rows_to_table(name: str, rows: list[dict]) -> pa.Table:
    """Build the contract table `name` from row dicts; keys not in the schema are ignored."""
    schema = TABLES[name]
    columns = {field.name: [row.get(field.name) for row in rows] for field in schema}
    return pa.Table.from_pydict(columns, schema=schema)


# --- paths beside OUT -----------------------------------------------------------


def resolve_out(out_dir: Path) -> Path:
    """OUT as an absolute path (so "." and "a/.." have a name and a parent); "/" is refused."""
    resolved = Path(os.path.abspath(out_dir))
    if resolved.parent == resolved:
        raise OutputError(f"--out {out_dir} is the file system root; give a folder of its own")
    return resolved


def lock_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.lock"


def _staging_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}"


def _previous_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.previous-{os.getpid()}"


def _leftovers(out_dir: Path, kind: str) -> list[Path]:
    return sorted(out_dir.parent.glob(f".{out_dir.name}.{kind}-*"))


def is_own_entry(path: Path) -> bool:
    """Whether an entry of OUT is something this pipeline writes: a table file (or a table's
    folder of parts), or a hidden temporary file an older version left behind."""
    if path.name.startswith(".") and path.name.endswith(".tmp"):
        return True
    stem = path.name.removesuffix(".parquet")
    return stem in TABLES and (path.name.endswith(".parquet") or path.is_dir())


def check_out_dir(out_dir: Path) -> Path:
    """OUT resolved, after checking it can hold the tables without losing anything: it is a
    folder (or does not exist yet) and holds nothing but this pipeline's tables."""
    out_dir = resolve_out(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"--out {out_dir} is a file, not a folder")
    if out_dir.is_dir():
        foreign = sorted(p.name for p in out_dir.iterdir() if not is_own_entry(p))
        if foreign:
            shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
            raise OutputError(
                f"--out {out_dir} holds files this pipeline did not write ({shown}); "
                "it replaces the whole folder, so give an empty or new one"
            )
    return out_dir


# --- lock -----------------------------------------------------------------------

_held_locks: dict[Path, int] = {}


def _lock_holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return "another run"
    return f"run with pid {pid}" if pid.isdigit() else "another run"


@contextmanager
def output_lock(out_dir: Path, wait_seconds: float = 0.0) -> Iterator[Path]:
    """Hold OUT's lock (re-entrant within this process); wait up to `wait_seconds` for a live
    holder, then raise `OutputLocked`. Creating the lock file is also the writability check;
    the file is removed on release, so a finished run leaves nothing beside OUT."""
    out_dir = resolve_out(out_dir)
    if out_dir in _held_locks:
        yield out_dir
        return
    path = lock_path(out_dir)
    fd = _acquire(path, out_dir, wait_seconds)
    try:
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        _held_locks[out_dir] = fd
        recover_interrupted_switch(out_dir)
        yield out_dir
    finally:
        _held_locks.pop(out_dir, None)
        path.unlink(missing_ok=True)
        os.close(fd)


def _acquire(path: Path, out_dir: Path, wait_seconds: float) -> int:
    """An open descriptor of the lock file, locked; retried when the file was replaced meanwhile
    (a holder removes it on release, so a lock on the old file would not exclude anyone)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        fd = _open_lock_file(path, out_dir)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise OutputLocked(
                    f"{out_dir} is being written by {_lock_holder(path)}; "
                    "wait for it to finish or choose another --out"
                ) from None
            time.sleep(LOCK_POLL_SECONDS)
            continue
        if _same_file(fd, path):
            os.ftruncate(fd, 0)
            return fd
        os.close(fd)


def _open_lock_file(path: Path, out_dir: Path) -> int:
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise OutputError(f"--out {out_dir} is not writable ({error.strerror})") from None


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False


def recover_interrupted_switch(out_dir: Path) -> None:
    """Under the lock every staging or previous folder of OUT is a killed run's leftover: put a
    previous output back if the switch was cut between its two renames, remove the rest."""
    previous = _leftovers(out_dir, "previous")
    if previous and not out_dir.exists():
        os.rename(previous.pop(), out_dir)
    for leftover in previous + _leftovers(out_dir, "staging"):
        shutil.rmtree(leftover, ignore_errors=True)
    if out_dir.is_dir():
        for temporary in out_dir.glob(".*.tmp"):
            temporary.unlink(missing_ok=True)


# --- staging and the switch -------------------------------------------------------


class StagedOutput:
    """The folder a run writes its tables into before they replace OUT together."""

    def __init__(self, out_dir: Path, staging: Path):
        self.out_dir = out_dir
        self.path = staging
        self.written: list[str] = []

    def write_table(self, name: str, table: pa.Table) -> Path:
        """Write one table as `<name>.parquet` in the staging folder (mode from the umask)."""
        path = self.path / f"{name}.parquet"
        pq.write_table(table, path)
        _fsync_file(path)
        self.written.append(name)
        return path


@contextmanager
def staged_output(out_dir: Path) -> Iterator[StagedOutput]:
    """Stage a complete new output; on leaving the block normally it replaces OUT in one atomic
    step, on an exception (or Ctrl-C) it is discarded and OUT is left as it was."""
    with output_lock(out_dir) as resolved:
        check_out_dir(resolved)
        staging = _staging_path(resolved)
        shutil.rmtree(staging, ignore_errors=True)
        os.mkdir(staging)
        try:
            staged = StagedOutput(resolved, staging)
            yield staged
            _fsync_dir(staging)
            _switch_in(staging, resolved)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _switch_in(staging: Path, out_dir: Path) -> None:
    """Make `staging` OUT in one step; afterwards `staging` holds the old output (or nothing)."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
    elif not _exchange(staging, out_dir):
        previous = _previous_path(out_dir)
        os.rename(out_dir, previous)
        os.rename(staging, out_dir)
        os.rename(previous, staging)
    _fsync_dir(out_dir.parent)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    try:
        _fsync_file(path)
    except OSError:
        pass


def write_tables(tables: dict[str, list[dict]], out_dir: Path) -> list[str]:
    """Replace OUT with `<name>.parquet` for each table, all together or not at all.

    Every table is built first (a row of the wrong type fails before anything
    is written), then written to the staging folder and switched in.
    """
    built = {name: rows_to_table(name, rows) for name, rows in tables.items()}
    with staged_output(out_dir) as staged:
        for name, table in built.items():
            staged.write_table(name, table)
    return list(built)
