"""Web security: headers, allowed hosts, same-origin and CSRF checks, body limits, HEAD, cookies.

Route-wide properties are generated from the app's route table, so a new route is covered (and
a new unsafe route without the CSRF dependency fails) without editing this file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import APIRouter, FastAPI, Request
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from starlette.responses import PlainTextResponse, Response

from tests.analytics.helpers import employees_csv, fillers, spells_csv
from tests.conftest import CSRF_TOKEN, OrgClient, app_database, log_in, new_org
from tests.dbsetup import store_urls
from verzuim.accounts import sessions, users
from verzuim.store import absence, organisations
from verzuim.store.tenancy import system_tenant
from verzuim.web.security.cookies import set_cookie
from verzuim.web.security.headers import CONTENT_SECURITY_POLICY
from verzuim.web.security.hosts import SAFE_METHODS, host_allowed, host_name
from verzuim.web.security.install import install_security
from verzuim.web.security.settings import SecuritySettings, SettingsError, from_env

TEMPLATES = Path(__file__).parents[2] / "src" / "verzuim" / "web" / "templates"
EVIL = "https://evil.example"
EMPS = fillers(6, "Productie")
SPELLS = [("f0", "s1", "2024-01-10", "2024-01-30", 100, "sick")]


def _files() -> dict[str, tuple[str, bytes, str]]:
    return {
        "employees": ("werknemers.csv", employees_csv(EMPS), "text/csv"),
        "spells": ("verzuim.csv", spells_csv(SPELLS), "text/csv"),
    }


@pytest.fixture()
def stranger(app_client: TestClient) -> Iterator[OrgClient]:
    """An analyst logged in to a fresh organisation, whose client holds no CSRF cookie and
    sends no token: what a page on another site can make the analyst's browser send."""
    yield _member_without_token(app_client)


def _member_without_token(app_client: TestClient) -> OrgClient:
    slug, email = new_org(app_client)
    web = OrgClient(app_client.app, base_url="http://testserver")
    web.org, web.base = slug, f"/o/{slug}/analyse"
    log_in(web, email)
    with app_database(app_client).public() as session:
        user = users.by_email(session, email)
        assert user is not None
        web.token = sessions.create_api_token(session, user, "tests")
    web.cookies.delete("csrf")
    del web.headers["X-CSRF-Token"]
    return web


def _stored(web: OrgClient) -> tuple[int, int]:
    """The organisation's stored employees and episodes, read in its own context."""
    db = app_database(web)
    with db.public() as session:
        org = organisations.by_slug(session, web.org)
        assert org is not None
        tenant = system_tenant(org.id, org.slug, "test")
    with absence.reading(db, tenant, "test") as source:
        return source.counts()


def _concrete(path: str, org: str = "x") -> str:
    return re.sub(r"\{[^}]+\}", "x", path.replace("{org}", org))


def _routes(app: FastAPI) -> list[tuple[str, set[str]]]:
    """Every route's path and methods (included routers are resolved lazily by FastAPI)."""
    return [
        (route.path, set(route.methods or ()))
        for route in iter_route_contexts(app.routes)
        if route.path is not None and route.methods
    ]


# --- headers ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/api/home", "/static/site.css", "/no-such-page", "/api/x"])
def test_every_response_carries_the_security_headers(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cross-origin-opener-policy"] == "same-origin"
    assert "camera=()" in response.headers["permissions-policy"]
    assert "strict-transport-security" not in response.headers


def test_hsts_only_over_tls(app_client: TestClient) -> None:
    with TestClient(app_client.app, base_url="https://testserver") as tls:
        assert tls.get("/").headers["strict-transport-security"].startswith("max-age=")


def test_an_unexpected_error_page_carries_the_headers_too() -> None:
    from verzuim.web.app import create_app

    app = create_app()

    def boom() -> str:
        raise RuntimeError("a bug")

    app.add_api_route("/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/boom")
    assert response.status_code == 500
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_templates_hold_no_inline_style_script_or_handler() -> None:
    """The CSP would block them; the browser test (tests/browser/test_csp.py) proves it."""
    for template in TEMPLATES.glob("*.html"):
        if template.name == "advies_export.html":
            continue  # a standalone download with its CSS inside; never served as a page
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<style|\sstyle=|<script(?![^>]*\ssrc=)", text), template.name
        assert not re.search(r"\son[a-z]+=", text), template.name


def test_every_post_form_in_the_templates_carries_the_token_field() -> None:
    forms = 0
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        for form in re.findall(r"<form\b[^>]*>.*?</form>", text, flags=re.S | re.I):
            if re.search(r"method=[\"']?post", form, flags=re.I):
                forms += 1
                assert "{{ csrf_input() }}" in form, template.name
    assert forms >= 2


# --- allowed hosts ---------------------------------------------------------------------


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "[::1]:8000", "testserver"])
def test_allowed_hosts_are_served(client: TestClient, host: str) -> None:
    assert client.get("/api/home", headers={"host": host}).status_code == 200


def test_other_host_is_400_with_a_clear_message(client: TestClient) -> None:
    page = client.get("/", headers={"host": "evil.example"})
    assert page.status_code == 400
    assert "VERZUIM_ALLOWED_HOSTS" in page.text and "evil.example" in page.text
    api = client.get("/api/home", headers={"host": "evil.example"})
    assert api.status_code == 400 and "VERZUIM_ALLOWED_HOSTS" in api.json()["detail"]


def test_host_patterns() -> None:
    assert host_name("[::1]:8000") == "[::1]" and host_name("Example.org:80") == "example.org"
    assert host_allowed("a.example.org", ("*.example.org",))
    assert not host_allowed("example.org.evil", ("*.example.org",))
    assert host_allowed("anything", ("*",))


def test_settings_from_the_environment() -> None:
    settings = from_env({"VERZUIM_ALLOWED_HOSTS": "verzuim.example.org, localhost"})
    assert settings.allowed_hosts == ("verzuim.example.org", "localhost")
    assert from_env({}).allowed_hosts == ("localhost", "127.0.0.1", "[::1]", "testserver")
    assert from_env({"VERZUIM_MAX_UPLOAD_MB": "2"}).max_body_bytes == 2 * 1024 * 1024
    assert from_env({"VERZUIM_TRUST_PROXY": "1"}).trust_proxy
    with pytest.raises(SettingsError, match="VERZUIM_MAX_UPLOAD_MB"):
        from_env({"VERZUIM_MAX_UPLOAD_MB": "lots"})


# --- same origin and CSRF --------------------------------------------------------------


def test_cross_site_upload_is_refused_and_stores_nothing(stranger: OrgClient) -> None:
    response = stranger.post("/analyse/import", files=_files(), headers={"origin": EVIL})
    assert response.status_code == 403
    assert "evil.example" in response.text and "andere site" in response.text
    assert _stored(stranger) == (0, 0)
    # The same upload from the app's own page (same origin, with the token) is stored.
    stranger.cookies.set("csrf", CSRF_TOKEN)
    form = stranger.post(
        "/analyse/import",
        files=_files(),
        data={"csrf_token": CSRF_TOKEN},
        headers={"origin": "http://testserver"},
    )
    assert form.status_code == 200, form.text
    assert _stored(stranger) == (6, 1)


def test_form_without_token_is_refused_with_a_clear_message(stranger: OrgClient) -> None:
    response = stranger.post("/analyse/import", files=_files())
    assert response.status_code == 403
    assert "csrf_token" in response.text and "Laad de pagina opnieuw" in response.text
    english = stranger.post("/analyse/import?lang=en", files=_files())
    assert "Reload the page" in english.text
    assert _stored(stranger) == (0, 0)


def test_token_must_match_the_cookie(stranger: OrgClient) -> None:
    stranger.get("/analyse")
    cookie = stranger.cookies["csrf"]
    wrong = stranger.post("/analyse/settings", data={"sector": "F", "csrf_token": "x" * 43})
    assert wrong.status_code == 403
    right = stranger.post(
        "/analyse/settings", data={"sector": "F", "csrf_token": cookie}, follow_redirects=False
    )
    assert right.status_code == 303
    header = stranger.post(
        "/analyse/settings",
        data={"sector": "F"},
        headers={"X-CSRF-Token": cookie},
        follow_redirects=False,
    )
    assert header.status_code == 303


def test_the_page_form_carries_the_cookie_token(stranger: OrgClient) -> None:
    page = stranger.get("/analyse")
    cookie = stranger.cookies["csrf"]
    assert f'name="csrf_token" value="{cookie}"' in page.text
    assert f'hx-headers=\'{{"X-CSRF-Token": "{cookie}"}}\'' in page.text


def test_cached_pages_carry_each_visitors_own_token(app_client: TestClient) -> None:
    """Knowledge pages are rendered once and cached; the token is filled in per visitor."""
    tokens = []
    for _ in range(2):
        with TestClient(app_client.app) as visitor:
            page = visitor.get("/perspectieven")
            tokens.append(visitor.cookies["csrf"])
            assert f'"X-CSRF-Token": "{tokens[-1]}"' in page.text
    assert tokens[0] != tokens[1]


def test_csrf_cookie(stranger: TestClient, app_client: TestClient) -> None:
    first = stranger.get("/")
    cookie = first.headers["set-cookie"]
    assert cookie.startswith("csrf=") and "SameSite=Strict" in cookie and "Secure" not in cookie
    assert "set-cookie" not in stranger.get("/").headers  # kept, not replaced
    with TestClient(app_client.app, base_url="https://testserver") as tls:
        assert "; Secure" in tls.get("/").headers["set-cookie"]


def test_json_bearer_and_same_origin_rules(stranger: OrgClient) -> None:
    # JSON needs no token (a browser cannot send it cross-site without CORS) ...
    assert stranger.post("/api/advies", json={"sector": "F"}).status_code == 200
    # ... unless the browser says another site sent it.
    evil = stranger.post("/api/advies", json={"sector": "F"}, headers={"origin": EVIL})
    assert evil.status_code == 403 and "evil.example" in evil.json()["detail"]
    referer = stranger.post(
        "/api/advies", json={"sector": "F"}, headers={"referer": f"{EVIL}/page"}
    )
    assert referer.status_code == 403
    assert (
        stranger.post("/api/advies", json={"sector": "F"}, headers={"origin": "null"}).status_code
        == 403
    )
    same = stranger.post(
        "/api/advies", json={"sector": "F"}, headers={"origin": "http://testserver:80"}
    )
    assert same.status_code == 200
    # A form body without a token is refused; with an API token (no cookies) it is not.
    form = stranger.post("/analyse/settings", data={"sector": "F"}, follow_redirects=False)
    assert form.status_code == 403
    bearer = stranger.post(
        "/analyse/settings",
        data={"sector": "F"},
        headers={"authorization": f"Bearer {stranger.token}", "origin": EVIL},
        follow_redirects=False,
    )
    assert bearer.status_code == 303 and bearer.headers["location"].endswith("/dashboard")


def test_every_unsafe_route_refuses_a_request_without_token(stranger: OrgClient) -> None:
    unsafe = [
        (method, path)
        for path, methods in _routes(stranger.app)  # type: ignore[arg-type]
        for method in sorted(methods - SAFE_METHODS)
    ]
    assert unsafe, "the app has state-changing routes"
    for method, path in unsafe:
        url = _concrete(path, stranger.org)
        form = stranger.request(method, url, data={"a": "b"})
        assert form.status_code == 403, (method, path, form.status_code)
        cross = stranger.request(method, url, json={}, headers={"origin": EVIL})
        assert cross.status_code == 403, (method, path, cross.status_code)
    assert _stored(stranger) == (0, 0)


def test_security_must_be_installed_before_routes() -> None:
    app = FastAPI()

    @app.post("/late")
    def late() -> None:
        return None

    with pytest.raises(RuntimeError, match="/late"):
        install_security(app)
    included = FastAPI()
    router = APIRouter()
    router.add_api_route("/included", late, methods=["DELETE"])
    included.include_router(router)
    with pytest.raises(RuntimeError, match="/included"):
        install_security(included)


# --- body size ---------------------------------------------------------------------------


def _small_app(limit: int) -> FastAPI:
    app = FastAPI()
    install_security(app, SecuritySettings(max_body_bytes=limit))

    @app.post("/upload")
    async def upload(request: Request) -> PlainTextResponse:
        form = await request.form()
        sizes = [len(await f.read()) for f in form.values() if not isinstance(f, str)]
        return PlainTextResponse(str(sum(sizes)))

    return app


def test_declared_body_over_the_limit_is_413_before_reading(client: TestClient) -> None:
    too_big = str(60 * 1024 * 1024)
    headers = {"content-length": too_big, "content-type": "multipart/form-data; boundary=x"}
    api = client.post("/api/analyse/import", content=b"--x--", headers=headers)
    assert api.status_code == 413
    assert "50 MB" in api.json()["detail"] and "VERZUIM_MAX_UPLOAD_MB" in api.json()["detail"]
    page = client.post("/analyse/import?lang=en", content=b"--x--", headers=headers)
    assert page.status_code == 413 and "too large" in page.text


def test_streamed_body_over_the_limit_is_413_and_under_it_works() -> None:
    with TestClient(_small_app(64 * 1024), headers={"X-CSRF-Token": CSRF_TOKEN}) as small:
        small.cookies.set("csrf", CSRF_TOKEN)
        ok = small.post("/upload", files={"f": ("a.csv", b"x" * 40_000, "text/csv")})
        assert ok.status_code == 200 and ok.text == "40000"
        body = b"--b\r\nContent-Disposition: form-data; name=f; filename=a\r\n\r\n"
        body += b"x" * 200_000 + b"\r\n--b--\r\n"

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
            for start in range(0, len(body), 8192):
                yield body[start : start + 8192]

        streamed = small.post(
            "/upload",
            content=chunks(),
            headers={"content-type": "multipart/form-data; boundary=b"},
        )
        assert streamed.status_code == 413
        assert "0.0625 MB" in streamed.json()["detail"]


def test_streamed_upload_over_the_limit_to_the_import_stores_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The real import route (FastAPI parses its files) stops at the limit as well."""
    from verzuim.web.app import create_app

    monkeypatch.setenv("VERZUIM_MAX_UPLOAD_MB", "0.01")  # 10 KiB
    rows = [(f"e{i}", "Productie", 1.0, "2020-01-01", "") for i in range(2000)]
    body = b"--b\r\nContent-Disposition: form-data; name=employees; filename=e.csv\r\n"
    body += b"Content-Type: text/csv\r\n\r\n" + employees_csv(rows) + b"\r\n--b--\r\n"
    assert len(body) > 20_000

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 4096):
            yield body[start : start + 4096]

    with TestClient(create_app(store_urls()[0]), headers={"X-CSRF-Token": CSRF_TOKEN}) as small:
        web = _member_without_token(small)
        web.cookies.set("csrf", CSRF_TOKEN)
        web.headers["X-CSRF-Token"] = CSRF_TOKEN
        response = web.post(
            "/api/analyse/import",
            content=chunks(),
            headers={"content-type": "multipart/form-data; boundary=b"},
        )
        assert response.status_code == 413, response.text
        assert "0.01 MB" in response.json()["detail"]
        assert _stored(web) == (0, 0)


# --- HEAD and cookies ----------------------------------------------------------------------


def test_head_answers_wherever_get_does(client: TestClient) -> None:
    gets = [path for path, methods in _routes(client.app) if "GET" in methods]  # type: ignore[arg-type]
    assert len(gets) > 20
    for path in [*gets, "/static/site.css"]:
        url = _concrete(path)
        get = client.get(url)
        head = client.head(url)
        assert head.status_code == get.status_code, (path, head.status_code, get.status_code)
        assert head.content == b""
        assert head.headers.get("content-type") == get.headers.get("content-type"), path


def test_set_cookie_is_secure_over_tls() -> None:
    app = FastAPI()

    @app.get("/c")
    def c(request: Request) -> Response:
        response = PlainTextResponse("ok")
        set_cookie(response, request, "session", "abc")
        return response

    with TestClient(app) as plain, TestClient(app, base_url="https://testserver") as tls:
        assert "Secure" not in plain.get("/c").headers["set-cookie"]
        cookie = tls.get("/c").headers["set-cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
