"""The quality gate of `make eval`: every printed measure against its floor in `tests/gold/floors.json`.

A floor is named after the printed measure, `"<set>: <measure>"`, and is either `{"min": x}` (F1,
characters kept, accuracy, recall) or `{"max": x}` for a measure where lower is better (clutter
kept, pairs merged). The figure compared is a line's F1, or the share of a one-figure line. Floors
of a development set that was not run (its folder absent) are skipped; a floor of a set that ran
whose measure was not printed fails, so a renamed measure cannot slip past the gate.
"""

import json
from dataclasses import dataclass
from pathlib import Path

TOLERANCE = 0.005  # below the figure a floor is set at: absorbs float noise, not one more missed item
ABOUT = (
    "Floors of `make eval`, one per printed measure, named '<set>: <measure>': min for F1 and shares, "
    "max where lower is better. Raised by `make eval-floors` to the figures of the day less 0.005 "
    "(it never lowers one); lower a floor only by hand, with the reason in the commit."
)


@dataclass
class Verdict:
    name: str
    message: str
    failed: bool


def load_floors(path: Path) -> dict[str, dict[str, float]]:
    if not path.exists():
        return {}
    return {name: bound for name, bound in json.loads(path.read_text(encoding="utf-8")).items() if not name.startswith("_")}


def check(figures: dict[str, float], floors: dict[str, dict[str, float]], sets_run: set[str]) -> list[Verdict]:
    """One verdict per floor: a figure below its `min` or above its `max` fails."""
    verdicts = []
    for name, bound in sorted(floors.items()):
        block = name.split(": ", 1)[0]
        if block not in sets_run:
            verdicts.append(Verdict(name, f"skipped (set {block} not run)", False))
        elif name not in figures:
            verdicts.append(Verdict(name, "measure not printed", True))
        elif "min" in bound and figures[name] < bound["min"]:
            verdicts.append(Verdict(name, f"{figures[name]:.3f} < floor {bound['min']:.3f}", True))
        elif "max" in bound and figures[name] > bound["max"]:
            verdicts.append(Verdict(name, f"{figures[name]:.3f} > ceiling {bound['max']:.3f}", True))
        else:
            verdicts.append(Verdict(name, "ok", False))
    return verdicts


def floors_text(floors: dict[str, dict[str, float]]) -> str:
    """The floors file: a note, then one floor per line."""
    lines = [f" {json.dumps('_about')}: {json.dumps(ABOUT)}"]
    lines += [f" {json.dumps(name, ensure_ascii=False)}: {json.dumps(bound)}" for name, bound in sorted(floors.items())]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def floors_from(figures: dict[str, float], lower_is_better: set[str]) -> dict[str, dict[str, float]]:
    """Floors at today's figures, less the tolerance (ceilings plus it for the names in `lower_is_better`)."""
    floors = {}
    for name, value in sorted(figures.items()):
        if name in lower_is_better:
            floors[name] = {"max": round(min(1.0, value + TOLERANCE), 3)}
        else:
            floors[name] = {"min": round(max(0.0, value - TOLERANCE), 3)}
    return floors


def raised(old: dict[str, dict[str, float]], new: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """New floors that never lower an old one: the higher min, the lower max (a floor to drop is edited by hand)."""
    merged = dict(old)
    for name, bound in new.items():
        before = old.get(name, {})
        if "min" in bound:
            merged[name] = {"min": max(bound["min"], before.get("min", bound["min"]))}
        else:
            merged[name] = {"max": min(bound["max"], before.get("max", bound["max"]))}
    return merged
