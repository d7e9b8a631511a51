import argparse
import importlib
import sys
from pathlib import Path

import pandas as pd

from ..run import extract_documents, write_result
from . import SCORERS


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluation")
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--gold", type=Path, default=Path("tests/gold"))
    parser.add_argument("--out", type=Path, default=Path("output/eval"))
    args = parser.parse_args()
    result = extract_documents(args.inputs)
    write_result(result, args.out)
    tables = {name: pd.read_parquet(args.out / f"{name}.parquet") for name in result.written}
    print(f"scored against {args.gold} over {len(tables['documents'])} documents")
    for name in SCORERS:
        try:
            module = importlib.import_module(f".{name}", __package__)
        except ModuleNotFoundError:
            continue
        for score in module.score(tables, args.gold):
            print(score.line())
    return 0


sys.exit(main())
