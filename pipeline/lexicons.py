"""Access to the data files in `models/` (lexicons, gazetteers, patterns)."""

import json
import os
from functools import lru_cache
from pathlib import Path

MODELS_DIR = Path(os.environ.get("PIPELINE_MODELS_DIR", Path(__file__).resolve().parent.parent / "models"))


@lru_cache(maxsize=None)
def load_json(name: str) -> dict:
    """Parse `models/<name>` once per process."""
    with (MODELS_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)
