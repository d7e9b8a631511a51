"""Hostile inputs for the fault tests, built at test time (nothing large is ever committed).

`build_hostile_folder` writes good articles beside every kind of bad file and
returns which sources must end up in the tables and which names must be
reported with which reason.
"""

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

SEEDS = Path(__file__).parent.parent / "seeds"
SECRET = "SECRET-TOKEN-7f3a9c"

ARTICLE = (
    "Canada raises tariffs on imported steel\n\n"
    "Canada will raise its tariff on imported steel to 25% from next month, the finance ministry said "
    "on Tuesday, in response to a surge of shipments diverted from other markets.\n\n"
    "The measure covers flat-rolled and long products and will be reviewed after one year, officials "
    "told reporters in Ottawa.\n"
)
SECOND = (
    "Mexico and the United States hold fourth round of talks\n\n"
    "Mexico and the United States held a fourth round of talks on steel and aluminium quotas in "
    "Washington on Monday, and both sides said progress had been made on a 10% tariff cap.\n"
)
THIRD = (
    "Brazil weighs retaliation\n\n"
    "Brazil is considering a 15% tariff on American ethanol after Washington kept its duties on "
    "Brazilian steel, two officials said on Wednesday.\n"
)
GERMAN = (
    "Die Europäische Union und die Vereinigten Staaten haben sich am Sonntag auf einen Rahmen "
    "geeinigt, nach dem die meisten Exporte der Union mit einem Zoll von 15 Prozent belegt werden. "
    "Die Gespräche dauerten mehrere Wochen und waren für die Unternehmen in Europa sehr wichtig.\n"
)
JAPANESE = (
    "日米両政府は月曜日、自動車関税を15%に引き下げることで合意したと発表した。"
    "交渉は数か月にわたり、両国の閣僚がワシントンで会談した。\n"
)


@dataclass
class Hostile:
    root: Path
    secret: Path
    good_sources: set[str] = field(default_factory=set)
    skipped: dict[str, str] = field(default_factory=dict)
    """name on stderr -> a word its reason must contain"""
    warned: dict[str, str] = field(default_factory=dict)


def article(n: int) -> str:
    """A distinct good English article."""
    return [ARTICLE, SECOND, THIRD][n % 3] + f"\nThe statement was issued as bulletin number {n}.\n"


def build_hostile_folder(base: Path) -> Hostile:
    root = base / "in"
    root.mkdir()
    secret = base / "outside-secret.txt"
    secret.write_text(f"{SECRET} must never be read\n", encoding="utf-8")
    h = Hostile(root, secret)
    _good_files(h)
    _bad_text_files(h)
    _bad_html_files(h)
    _bad_record_files(h)
    _links(h)
    return h


def _good(h: Hostile, name: str, text: str, sidecar: str | None = None, encoding: str = "utf-8") -> None:
    path = h.root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    if sidecar is not None:
        path.with_suffix(".json").write_text(sidecar, encoding="utf-8")
    h.good_sources.add(name)


def _good_files(h: Hostile) -> None:
    for stem in ("000_60d85530f4d83fef", "003_069786c69c8149c5"):
        for suffix in (".txt", ".json"):
            shutil.copy(SEEDS / f"{stem}{suffix}", h.root / f"{stem}{suffix}")
        h.good_sources.add(f"{stem}.txt")
    _good(h, "sub folder/naïve café report.txt", article(1))
    _good(h, "utf16.txt", "\ufeff" + article(2), encoding="utf-16-le")
    _good(h, "empty-sidecar.txt", article(3), sidecar="")
    h.warned["empty-sidecar.txt"] = "empty"
    _good(h, "list-sidecar.txt", article(4), sidecar="[1, 2, 3]")
    h.warned["list-sidecar.txt"] = "not a JSON object"
    _good(h, "bad-date.txt", article(5), sidecar=json.dumps({"published": "2025-13-45"}))
    h.warned["bad-date.txt"] = "not a date"
    _good(h, "far-date.txt", article(6), sidecar=json.dumps({"published": "9999-12-31"}))
    h.warned["far-date.txt"] = "not a date"
    _good(h, "deep-sidecar.txt", article(7), sidecar="[" * 100_000 + "]" * 100_000)
    h.warned["deep-sidecar.txt"] = "nested too deeply"
    _good(h, "file-url.txt", article(8), sidecar=json.dumps({"url": f"file://{h.secret}"}))
    _good(
        h,
        "list-metadata.txt",
        article(9),
        sidecar=json.dumps({"title": ["a", "b"], "outlet": {"name": "x"}}),
    )
    h.warned["list-metadata.txt"] = "not text"


def _bad(h: Hostile, name: str, data: bytes, reason: str) -> None:
    path = h.root / name
    path.write_bytes(data)
    h.skipped[name] = reason


def _bad_text_files(h: Hostile) -> None:
    _bad(h, "empty.txt", b"", "empty")
    _bad(h, "scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary")
    _bad(h, "latin1.txt", (article(10) + "They met at a caf\u00e9.\n").encode("latin-1"), "not valid UTF-8")
    _bad(h, "long-line.txt", b"x" * 2_000_000, "too large")
    _bad(h, "wide-line.txt", (ARTICLE + "y" * 200_000 + "\n").encode(), "a line of")
    _bad(h, "german.txt", GERMAN.encode(), "English")
    _bad(h, "japanese.txt", JAPANESE.encode(), "English")
    huge = h.root / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    h.skipped["huge.txt"] = "too large"


def _bad_html_files(h: Hostile) -> None:
    depth = 10_000
    _bad(h, "deep.html", ("<html><body>" + "<div>" * depth + ARTICLE + "</div>" * depth).encode(), "nested")
    script = (
        "<html><head><title>Canada raises steel tariffs</title>"
        "<script>var claim = 'a 99% tariff on everything';</script></head>"
        f"<body><article><h1>Canada raises steel tariffs</h1><p>{ARTICLE}</p>"
        "<script>document.write('a 98% tariff');</script>"
        f'<img src="file://{h.secret}"><iframe src="file://{h.secret}"></iframe>'
        f'<link rel="stylesheet" href="file://{h.secret}"></article></body></html>'
    )
    _good(h, "script.html", script)
    laughs = "".join(
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10)
    )
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{laughs}]>'
        f"<html><body><p>&lol9;</p><p>{ARTICLE}</p></body></html>"
    )
    _good(h, "bomb.html", bomb)
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE page [<!ENTITY xxe SYSTEM "file://{h.secret}">]>'
        f"<html><body><p>&xxe;</p><p>{SECOND}</p></body></html>"
    )
    _good(h, "xxe.html", xxe)


def _bad_record_files(h: Hostile) -> None:
    lines = [
        json.dumps({"id": "wire-1", "text": article(11)}),
        '{"id": "broken", "text": "Tariffs ro',
        "[" * 50_000 + "]" * 50_000,
        json.dumps({"id": "../../escaped", "text": article(12)}),
        json.dumps({"id": "wire-2", "text": article(13), "title": ["not", "text"]}),
    ]
    (h.root / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    h.good_sources |= {"wire-1", "../../escaped", "wire-2"}
    h.skipped["mixed.jsonl#2"] = "not valid JSON"
    h.skipped["mixed.jsonl#3"] = "nested too deeply"
    h.warned["mixed.jsonl#5"] = "not text"
    (h.root / "no-text.csv").write_text("title,body\nA,B\n", encoding="utf-8")
    h.skipped["no-text.csv"] = "no 'text' or 'html' column"
    _bad(h, "corrupt.parquet", b"PAR1" + os.urandom(512) + b"PAR1", "malformed parquet")
    pq.write_table(pa.table({"id": ["p1", "p2"], "text": [1, 2]}), h.root / "wrong-types.parquet")
    h.skipped["wrong-types.parquet"] = "not text"


def _links(h: Hostile) -> None:
    (h.root / "loop").symlink_to(h.root, target_is_directory=True)
    h.warned["loop/"] = "read already"
    (h.root / "passwd.txt").symlink_to(h.secret)
    h.skipped["passwd.txt"] = "outside the input folder"
    (h.root / "dangling.txt").symlink_to(h.root / "no-such-file.txt")
    h.skipped["dangling.txt"] = "broken link"
    (h.root / "notes.md").write_text("# not an input\n", encoding="utf-8")
    h.warned["notes.md"] = "not an input type"
