"""The stage protocol: a versioned name, what a stage requires and assigns, one run over a parsed document.

A stage module defines `STAGE = Stage(...)`. `build_stages` turns a list of
module names into the per-document pipeline and checks, when it is built (the
way spaCy checks `requires`/`assigns`), that every layer a stage requires is
assigned by a stage before it and that no two stages assign the same layer.
Adding a stage is one new module plus one name in `DEFAULT_STAGES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from .context import DocContext

# The per-document stages, in order: module names under `pipeline`.
DEFAULT_STAGES = ("entities", "quantities", "dates", "rounds", "tariffs")

# Layers every stage may read without a stage assigning them: the parse itself.
PARSE_LAYERS = frozenset({"doc", "context"})


class StageOrderError(ValueError):
    """The stage list cannot run: a layer is required before it is assigned, or assigned twice."""


@dataclass
class DocState:
    """One document on its way through the stages: the parse, its context, and the layers assigned so far."""

    doc: Doc
    ctx: DocContext
    layers: dict[str, list[Any]] = field(default_factory=dict)

    def __getitem__(self, layer: str) -> list[Any]:
        return self.layers[layer]


@dataclass(frozen=True)
class Stage:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[DocState], dict[str, list[Any]]]

    @property
    def label(self) -> str:
        """The name without its version ("tariffs" for "tariffs.v2"), used in timings and skip reasons."""
        return self.name.split(".")[0]

    def apply(self, state: DocState) -> None:
        """Run over one document and store exactly the layers the stage declares."""
        assigned = self.run(state)
        if set(assigned) != set(self.assigns):
            raise StageOrderError(f"stage {self.name} assigned {sorted(assigned)}, declared {sorted(self.assigns)}")
        state.layers.update(assigned)


def load_stage(module_name: str) -> Stage:
    module = importlib.import_module(f"{__package__}.{module_name}")
    stage = getattr(module, "STAGE", None)
    if not isinstance(stage, Stage):
        raise StageOrderError(f"pipeline.{module_name} defines no STAGE")
    return stage


def check_order(stages: list[Stage]) -> None:
    assigned: dict[str, str] = {layer: "parse" for layer in PARSE_LAYERS}
    for stage in stages:
        missing = [layer for layer in stage.requires if layer not in assigned]
        if missing:
            raise StageOrderError(f"stage {stage.name} requires {', '.join(missing)}, which no earlier stage assigns")
        for layer in stage.assigns:
            if layer in assigned:
                raise StageOrderError(f"stage {stage.name} assigns {layer}, already assigned by {assigned[layer]}")
            assigned[layer] = stage.name


def build_stages(names: tuple[str, ...] | list[str] = DEFAULT_STAGES) -> list[Stage]:
    """The stages named, in order, checked before any document is read."""
    stages = [load_stage(name) for name in names]
    check_order(stages)
    return stages


def stage_versions(stages: list[Stage]) -> list[str]:
    return [stage.name for stage in stages]
