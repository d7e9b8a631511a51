"""`make bench`: the whole pipeline against bare spaCy on the same texts, in one run.

Each side runs in its own child process so that peak memory (max RSS) is its
own. The corpus is the input articles repeated until it has `--docs` documents
(each copy under its own source name, so nothing is deduplicated away).
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from .ingest import RawDocument, read_inputs
from .parse import BATCH_SIZE, load_bare_nlp


def corpus(inputs: list[Path], n_docs: int) -> list[RawDocument]:
    originals = [item for root in inputs for item in read_inputs(root) if isinstance(item, RawDocument)]
    if not originals:
        raise SystemExit("no readable documents in the inputs")
    return [
        replace(originals[i % len(originals)], source=f"copy{i // len(originals)}/{originals[i % len(originals)].source}")
        for i in range(n_docs)
    ]


def count_words(docs: list[RawDocument]) -> int:
    """Whitespace-separated words of the input texts: the same count for both sides."""
    return sum(len(d.content.split()) for d in docs)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_bare(docs: list[RawDocument], model: str | None) -> dict:
    """Bare spaCy: the same model and components, nlp.pipe over the raw texts."""
    nlp = load_bare_nlp(model)
    texts = [d.content for d in docs]
    started = time.perf_counter()
    n_docs = sum(1 for _ in nlp.pipe(texts, batch_size=BATCH_SIZE))
    return {"seconds": time.perf_counter() - started, "words": count_words(docs), "docs": n_docs}


def measure_pipeline(docs: list[RawDocument], model: str | None) -> dict:
    """Everything the CLI does except writing: clean, parse bodies, stages, reconcile."""
    from .run import extract_raw_documents

    started = time.perf_counter()
    result = extract_raw_documents(docs, model=model)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "words": count_words(docs),
        "docs": result.n_documents,
        "stages": dict(result.seconds),
        "rows": {name: len(rows) for name, rows in result.tables.items()},
    }


def child(mode: str, inputs: list[Path], n_docs: int, model: str | None) -> None:
    docs = corpus(inputs, n_docs)
    stats = measure_bare(docs, model) if mode == "bare" else measure_pipeline(docs, model)
    stats["peak_rss_mb"] = _peak_rss_mb()
    print(json.dumps(stats))


def run_child(mode: str, args: argparse.Namespace) -> dict:
    command = [sys.executable, "-m", "pipeline.bench", *map(str, args.inputs), "--docs", str(args.docs), "--child", mode]
    if args.model:
        command += ["--model", args.model]
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def report(bare: dict, pipe: dict) -> list[str]:
    lines = []
    for name, stats in (("bare spaCy", bare), ("pipeline", pipe)):
        lines.append(
            f"{name:<11} {stats['docs']:>6} docs  {stats['seconds']:8.2f} s  "
            f"{stats['docs'] / stats['seconds']:8.1f} docs/s  {stats['words'] / stats['seconds']:10.0f} words/s  "
            f"peak RSS {stats['peak_rss_mb']:7.1f} MB"
        )
    lines.append(
        f"ratio pipeline/bare: time {pipe['seconds'] / bare['seconds']:.2f}x, "
        f"peak memory {pipe['peak_rss_mb'] / bare['peak_rss_mb']:.2f}x"
    )
    parse_seconds = pipe["stages"].get("parse", 0.0)
    lines.append("pipeline time by step (share of the body parse):")
    for stage, seconds in sorted(pipe["stages"].items(), key=lambda item: -item[1]):
        share = seconds / parse_seconds if parse_seconds else float("nan")
        lines.append(f"  {stage:<11} {seconds:8.3f} s  {share:6.3f} x parse")
    other = pipe["seconds"] - sum(pipe["stages"].values())
    lines.append(f"  {'ingest+clean':<11} {other:8.3f} s")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench")
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--docs", type=int, default=1000, help="documents in the benchmark corpus")
    parser.add_argument("--model", default=None)
    parser.add_argument("--child", choices=["bare", "pipeline"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.inputs, args.docs, args.model)
        return 0
    bare = run_child("bare", args)
    pipe = run_child("pipeline", args)
    print("\n".join(report(bare, pipe)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
