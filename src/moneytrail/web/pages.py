"""Login, the second factor, logout, the home page per role, and one's own account."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

import segno
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from moneytrail.errors import MoneytrailError
from moneytrail.security import accounts
from moneytrail.security.policy import ACCOUNT, HOME
from moneytrail.security.principal import Principal
from moneytrail.store.models import Agency, Institution, User
from moneytrail.web import app as webapp
from moneytrail.web.deps import (
    NotAuthenticated,
    TooManyRequests,
    allow,
    check_csrf,
    client_ip,
    config_of,
    current_principal,
    store_of,
)
from moneytrail.web.i18n import gettext as _

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only local paths: a login link cannot send the user elsewhere."""
    if not target:
        return "/"
    u = urlparse(target)
    if u.scheme or u.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/login")
async def login_page(request: Request, next: str = "/") -> Response:
    p = await current_principal(request)
    if p is not None and p.mfa_ok:
        return RedirectResponse(safe_next(next), status_code=303)
    return webapp.render(request, "login.html", {"next": safe_next(next), "username": "", "error": None})


@router.post("/login")
async def login_submit(
    request: Request,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    await check_csrf(request)
    ip = client_ip(request)
    limiter = request.app.state.login_limiter
    wait = max(limiter.hit(f"ip:{ip}"), limiter.hit(f"user:{username.lower()}"))
    if wait:
        raise TooManyRequests(wait)
    cfg = config_of(request)
    result = await run_in_threadpool(
        accounts.login,
        store_of(request),
        username,
        password,
        ip,
        request.headers.get("user-agent"),
        cfg.session,
    )
    if not result.ok:
        return webapp.render(
            request,
            "login.html",
            {"next": safe_next(next), "username": username, "error": result.message},
            status=401,
        )
    target = "/login/totp?next=" + safe_next(next) if result.needs_totp else safe_next(next)
    response = RedirectResponse(target, status_code=303)
    assert result.token is not None
    response.set_cookie(
        cfg.session_cookie,
        result.token,
        httponly=True,
        secure=cfg.cookie_secure,
        samesite="strict",
        path="/",
        max_age=int(cfg.session.absolute.total_seconds()),
    )
    return response


@router.get("/login/totp")
async def totp_page(request: Request, next: str = "/") -> Response:
    p = await current_principal(request)
    if p is None:
        return RedirectResponse("/login", status_code=303)
    if p.mfa_ok:
        return RedirectResponse(safe_next(next), status_code=303)
    return webapp.render(request, "totp.html", {"next": safe_next(next), "error": None})


@router.post("/login/totp")
async def totp_submit(
    request: Request, code: Annotated[str, Form(max_length=20)], next: Annotated[str, Form()] = "/"
) -> Response:
    await check_csrf(request)
    p = await current_principal(request)
    if p is None:
        return RedirectResponse("/login", status_code=303)
    limiter = request.app.state.login_limiter
    wait = limiter.hit(f"totp:{p.name}")
    if wait:
        raise TooManyRequests(wait)
    ok = await run_in_threadpool(accounts.verify_totp, store_of(request), p, code, client_ip(request))
    if not ok:
        return webapp.render(
            request,
            "totp.html",
            {"next": safe_next(next), "error": _("That code is not right (or was used already).")},
            status=401,
        )
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    cfg = config_of(request)
    token = request.cookies.get(cfg.session_cookie)
    if token:
        await check_csrf(request)
        await run_in_threadpool(accounts.logout, store_of(request), token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(
        cfg.session_cookie, path="/", secure=cfg.cookie_secure, httponly=True, samesite="strict"
    )
    webapp.flash(response, request, _("You are logged out."))
    return response


def _bound_to(request: Request, p: Principal) -> str:
    store = store_of(request)
    with store.session() as s:
        if p.institution_id:
            i = s.get(Institution, p.institution_id)
            return i.name if i else ""
        if p.agency_id:
            a = s.get(Agency, p.agency_id)
            return a.name if a else ""
    return p.country or ""


@router.get("/")
def home(request: Request, p: Principal = allow(HOME)) -> Response:
    store = store_of(request)
    with store.session() as s:
        u = s.get(User, p.user_id) if p.user_id else None
    widgets: list[webapp.Widget] = []
    lists: list[webapp.HomeList] = []
    for fn in webapp.HOME:
        for item in fn(store, p):
            if isinstance(item, webapp.Widget):
                widgets.append(item)
            else:
                lists.append(item)
    return webapp.render(
        request,
        "home.html",
        {
            "display_name": (u.display_name if u else p.name) or p.name,
            "bound_to": _bound_to(request, p),
            "widgets": widgets,
            "lists": lists,
            "must_change_password": bool(u and u.must_change_password),
        },
    )


@router.get("/account")
def account(request: Request, enrol: str | None = None, p: Principal = allow(ACCOUNT)) -> Response:
    store = store_of(request)
    with store.session() as s:
        u = s.get(User, p.user_id) if p.user_id else None
    if u is None:
        raise NotAuthenticated("log in with a user account")
    ctx: dict[str, object] = {
        "totp_enabled": u.totp_secret is not None,
        "totp_secret": None,
        "sessions": accounts.list_sessions(store, p),
    }
    if enrol == "totp" and u.totp_secret is None:
        secret = accounts.new_totp_secret()
        ctx["totp_secret"] = secret
        qr = segno.make(accounts.totp_provisioning(u.username, secret), error="m")
        ctx["totp_qr"] = qr.svg_inline(scale=4, dark="#14273e")
    return webapp.render(request, "account.html", ctx)


@router.post("/account/password")
def change_password(
    request: Request,
    current: Annotated[str, Form(max_length=1000)],
    new: Annotated[str, Form(max_length=1000)],
    again: Annotated[str, Form(max_length=1000)],
    p: Principal = allow(ACCOUNT),
) -> Response:
    if new != again:
        raise MoneytrailError(_("the two new passwords are not the same"))
    accounts.change_password(store_of(request), p, current, new)
    response = RedirectResponse("/account", status_code=303)
    webapp.flash(response, request, _("Your password is changed; your other sessions are logged out."))
    return response


@router.post("/account/totp")
def enable_totp(
    request: Request,
    secret: Annotated[str, Form(max_length=64)],
    code: Annotated[str, Form(max_length=20)],
    p: Principal = allow(ACCOUNT),
) -> Response:
    if not accounts.enable_totp(store_of(request), p, secret, code):
        raise MoneytrailError(
            _("that code is not right"), hint=_("check the clock of your phone and try again")
        )
    response = RedirectResponse("/account", status_code=303)
    webapp.flash(
        response, request, _("The second factor is on: you will be asked for a code at every login.")
    )
    return response


@router.post("/account/sessions/revoke-all")
def revoke_all(request: Request, p: Principal = allow(ACCOUNT)) -> Response:
    accounts.logout_everywhere(store_of(request), p)
    cfg = config_of(request)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(
        cfg.session_cookie, path="/", secure=cfg.cookie_secure, httponly=True, samesite="strict"
    )
    webapp.flash(response, request, _("You are logged out everywhere."))
    return response
