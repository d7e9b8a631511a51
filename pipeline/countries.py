"""Country names, demonyms and capital metonyms -> ISO alpha-3 codes (data in models/countries.json)."""

import re
from functools import lru_cache

from .lexicons import load_json

EUROPEAN_UNION = "EUU"
ALL_PARTNERS = "ALL"


@lru_cache(maxsize=1)
def _forms() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, entry in load_json("countries.json")["countries"].items():
        for form in [entry["name"], *entry["forms"]]:
            table[_norm(form)] = code
    return table


def _norm(text: str) -> str:
    text = re.sub(r"^(the)\s+", "", text.strip(), flags=re.IGNORECASE)
    text = re.sub(r"['’]s$", "", text)
    return text.strip(" -")


def country_code(text: str) -> str | None:
    """The alpha-3 code of a country name, demonym or capital ("U.S.", "Japanese", "Beijing")."""
    norm = _norm(text)
    return _forms().get(norm) or _forms().get(norm.rstrip("."))


def country_name(code: str) -> str | None:
    entry = load_json("countries.json")["countries"].get(code)
    return entry["name"] if entry else None
