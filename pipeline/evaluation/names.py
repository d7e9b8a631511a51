"""How the challenge scorer compares names.

A person up to case, accents, spacing and hyphens ("Yoon Suk-yeol" is "Yoon Suk Yeol"). A predicted
product with a gold sector: a canonical product (through `models/products.json`: "autos" is
"automobiles"), `general` (all goods) or `re:<regex>`, the regex tried at word starts,
case-insensitively, on the product and its category. A null product means all goods: a regex is
tried on "" and on "goods" for it, so `re:^\\s*$` or `re:...|goods` accept it.
"""

import re
from functools import lru_cache

from ..entity_rules import norm_text
from ..lexicons import load_json


@lru_cache(maxsize=1)
def product_names() -> dict[str, str]:
    """Every product name and form of `models/products.json` -> its canonical name."""
    table: dict[str, str] = {}
    for name, entry in load_json("products.json")["products"].items():
        for form in [name, *entry["forms"]]:
            table[form.casefold()] = name
    return table


@lru_cache(maxsize=1)
def all_goods_words() -> frozenset[str]:
    return frozenset(load_json("products.json")["all_goods"])


def canonical_product(name: str) -> str:
    """A product or sector name reduced to the lexicon's canonical name where it has one ("autos" -> automobiles)."""
    text = name.replace("_", " ").casefold().strip()
    names = product_names()
    return names.get(text) or names.get(text.removesuffix("s")) or text


def product_fits(sector: str, product: str | None, category: str | None = None) -> bool:
    """Whether a predicted product (or its category) is the gold sector, compared loosely."""
    names = [n for n in (product, category) if isinstance(n, str) and n.strip()]
    if sector.startswith("re:"):
        pattern = re.compile(r"(?<![a-z])(?:" + sector[3:] + ")", re.IGNORECASE)
        return any(pattern.search(n) for n in names or ["", "goods"])
    if sector == "general":
        return all(n.casefold().removesuffix("s") in all_goods_words() for n in names)
    return canonical_product(sector) in {canonical_product(n) for n in names}


def person_key(name: str) -> str:
    return norm_text(name.replace("-", " "))
