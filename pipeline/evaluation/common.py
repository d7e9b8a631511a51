"""Shared scoring helpers for `make eval`: counts -> precision, recall, F1, shares, one-to-one matching."""

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
    lower_is_better = False

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

    @property
    def value(self) -> float:
        """The figure a floor guards."""
        return self.f1

    def line(self) -> str:
        return (
            f"{self.stage:<40} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}"
            f"  (tp={self.tp} fp={self.fp} fn={self.fn}){'  ' + self.extra if self.extra else ''}"
        )


@dataclass
class Ratio:
    """One line of the eval report that is a share: characters kept, an accuracy, facts recalled."""

    stage: str
    part: int
    whole: int
    extra: str = ""
    lower_is_better: bool = False

    @property
    def value(self) -> float:
        return self.part / self.whole if self.whole else 0.0

    def line(self) -> str:
        return f"{self.stage:<40} {self.value:.3f}  ({self.part}/{self.whole}){'  ' + self.extra if self.extra else ''}"


def compare(stage: str, predicted: Iterable[Hashable], gold: Iterable[Hashable], extra: str = "") -> Score:
    """Score two multisets of hashable keys (duplicates count)."""
    pred, want = Counter(predicted), Counter(gold)
    tp = sum((pred & want).values())
    return Score(stage, tp, sum(pred.values()) - tp, sum(want.values()) - tp, extra)


def sources_under(root: Path) -> set[str]:
    """The `source` of every file under a development set's folder (its path relative to the folder)."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def gold_subset(gold_dir: Path, sources: set[str], out_dir: Path) -> Path:
    """Copy the gold files keeping only the rows of the given sources; the copy's folder.

    A row with `source` is kept when it is one of them; the `documents` list and each fact's
    `sources` are cut down to them, and a fact none of them supports is dropped.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted(gold_dir.glob("*.jsonl")):
        rows = [_row_subset(row, sources) for row in read_gold(gold_dir, path.name)]
        lines = [json.dumps(row, ensure_ascii=False) for row in rows if row is not None]
        (out_dir / path.name).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return out_dir


def _row_subset(row: dict, sources: set[str]) -> dict | None:
    if "source" in row:
        return row if row["source"] in sources else None
    if "documents" in row:
        return {**row, "documents": [d for d in row["documents"] if d in sources]}
    if "sources" in row:
        kept = [s for s in row["sources"] if s in sources]
        return {**row, "sources": kept} if kept else None
    return row


def read_gold(gold_dir: Path, name: str) -> list[dict]:
    """Rows of `<gold_dir>/<name>.jsonl` (blank lines and lines starting with // ignored)."""
    path = gold_dir / name
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("//"):
            rows.append(json.loads(line))
    return rows


def best_matching(edges: list[list[int]], preferred: list[list[int]] | None = None) -> dict[int, int]:
    """A maximum one-to-one matching of left items (indices of `edges`) to the right items they may pair with.

    Kuhn's augmenting paths, run first over the `preferred` edges (a subset of `edges`), so that as
    many matched pairs as possible are preferred ones (a claim with the right target, a date with
    the right interval). Returns {left: right}.
    """
    owner: dict[int, int] = {}
    for options in ([preferred] if preferred is not None else []) + [edges]:
        for left in range(len(options)):
            if left not in owner.values():
                _augment(left, options, owner, set())
    return {left: right for right, left in owner.items()}


def _augment(left: int, options: list[list[int]], owner: dict[int, int], seen: set[int]) -> bool:
    for right in options[left]:
        if right in seen:
            continue
        seen.add(right)
        if right not in owner or _augment(owner[right], options, owner, seen):
            owner[right] = left
            return True
    return False
