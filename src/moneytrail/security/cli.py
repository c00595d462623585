"""``moneytrail user``, ``apikey``, ``agency`` and ``audit`` commands."""

from __future__ import annotations

import secrets
import sys

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from moneytrail.errors import MoneytrailError
from moneytrail.store import Store

out = Console()
err = Console(stderr=True)
ACTOR = "cli"


def _store() -> Store:
    from moneytrail.cli import open_default_store

    store: Store = open_default_store()
    return store


def _password(password_stdin: bool, generate: bool, username: str) -> tuple[str, bool]:
    """(password, shown): from stdin, generated (printed once), or asked twice at the terminal."""
    if generate:
        return secrets.token_urlsafe(15), True
    if password_stdin:
        pw = sys.stdin.readline().rstrip("\n")
        if not pw:
            raise MoneytrailError("no password on standard input")
        return pw, False
    pw = click.prompt(f"password for {username}", hide_input=True, confirmation_prompt=True)
    return str(pw), False


@click.group()
def user() -> None:
    """User accounts: add, list, disable, enable, reset-password, unlock, totp-off."""


@user.command("add")
@click.argument("username")
@click.option(
    "--role",
    required=True,
    help="reporting_entity, analyst, supervisor, law_enforcement, prosecutor, "
    "asset_recovery, foreign_liaison, focal_point or admin",
)
@click.option("--name", "display_name", default="", help="the person's name as shown in the pages")
@click.option("--institution", default=None, help="reporting entity users: the institution's code (bank id)")
@click.option(
    "--agency", default=None, help="law enforcement, prosecutors, asset recovery: the agency's code"
)
@click.option("--country", default=None, help="focal points: their country (ISO 3166 alpha-2)")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
@click.option(
    "--generate-password", is_flag=True, help="make a one-time password, print it, require a change"
)
def user_add(
    username: str,
    role: str,
    display_name: str,
    institution: str | None,
    agency: str | None,
    country: str | None,
    password_stdin: bool,
    generate_password: bool,
) -> None:
    """Create a user (password hashed with argon2id)."""
    from moneytrail.security.accounts import create_user, reset_password

    pw, shown = _password(password_stdin, generate_password, username)
    store = _store()
    try:
        create_user(store, username, pw, role, ACTOR, display_name, institution, agency, country)
    except ValueError as e:
        raise MoneytrailError(str(e)) from e
    if shown:
        reset_password(store, username, pw, ACTOR, must_change=True)
        out.print(f"one-time password for {username}: {pw}  (they must change it at first login)")
    out.print(f"user {username} created with role {role}")


@user.command("list")
def user_list() -> None:
    """Every user with role, binding and state."""
    from moneytrail.store.models import User

    t = Table("username", "name", "role", "bound to", "state", "second factor", "last login")
    with _store().session() as s:
        for u in s.scalars(select(User).order_by(User.username)):
            bound = (
                f"institution #{u.institution_id}"
                if u.institution_id
                else f"agency #{u.agency_id}"
                if u.agency_id
                else u.country or ""
            )
            state = "disabled" if u.disabled else ("locked" if u.locked_until else "active")
            t.add_row(
                u.username,
                u.display_name,
                u.role,
                bound,
                state,
                "TOTP" if u.totp_secret else "-",
                f"{u.last_login_at:%Y-%m-%d %H:%M}" if u.last_login_at else "never",
            )
    out.print(t)


@user.command("disable")
@click.argument("username")
def user_disable(username: str) -> None:
    """Disable a user and end all their sessions."""
    from moneytrail.security.accounts import set_disabled

    set_disabled(_store(), username, True, ACTOR)
    out.print(f"user {username} disabled; their sessions are ended")


@user.command("enable")
@click.argument("username")
def user_enable(username: str) -> None:
    """Enable a disabled user again."""
    from moneytrail.security.accounts import set_disabled

    set_disabled(_store(), username, False, ACTOR)
    out.print(f"user {username} enabled")


@user.command("reset-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True)
@click.option("--generate-password", is_flag=True)
def user_reset_password(username: str, password_stdin: bool, generate_password: bool) -> None:
    """Set a new password (the user must change it at next login); unlocks; ends their sessions."""
    from moneytrail.security.accounts import reset_password

    pw, shown = _password(password_stdin, generate_password, username)
    reset_password(_store(), username, pw, ACTOR, must_change=True)
    if shown:
        out.print(f"one-time password for {username}: {pw}")
    out.print(f"password of {username} reset; they must change it at next login")


@user.command("totp-off")
@click.argument("username")
def user_totp_off(username: str) -> None:
    """Remove a user's second factor (e.g. a lost phone); they can enrol again."""
    from moneytrail.security.accounts import disable_totp

    disable_totp(_store(), username, ACTOR)
    out.print(f"second factor of {username} removed")


@click.group()
def apikey() -> None:
    """API keys for machine clients (per organisation, scoped, revocable)."""


@apikey.command("create")
@click.option("--name", required=True, help="what the key is for, e.g. 'Bank 12 reporting system'")
@click.option("--role", required=True)
@click.option("--scope", "scopes", multiple=True, required=True, help="a permission the key may use (repeat)")
@click.option("--institution", default=None)
@click.option("--agency", default=None)
@click.option("--days", type=int, default=None, help="expire after this many days")
def apikey_create(
    name: str,
    role: str,
    scopes: tuple[str, ...],
    institution: str | None,
    agency: str | None,
    days: int | None,
) -> None:
    """Create a key; it is printed once and only its hash is kept."""
    from moneytrail.security.apikeys import create_key

    try:
        key, rec = create_key(_store(), name, role, list(scopes), ACTOR, institution, agency, days)
    except ValueError as e:
        raise MoneytrailError(str(e)) from e
    out.print(f"API key {rec.prefix} created. Store it now, it is not shown again:\n{key}")


@apikey.command("revoke")
@click.argument("prefix")
def apikey_revoke(prefix: str) -> None:
    """Revoke a key at once."""
    from moneytrail.security.apikeys import revoke_key

    revoke_key(_store(), prefix, ACTOR)
    out.print(f"API key {prefix} revoked")


@apikey.command("list")
def apikey_list() -> None:
    from moneytrail.security.apikeys import list_keys

    t = Table("prefix", "name", "role", "scopes", "created", "state", "last used")
    for k in list_keys(_store()):
        state = "revoked" if k.revoked_at else "active"
        t.add_row(
            k.prefix,
            k.name,
            k.role,
            " ".join(k.scopes),
            f"{k.created_at:%Y-%m-%d}",
            state,
            f"{k.last_used_at:%Y-%m-%d %H:%M}" if k.last_used_at else "never",
        )
    out.print(t)


@click.group()
def agency() -> None:
    """The register of agencies that receive disseminations."""


@agency.command("add")
@click.argument("code")
@click.option("--name", required=True)
@click.option(
    "--kind",
    type=click.Choice(
        ["police", "customs", "prosecutor", "asset_recovery", "tax", "intelligence", "supervisor", "other"]
    ),
    default="police",
    show_default=True,
)
@click.option("--country", default=None)
def agency_add(code: str, name: str, kind: str, country: str | None) -> None:
    from moneytrail.security import audit
    from moneytrail.store.models import Agency

    store = _store()
    with store.transaction() as s:
        if s.scalar(select(Agency).where(Agency.code == code)):
            raise MoneytrailError(f"agency {code} exists")
        s.add(Agency(code=code, name=name, kind=kind, country=(country or store.settings.country).upper()))
        audit.record(s, ACTOR, "agency.create", "agency", code, {"name": name, "kind": kind})
    out.print(f"agency {code} added")


@agency.command("list")
def agency_list() -> None:
    from moneytrail.store.models import Agency

    t = Table("code", "name", "kind", "country")
    with _store().session() as s:
        for a in s.scalars(select(Agency).order_by(Agency.code)):
            t.add_row(a.code, a.name, a.kind, a.country or "")
    out.print(t)


@click.group("audit")
def audit_group() -> None:
    """The hash-chained audit log."""


@audit_group.command("verify")
def audit_verify() -> None:
    """Recompute the chain; exit 1 and name the entry if any was edited, deleted or reordered."""
    from moneytrail.security.audit import verify

    r = verify(_store())
    if r.ok:
        out.print(str(r))
    else:
        err.print(f"[bold red]{r}[/]")
        sys.exit(1)


@audit_group.command("tail")
@click.option("-n", "count", type=int, default=20, show_default=True)
def audit_tail(count: int) -> None:
    """The newest entries."""
    from moneytrail.store.models import AuditEntry

    t = Table("seq", "time (UTC)", "actor", "action", "object", "detail")
    with _store().session() as s:
        rows = list(s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(count)))
    for e in reversed(rows):
        t.add_row(
            str(e.seq),
            f"{e.ts:%Y-%m-%d %H:%M:%S}",
            e.actor,
            e.action,
            f"{e.object_type or ''} {e.object_id or ''}".strip(),
            str(e.detail or ""),
        )
    out.print(t)
