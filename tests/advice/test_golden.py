"""Golden profiles of typical organisations: each file explains its expectations against the
report in comments (tests/advice/profiles/*.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from verzuim.advice import advice_for, parse_profile
from verzuim.advice.profile import load_profile

from .conftest import golden_files, read_golden

GOLDEN = golden_files()


def test_at_least_eight_golden_profiles() -> None:
    assert len(GOLDEN) >= 8


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_profile(path: Path) -> None:
    data = read_golden(path)
    expect = data["expect"]
    advice = advice_for(parse_profile(data["profile"]))
    package = [m.id for m in advice.measures]
    professionals = {p.id: p for p in advice.professionals}
    for measure in expect["measures"]:
        assert measure in package, f"{measure} missing from the package {package}"
    for measure in expect.get("not_measures", []):
        assert measure not in package
    if "first" in expect:
        assert package[0] == expect["first"]
    for pro in expect["professionals"]:
        assert pro in professionals, f"{pro} missing from {sorted(professionals)}"
    for pro in expect.get("missing", []):
        assert not professionals[pro].available, f"{pro} should be pointed out as missing"
    for pro in data["profile"].get("professionals_available", []):
        if pro in professionals:
            assert professionals[pro].available
    gaps = [g.id for g in advice.gaps]
    for gap in expect.get("gaps", []):
        assert gap in gaps
    for gap in expect.get("not_gaps", []):
        assert gap not in gaps
    rules = {c.rule for c in advice.conditions}
    for rule in expect.get("conditions", []):
        assert rule in rules
    assert [s.id for s in advice.skipped] == expect.get("skipped", [])
    for measure in expect.get("start", []):
        assert measure in advice.start.measures, f"{measure} not on page one"
    no_practice = {g.risk for g in advice.risk_gaps if not g.has_practice}
    assert no_practice == set(expect.get("no_practice", [])), no_practice
    hints = {h.rule for g in advice.risk_gaps for h in g.hints}
    for hint in expect.get("hints", []):
        assert hint in hints, f"{hint} missing from {sorted(hints)}"
    by_id = {m.id: m for m in advice.measures}
    for measure in expect.get("privacy", []):
        assert any(c.id == "caveat-privacy" for c in by_id[measure].caveats)


@pytest.mark.parametrize("path", GOLDEN[:2], ids=[p.stem for p in GOLDEN[:2]])
def test_golden_profile_section_loads_as_a_profile_file(path: Path, tmp_path: Path) -> None:
    """The `profile:` part of a golden file is exactly what `verzuim advise` reads."""
    import yaml

    target = tmp_path / "profile.yaml"
    target.write_text(yaml.safe_dump(read_golden(path)["profile"]), encoding="utf-8")
    assert load_profile(target).sector == read_golden(path)["profile"]["sector"]
