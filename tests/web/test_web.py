"""The web layer in-process: CSRF, headers, limits, login flow, redirects, errors, static assets, i18n."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from moneytrail.security import accounts, apikeys
from moneytrail.store import Store
from moneytrail.web import i18n
from moneytrail.web.app import create_app

PW = "correct horse battery staple"
WEB = Path(__file__).resolve().parents[2] / "src" / "moneytrail" / "web"


@pytest.fixture
def client(sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("MONEYTRAIL_LOGIN_RATE_PER_MINUTE", "1000")
    accounts.create_user(sqlite_store, "alice", PW, "analyst")
    accounts.create_user(sqlite_store, "root", PW, "admin")
    app = create_app(sqlite_store.settings, sqlite_store)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
        yield c


def csrf(c: TestClient, path: str = "/login") -> str:
    m = re.search(r'name="csrf-token" content="([0-9a-f]+)"', c.get(path).text)
    assert m
    return m.group(1)


def login(c: TestClient, user: str = "alice", pw: str = PW) -> None:
    r = c.post("/login", data={"username": user, "password": pw, "csrf_token": csrf(c), "next": "/"})
    assert r.status_code == 303 and r.headers["location"] == "/", r.text[:300]


def test_session_cookie_flags(client: TestClient) -> None:
    token = csrf(client)
    r = client.post("/login", data={"username": "alice", "password": PW, "csrf_token": token})
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("__Host-mt_session=") and "HttpOnly" in cookie and "Secure" in cookie
    assert "SameSite=strict" in cookie and "Path=/" in cookie and "Domain" not in cookie


def test_failed_login_is_generic(client: TestClient) -> None:
    for user in ("alice", "nobody"):
        r = client.post(
            "/login", data={"username": user, "password": "wrong password!", "csrf_token": csrf(client)}
        )
        assert r.status_code == 401 and "wrong username or password" in r.text


def test_csrf_is_required_on_unsafe_methods(client: TestClient) -> None:
    r = client.post("/login", data={"username": "alice", "password": PW})
    assert r.status_code == 403 and "CSRF" in r.text
    login(client)
    r = client.post("/cases", data={"title": "x"})
    assert r.status_code == 403
    r = client.post("/cases", data={"title": "x", "csrf_token": "0" * 64})
    assert r.status_code == 403
    token = csrf(client, "/")
    r = client.post("/cases", data={"title": "Real case", "csrf_token": token})
    assert r.status_code == 303 and r.headers["location"].startswith("/cases/C-")
    r = client.post("/api/v1/cases", json={"title": "by script"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 201


def test_api_key_needs_no_csrf_and_is_scoped(client: TestClient, sqlite_store: Store) -> None:
    key, _ = apikeys.create_key(sqlite_store, "ci", "analyst", ["cases:write", "cases:read"])
    h = {"Authorization": f"Bearer {key}"}
    assert client.post("/api/v1/cases", json={"title": "from a machine"}, headers=h).status_code == 201
    r = client.get("/api/v1/me", headers=h)
    assert r.status_code == 403 and "not scoped" in r.json()["detail"]
    r = client.get("/api/v1/me", headers={"Authorization": "Bearer mt_nope_nope"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_security_headers(client: TestClient) -> None:
    r = client.get("/login")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    assert r.headers["strict-transport-security"].startswith("max-age=")  # the request came over TLS
    assert r.headers["cache-control"] == "no-store"
    plain = TestClient(client.app, base_url="http://testserver")
    assert "strict-transport-security" not in plain.get("/login").headers


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    login(client, "root")
    for path in (
        "/login",
        "/",
        "/account",
        "/account?enrol=totp",
        "/admin/users",
        "/admin/audit",
        "/nowhere",
    ):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+\s*=", html), path
        assert "style=" not in html, path
        assert not re.search(r"(src|href)=\"(https?:)?//", html), path


def test_static_assets_are_local(client: TestClient) -> None:
    r = client.get("/static/vendor/htmx.min.js")
    assert r.status_code == 200 and b"htmx" in r.content[:2000]
    assert client.get("/static/app.css").status_code == 200
    for f in (
        list((WEB / "static").rglob("*.css"))
        + list((WEB / "static").glob("*.js"))
        + list((WEB / "templates").glob("*.html"))
    ):
        text = f.read_text(encoding="utf-8")
        assert not re.search(r"(url\(|src=|href=|import\s)['\"]?(https?:)?//", text), f


def test_body_size_limit(client: TestClient) -> None:
    login(client)
    big = "x" * (11 << 20)
    r = client.post("/api/v1/cases", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "too large" in r.json()["detail"]

    def chunks() -> Iterator[bytes]:
        for _ in range(12):
            yield b"x" * (1 << 20)

    r = client.post("/api/v1/cases", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_login_rate_limit(sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONEYTRAIL_LOGIN_RATE_PER_MINUTE", "3")
    with TestClient(create_app(sqlite_store.settings, sqlite_store), base_url="https://testserver") as c:
        codes = [
            c.post("/login", data={"username": "x", "password": "y" * 12, "csrf_token": csrf(c)}).status_code
            for _ in range(5)
        ]
    assert codes[:3] == [401, 401, 401] and codes[-1] == 429


def test_open_redirect_is_refused(client: TestClient) -> None:
    for target in ("https://evil.example/", "//evil.example", "javascript:alert(1)", "/cases"):
        c = TestClient(client.app, base_url="https://testserver", follow_redirects=False)
        r = c.post(
            "/login", data={"username": "alice", "password": PW, "csrf_token": csrf(c), "next": target}
        )
        assert r.headers["location"] == ("/cases" if target == "/cases" else "/"), target


def test_logout_ends_the_session(client: TestClient) -> None:
    login(client)
    assert client.get("/").status_code == 200
    r = client.post("/logout", data={"csrf_token": csrf(client, "/")})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert client.get("/").status_code == 303


def test_refused_page_says_what_to_do(client: TestClient) -> None:
    login(client)
    r = client.get("/admin/users")
    assert r.status_code == 403 and "ask your supervisor or administrator" in r.text
    r = client.get("/cases/C-1999-000001")
    assert r.status_code == 404 and "no access" in r.text


def test_unguarded_route_is_refused_at_start(sqlite_store: Store) -> None:
    from fastapi import APIRouter

    from moneytrail.web import app as webapp

    bad = APIRouter()

    @bad.get("/oops")
    def oops() -> dict[str, str]:
        return {}

    webapp.ROUTERS.append("tests.web.test_web:BAD")
    globals()["BAD"] = bad
    try:
        with pytest.raises(RuntimeError, match="GET /oops has 0 guards"):
            create_app(sqlite_store.settings, sqlite_store)
    finally:
        webapp.ROUTERS.remove("tests.web.test_web:BAD")


def test_texts_are_catalogued() -> None:
    """Every text of the pages goes through gettext: the catalogue template is up to date."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    root = WEB.parents[2]
    method_map = [("src/moneytrail/**.py", "python"), ("src/moneytrail/**/templates/**.html", "jinja2")]
    options = {"src/moneytrail/**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found = {
        m[2] if isinstance(m[2], str) else m[2][0] for m in extract_from_dir(str(root), method_map, options)
    }
    with open(WEB / "locale" / "messages.pot", "rb") as f:
        catalogued = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    missing = found - catalogued
    assert not missing, f"run `make i18n`: {sorted(missing)[:10]}"
    assert "Log in" in catalogued and "Waiting for you" in catalogued


def test_right_to_left_language(client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalogue for Arabic makes the pages Arabic and right to left."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    cat = Catalog(locale="ar")
    cat.add("Log in", "تسجيل الدخول")
    (tmp_path / "ar" / "LC_MESSAGES").mkdir(parents=True)
    with open(tmp_path / "ar" / "LC_MESSAGES" / "messages.mo", "wb") as f:
        write_mo(f, cat)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        html = client.get("/login", headers={"Accept-Language": "ar,en;q=0.5"}).text
        assert '<html lang="ar" dir="rtl">' in html and "تسجيل الدخول" in html
        html = client.get("/login", headers={"Accept-Language": "fr"}).text
        assert '<html lang="en" dir="ltr">' in html
    finally:
        i18n.translations.cache_clear()
