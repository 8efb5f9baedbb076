"""`verzuim serve`: the warning before other machines can connect, and the uvicorn options."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from verzuim.cli import app
from verzuim.web.security.settings import SecuritySettings
from verzuim.web.serve import APP_FACTORY, exposure_warning, uvicorn_options


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_needs_no_warning(host: str) -> None:
    assert exposure_warning(host, 8000, SecuritySettings()) is None


def test_all_interfaces_warning_says_what_is_exposed() -> None:
    text = exposure_warning("0.0.0.0", 8080, SecuritySettings()) or ""
    assert "EVERY network interface" in text and "8080" in text
    assert "login" in text and "TLS" in text and "VERZUIM_ALLOWED_HOSTS" in text
    assert "localhost, 127.0.0.1" in text
    assert "192.168.1.5" in (exposure_warning("192.168.1.5", 80, SecuritySettings()) or "")


def test_workers_use_the_factory_and_proxy_headers_need_trust() -> None:
    options = uvicorn_options("0.0.0.0", 8000, 2, SecuritySettings())
    assert options["workers"] == 2 and options["factory"] is True
    assert options["proxy_headers"] is False
    trusted = uvicorn_options("127.0.0.1", 8000, 1, SecuritySettings(trust_proxy=True))
    assert trusted["proxy_headers"] is True
    assert APP_FACTORY == "verzuim.web.app:create_app"


def test_serve_command_warns_then_starts_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: calls.append((target, kw)))
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "EVERY network interface" in result.output
    assert calls == [(APP_FACTORY, uvicorn_options("0.0.0.0", 8000, 2, SecuritySettings()))]
    monkeypatch.setenv("VERZUIM_MAX_UPLOAD_MB", "-1")
    refused = CliRunner().invoke(app, ["serve"])
    assert refused.exit_code == 2 and "VERZUIM_MAX_UPLOAD_MB" in refused.output
    monkeypatch.delenv("VERZUIM_MAX_UPLOAD_MB")
    monkeypatch.setenv("VERZUIM_THREADS", "many")
    refused = CliRunner().invoke(app, ["serve"])
    assert refused.exit_code == 2 and "VERZUIM_THREADS='many'" in refused.output


def test_sync_handlers_get_the_configured_number_of_threads(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import anyio.to_thread
    from fastapi.testclient import TestClient

    from verzuim.web.app import DEFAULT_THREADS, create_app, thread_limit

    assert thread_limit({}) == DEFAULT_THREADS == 8
    assert thread_limit({"VERZUIM_THREADS": " 3 "}) == 3
    for bad in ("0", "-2", "many", "2.5"):
        with pytest.raises(ValueError, match="VERZUIM_THREADS"):
            thread_limit({"VERZUIM_THREADS": bad})
    monkeypatch.setenv("VERZUIM_THREADS", "3")
    app_ = create_app(f"sqlite:///{tmp_path / 'threads.sqlite3'}", worker=False)
    with TestClient(app_) as client:
        limit = client.portal.call(
            lambda: anyio.to_thread.current_default_thread_limiter().total_tokens
        )
    assert limit == 3
