"""The organisation context every data access takes: who asks, for which organisation,
in which role, and (for managers) which unit subtrees.

A :class:`Tenant` is built once per request by the web layer (or once per command by the
CLI) and passed explicitly to every repository call. There is no default organisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    MANAGER = "manager"
    PREVENTION = "prevention"
    CONSULTANT = "consultant"
    VIEWER = "viewer"


ROLES: tuple[Role, ...] = tuple(Role)


@dataclass(frozen=True)
class Tenant:
    """The organisation context of one request or command."""

    org_id: int
    org_slug: str
    actor: str  # who acts: a user's e-mail address, or "cli:<user>" / "worker"
    role: Role
    user_id: int | None = None
    # Unit paths whose subtrees a manager may see; empty means the whole organisation.
    units: tuple[str, ...] = field(default=())
    on_behalf_of: str | None = None

    @property
    def unit_limited(self) -> bool:
        return self.role is Role.MANAGER

    def sees_unit(self, unit: str) -> bool:
        """Whether ``unit`` lies in one of this tenant's subtrees (always, when unlimited)."""
        if not self.unit_limited:
            return True
        return any(unit == root or unit.startswith(root + "/") for root in self.units)


def system_tenant(org_id: int, org_slug: str, actor: str) -> Tenant:
    """The context of work the system does for one organisation (CLI, worker, retention)."""
    return Tenant(org_id=org_id, org_slug=org_slug, actor=actor, role=Role.ADMIN)
