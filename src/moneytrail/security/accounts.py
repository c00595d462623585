"""User accounts: creation and binding, login with lock-out, server-side sessions, TOTP second factor.

Sessions: the browser gets a random 256-bit token; the store keeps only its SHA-256, the user, the
creation time (absolute timeout) and the last activity (idle timeout). "Log out everywhere" deletes every
session of the user. Lock-out: after ``LOCK_AFTER`` failed logins in a row the account is locked for a
period that doubles with each further failure (capped at one hour); a success resets the count.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyotp
from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.orm import Session

from moneytrail.errors import MoneytrailError
from moneytrail.refdata import is_country
from moneytrail.security import audit
from moneytrail.security.cache import TTLCache
from moneytrail.security.passwords import (
    DUMMY_HASH,
    check_policy,
    hash_password,
    needs_rehash,
    verify_password,
)
from moneytrail.security.principal import Principal
from moneytrail.security.roles import NEEDS_AGENCY, NEEDS_COUNTRY, NEEDS_INSTITUTION, Role, parse_role
from moneytrail.store import Store
from moneytrail.store.models import Agency, Institution, User, WebSession

# credentials already checked, per process; every change to sessions or users clears it (security.cache)
SESSIONS: TTLCache[Principal] = TTLCache()
USERNAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
LOCK_AFTER = 5
MAX_LOCK = timedelta(hours=1)


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def principal_of(u: User, session_id: int | None = None, mfa_ok: bool = True) -> Principal:
    return Principal(
        user_id=u.id,
        name=u.username,
        role=Role(u.role),
        institution_id=u.institution_id,
        agency_id=u.agency_id,
        country=u.country,
        via="session",
        session_id=session_id,
        mfa_ok=mfa_ok,
        language=u.language,
    )


# ---- users ---------------------------------------------------------------------------------------


def create_user(
    store: Store,
    username: str,
    password: str,
    role: str,
    actor: str = "system",
    display_name: str = "",
    institution: str | None = None,
    agency: str | None = None,
    country: str | None = None,
) -> User:
    r = parse_role(role)
    username = username.strip()
    if not USERNAME.fullmatch(username):
        raise MoneytrailError("a username is 1-64 ASCII letters, digits, dots, dashes or underscores")
    check_policy(password, username)
    with store.transaction() as s:
        if s.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
            raise MoneytrailError(f"user {username} exists", hint="use `moneytrail user reset-password`")
        u = User(
            username=username,
            display_name=display_name or username,
            role=r.value,
            password_hash=hash_password(password),
            password_changed_at=datetime.now(UTC),
        )
        if r in NEEDS_INSTITUTION:
            if not institution:
                raise MoneytrailError(
                    f"a {r.value} user is bound to one reporting entity: give --institution"
                )
            inst = s.scalar(select(Institution).where(Institution.code == institution.lstrip("0")))
            if inst is None:
                raise MoneytrailError(
                    f"no institution with code {institution}",
                    hint="ingest the institutions register (banks.csv) first",
                )
            u.institution_id = inst.id
        if r in NEEDS_AGENCY:
            if not agency:
                raise MoneytrailError(f"a {r.value} user is bound to an agency: give --agency")
            ag = s.scalar(select(Agency).where(Agency.code == agency))
            if ag is None:
                raise MoneytrailError(f"no agency {agency}", hint="add it with `moneytrail agency add`")
            u.agency_id = ag.id
        if r in NEEDS_COUNTRY:
            if not country or not is_country(country):
                raise MoneytrailError(f"a {r.value} user is bound to a country: give --country (ISO code)")
            u.country = country.upper()
        s.add(u)
        s.flush()
        audit.record(s, actor, "user.create", "user", u.username, {"role": r.value})
    return u


def find_user(s: Session, username: str) -> User | None:
    return s.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


def set_disabled(store: Store, username: str, disabled: bool, actor: str = "system") -> None:
    with store.transaction() as s:
        u = find_user(s, username)
        if u is None:
            raise MoneytrailError(f"no user {username}")
        u.disabled = disabled
        if disabled:
            s.execute(delete(WebSession).where(WebSession.user_id == u.id))
        audit.record(s, actor, "user.disable" if disabled else "user.enable", "user", u.username)
    SESSIONS.clear()


def reset_password(
    store: Store, username: str, password: str, actor: str = "system", must_change: bool = True
) -> None:
    check_policy(password, username)
    with store.transaction() as s:
        u = find_user(s, username)
        if u is None:
            raise MoneytrailError(f"no user {username}")
        u.password_hash = hash_password(password)
        u.password_changed_at = datetime.now(UTC)
        u.failed_logins = 0
        u.locked_until = None
        u.must_change_password = must_change
        s.execute(delete(WebSession).where(WebSession.user_id == u.id))
        audit.record(s, actor, "user.reset_password", "user", u.username)
    SESSIONS.clear()


def change_password(store: Store, p: Principal, old: str, new: str) -> None:
    check_policy(new, p.name)
    with store.transaction() as s:
        u = s.get(User, p.user_id)
        if u is None or not verify_password(u.password_hash, old):
            raise MoneytrailError("the current password is not right")
        u.password_hash = hash_password(new)
        u.password_changed_at = datetime.now(UTC)
        u.must_change_password = False
        # every other session ends: whoever else was logged in with the old password is out
        s.execute(delete(WebSession).where(WebSession.user_id == u.id, WebSession.id != p.session_id))
        audit.record(s, p, "account.change_password", "user", u.username)
    SESSIONS.clear()


# ---- login -------------------------------------------------------------------------------------


@dataclass
class LoginResult:
    ok: bool
    message: str
    token: str | None = None
    needs_totp: bool = False
    must_change_password: bool = False


GENERIC_FAILURE = "wrong username or password"


def login(
    store: Store, username: str, password: str, ip: str | None, user_agent: str | None, policy: SessionPolicy
) -> LoginResult:
    now = datetime.now(UTC)
    with store.transaction() as s:
        u = find_user(s, username)
        if u is None:
            verify_password(DUMMY_HASH, password)  # same work as for a real user: no user enumeration
            audit.record(
                s, username[:64] or "?", "login.failed", "user", username[:64], {"why": "no such user"}, ip
            )
            return LoginResult(False, GENERIC_FAILURE)
        if u.locked_until is not None and u.locked_until > now:
            audit.record(s, u.username, "login.locked", "user", u.username, {}, ip)
            wait = int((u.locked_until - now).total_seconds() // 60) + 1
            return LoginResult(
                False,
                f"too many failed attempts: try again in {wait} minute(s) "
                "or ask an administrator to reset your password",
            )
        if u.disabled or not verify_password(u.password_hash, password):
            u.failed_logins += 1
            if u.failed_logins >= LOCK_AFTER:
                u.locked_until = now + min(MAX_LOCK, timedelta(minutes=2 ** (u.failed_logins - LOCK_AFTER)))
            audit.record(
                s,
                u.username,
                "login.failed",
                "user",
                u.username,
                {"failed_logins": u.failed_logins, "disabled": u.disabled},
                ip,
            )
            return LoginResult(False, GENERIC_FAILURE)
        u.failed_logins = 0
        u.locked_until = None
        u.last_login_at = now
        if needs_rehash(u.password_hash):
            u.password_hash = hash_password(password)
        token = secrets.token_urlsafe(32)
        ws = WebSession(
            token_hash=token_hash(token),
            user_id=u.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + policy.absolute,
            mfa_ok=u.totp_secret is None,
            ip=ip,
            user_agent=(user_agent or "")[:255],
        )
        s.add(ws)
        audit.record(
            s, u.username, "login.password_ok" if u.totp_secret else "login", "user", u.username, {}, ip
        )
        return LoginResult(
            True,
            "ok",
            token,
            needs_totp=u.totp_secret is not None,
            must_change_password=u.must_change_password,
        )


def resolve_session(store: Store, token: str, policy: SessionPolicy) -> Principal | None:
    """The principal of a session token, or None when unknown or timed out (then the session is removed).

    A valid answer is remembered for a few seconds (``security.cache``); anything that ends or changes
    sessions clears what this process remembers.
    """
    h = token_hash(token)
    cached = SESSIONS.get(h)
    if cached is not None:
        return cached
    p = _resolve_session(store, h, policy)
    if p is not None:
        SESSIONS.put(h, p)
    return p


def _resolve_session(store: Store, h: str, policy: SessionPolicy) -> Principal | None:
    now = datetime.now(UTC)
    with store.session() as s:
        row = s.execute(
            select(WebSession, User)
            .join(User, User.id == WebSession.user_id)
            .where(WebSession.token_hash == h)
        ).first()
    if row is None:
        return None
    ws, u = row
    if u.disabled or ws.expires_at <= now or ws.last_seen_at + policy.idle <= now:
        with store.transaction() as s:
            s.execute(delete(WebSession).where(WebSession.id == ws.id))
        return None
    if now - ws.last_seen_at > timedelta(minutes=1):  # at most one write per minute per session
        with store.transaction() as s:
            s.execute(update(WebSession).where(WebSession.id == ws.id).values(last_seen_at=now))
    return principal_of(u, ws.id, ws.mfa_ok)


def logout(store: Store, token: str) -> None:
    with store.transaction() as s:
        ws = s.scalar(select(WebSession).where(WebSession.token_hash == token_hash(token)))
        if ws is not None:
            u = s.get(User, ws.user_id)
            s.delete(ws)
            audit.record(s, u.username if u else "?", "logout", "user", u.username if u else None)
    SESSIONS.drop(token_hash(token))


def logout_everywhere(store: Store, p: Principal) -> int:
    with store.transaction() as s:
        res = s.execute(delete(WebSession).where(WebSession.user_id == p.user_id))
        n = res.rowcount if isinstance(res, CursorResult) else 0
        audit.record(s, p, "logout.everywhere", "user", p.name, {"sessions": n})
    SESSIONS.clear()
    return int(n or 0)


def list_sessions(store: Store, p: Principal) -> list[WebSession]:
    with store.session() as s:
        return list(
            s.scalars(
                select(WebSession)
                .where(WebSession.user_id == p.user_id)
                .order_by(WebSession.last_seen_at.desc())
            )
        )


# ---- second factor (TOTP, RFC 6238) --------------------------------------------------------------


def totp_provisioning(username: str, secret: str, issuer: str = "moneytrail") -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def _totp_step(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step the code belongs to (now ±1 step), if valid and not used before."""
    totp = pyotp.TOTP(secret)
    now = datetime.now(UTC)
    code = code.strip().replace(" ", "")
    for delta in (0, -1, 1):
        at = now + timedelta(seconds=30 * delta)
        if secrets.compare_digest(totp.at(at), code):
            step = int(at.timestamp()) // 30
            if last_step is not None and step <= last_step:
                return None  # a code is good once
            return step
    return None


def enable_totp(store: Store, p: Principal, secret: str, code: str) -> bool:
    step = _totp_step(secret, code, None)
    if step is None:
        return False
    with store.transaction() as s:
        u = s.get(User, p.user_id)
        assert u is not None
        u.totp_secret = secret
        u.totp_last_step = step
        audit.record(s, p, "account.totp_enabled", "user", p.name)
    return True


def disable_totp(store: Store, username: str, actor: str) -> None:
    with store.transaction() as s:
        u = find_user(s, username)
        if u is None:
            raise MoneytrailError(f"no user {username}")
        u.totp_secret = None
        u.totp_last_step = None
        audit.record(s, actor, "user.totp_disabled", "user", u.username)
    SESSIONS.clear()


def verify_totp(store: Store, p: Principal, code: str, ip: str | None) -> bool:
    """Second step of a login: a valid, unused code marks the session as fully authenticated."""
    SESSIONS.clear()
    with store.transaction() as s:
        u = s.get(User, p.user_id)
        ws = s.get(WebSession, p.session_id)
        if u is None or ws is None or u.totp_secret is None:
            return False
        step = _totp_step(u.totp_secret, code, u.totp_last_step)
        if step is None:
            u.failed_logins += 1
            if u.failed_logins >= LOCK_AFTER:
                u.locked_until = datetime.now(UTC) + min(
                    MAX_LOCK, timedelta(minutes=2 ** (u.failed_logins - LOCK_AFTER))
                )
                s.delete(ws)
            audit.record(s, u.username, "login.totp_failed", "user", u.username, {}, ip)
            return False
        u.totp_last_step = step
        u.failed_logins = 0
        ws.mfa_ok = True
        audit.record(s, u.username, "login", "user", u.username, {"second_factor": True}, ip)
        return True
