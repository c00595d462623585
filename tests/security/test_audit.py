"""The audit log: every change recorded, the chain verifies, and any tampering is found and named."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from moneytrail.security import accounts, audit
from moneytrail.store import Store
from moneytrail.store.models import AuditEntry

PW = "correct horse battery staple"


def fill(store: Store, n: int = 12) -> None:
    for i in range(n):
        audit.record_now(
            store, f"user{i}", "case.read", "case", f"C-{i}", {"i": i, "note": "ünïcode ✓"}, "10.0.0.1"
        )


def unlocked(store: Store) -> None:
    """Tampering needs deliberate access around moneytrail: first switch off the append-only triggers."""
    with store.engine.begin() as c:
        if store.dialect == "sqlite":
            c.exec_driver_sql("DROP TRIGGER audit_log_no_update")
            c.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        else:
            c.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")


def test_changes_are_recorded_and_chain_verifies(store: Store) -> None:
    accounts.create_user(store, "alice", PW, "analyst", actor="root")
    accounts.login(store, "alice", "bad password x", "1.2.3.4", None, accounts.SessionPolicy())
    fill(store, 5)
    r = audit.verify(store)
    assert r.ok and r.entries == 7, r
    with store.session() as s:
        actions = [a for (a,) in s.execute(text("SELECT action FROM audit_log ORDER BY seq"))]
    assert actions[:2] == ["user.create", "login.failed"]


def test_database_refuses_update_and_delete(store: Store) -> None:
    fill(store, 2)
    for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError, match="append-only"), store.engine.begin() as c:
            c.exec_driver_sql(sql)


@pytest.mark.parametrize("tamper", ["edit", "delete", "reorder", "truncate", "edit_hash_too"])
def test_tampering_is_found_and_named(store: Store, tamper: str) -> None:
    fill(store)
    assert audit.verify(store).ok
    unlocked(store)
    with store.engine.begin() as c:
        if tamper == "edit":
            c.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 5"))
            expect = 5
        elif tamper == "edit_hash_too":
            # a careful forger recomputes the edited row's hash: the next entry's link still breaks
            with store.session() as s:
                e = s.get(AuditEntry, 5)
                assert e is not None
                h = audit.entry_hash(
                    e.prev_hash,
                    5,
                    e.ts,
                    "mallory",
                    e.role,
                    e.action,
                    e.object_type,
                    e.object_id,
                    e.detail,
                    e.ip,
                )
            c.execute(text("UPDATE audit_log SET actor = 'mallory', hash = :h WHERE seq = 5"), {"h": h})
            expect = 6
        elif tamper == "delete":
            c.execute(text("DELETE FROM audit_log WHERE seq = 7"))
            expect = 7
        elif tamper == "reorder":
            # swap the contents of entries 3 and 4 (keeping the sequence numbers)
            a = c.execute(text("SELECT actor, object_id, detail FROM audit_log WHERE seq = 3")).one()
            b = c.execute(text("SELECT actor, object_id, detail FROM audit_log WHERE seq = 4")).one()
            for seq, row in ((3, b), (4, a)):
                c.execute(
                    text("UPDATE audit_log SET actor = :a, object_id = :o WHERE seq = :s"),
                    {"a": row[0], "o": row[1], "s": seq},
                )
            expect = 3
        else:
            c.execute(text("DELETE FROM audit_log WHERE seq >= 11"))
            expect = 11
    r = audit.verify(store)
    assert not r.ok and r.seq == expect, r
    assert f"entry {expect}" in str(r)


def test_cli_audit_verify_exit_codes(tmp_path, sqlite_store: Store) -> None:  # type: ignore[no-untyped-def]
    fill(sqlite_store, 3)
    env = {"MONEYTRAIL_HOME": str(sqlite_store.settings.home), "PATH": "/usr/bin:/bin"}
    ok = subprocess.run(
        [sys.executable, "-m", "moneytrail", "audit", "verify"], env=env, capture_output=True, text=True
    )
    assert ok.returncode == 0 and "intact: 3 entries" in ok.stdout
    unlocked(sqlite_store)
    with sqlite_store.engine.begin() as c:
        c.execute(text("UPDATE audit_log SET action = 'nothing' WHERE seq = 2"))
    bad = subprocess.run(
        [sys.executable, "-m", "moneytrail", "audit", "verify"], env=env, capture_output=True, text=True
    )
    assert bad.returncode == 1 and "TAMPERED at entry 2" in bad.stderr


def test_concurrent_appends_keep_one_chain(store: Store) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: audit.record_now(store, f"t{i}", "x", None, None, {"i": i}), range(80)))
    r = audit.verify(store)
    assert r.ok and r.entries == 80
