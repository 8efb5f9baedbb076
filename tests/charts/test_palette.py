"""WCAG 2.1 AA contrast for the colours that carry data: in the charts and in the HTML map.

Marks need 3:1 against the white background (1.4.11); the numbers written in white on a
bubble, and any text in these colours, need 4.5:1 (1.4.3).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from verzuim.charts import PALETTE

CSS = Path(__file__).resolve().parents[2] / "src" / "verzuim" / "web" / "static" / "site.css"
WHITE = "#ffffff"


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula() -> None:
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("name", "colour"), sorted(PALETTE.items()))
def test_chart_colours_are_readable_on_white_and_under_white_text(name: str, colour: str) -> None:
    if name == "grid":  # gridlines are decoration, not data
        assert contrast(colour, WHITE) < 3
        return
    assert contrast(colour, WHITE) >= 4.5, f"{name} {colour}: {contrast(colour, WHITE):.2f}"


@pytest.mark.parametrize("var", ["--review", "--weak", "--practice", "--accent", "--muted"])
def test_map_colours_in_the_stylesheet(var: str) -> None:
    match = re.search(rf"{var}:\s*(#[0-9a-fA-F]{{6}})", CSS.read_text(encoding="utf-8"))
    assert match, var
    assert contrast(match.group(1), WHITE) >= 4.5, f"{var} {match.group(1)}"


def test_map_and_chart_use_the_same_evidence_colours() -> None:
    css = CSS.read_text(encoding="utf-8")
    pairs = (
        ("--review", "review_indicative"),
        ("--weak", "review_weak"),
        ("--practice", "practice_only"),
    )
    for var, key in pairs:
        assert re.search(rf"{var}:\s*{PALETTE[key]}", css), var
