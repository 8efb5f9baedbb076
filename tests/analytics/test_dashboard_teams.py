"""The explained dashboard (issue 12): the team comparison (level, sort, top-N, small
multiples), complete tables, the chart downloads (PNG/SVG, audited, nothing of a suppressed
group) and the public explanation of the measures."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from sqlalchemy import text

from tests.analytics.helpers import employees_csv, fillers, spells_csv
from tests.conftest import OrgClient, app_database
from verzuim.analytics import explain, teams
from verzuim.analytics.models import GroupMetrics

LONG = "Productie/Hal 2 Assemblage en eindcontrole van zware machines"
EMPS = [
    *fillers(6, "Productie/Hal 1"),
    *[(f"h{i}", LONG, 1.0, "2015-01-01", "") for i in range(7)],
    *[(f"k{i}", "Kantoor", 0.8, "2015-01-01", "") for i in range(5)],
    *[(f"x{i}", "Klein", 1.0, "2015-01-01", "") for i in range(2)],
]
SPELLS = [
    ("f0", "s1", "2024-01-10", "2024-03-19", 100, "sick"),
    ("f1", "s2", "2024-02-01", "2024-02-05", 100, "sick"),
    ("h1", "s3", "2024-05-01", "2024-05-20", 100, "sick"),
    ("h2", "s4", "2024-08-01", "2024-08-03", 100, "sick"),
    ("k1", "s5", "2024-06-01", "2024-06-10", 100, "sick"),
    ("x0", "s6", "2024-04-01", "2024-04-30", 100, "sick"),
]
PERIOD = "from=2024-01-01&to=2024-12-31"


@pytest.fixture()
def web(org_client: OrgClient) -> OrgClient:
    files = {
        "employees": ("werknemers.csv", employees_csv(EMPS), "text/csv"),
        "spells": ("verzuim.csv", spells_csv(SPELLS), "text/csv"),
    }
    assert org_client.post("/analyse/import", files=files).status_code == 200
    return org_client


def _g(name: str, employees: int, zvp: float | None, **more: object) -> GroupMetrics:
    shown = zvp is not None
    return GroupMetrics(
        group=name,
        employees=employees,
        suppressed=not shown,
        suppression=None if shown else "small",
        zvp=zvp,
        **more,  # type: ignore[arg-type]
    )


def test_team_view_levels_sorting_and_top() -> None:
    groups = [
        _g("A", 20, 3.0),
        _g("A/x", 8, 5.0),
        _g("A/y", 3, None),
        _g("A/z", 9, 1.0),
        _g("B", 12, 6.0),
        _g("B/q", 12, 6.0),
    ]
    view = teams.view(groups, [])
    assert view.levels == [1, 2] and view.level == 1  # level 1 has two units
    assert [g.group for g in view.rows] == ["B", "A"]  # default: ZVP, highest first
    second = teams.view(groups, [], level=2, sort="zvp", order="asc")
    # suppressed last in either order; equal values by name
    assert [g.group for g in second.rows] == ["A/z", "A/x", "B/q", "A/y"]
    assert second.suppressed_rows == 1
    desc = teams.view(groups, [], level=2, sort="zvp", order="desc")
    assert [g.group for g in desc.rows] == ["B/q", "A/x", "A/z", "A/y"]
    by_name = teams.view(groups, [], level=2, sort="unit")
    assert by_name.order == "asc" and by_name.rows[0].group == "A/x"
    assert [g.group for g in teams.view(groups, [], level=2, top_n=2).top] == ["B/q", "A/x"]
    everything = teams.view(groups, [], level=0)
    assert len(everything.rows) == len(groups)
    assert all(not g.suppressed for g in everything.top)
    assert teams.view(groups, [], level=7).rows == []
    assert teams.next_order(desc, "zvp") == "asc" and teams.next_order(desc, "unit") == "asc"
    assert teams.next_order(by_name, "unit") == "desc"
    assert teams.next_order(by_name, "gzvd") == "desc"


def test_team_json_twin_sorts_and_picks_the_level(web: OrgClient) -> None:
    data = web.get(f"/api/analyse/teams?{PERIOD}&level=2&sort=zvp&order=asc").json()
    assert data["level"] == 2 and data["levels"] == [1, 2]
    assert {r["group"] for r in data["rows"]} == {"Productie/Hal 1", LONG}
    zvps = [r["zvp"] for r in data["rows"]]
    assert zvps == sorted(zvps)
    level1 = web.get(f"/api/analyse/teams?{PERIOD}&level=1&sort=unit&order=desc").json()
    names = [r["group"] for r in level1["rows"]]
    assert names == ["Productie", "Klein", "Kantoor"]
    klein = next(r for r in level1["rows"] if r["group"] == "Klein")
    assert klein["suppressed"] and klein["zvp"] is None
    assert "Klein" not in [r["group"] for r in level1["top"]]
    assert [t["group"] for t in level1["trends"]] == [r["group"] for r in level1["top"]]
    assert all(len(t["points"]) == 12 for t in level1["trends"])
    # a bad choice answers 400 naming the parameter, in the page as in the JSON
    for url in ("/analyse/dashboard", "/api/analyse/teams"):
        bad = web.get(f"{url}?{PERIOD}&sort=name")
        assert bad.status_code == 400 and "sort" in bad.text
        assert web.get(f"{url}?{PERIOD}&level=-1").status_code == 400


def _row_names(page: str) -> list[str]:
    section = page[page.index('<section id="team"') : page.index("</section>")]
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    return [html.unescape(n) for n in re.findall(r'<th scope="row">([^<]*)</th>', body)]


def test_team_table_on_the_page_sorts_without_javascript(web: OrgClient) -> None:
    page = web.get(f"/analyse/dashboard?{PERIOD}&level=1&sort=unit&order=asc").text
    assert _row_names(page) == ["Kantoor", "Klein", "Productie"]
    assert 'aria-sort="ascending"' in page
    # the heading of the sorted column links to the other order, the others to their own
    assert "sort=unit&amp;order=desc" in page and "sort=zvp&amp;order=desc" in page
    reverse = web.get(f"/analyse/dashboard?{PERIOD}&level=1&sort=unit&order=desc").text
    assert _row_names(reverse) == ["Productie", "Klein", "Kantoor"]
    # every rate column is in the table
    for column in ("Verzuimpercentage", "Meldingsfrequentie", "Gem. verzuimduur"):
        assert column in page[page.index('<section id="team"') :]
    # htmx asks for the section alone
    fragment = web.get(
        f"/analyse/dashboard?{PERIOD}&level=2",
        headers={"HX-Request": "true", "HX-Target": "team"},
    ).text
    assert fragment.lstrip().startswith('<section id="team"') and "<html" not in fragment
    assert _row_names(fragment)[0] in ("Productie/Hal 1", LONG)


def test_tables_are_complete(web: OrgClient) -> None:
    page = web.get(f"/analyse/dashboard?{PERIOD}&level=0").text
    groups = web.get(f"/api/analyse/dashboard?{PERIOD}").json()["current"]["groups"]
    assert len(groups) == 5  # Kantoor, Klein, Productie, its two halls
    assert sorted(_row_names(page)) == sorted(g["group"] for g in groups)
    trend_rows = page.count('<tr><th scope="row">2024-')
    assert trend_rows >= 12 * 2  # the trend and the frequency table: every month


def test_top_chart_has_full_labels_and_no_suppressed_group(web: OrgClient) -> None:
    page = web.get(f"/analyse/dashboard?{PERIOD}&level=2").text
    svg = page[page.index('<h3 id="h-top">') :]
    svg = svg[: svg.index("</figure>")]
    # a label of several lines is one <text> with a <tspan> per line
    texts = [
        " ".join(html.unescape(part).strip() for part in re.findall(r">([^<]+)<", f">{t}<"))
        for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)
    ]
    assert LONG in texts  # not cut to 14 characters or with an ellipsis
    assert not any(t.endswith("…") for t in texts)


@pytest.mark.parametrize("name", ["units", "unit_trends", "trend", "duration", "frequency"])
def test_chart_downloads_are_images_without_suppressed_groups(web: OrgClient, name: str) -> None:
    query = f"{PERIOD}&level=1"
    png = web.get(f"/analyse/chart/{name}.png?{query}")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert f"verzuim-{name}-2024-01-01-2024-12-31.png" in png.headers["content-disposition"]
    svg = web.get(f"/analyse/chart/{name}.svg?{query}")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    # 2 employees: suppressed, so not in any chart; the PNG is drawn from the same spec
    assert "Klein" not in svg.text


def test_chart_data_csvs_hold_nothing_of_a_suppressed_group(web: OrgClient) -> None:
    team = web.get(f"/analyse/download/team.csv?{PERIOD}&level=1").text.lstrip("\ufeff")
    rows = {r["unit"]: r for r in csv.DictReader(io.StringIO(team))}
    assert set(rows) == {"Kantoor", "Klein", "Productie"}
    klein = rows["Klein"]
    assert klein["suppressed"] == "true" and klein["suppression"] == "small"
    assert all(klein[k] == "" for k in ("zvp", "zmf", "gzvd", "recurrence", "partial_return"))
    trends = web.get(f"/analyse/download/unit_trends.csv?{PERIOD}&level=1").text
    assert "Klein" not in trends and "Productie" in trends


def test_chart_downloads_are_audited_as_exports(web: OrgClient) -> None:
    web.get(f"/analyse/chart/units.png?{PERIOD}")
    db = app_database(web)
    if db.is_postgres:  # the policy hides rows outside a tenant (see test_audit.py)
        return
    with db.public() as session:
        rows = session.execute(
            text(
                "SELECT action, object FROM audit_log a JOIN organisations o ON o.id = a.org_id "
                "WHERE o.slug = :s ORDER BY seq"
            ),
            {"s": web.org},
        ).all()
    assert ("export", "analyse/chart/units.png") in [tuple(r) for r in rows]


def test_chart_download_needs_export_right_and_a_known_chart(web: OrgClient) -> None:
    assert web.get(f"/analyse/chart/nothing.png?{PERIOD}").status_code == 404


def test_every_measure_is_explained_on_the_dashboard_and_a_public_page(web: OrgClient) -> None:
    page = web.get(f"/analyse/dashboard?{PERIOD}").text
    for key in ("zvp", "zmf", "gzvd", "nulverzuim", "frequent_absence", "recurrence"):
        assert f'href="/uitleg/verzuimcijfers#{key}"' in page, key
    assert "Lager is beter." in page and "Hoger is beter." in page
    public = OrgClient(web.app, base_url="http://testserver")  # not logged in
    explained = public.get("/uitleg/verzuimcijfers")
    assert explained.status_code == 200
    for m in explain.MEASURES:
        assert f'id="{m.key}"' in explained.text and m.name_nl in explained.text
    english = public.get("/uitleg/verzuimcijfers?lang=en").text
    assert "How it is computed" in english and "Absence rate" in english
    twin = public.get("/api/uitleg/verzuimcijfers").json()
    assert [m["key"] for m in twin["measures"]] == [m.key for m in explain.MEASURES]
    # every measure a group row carries on the page is explained
    shown = {"zvp", "zvp_incl_pregnancy", "zmf", "gzvd", "nulverzuim", "frequent_absence"}
    assert shown | {"recurrence", "partial_return", "duration_classes"} <= set(explain.by_key())
