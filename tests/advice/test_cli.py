"""`verzuim advise`: every format, and bad input with a clear message and a non-zero exit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verzuim.cli import app

runner = CliRunner()


@pytest.fixture()
def profile_file(tmp_path: Path) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(
        "sector: F\nsize_class: '1-10'\nconcern: physical\nrisks: [physical_load, safety]\n",
        encoding="utf-8",
    )
    return path


def test_json(profile_file: Path) -> None:
    result = runner.invoke(app, ["advise", "--profile", str(profile_file), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"measures", "professionals", "conditions", "gaps", "benchmark"} <= set(data)


def test_markdown_carries_date_version_and_sources(profile_file: Path) -> None:
    result = runner.invoke(app, ["advise", "-p", str(profile_file), "-f", "md"])
    assert result.exit_code == 0
    assert "Versie kennisbank" in result.stdout
    assert "rivm-2025-0080" in result.stdout and "cbs-80072ned" in result.stdout


def test_html_in_english(profile_file: Path) -> None:
    result = runner.invoke(app, ["advise", "-p", str(profile_file), "-f", "html", "--lang", "en"])
    assert result.exit_code == 0
    assert result.stdout.startswith("<!doctype html>")
    assert "Knowledge base version" in result.stdout


def test_pdf_needs_output_and_writes_a_pdf(profile_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["advise", "-p", str(profile_file), "-f", "pdf"])
    assert result.exit_code == 2
    assert "--output" in result.output
    target = tmp_path / "advies.pdf"
    result = runner.invoke(app, ["advise", "-p", str(profile_file), "-f", "pdf", "-o", str(target)])
    assert result.exit_code == 0
    assert target.read_bytes().startswith(b"%PDF")


def test_unknown_sector_and_risk_list_allowed_values(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("sector: Z\nrisks: [stress]\n", encoding="utf-8")
    result = runner.invoke(app, ["advise", "-p", str(bad), "-f", "json"])
    assert result.exit_code == 2
    assert "F (Bouwnijverheid)" in result.output
    assert "psychosocial_load" in result.output
    assert result.stdout == ""


def test_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["advise", "-p", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "cannot read" in result.output
