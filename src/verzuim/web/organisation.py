"""An organisation's own pages: its start page, members and roles, settings, the audit log,
the full data export and deleting the organisation's data. Every route carries ``{org}``."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from verzuim.accounts import audit, users
from verzuim.accounts.permissions import ROLE_TEXT, Permission, allows
from verzuim.analytics import export
from verzuim.store import lifecycle, organisations
from verzuim.store.tenancy import ROLES
from verzuim.web.context import AUTH_ERRORS, OrgContext, org_context
from verzuim.web.rendering import render

router = APIRouter(responses=AUTH_ERRORS)
TAG = "organisatie"

Member = Annotated[OrgContext, Depends(org_context(Permission.VIEW_ANALYTICS))]
UserAdmin = Annotated[OrgContext, Depends(org_context(Permission.MANAGE_USERS))]
SettingsAdmin = Annotated[OrgContext, Depends(org_context(Permission.MANAGE_SETTINGS))]
AuditReader = Annotated[OrgContext, Depends(org_context(Permission.VIEW_AUDIT))]
Exporter = Annotated[OrgContext, Depends(org_context(Permission.EXPORT_ALL))]
Deleter = Annotated[OrgContext, Depends(org_context(Permission.DELETE_ORG))]


def _home(ctx: OrgContext) -> str:
    return f"/o/{ctx.tenant.org_slug}"


@router.get("/o/{org}", response_class=HTMLResponse, include_in_schema=False)
def org_home(request: Request, ctx: Member) -> HTMLResponse:
    with ctx.database.tenant(ctx.tenant) as session:
        found = organisations.get(session, ctx.tenant)
        name = found.name
    role = ctx.tenant.role
    return render(
        request,
        "org_home.html",
        {
            "org": ctx.tenant.org_slug,
            "name": name,
            "role": role,
            "role_text": ROLE_TEXT[role],
            "units": ctx.tenant.units,
            "can": {p.value: allows(role, p) for p in Permission},
        },
    )


class MemberOut(BaseModel):
    email: str
    role: str
    units: list[str]
    two_step: bool


@router.get("/api/o/{org}/members", tags=[TAG], response_model=list[MemberOut])
def api_members(ctx: UserAdmin) -> list[MemberOut]:
    """The organisation's members with their roles (administrators only)."""
    with ctx.database.tenant(ctx.tenant) as session:
        audit.record(session, ctx.tenant, "read", "members")
        return [
            MemberOut(
                email=u.email, role=m.role, units=list(m.units or []), two_step=bool(u.totp_secret)
            )
            for u, m in users.members(session, ctx.tenant)
        ]


@router.get("/o/{org}/beheer", response_class=HTMLResponse, include_in_schema=False)
def admin_page(request: Request, ctx: UserAdmin) -> HTMLResponse:
    with ctx.database.tenant(ctx.tenant) as session:
        audit.record(session, ctx.tenant, "read", "members")
        found = organisations.get(session, ctx.tenant)
        members = users.members(session, ctx.tenant)
        context = {
            "org": ctx.tenant.org_slug,
            "name": found.name,
            "retention": found.retention_months,
            "members": members,
            "roles": [(r.value, ROLE_TEXT[r]) for r in ROLES],
            "role_text": {r.value: ROLE_TEXT[r] for r in ROLES},
            "me": ctx.tenant.user_id,
        }
    return render(request, "org_admin.html", context)


def _account_error(exc: users.AccountError) -> HTTPException:
    return HTTPException(400, str(exc))


@router.post("/o/{org}/beheer/leden", include_in_schema=False)
def invite(
    ctx: UserAdmin,
    email: Annotated[str, Form(max_length=254)],
    role: Annotated[str, Form(max_length=20)],
    units: Annotated[str, Form(max_length=5000)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Add a member (a new account needs a first password, which they must change)."""
    try:
        chosen = users.parse_role(role)
        with ctx.database.tenant(ctx.tenant) as session:
            user = users.by_email(session, email)
            if user is None:
                user = users.create_user(session, email, password)
                user.must_change_password = True
            users.add_membership(session, ctx.tenant, user, chosen, units.splitlines())
            audit.record(session, ctx.tenant, "change", "members", f"{user.email} as {chosen}")
    except users.AccountError as exc:
        raise _account_error(exc) from None
    return RedirectResponse(f"{_home(ctx)}/beheer", status_code=303)


@router.post("/o/{org}/beheer/leden/{user_id}/wachtwoord", include_in_schema=False)
def reset_password(
    ctx: UserAdmin, user_id: int, password: Annotated[str, Form(max_length=1000)]
) -> Response:
    """An administrator sets a new password for a member; they must change it at next login."""
    try:
        with ctx.database.tenant(ctx.tenant) as session:
            if users.membership(session, ctx.tenant.org_id, user_id) is None:
                raise HTTPException(404, "No such member in this organisation.")
            pairs = [u for u, _m in users.members(session, ctx.tenant) if u.id == user_id]
            users.set_password(session, pairs[0], password, by_admin=True)
            audit.record(session, ctx.tenant, "change", "members/password", pairs[0].email)
    except users.AccountError as exc:
        raise _account_error(exc) from None
    return RedirectResponse(f"{_home(ctx)}/beheer", status_code=303)


@router.post("/o/{org}/beheer/leden/{user_id}/verwijderen", include_in_schema=False)
def remove_member(ctx: UserAdmin, user_id: int) -> Response:
    if user_id == ctx.tenant.user_id:
        raise HTTPException(400, "U kunt uzelf niet verwijderen. / You cannot remove yourself.")
    with ctx.database.tenant(ctx.tenant) as session:
        users.remove_membership(session, ctx.tenant, user_id)
        audit.record(session, ctx.tenant, "delete", "members", str(user_id))
    return RedirectResponse(f"{_home(ctx)}/beheer", status_code=303)


@router.post("/o/{org}/beheer/instellingen", include_in_schema=False)
def save_settings(
    ctx: SettingsAdmin, retention_months: Annotated[int, Form(ge=1, le=120)]
) -> Response:
    with ctx.database.tenant(ctx.tenant) as session:
        organisations.set_retention(session, ctx.tenant, retention_months)
        audit.record(session, ctx.tenant, "change", "settings", f"retention={retention_months}")
    return RedirectResponse(f"{_home(ctx)}/beheer", status_code=303)


class AuditOut(BaseModel):
    seq: int
    at: str
    actor: str
    on_behalf_of: str | None
    action: str
    object: str
    scope: str


def _audit_rows(ctx: OrgContext, action: audit.Action) -> list[AuditOut]:
    with ctx.database.tenant(ctx.tenant) as session:
        audit.record(session, ctx.tenant, action, "audit-log")
        return [
            AuditOut(
                seq=e.seq,
                at=e.at.isoformat(timespec="seconds"),
                actor=e.actor,
                on_behalf_of=e.on_behalf_of,
                action=e.action,
                object=e.object,
                scope=e.scope,
            )
            for e in audit.entries(session, ctx.tenant)
        ]


@router.get("/o/{org}/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(request: Request, ctx: AuditReader) -> HTMLResponse:
    rows = _audit_rows(ctx, "read")
    return render(
        request,
        "org_audit.html",
        {"org": ctx.tenant.org_slug, "rows": rows},
        api_url=f"/api/o/{ctx.tenant.org_slug}/audit",
    )


@router.get("/api/o/{org}/audit", tags=[TAG], response_model=list[AuditOut])
def api_audit(ctx: AuditReader) -> list[AuditOut]:
    """The organisation's audit log, newest first (administrators only)."""
    return _audit_rows(ctx, "read")


@router.get("/o/{org}/audit.csv", include_in_schema=False)
def audit_csv(ctx: AuditReader) -> Response:
    rows = _audit_rows(ctx, "export")
    header = ("seq", "at", "actor", "on_behalf_of", "action", "object", "scope")
    text = export.to_csv(header, [[getattr(r, h) for h in header] for r in rows])
    return Response(
        "\ufeff" + text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="audit-{ctx.tenant.org_slug}.csv"'},
    )


@router.get("/api/o/{org}/export", tags=[TAG], response_model=lifecycle.OrgExport)
def api_export(ctx: Exporter) -> Response:
    """Everything the organisation stored (administrators only); audited as an export."""
    data = lifecycle.export_all(ctx.database, ctx.tenant)
    return Response(
        json.dumps(data.model_dump(mode="json"), ensure_ascii=False),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="verzuim-{ctx.tenant.org_slug}.json"'
        },
    )


@router.post("/o/{org}/verwijderen", include_in_schema=False)
def delete_org(ctx: Deleter, confirm: Annotated[str, Form(max_length=63)]) -> Response:
    """Delete all of the organisation's data; the slug must be typed to confirm."""
    if confirm != ctx.tenant.org_slug:
        raise HTTPException(
            400,
            f"Typ '{ctx.tenant.org_slug}' om te bevestigen. / Type '{ctx.tenant.org_slug}' to "
            "confirm.",
        )
    lifecycle.delete_organisation(ctx.database, ctx.tenant)
    return RedirectResponse("/account", status_code=303)
