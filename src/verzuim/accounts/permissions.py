"""What each role may do: the one matrix the web layer, the CLI and docs/security.md use.

Least privilege: a role gets what its people need for their work in the report's chapter 5
and nothing more. Managers see only their unit subtrees, always aggregated; the small-group
rules apply to every role.
"""

from __future__ import annotations

from enum import StrEnum

from verzuim.store.tenancy import Role


class Permission(StrEnum):
    VIEW_ANALYTICS = "view_analytics"  # aggregated absence figures, signals, benchmarks
    EXPORT_ANALYTICS = "export_analytics"  # aggregated figures as CSV / JSON
    IMPORT_DATA = "import_data"  # upload, replace absence data; see import jobs
    SET_PROFILE = "set_profile"  # sector and size class used for benchmarks
    MANAGE_USERS = "manage_users"  # invite, change roles, reset passwords
    MANAGE_SETTINGS = "manage_settings"  # retention, organisation name
    VIEW_AUDIT = "view_audit"  # read and export the audit log
    EXPORT_ALL = "export_all"  # everything the organisation stored, row by row
    DELETE_ORG = "delete_org"  # remove the organisation's data whole
    # Create balance-check rounds, hand out their codes, review and release open answers.
    MANAGE_BALANCE = "manage_balance"
    VIEW_BALANCE = "view_balance"  # balance-check results (managers: their own units)
    # import anonymised good-practice records into the installation's shared collection
    IMPORT_SHARED = "import_shared"
    VIEW_PLAN = "view_plan"  # the plan van aanpak, its evaluations (managers: their units)
    EDIT_PLAN = "edit_plan"  # add and change measures, status, evaluations; share records


_ALL = frozenset(Permission)
MATRIX: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: _ALL,
    Role.ANALYST: frozenset(
        {
            Permission.VIEW_ANALYTICS,
            Permission.EXPORT_ANALYTICS,
            Permission.IMPORT_DATA,
            Permission.SET_PROFILE,
            Permission.MANAGE_BALANCE,
            Permission.VIEW_BALANCE,
            Permission.IMPORT_SHARED,
            Permission.VIEW_PLAN,
            Permission.EDIT_PLAN,
        }
    ),
    Role.PREVENTION: frozenset(
        {
            Permission.VIEW_ANALYTICS,
            Permission.EXPORT_ANALYTICS,
            Permission.MANAGE_BALANCE,
            Permission.VIEW_BALANCE,
            Permission.IMPORT_SHARED,
            Permission.VIEW_PLAN,
            Permission.EDIT_PLAN,
        }
    ),
    Role.CONSULTANT: frozenset(
        {
            Permission.VIEW_ANALYTICS,
            Permission.EXPORT_ANALYTICS,
            Permission.VIEW_BALANCE,
            Permission.VIEW_PLAN,
        }
    ),
    Role.MANAGER: frozenset(
        {
            Permission.VIEW_ANALYTICS,
            Permission.EXPORT_ANALYTICS,
            Permission.VIEW_BALANCE,
            Permission.VIEW_PLAN,
        }
    ),
    Role.VIEWER: frozenset({Permission.VIEW_ANALYTICS, Permission.VIEW_PLAN}),
}

ROLE_TEXT: dict[Role, tuple[str, str]] = {
    Role.ADMIN: ("Beheerder", "Administrator"),
    Role.ANALYST: ("Analist (HR)", "Analyst (HR)"),
    Role.MANAGER: ("Leidinggevende", "Manager"),
    Role.PREVENTION: ("Preventiemedewerker", "Prevention officer"),
    Role.CONSULTANT: ("Arbodeskundige", "Occupational health professional"),
    Role.VIEWER: ("Meekijker", "Viewer"),
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in MATRIX[role]
