"""Users and their memberships: create, invite into an organisation, change a role, reset."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from verzuim.accounts import passwords
from verzuim.store.models import Membership, Organisation, User
from verzuim.store.tenancy import Role, Tenant

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(ValueError):
    """Bad account input; the message says what and how to fix it (Dutch / English)."""


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    if not EMAIL.match(cleaned):
        raise AccountError(
            f"'{email}' is geen e-mailadres (bijvoorbeeld naam@bedrijf.nl). / "
            f"'{email}' is not an e-mail address (for example name@company.nl)."
        )
    return cleaned


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise AccountError(
            f"Rol '{value}' bestaat niet; kies uit {allowed}. / "
            f"Role '{value}' is unknown; use one of {allowed}."
        ) from None


def check_units(role: Role, units: Sequence[str]) -> list[str]:
    cleaned = [u.strip().strip("/") for u in units if u.strip().strip("/")]
    if role is Role.MANAGER and not cleaned:
        raise AccountError(
            "Een leidinggevende heeft minstens één afdeling nodig (--unit PAD). / "
            "A manager needs at least one unit (--unit PATH)."
        )
    if role is not Role.MANAGER and cleaned:
        raise AccountError(
            "Alleen leidinggevenden krijgen afdelingen; andere rollen zien de hele organisatie."
            " / Only managers are given units; other roles see the whole organisation."
        )
    return cleaned


def by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def create_user(session: Session, email: str, password: str) -> User:
    address = normalise_email(email)
    if by_email(session, address) is not None:
        raise AccountError(f"Er is al een account voor {address}. / {address} has an account.")
    try:
        hashed = passwords.hash_password(password)
    except passwords.WeakPassword as exc:
        raise AccountError(str(exc)) from None
    user = User(email=address, password_hash=hashed, is_active=True, failed_logins=0)
    user.must_change_password = False
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str, *, by_admin: bool) -> None:
    try:
        user.password_hash = passwords.hash_password(password)
    except passwords.WeakPassword as exc:
        raise AccountError(str(exc)) from None
    user.must_change_password = by_admin
    user.failed_logins = 0
    user.locked_until = None


def add_membership(
    session: Session, tenant: Tenant, user: User, role: Role, units: Sequence[str] = ()
) -> Membership:
    """Invite ``user`` into the tenant's organisation (or change their role there)."""
    cleaned = check_units(role, units)
    found = membership(session, tenant.org_id, user.id)
    if found is None:
        found = Membership(org_id=tenant.org_id, user_id=user.id, role=role.value, units=cleaned)
        session.add(found)
    else:
        found.role, found.units = role.value, cleaned
    session.flush()
    return found


def membership(session: Session, org_id: int, user_id: int) -> Membership | None:
    return session.scalar(
        select(Membership).where(Membership.org_id == org_id, Membership.user_id == user_id)
    )


def organisation_and_membership(
    session: Session, slug: str, user_id: int
) -> tuple[Organisation | None, Membership | None]:
    """The organisation named ``slug`` and the user's membership of it, in one statement
    (each is None when missing; needs ``Database.member_lookup`` on PostgreSQL)."""
    row = session.execute(
        select(Organisation, Membership)
        .outerjoin(
            Membership,
            (Membership.org_id == Organisation.id) & (Membership.user_id == user_id),
        )
        .where(Organisation.slug == slug)
    ).first()
    return (row[0], row[1]) if row is not None else (None, None)


def members(session: Session, tenant: Tenant) -> list[tuple[User, Membership]]:
    rows = session.execute(
        select(User, Membership)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.org_id == tenant.org_id)
        .order_by(User.email)
    ).all()
    return [(u, m) for u, m in rows]


def remove_membership(session: Session, tenant: Tenant, user_id: int) -> None:
    found = membership(session, tenant.org_id, user_id)
    if found is not None:
        session.delete(found)


def organisations_of(session: Session, user_id: int) -> list[tuple[Organisation, Membership]]:
    """The organisations a user belongs to (needs ``Database.member_lookup`` on PostgreSQL)."""
    rows = session.execute(
        select(Organisation, Membership)
        .join(Membership, Membership.org_id == Organisation.id)
        .where(Membership.user_id == user_id)
        .order_by(Organisation.name)
    ).all()
    return [(o, m) for o, m in rows]


def tenant_for(org: Organisation, user: User, found: Membership) -> Tenant:
    return Tenant(
        org_id=org.id,
        org_slug=org.slug,
        actor=user.email,
        role=Role(found.role),
        user_id=user.id,
        units=tuple(found.units or ()),
    )
