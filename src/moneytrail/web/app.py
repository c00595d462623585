"""The web application: ``create_app()`` (FastAPI), used by ``moneytrail serve`` and the tests.

Pages are server-rendered with Jinja2 (every text through gettext) with htmx for small enhancements; the
JSON API lives under ``/api/v1`` with its OpenAPI document at ``/api/v1/openapi.json``. Every script,
style and font is served from ``moneytrail/web/static`` — nothing comes from the internet.

Capabilities add their routes by naming their router in ``ROUTERS``, their menu entries in ``NAV`` and
what waits for a user on the home page in ``HOME``. Every route must have a guard (``deps.allow``) or be in
``deps.PUBLIC``: ``create_app`` refuses to build an app with an unguarded route.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from moneytrail import __version__
from moneytrail.config import Settings, load_settings
from moneytrail.errors import MoneytrailError
from moneytrail.security.policy import authorize
from moneytrail.security.principal import Principal
from moneytrail.security.ratelimit import RateLimiter
from moneytrail.security.roles import LABELS
from moneytrail.store import Store, open_store
from moneytrail.web import i18n
from moneytrail.web.deps import (
    PUBLIC,
    Forbidden,
    Guard,
    NotAuthenticated,
    TooManyRequests,
    WebConfig,
    csrf_token,
    current_principal,
    session_policy,
)
from moneytrail.web.i18n import gettext as _
from moneytrail.web.middleware import BodySizeLimit, SecurityHeaders

log = logging.getLogger("moneytrail.web")
HERE = Path(__file__).parent

# "module:attribute" of every APIRouter the app includes; capabilities append theirs
ROUTERS: list[str] = [
    "moneytrail.web.pages:router",
    "moneytrail.web.api:router",
    "moneytrail.security.web:router",
    "moneytrail.cases.web:router",
]


@dataclass
class NavItem:
    permission: str
    href: str
    label: Callable[[], str]


# the main menu: an item shows when the user holds its permission
NAV: list[NavItem] = [
    NavItem("home:view", "/", lambda: _("Home")),
    NavItem("cases:read", "/cases", lambda: _("Cases")),
    NavItem("users:admin", "/admin/users", lambda: _("Users")),
    NavItem("audit:read", "/admin/audit", lambda: _("Audit log")),
]


@dataclass
class Widget:
    label: str
    count: int
    href: str
    urgent: bool = False


@dataclass
class HomeList:
    title: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    empty: str = ""


# what waits for a user on the home page: functions (store, principal) -> widgets / lists
HOME: list[Callable[[Store, Principal], list[Widget | HomeList]]] = []


def secret_key(settings: Settings) -> bytes:
    """MONEYTRAIL_SECRET_KEY, or the key file in the home (created once, readable only by its owner)."""
    env = os.environ.get("MONEYTRAIL_SECRET_KEY")
    if env:
        return env.encode()
    path = settings.home / "secret_key"
    if not path.exists():
        settings.home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def web_config(settings: Settings) -> WebConfig:
    e = os.environ
    return WebConfig(
        secret_key=secret_key(settings),
        cookie_secure=e.get("MONEYTRAIL_COOKIE_SECURE", "true").lower() not in ("0", "false", "no"),
        session=session_policy(
            int(e.get("MONEYTRAIL_SESSION_IDLE_MINUTES", "30")),
            int(e.get("MONEYTRAIL_SESSION_MAX_HOURS", "12")),
        ),
        max_body_bytes=int(e.get("MONEYTRAIL_MAX_BODY_BYTES", str(10 << 20))),
        login_per_minute=float(e.get("MONEYTRAIL_LOGIN_RATE_PER_MINUTE", "10")),
        api_per_minute=float(e.get("MONEYTRAIL_API_RATE_PER_MINUTE", "6000")),
        api_burst=int(e.get("MONEYTRAIL_API_BURST", "1000")),
    )


def templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    return Jinja2Templates(env=env)


def static_url(name: str) -> str:
    return f"/static/{name}?v={__version__}"


def nav_for(p: Principal | None, path: str) -> list[dict[str, Any]]:
    if p is None:
        return []
    items = []
    for n in NAV:
        if authorize(p, n.permission):
            active = n.href == path if n.href == "/" else path.startswith(n.href)
            items.append({"href": n.href, "label": n.label(), "active": active})
    return items


def flash(response: Response, request: Request, text: str, kind: str = "info") -> None:
    """A message shown once on the next page (signed, so it cannot be forged into a page)."""
    cfg: WebConfig = request.app.state.web_config
    body = f"{kind}|{text}"
    sig = hmac.new(cfg.secret_key, body.encode(), hashlib.sha256).hexdigest()[:32]
    response.set_cookie(
        "mt_flash",
        quote(f"{sig}|{body}"),
        max_age=60,
        httponly=True,
        samesite="strict",
        secure=cfg.cookie_secure,
        path="/",
    )


def _read_flash(request: Request) -> list[dict[str, str]]:
    from urllib.parse import unquote

    raw = request.cookies.get("mt_flash")
    if not raw:
        return []
    cfg: WebConfig = request.app.state.web_config
    sig, _sep, body = unquote(raw).partition("|")
    if not hmac.compare_digest(sig, hmac.new(cfg.secret_key, body.encode(), hashlib.sha256).hexdigest()[:32]):
        return []
    kind, _sep, text = body.partition("|")
    return [{"kind": kind, "text": text}]


def render(
    request: Request, template: str, ctx: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    p: Principal | None = getattr(request.state, "principal", None)
    lang = i18n.negotiate(request.headers.get("accept-language"), p.language if p else None)
    token = i18n.set_language(lang)
    try:
        csrf = csrf_token(request)
        context = {
            "request": request,
            "principal": p,
            "csrf": csrf,
            "lang": lang,
            "text_dir": i18n.direction(lang),
            "nav": nav_for(p, request.url.path),
            "role_label": LABELS[p.role] if p else "",
            "messages": _read_flash(request),
            "static": static_url,
            **(ctx or {}),
        }
        tpl: Jinja2Templates = request.app.state.templates
        # rendered here, while the request's language is set
        response = tpl.TemplateResponse(request, template, context, status_code=status)
    finally:
        i18n._current.reset(token)
    cfg: WebConfig = request.app.state.web_config
    new = getattr(request.state, "new_csrf_cookie", None)
    if new:
        response.set_cookie(
            cfg.csrf_cookie, new, httponly=True, samesite="strict", secure=cfg.cookie_secure, path="/"
        )
    if request.cookies.get("mt_flash"):
        response.delete_cookie("mt_flash", path="/")
    return response


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def error_page(request: Request, status: int, title: str, reason: str, next_step: str) -> Response:
    if is_api(request):
        return JSONResponse({"detail": reason}, status_code=status)
    await current_principal(request)  # the menu of the error page is the user's own
    return render(request, "error.html", {"title": title, "reason": reason, "next_step": next_step}, status)


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotAuthenticated)
    async def not_authenticated(request: Request, exc: NotAuthenticated) -> Response:
        if is_api(request):
            return JSONResponse(
                {"detail": exc.reason}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
        p = getattr(request.state, "principal", None)
        target = "/login/totp" if p is not None and not p.mfa_ok else "/login"
        return RedirectResponse(f"{target}?next={quote(request.url.path)}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        if exc.status == 404:
            return await error_page(
                request,
                404,
                _("Not found"),
                exc.reason,
                _("Check the reference. If a colleague shared it, ask them to grant you access."),
            )
        return await error_page(
            request,
            exc.status,
            _("Not allowed"),
            exc.reason,
            _("If you need this for your work, ask your supervisor or administrator for access."),
        )

    @app.exception_handler(TooManyRequests)
    async def too_many(request: Request, exc: TooManyRequests) -> Response:
        headers = {"Retry-After": str(exc.retry_after)}
        if is_api(request):
            return JSONResponse({"detail": f"too many requests: retry in {exc.retry_after} s"}, 429, headers)
        r = await error_page(
            request,
            429,
            _("Slow down"),
            _("Too many attempts in a short time."),
            _("Wait a minute and try again."),
        )
        r.headers.update(headers)
        return r

    @app.exception_handler(MoneytrailError)
    async def bad_request(request: Request, exc: MoneytrailError) -> Response:
        if is_api(request):
            return JSONResponse({"detail": exc.message, "hint": exc.hint}, status_code=400)
        return await error_page(
            request, 400, _("That did not work"), exc.message, exc.hint or _("Go back and try again.")
        )

    @app.exception_handler(DataError)
    async def bad_value(request: Request, exc: DataError) -> Response:
        # e.g. a NUL character or an out-of-range number that the database refuses: the request's fault
        return await error_page(
            request,
            400,
            _("That did not work"),
            _("A value in the request cannot be stored (invalid characters or out of range)."),
            _("Go back, correct it and try again."),
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if is_api(request):
            return JSONResponse(
                {"detail": [{"loc": list(e.get("loc", [])), "msg": e.get("msg")} for e in exc.errors()]},
                status_code=422,
            )
        fields = ", ".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors())
        return await error_page(
            request,
            400,
            _("Something is missing"),
            _("Check these fields: %(f)s") % {"f": fields},
            _("Go back and fill them in."),
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return await error_page(
                request,
                404,
                _("Not found"),
                _("There is no page at this address."),
                _("Use the menu to find what you are looking for."),
            )
        if exc.status_code == 405:
            return await error_page(
                request,
                405,
                _("Not allowed"),
                _("This address does not accept that request."),
                _("Use the links and buttons of the pages."),
            )
        return await error_page(
            request, exc.status_code, _("Error"), str(exc.detail), _("Go back and try again.")
        )

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return await error_page(
            request,
            500,
            _("Something went wrong"),
            _("The server could not complete this request."),
            _("Try again; if it keeps happening, tell your administrator the time it happened."),
        )


def route_permissions(app: FastAPI) -> list[tuple[str, str, str | None]]:
    """Every (method, path, permission) of the app; permission None for public routes."""
    out: list[tuple[str, str, str | None]] = []
    routers: list[APIRouter] = app.state.routers
    for r in (route for router in routers for route in router.routes):
        if not isinstance(r, APIRoute):
            continue
        guards = [d.call.permission for d in r.dependant.dependencies if isinstance(d.call, Guard)]
        for m in sorted(r.methods or []):
            if (m, r.path) in PUBLIC:
                if guards:
                    raise RuntimeError(f"{m} {r.path} is public and guarded")
                out.append((m, r.path, None))
            elif len(guards) != 1:
                raise RuntimeError(
                    f"{m} {r.path} has {len(guards)} guards: every route needs exactly one "
                    "(deps.allow) or a place in deps.PUBLIC"
                )
            else:
                out.append((m, r.path, guards[0]))
    return out


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    settings = settings or load_settings()
    store = store or open_store(settings)
    cfg = web_config(settings)
    app = FastAPI(
        title="moneytrail API",
        version=__version__,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        description="The moneytrail JSON API. Authenticate with `Authorization: Bearer <API key>` "
        "(or a browser session). Every endpoint is authorised by role and, where it "
        "concerns one case or report, by need-to-know.",
    )
    app.state.store = store
    app.state.settings = settings
    app.state.web_config = cfg
    app.state.templates = templates()
    app.state.login_limiter = RateLimiter(cfg.login_per_minute, max(3, int(cfg.login_per_minute)))
    app.state.api_limiter = RateLimiter(cfg.api_per_minute, cfg.api_burst)
    app.state.routers = []
    for spec in ROUTERS:
        module, _sep, attr = spec.partition(":")
        router = getattr(importlib.import_module(module), attr)
        app.include_router(router)
        app.state.routers.append(router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    install_handlers(app)
    app.add_middleware(BodySizeLimit, default=cfg.max_body_bytes, per_prefix=cfg.body_limits)
    app.add_middleware(SecurityHeaders)
    route_permissions(app)  # refuses an unguarded route

    return app
