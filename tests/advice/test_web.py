"""The wizard, the result page, the exports and the JSON API (in-process, no browser)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_wizard_steps_keep_answers_in_hidden_fields(client: TestClient) -> None:
    first = client.get("/advies")
    assert first.status_code == 200 and 'name="sector"' in first.text
    second = client.get("/advies", params={"step": "2", "sector": "F", "size_class": "1-10"})
    assert 'type="hidden" name="sector" value="F"' in second.text
    assert 'type="hidden" name="size_class" value="1-10"' in second.text
    third = client.get("/advies", params={"step": "3", "sector": "F", "share_practical_pct": "80"})
    assert 'name="share_practical" value="0.8"' in third.text
    back = client.get("/advies", params={"step": "2", "sector": "F", "share_practical": "0.8"})
    assert 'value="80"' in back.text  # the answer is shown again on the way back


def test_wizard_needs_a_sector_before_step_two(client: TestClient) -> None:
    response = client.get("/advies", params={"step": "2"})
    assert response.status_code == 422
    assert 'name="sector"' in response.text


def test_signal_links_go_to_the_result(client: TestClient) -> None:
    url = "/advies?sector=G&concern=mental&risks=psychosocial_load&risks=conflict_culture"
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/advies/resultaat?sector=G")


def test_result_page_is_shareable_and_printable(client: TestClient) -> None:
    response = client.get(
        "/advies/resultaat",
        params=[("sector", "Q"), ("concern", "physical"), ("risks", "physical_load")],
    )
    assert response.status_code == 200
    assert "/advies/resultaat?sector=Q" in response.text
    # The print button works through /static/site.js: the CSP allows no onclick attribute.
    assert "data-print" in response.text and "/static/site.js" in response.text
    assert "/advies/advies.css" in response.text
    assert "Praktijkervaring" in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/advies/resultaat?sector=Z",
        "/advies/resultaat?risks=noise",
        "/advies/resultaat?sector=F&share_practical=7",
    ],
)
def test_bad_input_is_a_4xx_page(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"]


@pytest.mark.parametrize(
    ("fmt", "start"),
    [("pdf", b"%PDF"), ("html", b"<!doctype html>"), ("md", b"# "), ("json", b"{")],
)
def test_exports(client: TestClient, fmt: str, start: bytes) -> None:
    response = client.get(f"/advies/export?format={fmt}&sector=F&risks=safety")
    assert response.status_code == 200
    assert response.content.startswith(start)
    assert "attachment" in response.headers["content-disposition"]


def test_export_unknown_format(client: TestClient) -> None:
    response = client.get("/advies/export?format=docx&sector=F")
    assert response.status_code == 400
    assert "pdf" in response.text


def test_api_get_and_post_agree(client: TestClient) -> None:
    profile = {
        "sector": "C",
        "risks": ["noise", "safety"],
        "concern": "physical",
        "workers_at_risk": True,
    }
    got = client.get("/api/advies", params={**profile, "risks": profile["risks"]})
    posted = client.post("/api/advies", json=profile)
    assert got.status_code == posted.status_code == 200
    assert got.json()["measures"] == posted.json()["measures"]


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("get", {"params": {"sector": "Z"}}),
        ("get", {"params": {"sector": "F", "risks": "stress"}}),
        ("get", {"params": {}}),
        ("post", {"json": {"sector": "F", "risks": ["stress"]}}),
        ("post", {"json": {"sector": "Z"}}),
        ("post", {"json": {"risks": []}}),
        ("post", {"json": ["F"]}),
    ],
)
def test_api_bad_input_is_422_with_allowed_values(
    client: TestClient, method: str, kwargs: dict[str, object]
) -> None:
    response = getattr(client, method)("/api/advies", **kwargs)
    assert response.status_code == 422, response.text


def test_api_error_lists_allowed_values(client: TestClient) -> None:
    body = client.get("/api/advies", params={"sector": "F", "risks": "stress"}).json()
    assert "psychosocial_load" in str(body["detail"])


def test_api_in_openapi(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/advies"])


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(
    "url",
    [
        "/advies?step=1",
        "/advies?step=2&sector=F",
        "/advies?step=3&sector=F",
        "/advies?step=4&sector=F",
        "/advies/resultaat?sector=F&concern=mental&risks=private_strain&share_home_work=0.6"
        "&size_class=1-10&workers_at_risk=true&measures_in_place=gp-b11-01",
        "/advies/resultaat?sector=Z",
    ],
)
def test_every_interface_text_is_translated(client: TestClient, url: str, lang: str) -> None:
    text = client.get(f"{url}&lang={lang}").text
    leftovers = [word for word in text.split() if "advies." in word and ".css" not in word]
    assert not leftovers, leftovers
