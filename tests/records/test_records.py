"""The good-practice record: schema, export from an evaluation, import checks, anonymity."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from typer.testing import CliRunner

from tests.evaluation.synth import Story, generate
from verzuim.cli import app
from verzuim.evaluation import service
from verzuim.evaluation.result import Evaluation
from verzuim.records import schema, share, validate
from verzuim.records.model import (
    Description,
    GoodPracticeRecord,
    Organisation,
    PracticeFields,
    ProcessEvaluation,
    Words,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"
UNITS = {"Zorg/Afdeling Noord": 60, "Zorg/Afdeling Zuid": 55, "Zorg/Afdeling Oost": 70}
CATEGORIES = {"stress_reduction", "staffing_workload", "manager_training"}


def _w(nl: str) -> Words:
    return Words(nl=nl, en=None)


@pytest.fixture(scope="module")
def evaluations() -> dict[str, Evaluation]:
    story = Story(units=UNITS, treated=("Zorg/Afdeling Noord",), shorten=0.3)
    e, s = generate(story, seed=2)
    start = story.start
    small = Story(units={"Zorg/Afdeling Noord": 4, "Zorg/Afdeling Zuid": 40})
    e2, s2 = generate(small, seed=2)
    request = service.Request(units=["Zorg/Afdeling Noord"], start=start, resamples=200)
    return {
        "did": service.evaluate_files(e, s, request),
        "its": service.evaluate_files(e, s, request.model_copy(update={"design": "its"})),
        "small": service.evaluate_files(e2, s2, request),
    }


def _record(evaluation: Evaluation | None, claim: str, **changes: Any) -> GoodPracticeRecord:
    fields: dict[str, Any] = {
        "id": "zorg-werkdruk-2024",
        "title": Words(nl="Werkdruk samen verdelen", en="Sharing the workload"),
        "created": dt.date(2025, 3, 1),
        "licence": "CC-BY-4.0",
        "evidence_claim": claim,
        "practice": PracticeFields(
            absence_type="mental",
            worker_type="practical",
            components="multi",
            categories=["staffing_workload", "manager_training"],
            level="both",
        ),
        "description": Description(
            goal=_w("Minder werkdruk en minder verzuim door stress."),
            target_group=_w("Verpleegkundigen op een afdeling van een ziekenhuis."),
            approach=_w(
                "Roosters samen maken, een vaste invalpool, training voor leidinggevenden."
            ),
            preconditions=_w("Steun van de directie en ruimte in het budget voor de invalpool."),
            transferability=_w("Past bij organisaties met ploegendiensten."),
            implementation_experience=_w("De invalpool kwam later op gang dan gepland."),
            costs=_w("Ongeveer 40.000 euro per jaar voor de invalpool."),
        ),
        "organisation": Organisation(
            sector_nace="Q86",
            number_of_workers=480,
            ownership="non_profit",
            management_involvement=_w("De teamleiders kozen de maatregelen mee."),
            worker_involvement=_w("Een werkgroep van verpleegkundigen stelde de roosters op."),
            costs_and_benefits=_w("Kosten van de pool tegenover minder inhuur."),
        ),
        "process": ProcessEvaluation(
            reach_pct=85,
            implementation_as_planned="partly",
            costs_eur=40000,
            maintenance="running",
            after_action_review=_w("Eerder beginnen met de pool; roosters werkten goed."),
        ),
        "effect_evaluation": share.effect_part(evaluation) if evaluation else None,
    }
    fields.update(changes)
    return GoodPracticeRecord(**fields)


def _validator() -> Any:
    return jsonschema_rs.validator_for(schema.good_practice_schema())


def test_docs_schema_is_the_generated_one() -> None:
    assert (DOCS / "good-practice.schema.json").read_text(encoding="utf-8") == schema.schema_text()
    doc = (DOCS / "good-practice-record.md").read_text(encoding="utf-8")
    missing = [f for f in GoodPracticeRecord.model_fields if f"`{f}`" not in doc]
    assert missing == []


@pytest.mark.parametrize(
    ("which", "claim"),
    [
        ("did", "own_evaluation_with_comparison"),
        ("its", "own_before_after"),
        ("small", "practice_based"),
        (None, "practice_based"),
    ],
)
def test_every_exported_record_validates_and_round_trips(
    evaluations: dict[str, Evaluation], which: str | None, claim: str
) -> None:
    record = _record(evaluations[which] if which else None, claim)
    exported = share.export_record(record, UNITS, CATEGORIES)
    text = exported.model_dump_json(indent=2)
    _validator().validate(json.loads(text))  # raises on any schema error
    outcome = validate.check_record(text, CATEGORIES)
    assert outcome.accepted, outcome.reasons
    assert outcome.record == record


def test_the_exported_evaluation_is_anonymous(evaluations: dict[str, Evaluation]) -> None:
    did = share.effect_part(evaluations["did"])
    assert evaluations["did"].comparison_suggested  # its warning named the units ...
    text = did.model_dump_json()
    assert "Afdeling" not in text and "Zorg" not in text  # ... the record does not
    assert did.treated is not None and did.treated.units == 1 and did.unit_level == 2
    assert did.comparison is not None and did.comparison.units == 2
    small = share.effect_part(evaluations["small"])
    assert small.treated is None and small.estimate is None  # a group of 4: no figures at all
    assert small.comparison is not None and small.comparison.employees >= 5


def test_a_group_under_5_cannot_be_imported(evaluations: dict[str, Evaluation]) -> None:
    data = json.loads(
        _record(evaluations["did"], "own_evaluation_with_comparison").model_dump_json()
    )
    data["effect_evaluation"]["treated"]["employees"] = 4
    assert not _validator().is_valid(data)
    outcome = validate.check_record(data, CATEGORIES)
    assert not outcome.accepted
    assert outcome.reasons[0].field == "effect_evaluation.treated.employees"


def test_a_unit_name_in_a_text_is_refused_on_export() -> None:
    record = _record(
        None,
        "practice_based",
        title=Words(nl="Werkdruk op afdeling noord", en="Workload in the north ward"),
    )
    with pytest.raises(validate.RecordRefused) as refused:
        share.export_record(record, UNITS, CATEGORIES)
    [reason] = refused.value.reasons
    assert reason.code == "unit_name" and reason.field == "title.nl"
    assert "Afdeling Noord" in (reason.text.en or "")


def test_proven_without_an_evaluation_is_refused_with_a_reason() -> None:
    outcome = validate.check_record(_record(None, "proven").model_dump_json(), CATEGORIES)
    assert not outcome.accepted
    [reason] = outcome.reasons
    assert reason.code == "proven_without_evaluation" and reason.field == "evidence_claim"
    assert "no effect evaluation" in (reason.text.en or "")


def test_proven_asks_more_than_one_own_evaluation(evaluations: dict[str, Evaluation]) -> None:
    for which in ("did", "its"):
        record = _record(evaluations[which], "proven")
        outcome = validate.check_record(record.model_dump_json(), CATEGORIES)
        assert not outcome.accepted
        assert {r.code for r in outcome.reasons} == {"proven_not_supported"}
        assert "recognition" in (outcome.reasons[0].text.en or "")


def test_claims_must_match_the_evaluation(evaluations: dict[str, Evaluation]) -> None:
    wrong = validate.check_record(
        _record(evaluations["its"], "own_evaluation_with_comparison").model_dump_json(), CATEGORIES
    )
    assert [r.code for r in wrong.reasons] == ["claim_design_mismatch"]
    none = validate.check_record(_record(None, "own_before_after").model_dump_json(), CATEGORIES)
    assert [r.code for r in none.reasons] == ["claim_without_evaluation"]


def test_a_text_that_claims_proof_is_refused() -> None:
    record = _record(
        None, "practice_based", title=Words(nl="Een bewezen effectieve aanpak van werkdruk")
    )
    outcome = validate.check_record(record.model_dump_json(), CATEGORIES)
    assert [r.code for r in outcome.reasons] == ["claim_in_text"]


def test_an_edited_label_or_interval_is_refused(evaluations: dict[str, Evaluation]) -> None:
    data = json.loads(_record(evaluations["its"], "own_before_after").model_dump_json())
    data["effect_evaluation"]["label"] = {"nl": "Effectonderzoek", "en": "Effect study"}
    data["effect_evaluation"]["estimate"] = data["effect_evaluation"]["ci_high"] + 1
    outcome = validate.check_record(data, CATEGORIES)
    assert {r.code for r in outcome.reasons} == {"label", "interval"}


def test_unknown_categories_and_bad_json_are_refused() -> None:
    record = _record(None, "practice_based")
    data = json.loads(record.model_dump_json())
    data["practice"]["categories"] = ["telepathy"]
    assert [r.code for r in validate.check_record(data, CATEGORIES).reasons] == ["unknown_category"]
    assert [r.code for r in validate.check_record(b"{not json", CATEGORIES).reasons] == ["not_json"]


def test_the_knowledge_base_categories_are_the_default() -> None:
    outcome = validate.check_record(_record(None, "practice_based").model_dump_json())
    assert outcome.accepted, outcome.reasons


def test_record_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["record", "schema"])
    assert (
        out.exit_code == 0 and json.loads(out.stdout)["$id"] == schema.good_practice_schema()["$id"]
    )
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(_record(None, "practice_based").model_dump_json())
    bad.write_text(_record(None, "proven").model_dump_json())
    assert runner.invoke(app, ["record", "check", str(good)]).exit_code == 0
    refused = runner.invoke(app, ["record", "check", str(bad), "--lang", "en"])
    assert refused.exit_code == 1
    assert "evidence_claim: the record calls itself proven" in refused.stderr
