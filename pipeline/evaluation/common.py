"""Shared scoring helpers for `make eval`: counts -> precision, recall, F1."""

import json
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Score:
    """One line of the eval report: a stage (and what is matched), with its counts."""

    stage: str
    tp: int
    fp: int
    fn: int
    extra: str = ""

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        return (
            f"{self.stage:<40} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}"
            f"  (tp={self.tp} fp={self.fp} fn={self.fn}){'  ' + self.extra if self.extra else ''}"
        )


def compare(stage: str, predicted: Iterable[Hashable], gold: Iterable[Hashable], extra: str = "") -> Score:
    """Score two multisets of hashable keys (duplicates count)."""
    pred, want = Counter(predicted), Counter(gold)
    tp = sum((pred & want).values())
    return Score(stage, tp, sum(pred.values()) - tp, sum(want.values()) - tp, extra)


def read_gold(gold_dir: Path, name: str) -> list[dict]:
    """Rows of `<gold_dir>/<name>.jsonl` (blank lines and lines starting with // ignored)."""
    path = gold_dir / name
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("//"):
            rows.append(json.loads(line))
    return rows
