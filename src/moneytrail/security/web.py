"""Administration pages and API: users, API keys, the audit log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from moneytrail.security import accounts
from moneytrail.security.audit import verify
from moneytrail.security.policy import AUDIT_READ, USERS_ADMIN
from moneytrail.security.principal import Principal
from moneytrail.security.roles import LABELS, Role
from moneytrail.store import Store
from moneytrail.store.models import Agency, AuditEntry, Institution, User
from moneytrail.web import app as webapp
from moneytrail.web.deps import allow, store_of
from moneytrail.web.i18n import gettext as _

router = APIRouter()


class UserOut(BaseModel):
    username: str
    display_name: str
    role: str
    disabled: bool
    locked: bool
    second_factor: bool
    institution: str | None = None
    agency: str | None = None
    country: str | None = None
    last_login_at: datetime | None = None


class UserIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=12, max_length=1000)
    role: Role
    display_name: str = Field(default="", max_length=255)
    institution: str | None = Field(default=None, max_length=64)
    agency: str | None = Field(default=None, max_length=64)
    country: str | None = Field(default=None, max_length=2)


class AuditEntryOut(BaseModel):
    seq: int
    ts: datetime
    actor: str
    role: str | None
    action: str
    object_type: str | None
    object_id: str | None
    detail: dict[str, Any]


class VerifyOut(BaseModel):
    ok: bool
    entries: int
    problem: str | None
    seq: int | None


def _users(store: Store) -> list[UserOut]:
    now = datetime.now(UTC)
    with store.session() as s:
        inst = dict(s.execute(select(Institution.id, Institution.code)).all())
        ag = dict(s.execute(select(Agency.id, Agency.code)).all())
        return [
            UserOut(
                username=u.username,
                display_name=u.display_name,
                role=u.role,
                disabled=u.disabled,
                locked=bool(u.locked_until and u.locked_until > now),
                second_factor=u.totp_secret is not None,
                institution=inst.get(u.institution_id or -1),
                agency=ag.get(u.agency_id or -1),
                country=u.country,
                last_login_at=u.last_login_at,
            )
            for u in s.scalars(select(User).order_by(User.username))
        ]


# ---- pages -------------------------------------------------------------------------------------------


@router.get("/admin/users", include_in_schema=False)
def users_page(request: Request, p: Principal = allow(USERS_ADMIN)) -> Response:
    rows = []
    for u in _users(store_of(request)):
        bound = (
            f"{_('institution')} {u.institution}"
            if u.institution
            else f"{_('agency')} {u.agency}"
            if u.agency
            else u.country or ""
        )
        state = _("disabled") if u.disabled else _("locked") if u.locked else _("active")
        rows.append(
            {
                **u.model_dump(),
                "role_label": LABELS[Role(u.role)],
                "bound_to": bound,
                "state": state,
                "totp": u.second_factor,
                "last_login": f"{u.last_login_at:%Y-%m-%d %H:%M}" if u.last_login_at else _("never"),
            }
        )
    roles = [(r.value, LABELS[r]) for r in Role]
    return webapp.render(request, "admin_users.html", {"users": rows, "roles": roles})


@router.post("/admin/users", include_in_schema=False)
def users_create(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    role: Annotated[str, Form(max_length=32)],
    password: Annotated[str, Form(max_length=1000)],
    display_name: Annotated[str, Form(max_length=255)] = "",
    institution: Annotated[str, Form(max_length=64)] = "",
    agency: Annotated[str, Form(max_length=64)] = "",
    country: Annotated[str, Form(max_length=2)] = "",
    p: Principal = allow(USERS_ADMIN),
) -> Response:
    store = store_of(request)
    accounts.create_user(
        store,
        username,
        password,
        role,
        p.name,
        display_name,
        institution or None,
        agency or None,
        country or None,
    )
    accounts.reset_password(store, username, password, p.name, must_change=True)
    response = RedirectResponse("/admin/users", status_code=303)
    webapp.flash(
        response,
        request,
        _("User %(u)s added; they must change the password at first login.") % {"u": username},
    )
    return response


@router.post("/admin/users/{username}/disable", include_in_schema=False)
def users_disable(request: Request, username: str, p: Principal = allow(USERS_ADMIN)) -> Response:
    accounts.set_disabled(store_of(request), username, True, p.name)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{username}/enable", include_in_schema=False)
def users_enable(request: Request, username: str, p: Principal = allow(USERS_ADMIN)) -> Response:
    accounts.set_disabled(store_of(request), username, False, p.name)
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/audit", include_in_schema=False)
def audit_page(
    request: Request,
    before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    p: Principal = allow(AUDIT_READ),
) -> Response:
    store = store_of(request)
    q = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(100)
    if before:
        q = q.where(AuditEntry.seq < before)
    with store.session() as s:
        entries = list(s.scalars(q))
    v = verify(store)
    rows = [
        {
            "seq": e.seq,
            "ts": e.ts,
            "actor": e.actor,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "ip": e.ip,
            "detail_text": orjson.dumps(e.detail).decode()[:200],
        }
        for e in entries
    ]
    text = (
        _("The chain is intact: %(n)s entries.") % {"n": f"{v.entries:,}"}
        if v.ok
        else _("TAMPERED at entry %(seq)s: %(why)s") % {"seq": v.seq, "why": v.problem}
    )
    return webapp.render(
        request,
        "audit.html",
        {
            "entries": rows,
            "verify": v,
            "verify_text": text,
            "older": rows[-1]["seq"] if len(rows) == 100 else None,
        },
    )


# ---- API ---------------------------------------------------------------------------------------------


@router.get("/api/v1/users", response_model=list[UserOut], tags=["administration"], summary="All users")
def api_users(request: Request, p: Principal = allow(USERS_ADMIN)) -> list[UserOut]:
    return _users(store_of(request))


@router.post(
    "/api/v1/users",
    response_model=UserOut,
    status_code=201,
    tags=["administration"],
    summary="Create a user (must change the password at first login)",
)
def api_create_user(request: Request, body: UserIn, p: Principal = allow(USERS_ADMIN)) -> UserOut:
    store = store_of(request)
    created = accounts.create_user(
        store,
        body.username,
        body.password,
        body.role.value,
        p.name,
        body.display_name,
        body.institution,
        body.agency,
        body.country,
    )
    accounts.reset_password(store, created.username, body.password, p.name, must_change=True)
    return next(u for u in _users(store) if u.username == created.username)


@router.post(
    "/api/v1/users/{username}/disable",
    response_model=UserOut,
    tags=["administration"],
    summary="Disable a user and end their sessions",
)
def api_disable_user(request: Request, username: str, p: Principal = allow(USERS_ADMIN)) -> UserOut:
    store = store_of(request)
    accounts.set_disabled(store, username, True, p.name)
    return next(u for u in _users(store) if u.username.lower() == username.strip().lower())


@router.get(
    "/api/v1/audit",
    response_model=list[AuditEntryOut],
    tags=["administration"],
    summary="The newest audit entries",
)
def api_audit(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    p: Principal = allow(AUDIT_READ),
) -> list[AuditEntryOut]:
    q = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
    if before:
        q = q.where(AuditEntry.seq < before)
    with store_of(request).session() as s:
        return [
            AuditEntryOut(
                seq=e.seq,
                ts=e.ts,
                actor=e.actor,
                role=e.role,
                action=e.action,
                object_type=e.object_type,
                object_id=e.object_id,
                detail=e.detail,
            )
            for e in s.scalars(q)
        ]


@router.get(
    "/api/v1/audit/verify",
    response_model=VerifyOut,
    tags=["administration"],
    summary="Recompute the audit chain",
)
def api_audit_verify(request: Request, p: Principal = allow(AUDIT_READ)) -> VerifyOut:
    v = verify(store_of(request))
    return VerifyOut(ok=v.ok, entries=v.entries, problem=v.problem, seq=v.seq)


# ---- home page -------------------------------------------------------------------------------------


def admin_home(store: Store, p: Principal) -> list[webapp.Widget | webapp.HomeList]:
    if p.role != Role.ADMIN:
        return []
    now = datetime.now(UTC)
    with store.session() as s:
        users = s.scalar(select(func.count()).select_from(User).where(User.disabled.is_(False))) or 0
        locked = s.scalar(select(func.count()).select_from(User).where(User.locked_until > now)) or 0
        denied = (
            s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "access.denied"))
            or 0
        )
    return [
        webapp.Widget(_("active users"), int(users), "/admin/users"),
        webapp.Widget(_("locked accounts"), int(locked), "/admin/users", urgent=bool(locked)),
        webapp.Widget(_("refused requests in the audit log"), int(denied), "/admin/audit"),
    ]


webapp.HOME.append(admin_home)
