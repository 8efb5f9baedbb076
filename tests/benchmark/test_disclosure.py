"""Disclosure: too few organisations, or one dominating, and the cell shows nothing but why.

The golden folder (tests/benchmark/golden) holds, all employed and full-time all of 2024:
- G / 10-100: six organisations of five employees. g1's e1 sick 10..19 Jan (10 days), g2's e1
  sick 1..20 Mar (20 days), g3's e2 on pregnancy leave May-June (not in ZVP, ZMF or GZVD).
- C / 10-100: four organisations of five, each with one sick spell of 10 days.
- F / 100+: d1 with 12 employees, d2..d5 with 2: d1 has 12 / 20 = 60 % of the employee-days.
- x1: no size class, so in no cell.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from tests.benchmark.conftest import GOLDEN
from verzuim.benchmark import build, disclosure, output
from verzuim.benchmark.engines import DuckDBEngine
from verzuim.benchmark.models import FIGURES, Benchmark


def _build(folder: Path = GOLDEN, **kw: object) -> Benchmark:
    engine = DuckDBEngine()
    try:
        return build.build(engine, folder, ["sector", "size_class"], "year", **kw)  # type: ignore[arg-type]
    finally:
        engine.close()


def test_published_cell_by_hand() -> None:
    cells = {(c.sector, c.size_class): c for c in _build().cells}
    g = cells[("G", "10-100")]
    assert not g.suppressed and g.suppression is None
    assert (g.period, g.organisations, g.employees) == ("2024", 6, 30)
    # ZVP = 100 * (10 + 20) sick days / (30 employees * 366 days)
    assert g.zvp == pytest.approx(100 * 30 / (30 * 366), abs=1e-12)
    # ZMF = 2 new sick spells / N 30 * (Y 366 / D 366); pregnancy is no spell here
    assert g.zmf == pytest.approx(2 / 30, abs=1e-12)
    # GZVD = (10 + 20) / 2
    assert g.gzvd == pytest.approx(15.0, abs=1e-12)


def test_four_organisations_and_a_dominant_one_are_suppressed_with_their_reason() -> None:
    result = _build()
    cells = {(c.sector, c.size_class): c for c in result.cells}
    few, dominated = cells[("C", "10-100")], cells[("F", "100+")]
    assert (few.suppressed, few.suppression, few.organisations) == (True, "organisations", 4)
    assert (dominated.suppressed, dominated.suppression) == (True, "dominance")
    assert dominated.organisations == 5
    for cell in (few, dominated):
        assert all(getattr(cell, f) is None for f in FIGURES)
    assert (result.organisations_in_input, result.organisations_without_cell) == (16, 1)


def test_the_rules_at_their_edges() -> None:
    assert disclosure.suppression(4, 1, 100) == "organisations"
    assert disclosure.suppression(5, 50, 100) is None  # exactly half is allowed
    assert disclosure.suppression(5, 50.001, 100) == "dominance"
    assert disclosure.suppression(5, 60, 100) == "dominance"


def _unsafe_figures(monkeypatch: pytest.MonkeyPatch) -> set[float]:
    """What the suppressed cells would have shown without the rules."""
    with monkeypatch.context() as m:
        m.setattr(disclosure, "suppression", lambda *args: None)
        unsafe = {(c.sector, c.size_class): c for c in _build().cells}
    shown: set[float] = set()
    for key in (("C", "10-100"), ("F", "100+")):
        cell = unsafe[key]
        assert cell.zvp and cell.zmf and cell.gzvd and cell.employees  # they had figures
        shown |= {float(v) for v in (cell.zvp, cell.zmf, cell.gzvd) if v is not None}
    return shown


def test_no_output_file_holds_a_suppressed_cells_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    leaked = _unsafe_figures(monkeypatch)
    output.write(_build(), tmp_path)
    text = "".join(p.read_text() for p in (tmp_path / output.CSV, tmp_path / output.MANIFEST))
    assert not [v for v in leaked if len(repr(v)) > 6 and repr(v) in text]
    with (tmp_path / output.CSV).open() as handle:
        rows = list(csv.DictReader(handle))
    parquet = duckdb.sql(f"SELECT * FROM read_parquet('{tmp_path / output.PARQUET}')")
    names = [d[0] for d in parquet.description]
    stored = [dict(zip(names, r, strict=True)) for r in parquet.fetchall()]
    assert len(rows) == len(stored) == 3
    for row in rows:
        if row["suppressed"] == "true":
            assert all(row[f] == "" for f in FIGURES), row
        assert not {float(row[f]) for f in FIGURES if row[f]} & leaked
    for record in stored:
        if record["suppressed"]:
            assert all(record[f] is None for f in FIGURES), record
        assert not {float(record[f]) for f in FIGURES if record[f] is not None} & leaked
