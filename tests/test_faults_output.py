"""Fault suite, the output folder: kills at every step, Ctrl-C, two runs at once, reruns.

OUT always holds either the whole previous output or the whole new one; a
killed run's staging folder is removed by the next run; a second run on the
same folder never mixes its tables with the first's.
"""

import json
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from hostile import article
from pipeline import writer
from pipeline.cli import main
from test_writer import NEW, OLD

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"
TESTS = Path(__file__).parent


def tables_in(out: Path) -> dict[str, set]:
    return {path.stem: set(pd.read_parquet(path)["doc_id"]) for path in sorted(out.glob("*.parquet"))}


def whole(out: Path, expected: dict[str, list[dict]]) -> bool:
    return tables_in(out) == {name: {row["doc_id"] for row in rows} for name, rows in expected.items()}


def beside(out: Path) -> list[str]:
    return sorted(path.name for path in out.parent.iterdir())


def python(code: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(TESTS)])}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def pipeline(*args: str) -> subprocess.Popen:
    return python("import sys\nfrom pipeline.cli import main\nsys.exit(main())", "extract", *args)


def wait_for(path_test, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not path_test():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def many_documents(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    with (folder / "batch.jsonl").open("w", encoding="utf-8") as handle:
        for n in range(count):
            handle.write(json.dumps({"id": f"doc-{n}", "text": article(n)}) + "\n")
    return folder


# --- kills at each step of the switch ----------------------------------------------

KILL_AT = {
    "between-tables": """
        real = writer.StagedOutput.write_table
        def write_table(self, name, table):
            if self.written:
                die()
            return real(self, name, table)
        writer.StagedOutput.write_table = write_table
    """,
    "before-switch": """
        writer._switch_in = lambda staging, out: die()
    """,
    "after-exchange": """
        real = writer._exchange
        def exchange(a, b):
            real(a, b)
            die()
        writer._exchange = exchange
    """,
    "fallback-between-renames": """
        writer._exchange = lambda a, b: False
        real = os.rename
        def rename(a, b):
            real(a, b)
            if ".previous-" in str(b):
                die()
        writer.os.rename = rename
    """,
    "removing-the-old-output": """
        real_switch = writer._switch_in
        def switch(staging, out):
            real_switch(staging, out)
            real_rmtree = writer.shutil.rmtree
            def rmtree(path, ignore_errors=False):
                (Path(path) / "documents.parquet").unlink()
                die()
            writer.shutil.rmtree = rmtree
        writer._switch_in = switch
    """,
}


@pytest.mark.parametrize("point", list(KILL_AT))
def test_a_kill_at_any_step_leaves_the_whole_old_or_whole_new_output(tmp_path, point):
    out = tmp_path / "out"
    writer.write_tables(OLD, out)
    child = python(
        textwrap.dedent(
            """
            import os, signal, sys
            from pathlib import Path
            from pipeline import writer
            from test_writer import NEW
            def die():
                os.kill(os.getpid(), signal.SIGKILL)
            """
        )
        + textwrap.dedent(KILL_AT[point])
        + "\nwriter.write_tables(NEW, Path(sys.argv[1]))\n",
        str(out),
    )
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL, stderr
    expected = NEW if point in ("after-exchange", "removing-the-old-output") else OLD
    if point == "fallback-between-renames":
        assert not out.exists()
    else:
        assert whole(out, expected), tables_in(out)
    with writer.output_lock(out):
        pass
    assert whole(out, expected), tables_in(out)
    assert beside(out) == ["out"]
    assert [p.name for p in out.iterdir() if not p.name.endswith(".parquet")] == []


@pytest.mark.slow
def test_a_run_over_2000_documents_killed_at_random_points_never_mixes_outputs(tmp_path):
    inputs = many_documents(tmp_path / "in", 2000)
    out = tmp_path / "out"
    assert main(["extract", str(SEEDS), "--out", str(out)]) == 0
    previous = {path.name: path.read_bytes() for path in out.iterdir()}
    staging = lambda: any(".staging-" in name for name in beside(out))  # noqa: E731
    lock = lambda: writer.lock_path(out).exists()  # noqa: E731
    rng = random.Random(15)
    for wait_until, extra in ((lock, rng.uniform(0, 3)), (lock, rng.uniform(5, 15)), (staging, 0)):
        run = pipeline(str(inputs), "--out", str(out))
        wait_for(wait_until, timeout=180)
        time.sleep(extra)
        run.send_signal(signal.SIGKILL)
        run.communicate(timeout=60)
        now = {path.name: path.read_bytes() for path in out.iterdir()}
        if now != previous:
            assert set(pd.read_parquet(out / "documents.parquet")["source"]) == {f"doc-{n}" for n in range(2000)}
            assert all(set(pd.read_parquet(out / name)["doc_id"]) <= set(pd.read_parquet(out / "documents.parquet")["doc_id"]) for name in now if name != "entities.parquet" and name != "facts.parquet")
            previous = now
    with writer.output_lock(out):
        pass
    assert beside(out) == ["in", "out"]


# --- Ctrl-C, two runs, nothing read --------------------------------------------------


def test_ctrl_c_ends_with_one_line_and_status_130_and_keeps_the_previous_output(tmp_path):
    out = tmp_path / "out"
    writer.write_tables(OLD, out)
    run = pipeline(str(many_documents(tmp_path / "in", 2000)), "--out", str(out))
    wait_for(lambda: writer.lock_path(out).exists())
    time.sleep(1)
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130
    assert stderr.splitlines() == ["interrupted: nothing written, the previous output is left as it was"]
    assert whole(out, OLD)
    assert beside(out) == ["in", "out"]


HOLD_LOCK = """
    import sys, time
    from pathlib import Path
    from pipeline.writer import output_lock
    with output_lock(Path(sys.argv[1])):
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
"""


def test_a_second_run_on_a_busy_output_stops_with_a_clear_message(tmp_path, capsys):
    out = tmp_path / "out"
    holder = python(HOLD_LOCK, str(out), "60")
    assert holder.stdout.readline() == "locked\n"
    try:
        assert main(["extract", str(SEEDS), "--out", str(out)]) == 3
    finally:
        holder.kill()
        holder.communicate()
    err = capsys.readouterr().err.splitlines()
    assert err == [f"error: {out} is being written by run with pid {holder.pid}; wait for it to finish or choose another --out"]
    assert not out.exists()


def test_a_stale_lock_of_a_killed_run_is_detected_and_taken_over(tmp_path):
    out = tmp_path / "out"
    holder = python(HOLD_LOCK, str(out), "60")
    assert holder.stdout.readline() == "locked\n"
    holder.send_signal(signal.SIGKILL)
    holder.communicate()
    assert writer.lock_path(out).read_text().strip() == str(holder.pid)
    assert main(["extract", str(SEEDS), "--out", str(out)]) == 0
    assert beside(out) == ["out"]


def test_a_second_run_waits_for_a_short_first_one(tmp_path):
    out = tmp_path / "out"
    holder = python(HOLD_LOCK, str(out), "1")
    assert holder.stdout.readline() == "locked\n"
    assert main(["extract", str(SEEDS), "--out", str(out)]) == 0
    holder.communicate()
    assert len(pd.read_parquet(out / "documents.parquet")) == 5


def test_a_run_that_reads_nothing_leaves_the_previous_output_and_says_so(tmp_path, capsys):
    out = tmp_path / "out"
    writer.write_tables(OLD, out)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    assert main(["extract", str(tmp_path / "in"), "--out", str(out)]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "error: no document could be read (1 skipped); nothing written, the previous output is left as it was"
    assert whole(out, OLD)


# --- the output folder and the input ------------------------------------------------


def test_an_output_folder_inside_the_input_is_never_read(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in SEEDS.iterdir():
        (inputs / path.name).write_bytes(path.read_bytes())
    for _ in range(2):
        assert main(["extract", str(inputs), "--out", str(inputs / "output")]) == 0
        assert len(pd.read_parquet(inputs / "output" / "documents.parquet")) == 5
    assert "ignored output/: the output folder is never read as input" in capsys.readouterr().err


def test_an_output_folder_holding_other_files_is_refused_before_any_work(tmp_path, capsys):
    out = tmp_path / "results"
    out.mkdir()
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    assert main(["extract", str(SEEDS), "--out", str(out)]) == 2
    assert "holds files this pipeline did not write (notes.txt)" in capsys.readouterr().err
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"


def test_tables_are_readable_by_the_group(tmp_path):
    previous = os.umask(0o022)
    try:
        writer.write_tables(NEW, tmp_path / "out")
    finally:
        os.umask(previous)
    for path in [tmp_path / "out", *(tmp_path / "out").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o044 == 0o044, path


# --- determinism ------------------------------------------------------------------


def run_bytes(out: Path, *extra: str) -> dict[str, bytes]:
    assert main(["extract", str(SEEDS), "--out", str(out), "--reference-date", "2025-06-01", *extra]) == 0
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


def test_the_same_input_twice_gives_byte_identical_tables(tmp_path):
    assert run_bytes(tmp_path / "a") == run_bytes(tmp_path / "b")


@pytest.mark.slow
def test_a_dask_processes_run_gives_the_same_bytes_as_a_local_run(tmp_path):
    assert run_bytes(tmp_path / "local") == run_bytes(tmp_path / "dask", "--dask", "processes")
