"""The audit log: append-only and hash-chained.

Every entry stores the hash of the entry before it (``prev_hash``) and its own hash over its content and
that link: ``hash = SHA-256(prev_hash | seq | ts | actor | role | action | object | detail | ip)``. Editing an
entry breaks its own hash; deleting one breaks the next entry's link (and the sequence); reordering breaks
both; removing entries at the end disagrees with the chain head (table ``audit_head``, updated with every
append). ``verify`` recomputes the whole chain and names the first entry that does not fit.

Appends are serialised by updating the head row first (a row lock on PostgreSQL, the write lock of a
``BEGIN IMMEDIATE`` transaction on SQLite), so concurrent writers extend one chain. Call ``record`` inside
the same transaction as the change it records: both commit or neither does. The database also refuses
UPDATE and DELETE on ``audit_log`` (triggers), so tampering needs deliberate access around moneytrail, and
``verify`` catches it then.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from moneytrail.security.principal import Principal
from moneytrail.store import Store
from moneytrail.store.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def entry_hash(
    prev_hash: str,
    seq: int,
    ts: datetime,
    actor: str,
    role: str | None,
    action: str,
    object_type: str | None,
    object_id: str | None,
    detail: dict[str, Any],
    ip: str | None,
) -> str:
    body = orjson.dumps(
        [
            prev_hash,
            seq,
            ts.astimezone(UTC).isoformat(timespec="microseconds"),
            actor,
            role,
            action,
            object_type,
            object_id,
            detail,
            ip,
        ],
        option=orjson.OPT_SORT_KEYS,
    )
    return hashlib.sha256(body).hexdigest()


def record(
    s: Session,
    actor: Principal | str,
    action: str,
    object_type: str | None = None,
    object_id: str | int | None = None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """Append one entry in the caller's (write) transaction."""
    if isinstance(actor, Principal):
        name, role = actor.name, actor.role.value
    else:
        name, role = actor, None
    row = s.execute(text("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")).one()
    seq, prev = int(row[0]), str(row[1])
    ts = datetime.now(UTC)
    oid = None if object_id is None else str(object_id)
    det = orjson.loads(orjson.dumps(detail or {}, default=str))
    h = entry_hash(prev, seq, ts, name, role, action, object_type, oid, det, ip)
    e = AuditEntry(
        seq=seq,
        ts=ts,
        actor=name,
        role=role,
        action=action,
        object_type=object_type,
        object_id=oid,
        detail=det,
        ip=ip,
        prev_hash=prev,
        hash=h,
    )
    s.add(e)
    s.flush()
    s.execute(text("UPDATE audit_head SET hash = :h WHERE id = 1"), {"h": h})
    return e


def record_now(
    store: Store,
    actor: Principal | str,
    action: str,
    object_type: str | None = None,
    object_id: str | int | None = None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
) -> None:
    """Append one entry in a transaction of its own (e.g. a read of sensitive data)."""
    with store.transaction() as s:
        record(s, actor, action, object_type, object_id, detail, ip)


@dataclass
class VerifyResult:
    ok: bool
    entries: int
    problem: str | None = None
    seq: int | None = None

    def __str__(self) -> str:
        if self.ok:
            return f"audit log intact: {self.entries:,} entries, chain and head agree"
        return f"audit log TAMPERED at entry {self.seq}: {self.problem}"


def iter_entries(s: Session, batch: int = 10_000) -> Iterator[AuditEntry]:
    yield from s.scalars(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch))


def verify(store: Store) -> VerifyResult:
    """Recompute the chain from the first entry; the first mismatch is reported with its sequence number."""
    n = 0
    prev = GENESIS
    expected = 1
    with store.session() as s:
        for e in iter_entries(s):
            if e.seq != expected:
                if e.seq > expected:
                    return VerifyResult(
                        False, n, f"entries {expected}..{e.seq - 1} are missing (deleted)", expected
                    )
                return VerifyResult(False, n, "sequence out of order", e.seq)
            if e.prev_hash != prev:
                return VerifyResult(
                    False,
                    n,
                    "its link to the previous entry is broken "
                    "(an entry before it was deleted, replaced or reordered)",
                    e.seq,
                )
            h = entry_hash(
                e.prev_hash,
                e.seq,
                e.ts,
                e.actor,
                e.role,
                e.action,
                e.object_type,
                e.object_id,
                e.detail,
                e.ip,
            )
            if h != e.hash:
                return VerifyResult(False, n, "its content was edited (hash mismatch)", e.seq)
            prev = e.hash
            expected += 1
            n += 1
        head = s.get(AuditHead, 1)
    if head is None:
        return VerifyResult(False, n, "the chain head is missing", None)
    if head.seq != n or head.hash != prev:
        return VerifyResult(
            False,
            n,
            f"the head says {head.seq} entries ending in {head.hash[:12]}…, the chain "
            f"has {n} ending in {prev[:12]}… (entries removed from the end?)",
            n + 1,
        )
    return VerifyResult(True, n)
