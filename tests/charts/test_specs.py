"""Charts: the Vega-Lite specs are snapshot-tested, and the rendered SVG carries its labels
as text (selectable, readable by search and screen magnifiers), offline.

A changed spec fails here; look at the new chart (e.g. GET /kaart.png) and, when it is right,
rewrite the snapshots with ``UPDATE_SNAPSHOTS=1 pytest tests/charts``.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import altair as alt
import pytest
from fastapi.testclient import TestClient

from tests.analytics.helpers import employees_csv, fillers, period, spells_csv
from tests.conftest import app_database, new_org
from verzuim import charts
from verzuim.analytics import service
from verzuim.analytics.service import Dashboard
from verzuim.charts import specs
from verzuim.i18n import Lang
from verzuim.knowledge.gapmap import gap_map
from verzuim.store import absence, organisations
from verzuim.store.tenancy import Role, system_tenant

SNAPSHOTS = Path(__file__).parent / "snapshots"
EMPS = [*fillers(6, "Productie"), *[(f"k{i}", "Kantoor", 0.5, "2018-01-01", "") for i in range(6)]]
SPELLS = [
    ("f0", "s1", "2024-01-10", "2024-01-30", 100.0, "sick"),
    ("f1", "s2", "2024-03-04", "2024-03-08", 100.0, "sick"),
    ("k2", "s3", "2024-09-01", "2024-10-15", 50.0, "sick"),
]


@pytest.fixture(scope="module")
def dashboard(app_client: TestClient) -> Dashboard:
    """The dashboard of a new organisation holding EMPS and SPELLS (through the real import)."""
    parsed = service.parse_uploads(
        service.Upload("employees.csv", employees_csv(EMPS)),
        service.Upload("spells.csv", spells_csv(SPELLS)),
    )
    assert not parsed.problems, parsed.problems[:3]
    db = app_database(app_client)
    slug, _ = new_org(app_client, Role.ADMIN)
    with db.public() as session:
        org = organisations.by_slug(session, slug)
        assert org is not None
        tenant = system_tenant(org.id, slug, "test")
    assert absence.import_parsed(db, tenant, parsed, "replace").accepted
    with absence.reading(db, tenant, "test") as source:
        return service.dashboard(source, period("2024-01-01", "2024-12-31"), sector="Q")


def _check(name: str, spec: dict[str, Any]) -> None:
    # Valid Vega-Lite (specs are built with validation off, for speed).
    kind = (
        alt.TopLevelLayerSpec
        if "layer" in spec
        else alt.TopLevelFacetSpec
        if "facet" in spec
        else alt.TopLevelUnitSpec
    )
    kind.from_dict(spec, validate=True)
    path = SNAPSHOTS / f"{name}.vl.json"
    text = json.dumps(spec, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not os.environ.get("UPDATE_SNAPSHOTS"):
            pytest.fail(f"new snapshot written: {path.name}; check it and run again")
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text), name


@pytest.mark.parametrize(("second", "lang"), [("none", "nl"), ("worker_type", "en")])
def test_gap_map_spec_snapshot(second: str, lang: Lang) -> None:
    _check(f"gapmap-{second}-{lang}", specs.gap_map(gap_map(second, lang), lang))  # type: ignore[arg-type]


def _units(d: Dashboard, lang: Lang) -> dict[str, Any]:
    return specs.units(d, service.team_view(d), lang)


def _unit_trends(d: Dashboard, lang: Lang) -> dict[str, Any]:
    return specs.unit_trends(d, service.team_view(d), lang)


SPEC_BUILDERS: dict[str, Callable[[Dashboard, Lang], dict[str, Any]]] = {
    "trend": specs.trend,
    "units": _units,
    "unit_trends": _unit_trends,
    "duration": specs.duration,
    "frequency": specs.frequency,
}


@pytest.mark.parametrize("name", sorted(SPEC_BUILDERS))
def test_dashboard_spec_snapshot(dashboard: Dashboard, name: str) -> None:
    _check(f"dashboard-{name}-nl", SPEC_BUILDERS[name](dashboard, "nl"))


def _texts(svg: str) -> list[str]:
    found = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return [html.unescape(t).strip() for t in found if t.strip()]


def test_gap_map_svg_has_text_labels() -> None:
    data = gap_map("none", "nl")
    svg = charts.svg(specs.gap_map(data, "nl"), "nl")
    texts = _texts(svg)
    for row in data.rows:
        assert row.label in texts, row.label
    for column in data.columns:
        assert column.absence_label in texts
    assert "+R" in texts
    assert svg.count("<title>") >= 1 and 'role="img"' in svg
    # Nothing in it points at the internet.
    assert not re.search(r'(href|src)="https?://', svg)


def test_dashboard_svg_has_text_labels_in_dutch_style(dashboard: Dashboard) -> None:
    svg = charts.svg(_units(dashboard, "nl"), "nl")
    texts = _texts(svg)
    assert "Productie" in texts and "Kantoor" in texts
    numbers = [t for t in texts if re.fullmatch(r"\d+[.,]\d", t)]
    assert numbers and all("," in n for n in numbers), numbers
    english = _texts(charts.svg(_units(dashboard, "en"), "en"))
    assert [t for t in english if re.fullmatch(r"\d+\.\d", t)]


def test_png_is_a_png_and_render_is_cached() -> None:
    spec = specs.gap_map(gap_map("level", "en"), "en")
    first = charts.png(spec, "en")
    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    assert charts.png(spec, "en") is first  # the second call comes from the cache


def test_map_downloads(client: TestClient) -> None:
    png = client.get("/kaart.png?second=level")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    spec = client.get("/kaart.vl.json?lang=en").json()
    assert spec["title"].startswith("Kind of measure")
    page = client.get("/kaart").text
    assert 'href="/kaart.png?second=none&amp;lang=nl"' in page
