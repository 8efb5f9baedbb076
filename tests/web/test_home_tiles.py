"""Each home tile leads to what it counts: a list with that many records, or the section that
explains the number."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_list_tiles_open_a_list_of_that_many(client: TestClient) -> None:
    checked = 0
    for figure in client.get("/api/home").json()["figures"]:
        url, value = figure["url"], figure["value"]
        if url.startswith("/maatregelen"):
            assert client.get("/api" + url).json()["total"] == value, figure
        elif url == "/kennislacunes":
            assert len(client.get("/api/kennislacunes").json()["gaps"]) == value
        elif url.startswith("/wie-doet-wat"):
            assert len(client.get("/api" + url).json()["actors"]) == value, figure
        else:
            continue
        checked += 1
    assert checked >= 6


def test_review_tiles_open_the_section_that_explains_them(client: TestClient) -> None:
    home = client.get("/api/home").json()
    page = client.get("/").text
    evidence = home["evidence"]
    for figure in home["figures"]:
        if figure["url"].startswith("/#"):
            assert f'id="{figure["url"][2:]}"' in page, figure
    assert sum(g["reviews"] for g in evidence["groups"]) == evidence["reviews"]
    tiles = {f["url"]: f["value"] for f in home["figures"] if f["url"] == "/#conclusies"}
    assert tiles["/#conclusies"] == len(evidence["conclusions"])
    assert re.search(rf">\s*{evidence['studies']}\s", page) or str(evidence["studies"]) in page


def test_core_expert_tile_opens_the_core_experts_only(client: TestClient) -> None:
    tile = next(
        f for f in client.get("/api/home").json()["figures"] if "kerndeskundige" in f["url"]
    )
    listed = client.get("/api" + tile["url"]).json()
    assert listed["core_only"] is True
    assert listed["actors"] and all(a["core_expert"] for a in listed["actors"])
    assert (
        len(listed["actors"])
        == tile["value"]
        < len(client.get("/api/wie-doet-wat").json()["actors"])
    )
    page = client.get(tile["url"]).text
    assert page.count('class="actor"') == tile["value"]
    # A search within the core experts keeps the filter in the form.
    assert 'name="kerndeskundige" value="1"' in page
    searched = client.get(
        "/api/wie-doet-wat", params={"q": "gevaarlijke stoffen", "kerndeskundige": 1}
    )
    assert all(a["core_expert"] for a in searched.json()["actors"])
