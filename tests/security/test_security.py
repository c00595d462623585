"""The security core on both backends: accounts, login and lock-out, sessions, TOTP, keys, authorisation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select, update

from moneytrail.cases import case_rule, grant, load_case, open_case
from moneytrail.errors import MoneytrailError
from moneytrail.security import accounts, apikeys
from moneytrail.security.passwords import check_policy, hash_password, verify_password
from moneytrail.security.policy import CASES_GRANT, CASES_READ, CASES_WRITE, USERS_ADMIN, authorize
from moneytrail.security.roles import Role
from moneytrail.store import Store
from moneytrail.store.models import Agency, Institution, User, WebSession

PW = "correct horse battery staple"
POLICY = accounts.SessionPolicy()


def seed(store: Store) -> None:
    with store.transaction() as s:
        s.add(Institution(code="12", name="Bank Twelve", kind="bank", country="MT", reporting_entity=True))
        s.add(Agency(code="POL", name="National Police", kind="police", country="MT"))


def test_password_hashing_and_policy() -> None:
    h = hash_password(PW)
    assert h.startswith("$argon2id$") and verify_password(h, PW) and not verify_password(h, PW + "x")
    for bad in ("short", "alice-long-password-1", "aaaaaaaaaaaaaaaa", "password1234"):
        with pytest.raises(MoneytrailError):
            check_policy(bad, "alice")


def test_roles_are_bound(store: Store) -> None:
    seed(store)
    with pytest.raises(MoneytrailError, match="--institution"):
        accounts.create_user(store, "bank1", PW, "reporting_entity")
    with pytest.raises(MoneytrailError, match="no institution"):
        accounts.create_user(store, "bank1", PW, "reporting_entity", institution="999")
    u = accounts.create_user(store, "bank1", PW, "reporting_entity", institution="012")
    assert u.institution_id is not None
    with pytest.raises(MoneytrailError, match="--agency"):
        accounts.create_user(store, "cop", PW, "law_enforcement")
    assert accounts.create_user(store, "cop", PW, "law_enforcement", agency="POL").agency_id is not None
    with pytest.raises(MoneytrailError, match="country"):
        accounts.create_user(store, "fp", PW, "focal_point")
    assert accounts.create_user(store, "fp", PW, "focal_point", country="fr").country == "FR"
    with pytest.raises(ValueError, match="unknown role"):
        accounts.create_user(store, "x", PW, "king")
    with pytest.raises(MoneytrailError, match="exists"):
        accounts.create_user(store, "BANK1", PW, "analyst")


def test_login_lockout_and_backoff(store: Store) -> None:
    accounts.create_user(store, "alice", PW, "analyst")
    assert accounts.login(store, "nobody", PW, "1.2.3.4", None, POLICY).message == accounts.GENERIC_FAILURE
    for _ in range(accounts.LOCK_AFTER):
        r = accounts.login(store, "alice", "wrong password here", "1.2.3.4", None, POLICY)
        assert not r.ok and r.message == accounts.GENERIC_FAILURE
    r = accounts.login(store, "alice", PW, "1.2.3.4", None, POLICY)  # right password, but locked
    assert not r.ok and "try again in" in r.message
    with store.session() as s:
        u = s.scalar(select(User).where(User.username == "alice"))
        assert u is not None and u.failed_logins == accounts.LOCK_AFTER and u.locked_until is not None
        first_lock = u.locked_until - datetime.now(UTC)
    # each further failure doubles the lock
    with store.transaction() as s:
        s.execute(update(User).where(User.username == "alice").values(locked_until=None))
    accounts.login(store, "alice", "still wrong password", None, None, POLICY)
    with store.session() as s:
        u = s.scalar(select(User).where(User.username == "alice"))
        assert u is not None and u.locked_until is not None
        assert (u.locked_until - datetime.now(UTC)) > first_lock + timedelta(seconds=30)
    accounts.reset_password(store, "alice", PW + " again", "admin")
    r = accounts.login(store, "alice", PW + " again", None, None, POLICY)
    assert r.ok and r.must_change_password


def test_disabled_user_cannot_log_in_and_loses_sessions(store: Store) -> None:
    accounts.create_user(store, "bob", PW, "supervisor")
    r = accounts.login(store, "bob", PW, None, None, POLICY)
    assert r.ok and r.token and accounts.resolve_session(store, r.token, POLICY) is not None
    accounts.set_disabled(store, "bob", True)
    assert accounts.resolve_session(store, r.token, POLICY) is None
    assert not accounts.login(store, "bob", PW, None, None, POLICY).ok


def test_idle_and_absolute_timeouts(store: Store) -> None:
    accounts.create_user(store, "carol", PW, "analyst")
    r = accounts.login(store, "carol", PW, None, None, POLICY)
    assert r.token
    p = accounts.resolve_session(store, r.token, POLICY)
    assert p is not None and p.role == Role.ANALYST and p.mfa_ok
    with store.transaction() as s:
        s.execute(update(WebSession).values(last_seen_at=datetime.now(UTC) - timedelta(minutes=31)))
    accounts.SESSIONS.clear()  # as if the few seconds that a checked session is remembered had passed
    assert accounts.resolve_session(store, r.token, POLICY) is None  # idle
    r = accounts.login(store, "carol", PW, None, None, POLICY)
    assert r.token
    with store.transaction() as s:
        s.execute(update(WebSession).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    accounts.SESSIONS.clear()
    assert accounts.resolve_session(store, r.token, POLICY) is None  # absolute


def test_logout_everywhere(store: Store) -> None:
    accounts.create_user(store, "dave", PW, "analyst")
    tokens = [accounts.login(store, "dave", PW, None, None, POLICY).token for _ in range(3)]
    p = accounts.resolve_session(store, str(tokens[0]), POLICY)
    assert p is not None
    assert accounts.logout_everywhere(store, p) == 3
    assert all(accounts.resolve_session(store, str(t), POLICY) is None for t in tokens)


def test_totp_second_factor(store: Store) -> None:
    accounts.create_user(store, "erin", PW, "analyst")
    r = accounts.login(store, "erin", PW, None, None, POLICY)
    p = accounts.resolve_session(store, str(r.token), POLICY)
    assert p is not None
    secret = accounts.new_totp_secret()
    assert not accounts.enable_totp(store, p, secret, "000000")
    assert accounts.enable_totp(store, p, secret, pyotp.TOTP(secret).now())
    r = accounts.login(store, "erin", PW, None, None, POLICY)
    assert r.ok and r.needs_totp
    p2 = accounts.resolve_session(store, str(r.token), POLICY)
    assert p2 is not None and not p2.mfa_ok
    assert not authorize(p2, "home:view")  # nothing until the second factor
    code = pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30))
    assert accounts.verify_totp(store, p2, code, None)
    p3 = accounts.resolve_session(store, str(r.token), POLICY)
    assert p3 is not None and p3.mfa_ok
    # the same code is good once
    r = accounts.login(store, "erin", PW, None, None, POLICY)
    p4 = accounts.resolve_session(store, str(r.token), POLICY)
    assert p4 is not None and not accounts.verify_totp(store, p4, code, None)


def test_api_keys(store: Store) -> None:
    seed(store)
    with pytest.raises(MoneytrailError, match="unknown scope"):
        apikeys.create_key(store, "k", "analyst", ["nope:nope"])
    with pytest.raises(MoneytrailError, match="may not use"):
        apikeys.create_key(store, "k", "analyst", ["users:admin"])
    key, rec = apikeys.create_key(
        store, "Bank 12 system", "reporting_entity", ["institutions:read"], institution="12"
    )
    with store.session() as s:
        stored = s.get(type(rec), rec.id)
        assert (
            stored is not None and key not in (stored.key_hash, stored.prefix) and len(stored.key_hash) == 64
        )
    p = apikeys.resolve_key(store, key)
    assert p is not None and p.via == "apikey" and p.institution_id == rec.institution_id
    assert authorize(p, "institutions:read") and not authorize(p, "home:view")  # scoped
    assert apikeys.resolve_key(store, key[:-2] + "xx") is None
    apikeys.revoke_key(store, rec.prefix)
    assert apikeys.resolve_key(store, key) is None
    key2, _ = apikeys.create_key(store, "short", "admin", ["users:admin"], days=1)
    with store.transaction() as s:
        s.execute(update(type(rec)).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    apikeys.KEYS.clear()  # as if the few seconds that a checked key is remembered had passed
    assert apikeys.resolve_key(store, key2) is None


def test_need_to_know_on_cases(store: Store) -> None:
    for name, role in (("lead", "analyst"), ("other", "analyst"), ("boss", "supervisor"), ("root", "admin")):
        accounts.create_user(store, name, PW, role)

    def principal(name: str):  # type: ignore[no-untyped-def]
        t = accounts.login(store, name, PW, None, None, POLICY).token
        return accounts.resolve_session(store, str(t), POLICY)

    lead, other, boss, root = (principal(n) for n in ("lead", "other", "boss", "root"))
    view = open_case(store, lead, "Funnel accounts in the north")
    assert authorize(lead, CASES_READ, view, "case") and authorize(lead, CASES_GRANT, view, "case")
    d = authorize(other, CASES_READ, view, "case")
    assert not d and "not a member" in d.reason
    assert authorize(boss, CASES_READ, view, "case")  # supervisors oversee every case
    assert not authorize(root, CASES_READ, view, "case")  # administrators do not read case content
    assert authorize(root, USERS_ADMIN) and not authorize(lead, USERS_ADMIN)
    grant(store, lead, view, "other", "reader")
    view = load_case(store, view.case.ref)
    assert view is not None
    assert authorize(other, CASES_READ, view, "case") and not authorize(other, CASES_WRITE, view, "case")
    assert case_rule(other, CASES_GRANT, view) is not None
    with pytest.raises(MoneytrailError, match="cannot be given access"):
        grant(store, lead, view, "root", "member")
    assert not authorize(None, CASES_READ)
    assert not authorize(lead, "no:such:permission")


def test_credential_cache_expires() -> None:
    import time

    from moneytrail.security.cache import TTLCache

    c: TTLCache[int] = TTLCache(ttl=0.05, max_items=3)
    c.put("a", 1)
    assert c.get("a") == 1
    time.sleep(0.06)
    assert c.get("a") is None
    for k in "abcd":
        c.put(k, 1)
    assert c.get("d") == 1  # bounded: it forgets rather than grows
