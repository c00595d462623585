"""Case pages and API (need-to-know enforced on every one)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from moneytrail.cases import CaseView, grant, load_case, open_case, revoke, visible_cases
from moneytrail.security import audit
from moneytrail.security.policy import CASES_GRANT, CASES_READ, CASES_WRITE, authorize
from moneytrail.security.principal import Principal
from moneytrail.security.roles import Role
from moneytrail.store import Store
from moneytrail.store.models import CaseMember, User
from moneytrail.web import app as webapp
from moneytrail.web.deps import Forbidden, allow, client_ip, need, store_of
from moneytrail.web.i18n import gettext as _

router = APIRouter()


class CaseOut(BaseModel):
    ref: str
    title: str
    status: str
    opened_at: datetime
    access: str


class CaseIn(BaseModel):
    title: str = Field(min_length=1, max_length=500)


class MemberIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    access: str = Field(default="member", pattern="^(lead|member|reader)$")


class MemberOut(BaseModel):
    username: str
    access: str
    granted_by: str
    granted_at: datetime


def _load(request: Request, p: Principal, ref: str, permission: str) -> CaseView:
    view = load_case(store_of(request), ref)
    if view is None:
        raise Forbidden("no such case, or you have no access to it", status=404)
    need(request, p, permission, view, "case")
    return view


def _members(store: Store, view: CaseView) -> list[MemberOut]:
    with store.session() as s:
        rows = s.execute(
            select(User.username, CaseMember.access, CaseMember.granted_by, CaseMember.granted_at)
            .join(User, User.id == CaseMember.user_id)
            .where(CaseMember.case_id == view.case.id)
            .order_by(User.username)
        ).all()
    return [MemberOut(username=u, access=a, granted_by=g, granted_at=t) for u, a, g, t in rows]


# ---- pages -------------------------------------------------------------------------------------------


@router.get("/cases", include_in_schema=False)
def cases_page(request: Request, p: Principal = allow(CASES_READ)) -> Response:
    rows = [
        {"ref": c.ref, "title": c.title, "status": c.status, "opened": f"{c.opened_at:%Y-%m-%d}", "access": a}
        for c, a in visible_cases(store_of(request), p)
    ]
    return webapp.render(request, "cases.html", {"cases": rows, "can_open": bool(authorize(p, CASES_WRITE))})


@router.post("/cases", include_in_schema=False)
def cases_open(
    request: Request, title: Annotated[str, Form(max_length=500)], p: Principal = allow(CASES_WRITE)
) -> Response:
    view = open_case(store_of(request), p, title, client_ip(request))
    return RedirectResponse(f"/cases/{view.case.ref}", status_code=303)


@router.get("/cases/{ref}", include_in_schema=False)
def case_page(request: Request, ref: str, p: Principal = allow(CASES_READ)) -> Response:
    view = _load(request, p, ref, CASES_READ)
    store = store_of(request)
    audit.record_now(store, p, "case.read", "case", ref, {}, client_ip(request))
    return webapp.render(
        request,
        "case.html",
        {
            "case": view.case,
            "members": _members(store, view),
            "can_grant": bool(authorize(p, CASES_GRANT, view, "case")),
        },
    )


@router.post("/cases/{ref}/members", include_in_schema=False)
def case_grant_page(
    request: Request,
    ref: str,
    username: Annotated[str, Form(max_length=64)],
    access: Annotated[str, Form(max_length=16)] = "member",
    p: Principal = allow(CASES_GRANT),
) -> Response:
    view = _load(request, p, ref, CASES_GRANT)
    grant(store_of(request), p, view, username, access, client_ip(request))
    response = RedirectResponse(f"/cases/{ref}", status_code=303)
    webapp.flash(response, request, _("%(u)s now has access to this case.") % {"u": username})
    return response


# ---- API ---------------------------------------------------------------------------------------------


@router.get("/api/v1/cases", response_model=list[CaseOut], tags=["cases"], summary="The cases shared with me")
def api_cases(request: Request, p: Principal = allow(CASES_READ)) -> list[CaseOut]:
    return [
        CaseOut(ref=c.ref, title=c.title, status=c.status, opened_at=c.opened_at, access=a)
        for c, a in visible_cases(store_of(request), p)
    ]


@router.post("/api/v1/cases", response_model=CaseOut, status_code=201, tags=["cases"], summary="Open a case")
def api_open_case(request: Request, body: CaseIn, p: Principal = allow(CASES_WRITE)) -> CaseOut:
    v = open_case(store_of(request), p, body.title, client_ip(request))
    return CaseOut(
        ref=v.case.ref, title=v.case.title, status=v.case.status, opened_at=v.case.opened_at, access="lead"
    )


@router.get("/api/v1/cases/{ref}", response_model=CaseOut, tags=["cases"], summary="One case (need-to-know)")
def api_case(request: Request, ref: str, p: Principal = allow(CASES_READ)) -> CaseOut:
    view = _load(request, p, ref, CASES_READ)
    audit.record_now(store_of(request), p, "case.read", "case", ref, {}, client_ip(request))
    c = view.case
    access = view.members.get(p.user_id or -1, "oversight" if p.role == Role.SUPERVISOR else "")
    return CaseOut(ref=c.ref, title=c.title, status=c.status, opened_at=c.opened_at, access=access)


@router.get(
    "/api/v1/cases/{ref}/members",
    response_model=list[MemberOut],
    tags=["cases"],
    summary="Who has access to a case",
)
def api_members(request: Request, ref: str, p: Principal = allow(CASES_READ)) -> list[MemberOut]:
    view = _load(request, p, ref, CASES_READ)
    return _members(store_of(request), view)


@router.post(
    "/api/v1/cases/{ref}/members",
    response_model=list[MemberOut],
    tags=["cases"],
    summary="Grant access to a case (its lead or a supervisor)",
)
def api_grant(
    request: Request, ref: str, body: MemberIn, p: Principal = allow(CASES_GRANT)
) -> list[MemberOut]:
    view = _load(request, p, ref, CASES_GRANT)
    grant(store_of(request), p, view, body.username, body.access, client_ip(request))
    return _members(store_of(request), view)


@router.delete(
    "/api/v1/cases/{ref}/members/{username}",
    response_model=list[MemberOut],
    tags=["cases"],
    summary="Withdraw access to a case",
)
def api_revoke(
    request: Request, ref: str, username: str, p: Principal = allow(CASES_GRANT)
) -> list[MemberOut]:
    view = _load(request, p, ref, CASES_GRANT)
    revoke(store_of(request), p, view, username, client_ip(request))
    return _members(store_of(request), view)


# ---- home page -------------------------------------------------------------------------------------


def cases_home(store: Store, p: Principal) -> list[webapp.Widget | webapp.HomeList]:
    if not authorize(p, CASES_READ):
        return []
    cases = visible_cases(store, p, limit=200)
    open_cases = [(c, a) for c, a in cases if c.status == "open"]
    mine = [(c, a) for c, a in open_cases if a in ("lead", "member")]
    items: list[webapp.Widget | webapp.HomeList] = [
        webapp.Widget(_("open cases you work on"), len(mine), "/cases"),
    ]
    if p.role == Role.SUPERVISOR:
        items.append(webapp.Widget(_("open cases in the FIU"), len(open_cases), "/cases"))
    items.append(
        webapp.HomeList(
            _("Your cases"),
            [_("Reference"), _("Title"), _("Opened"), _("Your access")],
            [
                {"cells": [c.ref, c.title, f"{c.opened_at:%Y-%m-%d}", a], "href": f"/cases/{c.ref}"}
                for c, a in cases[:10]
            ],
            _("No case is shared with you yet."),
        )
    )
    return items


webapp.HOME.append(cases_home)
