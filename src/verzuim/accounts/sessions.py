"""Logging in: password, rate limit and lock-out, the second factor, server-side sessions
and personal API tokens. Any process can serve any session: all of it lives in the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyotp
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from verzuim.accounts import passwords, tokens
from verzuim.store.models import ApiToken, LoginAttempt, User, WebSession, utcnow

SESSION_HOURS = 12
WINDOW = dt.timedelta(minutes=15)
TOKEN_USE_PRECISION = dt.timedelta(minutes=1)
MAX_PER_ACCOUNT = 5  # failed attempts per account in WINDOW before a lock-out
MAX_PER_CLIENT = 20  # failed attempts from one client address in WINDOW
LOCKOUT = dt.timedelta(minutes=15)


class LoginRefused(Exception):
    """Why a login failed, in words that do not reveal whether an account exists."""

    def __init__(self, code: str, message_nl: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_nl = message_nl
        self.message_en = message_en


_WRONG = LoginRefused(
    "wrong",
    "Onbekende combinatie van e-mailadres en wachtwoord.",
    "Unknown combination of e-mail address and password.",
)


def _too_many() -> LoginRefused:
    return LoginRefused(
        "rate_limited",
        "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw.",
        "Too many failed attempts. Try again in 15 minutes.",
    )


@dataclass(frozen=True)
class Started:
    """A new session: the cookie value (never stored) and whether TOTP is still due."""

    token: str
    user: User
    needs_second_factor: bool


def _failures(session: Session, key: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(LoginAttempt.key == key, LoginAttempt.at > utcnow() - WINDOW)
        )
        or 0
    )


def _fail(session: Session, user: User | None, client: str) -> None:
    session.add(LoginAttempt(key=f"client:{client}", at=utcnow()))
    if user is not None:
        session.add(LoginAttempt(key=f"user:{user.id}", at=utcnow()))
        user.failed_logins += 1
        if user.failed_logins >= MAX_PER_ACCOUNT:
            user.locked_until = utcnow() + LOCKOUT


def login(session: Session, email: str, password: str, client: str) -> Started:
    """Check the password under the rate limit; start a session (TOTP may still be due).

    The failed attempt is recorded in ``session``'s transaction, which the caller commits
    even when this raises (see web/auth.py): a refused login must still count.
    """
    if _failures(session, f"client:{client}") >= MAX_PER_CLIENT:
        raise _too_many()
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        passwords.verify(passwords.DUMMY_HASH, password)  # same time as a real check
        _fail(session, None, client)
        raise _WRONG
    if user.locked_until is not None and user.locked_until > utcnow():
        raise _too_many()
    if not user.is_active or not passwords.verify(user.password_hash, password):
        _fail(session, user, client)
        raise _WRONG
    user.failed_logins = 0
    user.locked_until = None
    needs_totp = user.totp_secret is not None
    return _start(session, user, second_factor_done=not needs_totp)


def _start(session: Session, user: User, *, second_factor_done: bool) -> Started:
    token = tokens.new_secret()
    session.add(
        WebSession(
            token_hash=tokens.digest(token),
            user_id=user.id,
            second_factor_done=second_factor_done,
            created_at=utcnow(),
            expires_at=utcnow() + dt.timedelta(hours=SESSION_HOURS),
        )
    )
    session.flush()
    return Started(token, user, not second_factor_done)


def current(session: Session, token: str) -> tuple[WebSession, User] | None:
    """The live session behind a cookie value, with its user."""
    row = session.execute(
        select(WebSession, User)
        .join(User, User.id == WebSession.user_id)
        .where(WebSession.token_hash == tokens.digest(token), WebSession.expires_at > utcnow())
    ).first()
    if row is None or not row[1].is_active:
        return None
    return row[0], row[1]


def confirm_totp(session: Session, web_session: WebSession, user: User, code: str) -> bool:
    if user.totp_secret is None:
        return True
    if pyotp.TOTP(user.totp_secret).verify(code.strip(), valid_window=1):
        web_session.second_factor_done = True
        return True
    _fail(session, user, "totp")
    return False


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name="Verzuim in beeld")


def logout(session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(WebSession.token_hash == tokens.digest(token)))


def create_api_token(session: Session, user: User, name: str) -> str:
    """A personal token for scripts; shown once, stored only as a hash."""
    token = tokens.new_api_token()
    session.add(ApiToken(user_id=user.id, name=name[:100], token_hash=tokens.digest(token)))
    session.flush()
    return token


def api_token(session: Session, token: str) -> tuple[ApiToken, User] | None:
    """The token and its active user, or None (a read; see ``mark_used``)."""
    # One statement: every organisation request looks its token up (docs/performance.md).
    row = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == tokens.digest(token))
    ).first()
    if row is None or not row[1].is_active:
        return None
    return row[0], row[1]


def needs_marking(found: ApiToken) -> bool:
    """Whether the token's last use is old enough to write again: once a minute is precise
    enough for "last used" and spares a script's every request a write."""
    last = found.last_used_at
    if last is None:
        return True
    # Stored naive in UTC (models.utcnow); a driver may hand it back with a zone.
    if last.tzinfo is not None:
        last = last.astimezone(dt.UTC).replace(tzinfo=None)
    return utcnow() - last > TOKEN_USE_PRECISION


def mark_used(session: Session, token_id: int) -> None:
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow()))


def purge_expired(session: Session) -> None:
    session.execute(delete(WebSession).where(WebSession.expires_at <= utcnow()))
    session.execute(delete(LoginAttempt).where(LoginAttempt.at <= utcnow() - WINDOW))
