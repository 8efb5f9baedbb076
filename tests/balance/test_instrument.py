"""The instrument as data: the default loads and is honest; another loads in the same format."""

from __future__ import annotations

from pathlib import Path

import pytest

from verzuim.balance.instrument import (
    INSTRUMENTS,
    InstrumentError,
    default,
    load_instrument,
    parse_instrument,
)

SECOND = """
id: licensed-example
version: "2"
name: {nl: "Voorbeeld met licentie", en: "Licensed example"}
validated: true
status: {nl: "Gevalideerd door de uitgever.", en: "Validated by its publisher."}
scales:
  five: {min: 0, max: 4}
groups:
  load: {nl: "Belasting", en: "Load"}
  capacity: {nl: "Belastbaarheid", en: "Capacity"}
dimensions:
  - {id: demands, group: load, name: {nl: "Eisen", en: "Demands"}}
  - {id: vigour, group: capacity, name: {nl: "Vitaliteit", en: "Vigour"}}
questions:
  - {id: d1, dimension: demands, scale: five, text: {nl: "Vraag een", en: "Question one"}}
  - id: v1
    dimension: vigour
    scale: five
    reversed: true
    text: {nl: "Vraag twee", en: "Question two"}
"""


def test_the_default_instrument_covers_the_issue_and_is_honest() -> None:
    instrument = default()
    assert instrument.validated is False
    assert "niet gevalideerd" in instrument.status.nl
    assert "not validated" in instrument.status.en
    dims = {d.id: d.group for d in instrument.dimensions}
    for load in ("pace", "emotional", "physical", "role", "conflict", "work_private"):
        assert dims[load] == "load"
    for capacity in ("energy", "health", "work_ability", "skills"):
        assert dims[capacity] == "capacity"
    for binding in ("commitment", "manager_support", "colleague_support", "autonomy"):
        assert dims[binding] == "binding"
    assert dims["speak_up"] == dims["before_sick"] == "binding"
    ability = instrument.question("work_ability_1")
    assert ability is not None
    assert (instrument.scale_of(ability).min, instrument.scale_of(ability).max) == (0, 10)
    assert any(q.reversed for q in instrument.questions)
    # Under 5 minutes on a phone: a few seconds per item.
    assert len(instrument.questions) <= 35


def test_a_second_instrument_loads_in_the_same_format(tmp_path: Path) -> None:
    path = tmp_path / "licensed.yaml"
    path.write_text(SECOND, encoding="utf-8")
    instrument = load_instrument(path)
    assert instrument.key == "licensed-example@2"
    assert instrument.validated is True
    assert instrument.dimensions_in("load") == ["demands"]
    assert [q.id for q in instrument.questions if q.reversed] == ["v1"]


def test_a_broken_instrument_says_what_and_where() -> None:
    broken = SECOND.replace("dimension: vigour", "dimension: vigor")
    with pytest.raises(InstrumentError, match="question 'v1': dimension 'vigor'"):
        parse_instrument(broken, "licensed.yaml")
    with pytest.raises(InstrumentError, match=r"licensed\.yaml: .*max"):
        parse_instrument(SECOND.replace("{min: 0, max: 4}", "{min: 4, max: 0}"), "licensed.yaml")


def test_every_shipped_instrument_is_valid() -> None:
    for path in INSTRUMENTS.glob("*.yaml"):
        load_instrument(path)


def test_every_balance_page_text_exists_in_both_languages() -> None:
    import re

    from verzuim.balance.texts import TEXTS

    templates = Path(__file__).resolve().parents[2] / "src" / "verzuim" / "web" / "templates"
    used: set[str] = set()
    for page in templates.glob("balans_*.html"):
        used |= set(re.findall(r"bt\('([a-z_]+)'\)", page.read_text(encoding="utf-8")))
    used |= {"hidden_small", "hidden_complementary"}  # built from the suppression reason
    assert used and not used - set(TEXTS)
    same = {"code", "link", "binding"}  # the same word in both languages
    assert all((nl and en and nl != en) or k in same for k, (nl, en) in TEXTS.items())
