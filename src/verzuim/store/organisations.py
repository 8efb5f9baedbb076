"""Organisations: create, find, list, settings, delete whole. Not tenant data themselves
(slug, name, sector, size class), but deleting one removes everything it owns."""

from __future__ import annotations

import re

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from verzuim.store.models import Organisation
from verzuim.store.tenancy import Tenant

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
SIZE_CLASSES = ("1-10", "10-100", "100+")
SECTIONS = tuple("ABCDEFGHIJKLMNOPQRS")
REGION_LENGTH = 40


class OrganisationError(ValueError):
    """A bad slug, sector or size class, or a slug that is taken; the message says which."""


def check(slug: str, sector: str | None, size_class: str | None) -> None:
    if not SLUG.match(slug):
        raise OrganisationError(
            f"'{slug}' kan geen korte naam zijn: gebruik kleine letters, cijfers en '-', "
            f"hoogstens 63 tekens (bijvoorbeeld 'bouwbedrijf-jansen'). / '{slug}' is not a "
            "valid slug: use lower-case letters, digits and '-', at most 63 characters."
        )
    if sector is not None and sector not in SECTIONS:
        raise OrganisationError(
            f"Sector '{sector}' bestaat niet; kies een SBI-sectieletter A-S. / Sector "
            f"'{sector}' is unknown; use an SBI section letter A-S."
        )
    if size_class is not None and size_class not in SIZE_CLASSES:
        raise OrganisationError(
            f"Grootteklasse '{size_class}' bestaat niet; kies {', '.join(SIZE_CLASSES)}. / "
            f"Size class '{size_class}' is unknown; use one of {', '.join(SIZE_CLASSES)}."
        )


def checked_region(region: str | None) -> str | None:
    """A region as stored: trimmed, empty means none. Free text in the host's own coding
    (a province, a labour-market region); the pooled benchmark only compares it for equality."""
    if region is None or not region.strip():
        return None
    value = " ".join(region.split())
    if len(value) > REGION_LENGTH or not value.isprintable():
        raise OrganisationError(
            f"Regio '{value[:60]}' kan niet: gebruik hoogstens {REGION_LENGTH} gewone tekens "
            f"(bijvoorbeeld 'Utrecht'). / Region '{value[:60]}' is not valid: use at most "
            f"{REGION_LENGTH} printable characters (for example 'Utrecht')."
        )
    return value


def create(
    session: Session,
    slug: str,
    name: str,
    sector: str | None = None,
    size_class: str | None = None,
    region: str | None = None,
) -> Organisation:
    check(slug, sector, size_class)
    region = checked_region(region)
    if by_slug(session, slug) is not None:
        raise OrganisationError(
            f"De korte naam '{slug}' is al in gebruik. / The slug '{slug}' is taken."
        )
    org = Organisation(
        slug=slug,
        name=name.strip() or slug,
        sbi_section=sector,
        size_class=size_class,
        region=region,
    )
    org.settings = {}
    org.retention_months = 24
    org.data_version = 0
    session.add(org)
    session.flush()
    return org


def by_slug(session: Session, slug: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.slug == slug))


def all_organisations(session: Session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.slug)))


def get(session: Session, tenant: Tenant) -> Organisation:
    org = session.get(Organisation, tenant.org_id)
    if org is None:
        raise OrganisationError(f"Organisation '{tenant.org_slug}' no longer exists.")
    return org


def set_profile(
    session: Session, tenant: Tenant, sector: str | None, size_class: str | None
) -> None:
    """Remember the sector and size class, so the dashboard need not ask again."""
    org = get(session, tenant)
    check(org.slug, sector, size_class)
    org.sbi_section, org.size_class = sector, size_class


def set_region(session: Session, tenant: Tenant, region: str | None) -> None:
    """The region the pooled benchmark groups by (``verzuim org set-region``)."""
    get(session, tenant).region = checked_region(region)


def set_retention(session: Session, tenant: Tenant, months: int) -> None:
    if not 1 <= months <= 120:
        raise OrganisationError(
            "Bewaartermijn: kies 1 tot 120 maanden. / Retention: choose 1 to 120 months."
        )
    get(session, tenant).retention_months = months


def bump_data_version(session: Session, tenant: Tenant) -> int:
    session.execute(
        update(Organisation)
        .where(Organisation.id == tenant.org_id)
        .values(data_version=Organisation.data_version + 1)
    )
    return get(session, tenant).data_version


def delete_whole(session: Session, tenant: Tenant) -> None:
    """The organisation and everything it owns (foreign keys cascade); its audit chain stays."""
    from verzuim.store.models import Base, org_owned_tables

    for name in org_owned_tables():
        if name == "audit_log":
            continue
        table = Base.metadata.tables[name]
        session.execute(delete(table).where(table.c.org_id == tenant.org_id))
    session.execute(delete(Organisation).where(Organisation.id == tenant.org_id))
