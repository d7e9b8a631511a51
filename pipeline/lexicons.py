"""Access to the data files in `models/` (lexicons, gazetteers, patterns), loaded and checked in one place.

The files ship inside the package (`pipeline/models/` in a wheel; `models/` at
the top of a source checkout). `check_models` validates every file against
`models/schema.json` at start-up, so a malformed file stops the run with a
message naming the file and the key, before any document is read.
"""

import json
import os
from functools import cache
from pathlib import Path

_PACKAGED = Path(__file__).resolve().parent / "models"
_CHECKOUT = Path(__file__).resolve().parent.parent / "models"
SCHEMA_FILE = "schema.json"
JSON_TYPES = {"object": dict, "array": list, "string": str, "integer": int}


class ModelDataError(ValueError):
    """A file in models/ is missing, not JSON, or not of the shape the stages read."""


def models_dir() -> Path:
    """`$PIPELINE_MODELS_DIR`, else the copy inside the installed package, else the checkout's models/."""
    configured = os.environ.get("PIPELINE_MODELS_DIR")
    if configured:
        return Path(configured)
    return _PACKAGED if _PACKAGED.is_dir() else _CHECKOUT


@cache
def load_json(name: str) -> dict:
    """Parse `models/<name>` once per process."""
    path = models_dir() / name
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise ModelDataError(f"models/{name} is missing (looked in {path.parent})") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelDataError(f"models/{name} cannot be read as JSON: {error}") from None
    if not isinstance(data, dict):
        raise ModelDataError(f"models/{name} must hold a JSON object, not {type(data).__name__}")
    return data


def check_models() -> None:
    """Every file named in models/schema.json exists, parses and has its required keys with the right types."""
    schema = load_json(SCHEMA_FILE)
    for name, keys in schema["files"].items():
        data = load_json(name)
        for key, kind in keys.items():
            if key not in data:
                raise ModelDataError(f"models/{name} lacks the key {key!r}")
            if not isinstance(data[key], JSON_TYPES[kind]) or isinstance(data[key], bool):
                raise ModelDataError(f"models/{name}: {key!r} must be a JSON {kind}, not {type(data[key]).__name__}")
