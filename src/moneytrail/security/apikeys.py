"""API keys for machine clients: one per organisation and purpose, scoped, revocable, hashed at rest.

A key looks like ``mt_<prefix>_<secret>``. The prefix (8 characters) names it in logs and lists; only the
SHA-256 of the whole key is stored (the secret has 256 bits of entropy, so a slow hash adds nothing).
Clients send it as ``Authorization: Bearer mt_...``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from moneytrail.errors import MoneytrailError
from moneytrail.security import audit
from moneytrail.security.cache import TTLCache
from moneytrail.security.policy import PERMISSIONS
from moneytrail.security.principal import Principal
from moneytrail.security.roles import NEEDS_AGENCY, NEEDS_INSTITUTION, Role, parse_role
from moneytrail.store import Store
from moneytrail.store.models import Agency, ApiKey, Institution


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(
    store: Store,
    name: str,
    role: str,
    scopes: list[str],
    actor: str = "system",
    institution: str | None = None,
    agency: str | None = None,
    days: int | None = None,
) -> tuple[str, ApiKey]:
    """Returns the key (shown once) and its record."""
    r = parse_role(role)
    unknown = [sc for sc in scopes if sc not in PERMISSIONS]
    if unknown:
        raise MoneytrailError(
            f"unknown scope(s) {', '.join(unknown)}",
            hint="scopes are permission names: " + ", ".join(sorted(PERMISSIONS)),
        )
    refused = [sc for sc in scopes if r not in PERMISSIONS[sc].roles]
    if refused:
        raise MoneytrailError(f"the role {r.value} may not use {', '.join(refused)}")
    prefix = secrets.token_hex(4)
    key = f"mt_{prefix}_{secrets.token_urlsafe(32)}"
    with store.transaction() as s:
        rec = ApiKey(
            prefix=prefix,
            key_hash=_hash(key),
            name=name,
            role=r.value,
            scopes=sorted(set(scopes)),
            created_by=actor,
            expires_at=datetime.now(UTC) + timedelta(days=days) if days else None,
        )
        if r in NEEDS_INSTITUTION:
            inst = s.scalar(select(Institution).where(Institution.code == (institution or "").lstrip("0")))
            if inst is None:
                raise MoneytrailError(
                    "a reporting entity's key needs --institution CODE of a known institution"
                )
            rec.institution_id = inst.id
        if r in NEEDS_AGENCY:
            ag = s.scalar(select(Agency).where(Agency.code == (agency or "")))
            if ag is None:
                raise MoneytrailError("an agency's key needs --agency CODE of a known agency")
            rec.agency_id = ag.id
        s.add(rec)
        s.flush()
        audit.record(
            s, actor, "apikey.create", "apikey", prefix, {"name": name, "role": r.value, "scopes": scopes}
        )
    return key, rec


def revoke_key(store: Store, prefix: str, actor: str = "system") -> None:
    with store.transaction() as s:
        rec = s.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
        if rec is None:
            raise MoneytrailError(f"no API key {prefix}")
        rec.revoked_at = datetime.now(UTC)
        audit.record(s, actor, "apikey.revoke", "apikey", prefix)
    KEYS.clear()


def list_keys(store: Store) -> list[ApiKey]:
    with store.session() as s:
        return list(s.scalars(select(ApiKey).order_by(ApiKey.created_at)))


KEYS: TTLCache[Principal] = TTLCache()


def resolve_key(store: Store, key: str) -> Principal | None:
    """The principal of an API key (remembered for a few seconds: see ``security.cache``)."""
    cached = KEYS.get(_hash(key))
    if cached is not None:
        return cached
    p = _resolve_key(store, key)
    if p is not None:
        KEYS.put(_hash(key), p)
    return p


def _resolve_key(store: Store, key: str) -> Principal | None:
    parts = key.split("_")
    if len(parts) < 3 or parts[0] != "mt":
        return None
    with store.session() as s:
        rec = s.scalar(select(ApiKey).where(ApiKey.prefix == parts[1]))
    now = datetime.now(UTC)
    if rec is None or not secrets.compare_digest(rec.key_hash, _hash(key)):
        return None
    if rec.revoked_at is not None or (rec.expires_at is not None and rec.expires_at <= now):
        return None
    if rec.last_used_at is None or now - rec.last_used_at > timedelta(minutes=5):
        with store.transaction() as s:
            s.execute(update(ApiKey).where(ApiKey.id == rec.id).values(last_used_at=now))
    return Principal(
        user_id=None,
        name=f"key:{rec.prefix}",
        role=Role(rec.role),
        institution_id=rec.institution_id,
        agency_id=rec.agency_id,
        via="apikey",
        scopes=frozenset(rec.scopes),
    )
