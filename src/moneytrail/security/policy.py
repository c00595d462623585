"""The one authorisation function: ``authorize(principal, permission, resource)``.

Every request is decided here, in two steps:

1. **Role**: the permission names the roles that may use it (``PERMISSIONS``; capabilities add theirs with
   ``define``). An API key may further be limited to some permissions (its scopes).
2. **Need-to-know**: when the request concerns one object (a case, a report...), the rule registered for
   that object's type (``need_to_know``) must also allow it: a case only to its members (and the FIU's
   supervisors), a report only to the FIU and to the reporting entity that filed it.

The web layer never decides on its own: its ``Guard`` dependency calls ``authorize`` for the route's
permission, and handlers call it again with the object they load. ``docs/security.md`` lists every route
with its permission and the roles allowed; a test walks that whole table against the running app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from moneytrail.security.principal import Principal
from moneytrail.security.roles import AGENCY, ALL, FIU, Role


@dataclass(frozen=True)
class Permission:
    name: str
    roles: frozenset[Role]
    description: str


PERMISSIONS: dict[str, Permission] = {}


def define(name: str, roles: frozenset[Role] | set[Role], description: str) -> str:
    """Declare a permission (idempotent for the same definition); returns its name."""
    p = Permission(name, frozenset(roles), description)
    old = PERMISSIONS.get(name)
    if old is not None and old != p:
        raise ValueError(f"permission {name} defined twice with different roles")
    PERMISSIONS[name] = p
    return name


# ---- the security core's own permissions ------------------------------------------------------
HOME = define("home:view", ALL, "see one's home page (what is waiting for me)")
ACCOUNT = define("account:manage", ALL, "one's own password, second factor and sessions")
USERS_ADMIN = define("users:admin", {Role.ADMIN}, "create, disable and reset users; manage API keys")
AUDIT_READ = define("audit:read", {Role.ADMIN, Role.SUPERVISOR}, "read and verify the audit log")
STORE_STATUS = define("store:status", FIU | {Role.ADMIN}, "see what is in the store")
INSTITUTIONS_READ = define(
    "institutions:read",
    FIU | {Role.ADMIN, Role.REPORTING_ENTITY},
    "read the register of institutions (a reporting entity: its own)",
)
AGENCIES_READ = define("agencies:read", FIU | AGENCY | {Role.ADMIN}, "read the register of agencies")
CASES_READ = define("cases:read", FIU | AGENCY, "list and open cases (need-to-know applies)")
CASES_WRITE = define("cases:write", FIU, "open cases and change them (need-to-know applies)")
CASES_GRANT = define("cases:grant", FIU, "grant or withdraw access to a case (its lead or a supervisor)")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


# need-to-know rules per object type: (principal, permission, object) -> None if allowed, else a reason
NeedToKnow = Callable[[Principal, str, Any], str | None]
RULES: dict[str, NeedToKnow] = {}


def need_to_know(object_type: str) -> Callable[[NeedToKnow], NeedToKnow]:
    def register(fn: NeedToKnow) -> NeedToKnow:
        RULES[object_type] = fn
        return fn

    return register


def authorize(
    principal: Principal | None, permission: str, obj: Any = None, object_type: str | None = None
) -> Decision:
    """May ``principal`` use ``permission`` (on ``obj`` of ``object_type``, when given)?"""
    if principal is None:
        return Decision(False, "not logged in")
    perm = PERMISSIONS.get(permission)
    if perm is None:
        return Decision(False, f"unknown permission {permission}")  # fail closed
    if principal.role not in perm.roles:
        return Decision(False, f"the role {principal.role.value} may not {perm.description}")
    if principal.scopes is not None and permission not in principal.scopes:
        return Decision(False, f"this API key is not scoped for {permission}")
    if not principal.mfa_ok:
        return Decision(False, "second factor not yet given")
    if obj is not None:
        kind = object_type or type(obj).__name__.lower()
        rule = RULES.get(kind)
        if rule is None:
            return Decision(False, f"no need-to-know rule for {kind}")  # fail closed
        why = rule(principal, permission, obj)
        if why is not None:
            return Decision(False, why)
    return Decision(True, "allowed")


def roles_for(permission: str) -> frozenset[Role]:
    return PERMISSIONS[permission].roles
