"""In a real browser (Debian's Chromium driven by Playwright, headless): log in, fail a login, see the role's
home, be refused another role's page, log out. Screenshots are kept in artifacts/screenshots/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, PASSWORD, LiveServer

CHROMIUM = os.environ.get("MONEYTRAIL_CHROMIUM", "/usr/bin/chromium")
SHOTS = ARTIFACTS / "screenshots"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=f"NO BROWSER: {CHROMIUM} is missing (make test installs Debian's chromium)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-gpu",
                "--no-first-run",
                "--disable-dev-shm-usage",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser: object, live: LiveServer) -> Iterator[object]:
    ctx = browser.new_context(
        ignore_https_errors=True, base_url=live.url, viewport={"width": 1280, "height": 800}
    )  # type: ignore[attr-defined]
    p = ctx.new_page()
    errors: list[str] = []
    # a CSP violation, a script error, an asset that did not load, a request that went nowhere
    p.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and "status of 40" not in m.text else None,
    )
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status == 404 else None)
    p.on(
        "requestfailed", lambda r: None if "ABORTED" in str(r.failure) else errors.append(f"failed: {r.url}")
    )
    yield p
    ctx.close()
    assert errors == [], errors  # no CSP violation, no missing asset, no request elsewhere


def shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def login(page: object, user: str, password: str = PASSWORD) -> None:
    page.goto("/login")  # type: ignore[attr-defined]
    page.fill("input[name=username]", user)  # type: ignore[attr-defined]
    page.fill("input[name=password]", password)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]


def test_login_home_refusal_logout(page: object, live: LiveServer) -> None:
    from playwright.sync_api import expect

    p = page
    login(p, "analyst1", "not the password at all")
    expect(p.locator("#login-error")).to_have_text("wrong username or password")  # type: ignore[attr-defined]
    shot(p, "01-login-failed")
    login(p, "analyst1")
    expect(p.locator("h1")).to_contain_text("Good to see you, Analyst1")  # type: ignore[attr-defined]
    expect(p.locator(".lead")).to_contain_text("FIU analyst")  # type: ignore[attr-defined]
    expect(p.locator("table.grid")).to_contain_text(live.case_ref)  # type: ignore[attr-defined]
    shot(p, "02-analyst-home")
    p.goto("/admin/users")  # type: ignore[attr-defined]
    expect(p.locator("h1")).to_have_text("Not allowed")  # type: ignore[attr-defined]
    expect(p.locator("#error-reason")).to_contain_text("may not")  # type: ignore[attr-defined]
    shot(p, "03-refused")
    p.goto("/cases")  # type: ignore[attr-defined]
    p.click(f"text={live.case_ref}")  # type: ignore[attr-defined]
    expect(p.locator("#members")).to_contain_text("police1")  # type: ignore[attr-defined]
    shot(p, "04-case")
    p.click("text=Log out")  # type: ignore[attr-defined]
    expect(p.locator(".flash")).to_contain_text("You are logged out")  # type: ignore[attr-defined]
    p.goto("/")  # type: ignore[attr-defined]
    expect(p).to_have_url(f"{live.url}/login?next=/")  # type: ignore[attr-defined]
    shot(p, "05-logged-out")


def test_each_role_has_its_home(page: object, live: LiveServer) -> None:
    from playwright.sync_api import expect

    for user, what in (
        ("admin1", "active users"),
        ("super1", "open cases in the FIU"),
        ("bank12", "Harbour Bank"),
        ("police1", "open cases you work on"),
    ):
        login(page, user)
        expect(page.locator("main")).to_contain_text(what)  # type: ignore[attr-defined]
        shot(page, f"10-home-{user}")
        page.click("text=Log out")  # type: ignore[attr-defined]


def test_account_page_second_factor_enrolment(page: object) -> None:
    from playwright.sync_api import expect

    login(page, "analyst2")
    page.goto("/account")  # type: ignore[attr-defined]
    page.click("text=Set up a second factor")  # type: ignore[attr-defined]
    expect(page.locator(".qr svg")).to_be_visible()  # type: ignore[attr-defined]
    shot(page, "20-totp-enrolment")
