"""The roles, what each is bound to, and how people read them."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    REPORTING_ENTITY = "reporting_entity"
    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    LAW_ENFORCEMENT = "law_enforcement"
    PROSECUTOR = "prosecutor"
    ASSET_RECOVERY = "asset_recovery"
    FOREIGN_LIAISON = "foreign_liaison"
    FOCAL_POINT = "focal_point"
    ADMIN = "admin"


LABELS: dict[Role, str] = {
    Role.REPORTING_ENTITY: "Reporting entity user",
    Role.ANALYST: "FIU analyst",
    Role.SUPERVISOR: "FIU supervisor",
    Role.LAW_ENFORCEMENT: "Law-enforcement officer",
    Role.PROSECUTOR: "Prosecutor",
    Role.ASSET_RECOVERY: "Asset-recovery officer",
    Role.FOREIGN_LIAISON: "Foreign-FIU liaison",
    Role.FOCAL_POINT: "Knowledge focal point",
    Role.ADMIN: "Administrator",
}

ALL: frozenset[Role] = frozenset(Role)
FIU: frozenset[Role] = frozenset({Role.ANALYST, Role.SUPERVISOR})
AGENCY: frozenset[Role] = frozenset({Role.LAW_ENFORCEMENT, Role.PROSECUTOR, Role.ASSET_RECOVERY})

# what a role must be bound to
NEEDS_INSTITUTION = frozenset({Role.REPORTING_ENTITY})
NEEDS_AGENCY = AGENCY
NEEDS_COUNTRY = frozenset({Role.FOCAL_POINT})


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise ValueError(f"unknown role {value!r}; roles: {', '.join(r.value for r in Role)}") from None
