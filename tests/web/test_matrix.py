"""The route × role matrix: docs/security.md is the running app's own table, and every cell holds.

Each role logs in to a live HTTPS server and calls every route; an allowed cell must not be refused (no 401,
no 403), a refused cell must answer 403 — and no route escapes the walk.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from moneytrail.security.policy import PERMISSIONS
from moneytrail.security.roles import Role
from moneytrail.store import open_store
from moneytrail.web.app import create_app, route_permissions
from moneytrail.web.matrix import current, section

from .conftest import USERS, LiveServer

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def concrete(path: str, live: LiveServer) -> str:
    return path.replace("{ref}", live.case_ref).replace("{code}", "12").replace("{username}", "victim")


def call(c: httpx.Client, method: str, path: str) -> httpx.Response:
    if path.startswith("/api/"):
        return c.request(method, path, json={} if method in ("POST", "PUT", "PATCH") else None)
    return c.request(
        method, path, data={"csrf_token": c.headers.get("X-CSRF-Token", "")} if method == "POST" else None
    )


# routes that end the caller's sessions are walked last
ENDS_SESSIONS = ("/account/sessions/revoke-all", "/account/password")


@pytest.fixture(scope="module")
def app_routes(live: LiveServer) -> list[tuple[str, str, str | None]]:
    routes = route_permissions(create_app(live.settings, open_store(live.settings)))
    return sorted(routes, key=lambda r: r[1] in ENDS_SESSIONS)


def test_document_is_the_apps_own_table(live: LiveServer) -> None:
    app = create_app(live.settings, open_store(live.settings))
    assert current(DOC) == section(app), (
        "docs/security.md is out of date: run `python -m moneytrail.web.matrix`"
    )


def test_every_cell_of_the_matrix(live: LiveServer, app_routes: list[tuple[str, str, str | None]]) -> None:
    walked: set[tuple[str, str]] = set()
    unexpected_allows: list[str] = []
    wrongly_refused: list[str] = []
    clients = {role: live.login(name) for role, name in USERS.items()}
    for method, path, perm in app_routes:
        url = concrete(path, live)
        walked.add((method, path))
        if perm is None:
            continue  # public: checked below
        for role, c in clients.items():
            r = call(c, method, url)
            allowed = role in PERMISSIONS[perm].roles
            if allowed and r.status_code in (401, 403):
                wrongly_refused.append(f"{role.value} {method} {path} -> {r.status_code} {r.text[:120]}")
            if not allowed and r.status_code != 403:
                unexpected_allows.append(f"{role.value} {method} {path} -> {r.status_code}")
        # the logged-out browser and a bad key are refused everywhere
        anon = live.client()
        r = call(anon, method, url)
        if path.startswith("/api/"):
            assert r.status_code == 401, (method, path, r.status_code)
            bad = call(live.client(Authorization="Bearer mt_x_y"), method, url)
            assert bad.status_code == 401
        else:
            assert r.status_code == 303 and r.headers["location"].startswith("/login"), (method, path)
    assert walked == {(m, p) for m, p, _ in app_routes}  # 100% of routes
    assert unexpected_allows == [], unexpected_allows
    assert wrongly_refused == [], wrongly_refused


def test_public_routes(live: LiveServer) -> None:
    c = live.client()
    assert c.get("/healthz").json() == {"status": "ok"}
    assert c.get("/login").status_code == 200
    assert c.post("/login", data={"username": "x", "password": "y"}).status_code == 403  # no CSRF token


@pytest.mark.parametrize("role", list(Role))
def test_api_keys_follow_the_same_table(
    live: LiveServer, app_routes: list[tuple[str, str, str | None]], role: Role
) -> None:
    c = live.client(Authorization=f"Bearer {live.keys[role.value]}")
    for method, path, perm in app_routes:
        if perm is None or not path.startswith("/api/"):
            continue
        r = call(c, method, concrete(path, live))
        allowed = role in PERMISSIONS[perm].roles
        assert (r.status_code == 403) != allowed, (role.value, method, path, r.status_code, r.text[:200])
