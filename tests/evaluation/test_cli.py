"""`verzuim evaluate`: the JSON contract of issue 10, the table, and clear messages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.evaluation.synth import Story, generate
from verzuim.cli import app

runner = CliRunner()
NEVER = re.compile(r"effecti(ve|ef)", re.IGNORECASE)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    story = Story(units={"Org/A": 40, "Org/B": 45, "Org/C": 35}, treated=("Org/A",), shorten=0.5)
    e, s = generate(story, seed=21)
    folder = tmp_path_factory.mktemp("evaluate")
    (folder / "E.csv").write_bytes(e.data)
    (folder / "S.csv").write_bytes(s.data)
    return str(folder / "E.csv"), str(folder / "S.csv")


def _run(files: tuple[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["evaluate", "--employees", files[0], "--spells", files[1], *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_contract(files: tuple[str, str]) -> None:
    code, out, _ = _run(
        files, "--unit", "Org/A", "--start", "2024-01-01", "--resamples", "200",
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["design"] == "did"
    assert set(data["effect"]) >= {"estimate", "ci_low", "ci_high"}
    assert data["effect"]["ci_low"] <= data["effect"]["estimate"] <= data["effect"]["ci_high"]
    assert isinstance(data["pre_trend_warning"], bool)
    assert isinstance(data["too_small"], bool)
    assert all(isinstance(w, str) for w in data["warnings"])
    for side in ("treated", "comparison"):
        assert set(data[side]) >= {"employees", "months_before", "months_after"}
    assert data["comparison"]["units"] == ["Org/B", "Org/C"]
    roles = [p["role"] for p in data["series"]]
    assert data["treated"]["months_before"] == roles.count("before") >= 12
    assert data["treated"]["months_after"] == roles.count("after") >= 6
    assert not NEVER.search(out)


def test_from_and_to_bound_the_months(files: tuple[str, str]) -> None:
    code, out, _ = _run(
        files, "--unit", "Org/A", "--comparison", "Org/B", "--start", "2024-01-01",
        "--from", "2022-03-15", "--to", "2024-09-30", "--design", "did", "--format", "json",
        "--resamples", "100",
    )  # fmt: skip
    assert code == 0, out
    data = json.loads(out)
    assert (data["first_month"], data["last_month"]) == ("2022-04", "2024-09")
    assert data["comparison"]["units"] == ["Org/B"]
    assert data["treated"]["months_after"] == 9


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_table_in_both_languages(files: tuple[str, str], lang: str) -> None:
    code, out, _ = _run(
        files, "--unit", "Org/A", "--start", "2024-01-01", "--design", "its",
        "--resamples", "100", "--lang", lang,
    )  # fmt: skip
    assert code == 0
    assert ("monthly ZVP" if lang == "en" else "ZVP per maand") in out and "2024-06" in out
    assert ("verzuimpercentage" in out) == (lang == "nl")
    assert not NEVER.search(out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "Org/X", "--start", "2024-01-01"], "no employee in the files belongs"),
        (["--unit", "Org/A", "--start", "2030-01-01"], "leaves no full month"),
        (["--unit", "Org/A", "--start", "2024-13-01"], "--start: '2024-13-01' is not a date"),
        (["--unit", "Org/A", "--comparison", "Org", "--start", "2024-01-01"], "overlaps"),
        (["--unit", "Org/A", "--start", "2024-01-01", "--resamples", "5"], "resamples"),
        (["--unit", "Org", "--start", "2024-01-01", "--design", "did"], "no comparison units"),
        (
            ["--unit", "Org/A", "--start", "2024-01-01", "--from", "2025-02-01"],
            "no full calendar month",
        ),
    ],
)
def test_bad_input_gets_a_clear_message(
    files: tuple[str, str], args: list[str], message: str
) -> None:
    code, out, err = _run(files, *args, "--format", "json")
    assert code == 1
    assert message in err
    assert message in json.loads(out)["error"]


def test_a_file_with_problems_is_reported_per_line(tmp_path: Path) -> None:
    e = tmp_path / "E.csv"
    e.write_text("employee_id,unit,part_time_factor,employment_start\ne1,A,2.5,2020-01-01\n")
    s = tmp_path / "S.csv"
    s.write_text("employee_id,first_day,last_day\ne1,2023-01-01,2023-01-05\n")
    code, _, err = _run((str(e), str(s)), "--unit", "A", "--start", "2024-01-01")
    assert code == 1
    assert "E.csv:2" in err and "nothing was imported" in err


def test_an_unknown_unit_suggests_close_names(files: tuple[str, str]) -> None:
    code, _, err = _run(files, "--unit", "Org/a", "--start", "2024-01-01")
    assert code == 1
    assert "Did you mean 'Org/A'" in err
