"""Passwords hashed with argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()
MIN_LENGTH = 12


class WeakPassword(ValueError):
    pass


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(
            f"Het wachtwoord is te kort: gebruik minstens {MIN_LENGTH} tekens. "
            f"(The password is too short: use at least {MIN_LENGTH} characters.)"
        )


def hash_password(password: str) -> str:
    check_strength(password)
    return _hasher.hash(password)


def verify(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# Verifying against this when the e-mail address is unknown costs the same time as a real
# check, so response times do not tell which addresses have an account.
DUMMY_HASH = _hasher.hash("not-a-real-password-just-for-timing")
