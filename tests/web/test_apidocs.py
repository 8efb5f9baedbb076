"""/api/docs: the API reference page lists every operation of the OpenAPI document."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_every_operation_is_on_the_reference_page(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    page = client.get("/api/docs")
    assert page.status_code == 200 and "<script>" not in page.text
    for path, item in paths.items():
        for method in item:
            assert f"<code>{method.upper()} {path}</code>" in page.text, (method, path)
    assert "Free text in Dutch or English" in page.text  # parameter descriptions
    assert "one of: nl, en" in page.text  # readable types
    english = client.get("/api/docs?lang=en")
    assert "Every page has a JSON twin" in english.text
    assert client.get("/docs/oauth2-redirect").status_code == 404
