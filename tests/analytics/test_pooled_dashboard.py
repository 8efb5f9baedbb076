"""'Organisations like you' on the dashboard: the pooled benchmark's cell beside the CBS
figure, in the page and its JSON twin; a suppressed cell shows only why; nothing when no
benchmark is configured."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.analytics.test_web import _upload
from tests.benchmark.conftest import GOLDEN
from verzuim.benchmark import build, compare, output
from verzuim.benchmark.engines import DuckDBEngine

YEAR = "from=2024-01-01&to=2024-12-31"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden pool per sector and size class and year: G/10-100 published (6
    organisations), C/10-100 suppressed (4), F/100+ suppressed (one organisation dominates)."""
    out = tmp_path_factory.mktemp("pooled")
    engine = DuckDBEngine()
    try:
        output.write(build.build(engine, GOLDEN, ["sector", "size_class"], "year"), out)
    finally:
        engine.close()
    return out


@pytest.fixture()
def pooled(built: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(compare.ENV, str(built))
    return built


def test_the_cell_is_shown_beside_the_own_figures(web: TestClient, pooled: Path) -> None:
    _upload(web)
    query = f"{YEAR}&sector=G&size_class=10-100"
    data = web.get(f"/api/analyse/dashboard?{query}").json()
    p = data["pooled"]
    assert (p["by"], p["period"], p["period_kind"]) == (["sector", "size_class"], "2024", "year")
    cell = p["cell"]
    assert (cell["organisations"], cell["employees"], cell["suppressed"]) == (6, 30, False)
    assert cell["zvp"] == pytest.approx(100 * 50 / 18300)  # 5 sick days of 30 employees
    assert p["built_at"] == output.load(pooled).built_at.isoformat().replace("+00:00", "Z")
    # the organisation's own figures over the very same period (here: the dashboard's)
    assert p["own"]["zvp"] == pytest.approx(data["current"]["total"]["zvp"])
    page = web.get(f"/analyse/dashboard?{query}")
    assert page.status_code == 200
    assert "Organisaties zoals u (2024)" in page.text and 'class="pooled-figures"' in page.text
    assert "6 organisaties met samen 30 medewerkers" in page.text
    own = f"{data['current']['total']['zvp']:.1f}".replace(".", ",") + "%"
    assert "<td>0,3%</td><td>" + own + "</td>" in page.text
    english = web.get(f"/analyse/dashboard?{query}&lang=en")
    assert "Organisations like you (2024)" in english.text and "6 organisations" in english.text


@pytest.mark.parametrize(
    ("profile", "reason", "nl"),
    [
        ("sector=C&size_class=10-100", "organisations", "minder dan 5 organisaties"),
        ("sector=F&size_class=100%2B", "dominance", "meer dan de helft"),
    ],
)
def test_a_suppressed_cell_says_why_and_shows_no_figures(
    web: TestClient, pooled: Path, profile: str, reason: str, nl: str
) -> None:
    _upload(web)
    data = web.get(f"/api/analyse/dashboard?{YEAR}&{profile}").json()
    cell = data["pooled"]["cell"]
    assert (cell["suppressed"], cell["suppression"]) == (True, reason)
    assert all(cell[f] is None for f in ("employees", "zvp", "zmf", "gzvd", "recurrence"))
    assert data["pooled"]["own"] is None
    page = web.get(f"/analyse/dashboard?{YEAR}&{profile}").text
    assert nl in page and 'class="pooled-figures"' not in page
    assert "Organisaties zoals u (2024)" in page


def test_no_cell_and_no_covered_period_are_said(web: TestClient, pooled: Path) -> None:
    _upload(web)
    other = web.get(f"/api/analyse/dashboard?{YEAR}&sector=Q&size_class=1-10").json()
    assert (other["pooled"]["period"], other["pooled"]["cell"]) == ("2024", None)
    assert (
        "geen groep met dit profiel"
        in web.get(f"/analyse/dashboard?{YEAR}&sector=Q&size_class=1-10").text
    )
    earlier = "from=2022-01-01&to=2022-12-31&sector=G&size_class=10-100"
    assert web.get(f"/api/analyse/dashboard?{earlier}").json()["pooled"]["period"] is None
    assert "valt buiten de gekozen periode" in web.get(f"/analyse/dashboard?{earlier}").text


def test_nothing_without_a_configured_benchmark(
    web: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _upload(web)
    monkeypatch.delenv(compare.ENV, raising=False)
    query = f"{YEAR}&sector=G&size_class=10-100"
    assert web.get(f"/api/analyse/dashboard?{query}").json()["pooled"] is None
    assert "Organisaties zoals u" not in web.get(f"/analyse/dashboard?{query}").text
    monkeypatch.setenv(compare.ENV, str(tmp_path))  # configured, but nothing built there yet
    assert web.get(f"/api/analyse/dashboard?{query}").json()["pooled"] is None
