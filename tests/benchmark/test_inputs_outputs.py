"""The input folder (reading, checking, writing it) and the output folder (writing, reading
back, looking one organisation's cell up), through the service and the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.benchmark.conftest import GOLDEN
from verzuim.analytics.models import Employee, Episode
from verzuim.benchmark import build, output
from verzuim.benchmark.engines import DuckDBEngine
from verzuim.benchmark.inputs import Organisation, write_input
from verzuim.benchmark.models import Benchmark, BenchmarkInputError
from verzuim.cli import app


def _build(folder: Path) -> Benchmark:
    engine = DuckDBEngine()
    try:
        return build.build(engine, folder, ["sector", "size_class"], "year")
    finally:
        engine.close()


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _golden_rows() -> tuple[
    list[Organisation], list[tuple[str, Employee]], list[tuple[str, Episode]]
]:
    def read(name: str) -> list[dict[str, str]]:
        with (GOLDEN / f"{name}.csv").open() as handle:
            return list(csv.DictReader(handle))

    orgs = [
        Organisation(r["org_id"], r["sbi_section"] or None, r["size_class"] or None, r["region"])
        for r in read("organisations")
    ]
    emps = [
        (
            r["org_id"],
            Employee(
                r["employee_id"],
                r["unit"],
                float(r["part_time_factor"]),
                dt.date.fromisoformat(r["employment_start"]),
                _day(r["employment_end"]),
            ),
        )
        for r in read("employees")
    ]
    eps = [
        (
            r["org_id"],
            Episode(
                r["employee_id"],
                r["spell_id"],
                dt.date.fromisoformat(r["first_day"]),
                _day(r["last_day"]),
                float(r["unfit_pct"]),
                "sick" if r["kind"] == "sick" else "pregnancy",
            ),
        )
        for r in read("spells")
    ]
    return orgs, emps, eps


def test_written_input_gives_the_same_benchmark(tmp_path: Path) -> None:
    expected = _build(GOLDEN).cells
    written = write_input(tmp_path / "rows", *_golden_rows(), fmt="parquet")
    assert sorted(written) == ["employees", "organisations", "spells"]
    assert _build(tmp_path / "rows").cells == expected
    # from Parquet files to CSV, the other way the writer can be fed
    parquet = {name: Path(f.location) for name, f in written.items()}
    write_input(
        tmp_path / "csv",
        parquet["organisations"],
        parquet["employees"],
        parquet["spells"],
        fmt="csv",
    )
    assert (tmp_path / "csv" / "spells.csv").read_text().startswith("org_id,employee_id,")
    assert _build(tmp_path / "csv").cells == expected


def _broken(tmp_path: Path, table: str, old: str, new: str) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(GOLDEN, folder)
    path = folder / f"{table}.csv"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return folder


@pytest.mark.parametrize(
    ("table", "old", "new", "message"),
    [
        ("spells", "2024-01-10", "10-01-2024", "first_day is not a date (YYYY-MM-DD)"),
        ("spells", ",100,sick", ",100,ziek", "kind is neither 'sick' nor 'pregnancy'"),
        ("employees", "g1,e0,", "zz,e0,", "org_id is not in the organisations file"),
        ("employees", "part_time_factor", "ptf", "the column(s) part_time_factor are missing"),
        ("spells", "g1,e1,s1", "g1,e9,s1", "(org_id, employee_id) is not in the employees file"),
    ],
)
def test_bad_input_says_what_and_where(
    tmp_path: Path, table: str, old: str, new: str, message: str
) -> None:
    folder = _broken(tmp_path, table, old, new)
    with pytest.raises(BenchmarkInputError) as caught:
        _build(folder)
    assert message in str(caught.value)
    assert f"{table}.csv" in caught.value.where


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(GOLDEN, folder)
    (folder / "spells.csv").unlink()
    with pytest.raises(BenchmarkInputError, match=r"no spells\.parquet or spells\.csv"):
        _build(folder)


def test_lookup_finds_the_cell_with_its_size_and_date(tmp_path: Path) -> None:
    output.write(_build(GOLDEN), tmp_path)
    found = output.lookup(tmp_path, "G", "10-100", "Zuid", "2024")
    assert found is not None and not found.cell.suppressed
    assert (found.cell.organisations, found.cell.employees) == (6, 30)
    assert found.cell.period_start == dt.date(2024, 1, 1)
    assert found.by == ("sector", "size_class")  # region is not a cell column here
    assert found.built_at.year >= 2024
    hidden = output.lookup(tmp_path, "F", "100+", None, "2024")
    assert hidden is not None and hidden.cell.suppression == "dominance"
    assert hidden.cell.zvp is None and hidden.cell.employees is None
    assert output.lookup(tmp_path, "G", "10-100", None, "2023") is None
    assert output.lookup(tmp_path / "nothing", "G", "10-100", None, "2024") is None
    assert output.load(tmp_path).cells == _build(GOLDEN).cells


def test_cli_builds_the_folder(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["benchmark", "build", "--input", str(GOLDEN), "--out", str(tmp_path)]
    result = runner.invoke(app, [*args, "--by", "sector,size_class", "--period", "quarter"])
    assert result.exit_code == 0, result.output
    assert "1 of 16 organisations" in result.output
    names = {p.name for p in tmp_path.iterdir()}
    assert {"benchmark.parquet", "benchmark.csv", "benchmark.json"} <= names
    header = (tmp_path / "benchmark.csv").read_text().splitlines()[0]
    assert header.startswith("sector,size_class,period,")
    assert "2024-Q1" in (tmp_path / "benchmark.csv").read_text()
    bad_by = runner.invoke(app, [*args, "--by", "sector,unit"])
    assert bad_by.exit_code == 2
    bad_input = runner.invoke(app, [*args[:3], str(tmp_path), "--out", str(tmp_path / "x")])
    assert bad_input.exit_code == 1
    assert "no organisations.parquet or organisations.csv" in bad_input.output
