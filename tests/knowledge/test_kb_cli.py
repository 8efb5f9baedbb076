"""`verzuim kb stats|show|export`, including the export contract of docs/data.md."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from verzuim.cli import app

runner = CliRunner()

PRACTICE_FIELDS = {
    "id": str,
    "table": str,
    "number": int,
    "country": str,
    "components": str,
    "categories": list,
    "level": str,
    "home_work": bool,
    "summary": dict,
    "effect": dict,
    "source": dict,
}


def test_stats_prints_every_count_and_exits_zero() -> None:
    result = runner.invoke(app, ["kb", "stats"])
    assert result.exit_code == 0, result.output
    assert "DIFF" not in result.output
    assert "76" in result.output and "48" in result.output and "28" in result.output


def test_show_one_record() -> None:
    result = runner.invoke(app, ["kb", "show", "gp-b11-01"])
    assert result.exit_code == 0
    assert json.loads(result.output)["source"]["ref"] == "B1.1-1"


def test_show_unknown_id_exits_non_zero_with_help() -> None:
    result = runner.invoke(app, ["kb", "show", "nope"])
    assert result.exit_code == 2
    assert "No record with id 'nope'" in result.output


def test_export_practices_json_contract() -> None:
    result = runner.invoke(app, ["kb", "export", "practices", "--format", "json"])
    rows = json.loads(result.output)
    assert len(rows) == 83
    for row in rows:
        for field, kind in PRACTICE_FIELDS.items():
            assert isinstance(row[field], kind), (row["id"], field)
        assert row["table"] in {"B1.1", "B1.2"}
        assert len(row["country"]) == 2 and row["country"].isupper()
        assert row["year"] is None or isinstance(row["year"], int)
        assert row["absence_type"] in {"physical", "mental", "general", None}
        assert row["worker_type"] in {"practical", "theoretical", "both", None}
        assert row["components"] in {"single", "multi"}
        assert row["level"] in {"individual", "environment", "both"}
        assert set(row["summary"]) == set(row["effect"]) == {"nl", "en"}
        assert {"ref", "title", "url"} <= set(row["source"])


def test_export_actors_json_contract() -> None:
    rows = json.loads(runner.invoke(app, ["kb", "export", "actors"]).output)
    assert len(rows) == 24
    for row in rows:
        assert set(row["name"]) == {"nl", "en"}
        assert all(set(task) == {"nl", "en"} for task in row["tasks"])
        assert isinstance(row["core_expert"], bool)
        rel = row["relevance"]
        assert rel is None or set(rel) == {"very_relevant", "relevant_not_primary", "not_relevant"}


def test_export_every_kind_as_csv() -> None:
    for kind, count in (("practices", 83), ("actors", 24), ("model", 4)):
        result = runner.invoke(app, ["kb", "export", kind, "--format", "csv"])
        assert result.exit_code == 0
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert len(rows) == count
    for kind in ("evidence", "perspectives", "gaps"):
        assert runner.invoke(app, ["kb", "export", kind, "--format", "csv"]).exit_code == 0


def test_export_unknown_kind_is_rejected() -> None:
    result = runner.invoke(app, ["kb", "export", "recipes"])
    assert result.exit_code == 2
