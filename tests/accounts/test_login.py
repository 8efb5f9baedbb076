"""Logging in: passwords, rate limit and lock-out, the second factor, API tokens, resets."""

from __future__ import annotations

import pyotp
from fastapi.testclient import TestClient

from tests.conftest import CSRF_TOKEN, PASSWORD, app_database, log_in, new_org, reset_cookies
from verzuim.accounts import users
from verzuim.store.tenancy import Role


def _fresh(app_client: TestClient) -> TestClient:
    """A browser on the app's pages: with the CSRF cookie and token its forms send."""
    c = TestClient(app_client.app, base_url="http://testserver", follow_redirects=False)
    reset_cookies(c)
    c.headers["X-CSRF-Token"] = CSRF_TOKEN
    return c


def test_passwords_are_stored_as_argon2id(app_client: TestClient) -> None:
    _slug, email = new_org(app_client)
    with app_database(app_client).public() as session:
        user = users.by_email(session, email)
        assert user is not None
        assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_login_sets_a_session_cookie_and_logout_ends_it(app_client: TestClient) -> None:
    slug, email = new_org(app_client)
    c = _fresh(app_client)
    page = c.post("/login", data={"email": email, "password": PASSWORD, "next": f"/o/{slug}"})
    assert page.status_code == 303 and page.headers["location"] == f"/o/{slug}"
    cookie = page.headers["set-cookie"]
    assert (
        "verzuim_session=" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    )
    assert c.get(f"/o/{slug}").status_code == 200
    c.post("/logout", headers={"Origin": "http://testserver"})
    assert c.get(f"/o/{slug}").status_code == 303


def test_a_wrong_password_says_nothing_about_the_account(app_client: TestClient) -> None:
    _slug, email = new_org(app_client)
    c = _fresh(app_client)
    known = c.post("/api/login", json={"email": email, "password": "wrong password!!"})
    unknown = c.post("/api/login", json={"email": "nobody@example.nl", "password": "x" * 12})
    assert known.status_code == unknown.status_code == 401
    assert known.json() == unknown.json()


def test_five_failures_lock_the_account_for_a_while(app_client: TestClient) -> None:
    _slug, email = new_org(app_client)
    c = _fresh(app_client)
    for _ in range(5):
        assert (
            c.post("/api/login", json={"email": email, "password": "nope" * 4}).status_code == 401
        )
    locked = c.post("/api/login", json={"email": email, "password": PASSWORD})
    assert locked.status_code == 429 and "15" in locked.json()["detail"]


def test_an_admin_needs_the_second_factor(app_client: TestClient) -> None:
    slug, email = new_org(app_client, Role.ADMIN)
    c = _fresh(app_client)
    without = c.post("/api/login", json={"email": email, "password": PASSWORD})
    assert without.status_code == 401 and "totp" in without.json()["detail"]
    assert c.get(f"/api/o/{slug}/members").status_code == 401
    with app_database(app_client).public() as session:
        user = users.by_email(session, email)
        assert user is not None and user.totp_secret
        code = pyotp.TOTP(user.totp_secret).now()
    ok = c.post("/api/login", json={"email": email, "password": PASSWORD, "totp": code})
    assert ok.status_code == 200
    assert c.get(f"/api/o/{slug}/members").json()[0]["email"] == email


def test_an_admin_without_a_second_factor_is_sent_to_set_it_up(app_client: TestClient) -> None:
    slug, email = new_org(app_client, Role.ADMIN)
    with app_database(app_client).public() as session:
        user = users.by_email(session, email)
        assert user is not None
        user.totp_secret = None
    c = _fresh(app_client)
    log_in(c, email)
    refused = c.get(f"/api/o/{slug}/members")
    assert refused.status_code == 403 and "/account" in refused.json()["detail"]


def test_api_tokens_work_without_cookies_and_are_stored_hashed(app_client: TestClient) -> None:
    from tests.conftest import OrgClient

    slug, email = new_org(app_client)
    web = OrgClient(app_client.app, base_url="http://testserver")
    web.org = slug
    log_in(web, email)
    from verzuim.accounts import sessions

    with app_database(app_client).public() as session:
        user = users.by_email(session, email)
        assert user is not None
        token = sessions.create_api_token(session, user, "script")
    bare = _fresh(app_client)
    headers = {"Authorization": f"Bearer {token}"}
    assert bare.get(f"/api/o/{slug}/analyse/metrics", headers=headers).status_code == 200
    bad = {"Authorization": "Bearer vzb_not-a-token"}
    assert bare.get(f"/api/o/{slug}/analyse/metrics", headers=bad).status_code == 401
    from sqlalchemy import text

    with app_database(app_client).public() as session:
        stored = session.execute(text("SELECT token_hash FROM api_tokens")).scalars().all()
    assert token not in stored and len(stored[0]) == 64


def test_an_api_tokens_last_use_is_written_at_most_once_a_minute(app_client: TestClient) -> None:
    import datetime as dt

    from sqlalchemy import select

    from verzuim.accounts import sessions
    from verzuim.store.models import ApiToken

    slug, email = new_org(app_client)
    db = app_database(app_client)
    with db.public() as session:
        user = users.by_email(session, email)
        assert user is not None
        token = sessions.create_api_token(session, user, "script")
    headers = {"Authorization": f"Bearer {token}"}

    def last_used() -> dt.datetime | None:
        with db.public(read_only=True) as session:
            digest = sessions.tokens.digest(token)
            found = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
            assert found is not None
            return found.last_used_at

    bare = _fresh(app_client)
    assert bare.get(f"/api/o/{slug}/analyse/metrics", headers=headers).status_code == 200
    first = last_used()
    assert first is not None
    assert bare.get(f"/api/o/{slug}/analyse/metrics", headers=headers).status_code == 200
    assert last_used() == first  # within the minute: no second write
    with db.public() as session:
        digest = sessions.tokens.digest(token)
        found = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
        assert found is not None
        found.last_used_at = first - dt.timedelta(minutes=5)
    assert bare.get(f"/api/o/{slug}/analyse/metrics", headers=headers).status_code == 200
    later = last_used()
    assert later is not None and later > first - dt.timedelta(minutes=5)


def test_an_admin_resets_a_members_password(app_client: TestClient) -> None:
    from tests.conftest import add_member
    from verzuim.store import organisations

    slug, admin = new_org(app_client, Role.ADMIN)
    with app_database(app_client).public() as session:
        org = organisations.by_slug(session, slug)
        assert org is not None
        org_id = org.id
    member = f"viewer-{slug}@example.nl"
    add_member(app_client, org_id, slug, member, Role.VIEWER)
    with app_database(app_client).public() as session:
        target = users.by_email(session, member)
        assert target is not None
        target_id = target.id
    c = _fresh(app_client)
    log_in(c, admin)
    new = "a brand new password 2"
    done = c.post(f"/o/{slug}/beheer/leden/{target_id}/wachtwoord", data={"password": new})
    assert done.status_code == 303
    viewer = _fresh(app_client)
    assert viewer.post("/api/login", json={"email": member, "password": new}).status_code == 200
    assert (
        viewer.post("/api/login", json={"email": member, "password": PASSWORD}).status_code == 401
    )
