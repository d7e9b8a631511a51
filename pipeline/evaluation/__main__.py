"""`make eval`: score every development set as its own block, then hold each measure to its floor.

Seeds and the corpus are extracted in one run (their facts are reconciled together, as in real
use) and scored against `tests/gold/`, each block on its own documents; the challenge set is a
run of its own, scored against its single gold file. A set whose folder is absent is skipped
with a message, and so are the floors of the sets reconciled with it (their facts differ without
it). Exit status 1 when a measure is below its floor in `--floors`.
"""

import argparse
import importlib
import sys
from pathlib import Path

import pandas as pd

from ..run import extract_documents, write_result
from . import SCORERS, challenge
from .common import Score, gold_subset, sources_under
from .gate import check, floors_from, floors_text, load_floors, raised

CHALLENGE_BLOCK = "challenge"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluation")
    parser.add_argument("inputs", nargs="*", type=Path, help="development sets scored against --gold, one block each")
    parser.add_argument("--gold", type=Path, default=Path("tests/gold"))
    parser.add_argument("--challenge", type=Path, help="the challenge folder; its gold is challenge.gold.json beside it")
    parser.add_argument("--challenge-gold", type=Path)
    parser.add_argument("--out", type=Path, default=Path("output/eval"))
    parser.add_argument("--floors", type=Path, default=Path("tests/gold/floors.json"))
    parser.add_argument("--update-floors", action="store_true", help="raise the floors in --floors to today's figures")
    return parser.parse_args()


def extracted_tables(inputs: list[Path], out_dir: Path) -> dict[str, pd.DataFrame]:
    result = extract_documents(inputs)
    write_result(result, out_dir)
    return {name: pd.read_parquet(out_dir / f"{name}.parquet") for name in result.written}


def print_block(block: str, heading: str, scores: list, measures: dict) -> None:
    print(f"\n== {block}: {heading} ==")
    for score in scores:
        if isinstance(score, Score) and score.tp + score.fp + score.fn == 0:
            continue
        print(score.line())
        measures[f"{block}: {score.stage}"] = score


def development_blocks(inputs: list[Path], gold_dir: Path, out_dir: Path, measures: dict) -> set[str]:
    present = [root for root in inputs if root.is_dir()]
    for root in inputs:
        if root not in present:
            print(f"\n== {root.name}: skipped, {root} not found ==")
    if not present:
        return set()
    tables = extracted_tables(present, out_dir / "development")
    for root in present:
        sources = sources_under(root)
        subset = gold_subset(gold_dir, sources, out_dir / "gold" / root.name)
        scores = []
        for name in SCORERS:
            scores += importlib.import_module(f".{name}", __package__).score(tables, subset)
        n_documents = int(tables["documents"]["source"].isin(sources).sum())
        print_block(root.name, f"{n_documents} documents, gold {gold_dir}", scores, measures)
    if len(present) < len(inputs):
        print("\n(the sets above were reconciled without the missing ones, so their floors are not checked)")
        return set()
    return {root.name for root in present}


def challenge_block(folder: Path | None, gold_path: Path | None, out_dir: Path, measures: dict) -> set[str]:
    if folder is None:
        return set()
    gold_path = gold_path or folder.parent / "challenge.gold.json"
    if not folder.is_dir() or not gold_path.is_file():
        print(f"\n== {CHALLENGE_BLOCK}: skipped, {folder} or {gold_path} not found ==")
        return set()
    tables = extracted_tables([folder], out_dir / CHALLENGE_BLOCK)
    scores = challenge.score(tables, folder, gold_path)
    print_block(CHALLENGE_BLOCK, f"{len(tables['documents'])} documents, gold {gold_path}", scores, measures)
    return {CHALLENGE_BLOCK}


def gate(measures: dict, floors_path: Path, sets_run: set[str], update: bool) -> int:
    figures = {name: score.value for name, score in measures.items()}
    if update:
        lower = {name for name, score in measures.items() if score.lower_is_better}
        floors = raised(load_floors(floors_path), floors_from(figures, lower))
        floors_path.write_text(floors_text(floors), encoding="utf-8")
        print(f"\nfloors written to {floors_path}")
        return 0
    verdicts = check(figures, load_floors(floors_path), sets_run)
    failed = [v for v in verdicts if v.failed]
    skipped = sum(1 for v in verdicts if v.message.startswith("skipped"))
    print(f"\nquality gate ({floors_path}): {len(verdicts) - len(failed) - skipped} floors met, "
          f"{len(failed)} failed, {skipped} skipped")
    for verdict in failed:
        print(f"FLOOR FAILED {verdict.name}: {verdict.message}")
    return 1 if failed else 0


def main() -> int:
    args = parse_args()
    measures: dict = {}
    sets_run = development_blocks(args.inputs, args.gold, args.out, measures)
    sets_run |= challenge_block(args.challenge, args.challenge_gold, args.out, measures)
    return gate(measures, args.floors, sets_run, args.update_floors)


sys.exit(main())
