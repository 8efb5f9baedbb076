"""Read RIVM report 2025-0080 (the seed text in ../shared) so tests can compare data with it.

The seed lives beside the repository, as on every developer machine and in CI. Outside CI a
missing seed skips these tests with a reason; in CI (CI=true) it is an error.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_ea66a486b3df8cef.txt"
COUNTRIES = {
    "Nederland": "NL",
    "Finland": "FI",
    "Denemarken": "DK",
    "Slovenië": "SI",
    "België": "BE",
    "Duitsland": "DE",
    "Portugal": "PT",
    "Griekenland": "GR",
    "Polen": "PL",
    "Frankrijk": "FR",
    "Slowakije": "SK",
    "Spanje": "ES",
}


def report_text() -> str:
    if not SEED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the report text is missing at {SEED}; CI must have ../shared")
        pytest.skip(f"report text not found at {SEED}")
    return SEED.read_text(encoding="utf-8")


@cache
def table_b11_rows() -> dict[int, dict[str, str]]:
    """Per row of Table B1.1: country, year as printed, absence type, worker type, components.

    Columns of the PDF table run together, so each row is cut from its "N Land, jaar" start
    to the next row's start, the repeated page headers are dropped, and the first token of
    each closed vocabulary found in the row is taken.
    """
    text = report_text()
    table = text[text.index("Tabel B1.1 Overzicht") : text.index("Tabel B1.2 Overzicht")]
    header = re.compile(
        r"Nr\.\s+Land en jaar.*?Single- of\s*\n\s*multi-\s*\n\s*component\s*\n", re.S
    )
    table = header.sub("\n", table)
    names = "|".join(COUNTRIES)
    starts: list[tuple[int, int]] = []
    for match in re.finditer(rf"^\s?(\d{{1,2}})\s+({names}),", table, re.M):
        if int(match.group(1)) == len(starts) + 1:
            starts.append((int(match.group(1)), match.start()))
    rows: dict[int, dict[str, str]] = {}
    for index, (number, pos) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(table)
        flat = " ".join(table[pos:end].split())
        head = re.match(rf"\d+ ({names}), ((?:vanaf )?\d{{4}}|n\.b\.)", flat)
        assert head, f"row {number}: no 'Land, jaar' at its start: {flat[:60]!r}"
        rows[number] = {
            "country": COUNTRIES[head.group(1)],
            "year_text": head.group(2),
            "absence": _first(r"Lichamelijke klachten|Mentale klachten|Algemeen", flat),
            "worker": _first(r"Praktisch opgeleid|Theoretisch opgeleid|Beide", flat),
            "components": _first(r"Single|Multi", flat),
            "text": flat,
        }
    return rows


def table_b12_text() -> str:
    text = report_text()
    start = text.index("Tabel B1.2 Overzicht")
    return " ".join(text[start : text.index("Bronnenlijst goede praktijken", start)].split())


def _first(pattern: str, text: str) -> str:
    match = re.search(rf"\b({pattern})\b", text)
    return match.group(1) if match else ""


@cache
def table_1() -> dict[str, tuple[int, int, int]]:
    """Table 1 (chapter 5): actor as printed -> counts (very relevant, relevant, not relevant)."""
    text = report_text()
    start = text.index("Tabel 1 Gescoorde relevantie")
    block = text[start : text.index("5.4 Conclusie", start)]
    body = block.split("Geen relevante", 1)[1].split("\n", 2)[2]
    rows: dict[str, tuple[int, int, int]] = {}
    pending = ""
    cells = re.compile(r"\d+% \((\d+)\)\s+\d+% \((\d+)\)\s+\d+% \((\d+)\)")
    for line in body.splitlines():
        line = line.strip()
        if not line:
            continue
        match = cells.search(line)
        if match:
            name = (pending + " " + line[: match.start()]).strip()
            rows[" ".join(name.split())] = (
                int(match.group(1)),
                int(match.group(2)),
                int(match.group(3)),
            )
            pending = ""
        else:
            pending = f"{pending} {line}".strip()
    return rows
