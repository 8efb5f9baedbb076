"""Each home tile leads to what it counts: a list with that many records, or the section that
explains the number."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

# Tiles whose page shows more than they count, named so the exception stays visible.
NOT_YET_EXACT = {"kerndeskundigen (Arbowet)": "the actors page lists all 24, core experts marked"}


def test_list_tiles_open_a_list_of_that_many(client: TestClient) -> None:
    checked = 0
    for figure in client.get("/api/home").json()["figures"]:
        url, value = figure["url"], figure["value"]
        if figure["label"] in NOT_YET_EXACT:
            continue
        if url.startswith("/maatregelen"):
            assert client.get("/api" + url).json()["total"] == value, figure
        elif url == "/kennislacunes":
            assert len(client.get("/api/kennislacunes").json()["gaps"]) == value
        elif url == "/wie-doet-wat":
            assert len(client.get("/api/wie-doet-wat").json()["actors"]) == value
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
