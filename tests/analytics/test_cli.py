"""The CLI contract of issue 5: `verzuim analyse ... --format json|table|csv`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.analytics.helpers import employees_csv, fillers, spells_csv
from verzuim.cli import app

runner = CliRunner()
METRIC_KEYS = {
    "employees", "suppressed", "zvp", "zmf", "gzvd", "nulverzuim", "new_spells", "ended_spells",
    "recurrence", "partial_return",
}  # fmt: skip


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    emps = [*fillers(5, "A/1"), *[(f"b{i}", "B", 0.5, "2010-01-01", "") for i in range(3)]]
    spells = [
        ("f0", "s1", "2024-01-10", "2024-01-19", 100, "sick"),
        ("f1", "s2", "2024-12-20", "", 100, "sick"),
        ("b0", "s3", "2024-03-01", "2024-03-05", 100, "sick"),
    ]
    e, s = tmp_path / "E.csv", tmp_path / "S.csv"
    e.write_bytes(employees_csv(emps))
    s.write_bytes(spells_csv(spells))
    return e, s


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


def test_json_contract(files: tuple[Path, Path]) -> None:
    e, s = files
    code, out = _run(
        "analyse", "--employees", str(e), "--spells", str(s), "--from", "2024-01-01",
        "--to", "2024-12-31", "--by", "unit", "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    data = json.loads(out)
    assert data["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    assert set(data["total"]) >= METRIC_KEYS
    assert data["total"]["employees"] == 8 and data["total"]["suppressed"] is False
    # 8 employees all year: 5 * 1.0 + 3 * 0.5 = 6.5 ptf; sick: 10 + 12 + 0.5 * 5 = 24.5 days
    assert data["total"]["zvp"] == pytest.approx(100 * 24.5 / (6.5 * 366))
    # one spell ended (s1: 10 days) and one of B (5 days): GZVD = 7.5
    assert data["total"]["gzvd"] == pytest.approx(7.5)
    groups = {g["group"]: g for g in data["groups"]}
    assert set(groups) == {"A/1", "B"}
    for g in data["groups"]:
        assert set(g) >= METRIC_KEYS
    assert groups["B"]["suppressed"] is True
    assert all(groups["B"][k] is None for k in METRIC_KEYS - {"employees", "suppressed"})
    assert groups["B"]["suppression"] == "small"
    # A/1 would give B away (total - A/1 = B): suppressed as its complement.
    assert groups["A/1"]["suppressed"] is True and groups["A/1"]["zvp"] is None
    assert groups["A/1"]["suppression"] == "complementary"


def test_gzvd_null_when_nothing_ended(files: tuple[Path, Path]) -> None:
    e, s = files
    code, out = _run(
        "analyse", "--employees", str(e), "--spells", str(s), "--from", "2024-06-01",
        "--to", "2024-06-30", "--format", "json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["total"]["gzvd"] is None and data["total"]["ended_spells"] == 0
    assert data["groups"] == []


def test_csv_and_table(files: tuple[Path, Path]) -> None:
    e, s = files
    base = ["analyse", "--employees", str(e), "--spells", str(s)]
    base += ["--from", "2024-01-01", "--to", "2024-12-31", "--by", "unit"]
    code, out = _run(*base, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["level"] for r in rows] == ["total", "group", "group"]
    assert rows[2]["suppressed"] == "true" and rows[2]["zvp"] == ""
    code, out = _run(*base, "--format", "table")
    assert code == 0 and "TOTAL" in out


def test_bad_input_gives_message_and_nonzero_exit(files: tuple[Path, Path], tmp_path: Path) -> None:
    e, s = files
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "employee_id,spell_id,first_day,last_day,unfit_pct,kind\nzz,1,2024-01-01,,100,sick\n"
    )
    result = runner.invoke(
        app,
        ["analyse", "--employees", str(e), "--spells", str(bad), "--from", "2024-01-01",
         "--to", "2024-12-31", "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["problems"][0]["code"] == "unknown_employee"
    assert "bad.csv:2" in result.stderr
    for args in (
        ["--from", "2024-31-01", "--to", "2024-12-31"],
        ["--from", "2024-12-31", "--to", "2024-01-01"],
    ):
        result = runner.invoke(app, ["analyse", "--employees", str(e), "--spells", str(s), *args])
        assert result.exit_code == 1 and "Error" in result.stderr
    result = runner.invoke(
        app,
        ["analyse", "--employees", str(tmp_path / "nope.csv"), "--spells", str(s),
         "--from", "2024-01-01", "--to", "2024-12-31"],
    )  # fmt: skip
    assert result.exit_code == 1 and "cannot read" in result.stderr


def test_import_command_is_idempotent(
    files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERZUIM_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.delenv("VERZUIM_DATABASE_URL", raising=False)
    e, s = files
    command = ["import", "--org", "acme", "--employees", str(e), "--spells", str(s)]
    unknown = runner.invoke(app, [*command, "--format", "json"])
    assert unknown.exit_code == 1 and "verzuim org create acme" in unknown.stderr
    assert runner.invoke(app, ["org", "create", "acme", "--name", "Acme"]).exit_code == 0
    first = runner.invoke(app, [*command, "--format", "json"])
    assert first.exit_code == 0, first.stdout
    assert json.loads(first.stdout)["employees_added"] == 8
    again = runner.invoke(app, [*command, "--format", "json"])
    summary = json.loads(again.stdout)
    assert (summary["employees_added"], summary["episodes_changed"]) == (0, 0)
    assert (tmp_path / "store" / "verzuim.sqlite3").exists()
