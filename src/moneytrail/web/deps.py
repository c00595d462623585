"""Who is asking, and may they: the dependencies every route uses.

- ``current_principal``: the session cookie or the ``Authorization: Bearer`` API key → a ``Principal``.
- ``allow(permission)``: the route's guard. It resolves the principal, enforces CSRF on unsafe methods of
  cookie-authenticated requests, applies the API rate limit, and asks ``security.policy.authorize``. Every
  route of the app has exactly one guard or is in ``PUBLIC`` (the app refuses to start otherwise).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from moneytrail.security import audit
from moneytrail.security.accounts import SessionPolicy, resolve_session
from moneytrail.security.apikeys import resolve_key
from moneytrail.security.policy import PERMISSIONS, authorize
from moneytrail.security.principal import Principal
from moneytrail.security.ratelimit import RateLimiter
from moneytrail.store import Store

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# routes anyone may call: (method, path)
PUBLIC: set[tuple[str, str]] = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/login/totp"),
    ("POST", "/login/totp"),
    ("POST", "/logout"),
    ("GET", "/healthz"),
}


@dataclass
class WebConfig:
    secret_key: bytes
    cookie_secure: bool = True
    session: SessionPolicy = field(default_factory=SessionPolicy)
    max_body_bytes: int = 10 << 20
    body_limits: dict[str, int] = field(default_factory=dict)  # path prefix -> larger limit (uploads)
    login_per_minute: float = 10
    api_per_minute: float = 6000
    api_burst: int = 1000

    @property
    def session_cookie(self) -> str:
        return "__Host-mt_session" if self.cookie_secure else "mt_session"

    @property
    def csrf_cookie(self) -> str:
        return "__Host-mt_csrf" if self.cookie_secure else "mt_csrf"


class NotAuthenticated(Exception):
    def __init__(self, reason: str = "log in first") -> None:
        super().__init__(reason)
        self.reason = reason


class Forbidden(Exception):
    def __init__(self, reason: str, status: int = 403) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class TooManyRequests(Exception):
    def __init__(self, retry_after: float) -> None:
        super().__init__(retry_after)
        self.retry_after = max(1, int(retry_after + 0.999))


def store_of(request: Request) -> Store:
    s: Store = request.app.state.store
    return s


def config_of(request: Request) -> WebConfig:
    c: WebConfig = request.app.state.web_config
    return c


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "-"


async def current_principal(request: Request) -> Principal | None:
    """The principal behind the request (cached on it), or None."""
    if hasattr(request.state, "principal"):
        p: Principal | None = request.state.principal
        return p
    store, cfg = store_of(request), config_of(request)
    principal: Principal | None = None
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        principal = await run_in_threadpool(resolve_key, store, auth[7:].strip())
        request.state.auth_failed = principal is None
    else:
        token = request.cookies.get(cfg.session_cookie)
        if token:
            principal = await run_in_threadpool(resolve_session, store, token, cfg.session)
    request.state.principal = principal
    return principal


# ---- CSRF: a random cookie, and a form field or header carrying HMAC(secret, cookie) ----------------


def csrf_token(request: Request) -> str:
    """The token to put in forms (and the X-CSRF-Token header of scripted requests)."""
    cfg = config_of(request)
    nonce = request.cookies.get(cfg.csrf_cookie) or getattr(request.state, "new_csrf_cookie", None)
    if not nonce:
        nonce = secrets.token_urlsafe(24)
        request.state.new_csrf_cookie = nonce
    return hmac.new(cfg.secret_key, nonce.encode(), hashlib.sha256).hexdigest()


async def check_csrf(request: Request) -> None:
    cfg = config_of(request)
    nonce = request.cookies.get(cfg.csrf_cookie)
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        v = form.get("csrf_token")
        sent = v if isinstance(v, str) else None
    if not nonce or not sent:
        raise Forbidden(
            "the form has expired or was not sent from moneytrail (CSRF check): reload the page and try again"
        )
    expected = hmac.new(cfg.secret_key, nonce.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, sent):
        raise Forbidden(
            "the form's security token does not match (CSRF check): reload the page and try again"
        )


# ---- the guard -------------------------------------------------------------------------------------


class Guard:
    """Depends(Guard(permission)): authenticated, CSRF-checked, rate-limited, authorised — or refused."""

    def __init__(self, permission: str) -> None:
        if permission not in PERMISSIONS:
            raise ValueError(f"unknown permission {permission}")
        self.permission = permission

    async def __call__(self, request: Request) -> Principal:
        p = await current_principal(request)
        if p is None:
            raise NotAuthenticated(
                "this API key is not valid (unknown, revoked or expired)"
                if getattr(request.state, "auth_failed", False)
                else "log in first"
            )
        if p.via == "session" and not p.mfa_ok:
            raise NotAuthenticated("enter the code from your authenticator app first")
        if request.method in UNSAFE and p.via == "session":
            await check_csrf(request)
        if p.via == "apikey" or request.url.path.startswith("/api/"):
            limiter: RateLimiter = request.app.state.api_limiter
            wait = limiter.hit(p.name)
            if wait:
                raise TooManyRequests(wait)
        d = authorize(p, self.permission)
        if not d:
            await run_in_threadpool(
                audit.record_now,
                store_of(request),
                p,
                "access.denied",
                "route",
                f"{request.method} {request.url.path}",
                {"why": d.reason},
                client_ip(request),
            )
            raise Forbidden(d.reason)
        return p


def allow(permission: str) -> Any:
    """The guard of a route: ``def page(p: Principal = allow("cases:read"))``."""
    return Depends(Guard(permission))


def need(request: Request, p: Principal, permission: str, obj: Any, object_type: str) -> None:
    """Need-to-know on one object; refused as not found, so that its existence does not leak."""
    d = authorize(p, permission, obj, object_type)
    if not d:
        audit.record_now(
            store_of(request),
            p,
            "access.denied",
            object_type,
            str(getattr(obj, "id", "")),
            {"why": d.reason, "permission": permission},
            client_ip(request),
        )
        raise Forbidden(f"no such {object_type}, or you have no access to it", status=404)


def session_policy(idle_minutes: int, max_hours: int) -> SessionPolicy:
    return SessionPolicy(idle=timedelta(minutes=idle_minutes), absolute=timedelta(hours=max_hours))
