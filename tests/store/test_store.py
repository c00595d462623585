"""The one store, on SQLite and PostgreSQL: schema, batches and their visibility, recovery, status, SQL."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from moneytrail.config import Settings
from moneytrail.errors import MoneytrailError, NotInitialised
from moneytrail.refdata.fx import Rate
from moneytrail.store import Store, init_store, open_store
from moneytrail.store.models import Base, Institution, TxBatch
from moneytrail.store.transactions import BatchConflict, hidden_name


def tx_table(
    n: int, start: datetime = datetime(2025, 9, 30, 23, 0, tzinfo=UTC), source: str = "t"
) -> pa.Table:
    """n transactions an hour apart (crossing a month boundary when n > 1)."""
    ts = [start.timestamp() * 1e6 + i * 3_600e6 for i in range(n)]
    return pa.table(
        {
            "timestamp": pa.array([int(t) for t in ts], pa.timestamp("us", tz="UTC")),
            "from_bank": [str(1 + i % 3) for i in range(n)],
            "from_account": [f"A{i}" for i in range(n)],
            "to_bank": ["9"] * n,
            "to_account": [f"B{i % 5}" for i in range(n)],
            "amount": [float(10 + i) for i in range(n)],
            "currency": ["EUR"] * n,
            "amount_base": [float(10 + i) for i in range(n)],
            "payment_format": ["Wire"] * n,
            "source": [source] * n,
        }
    )


def test_migrations_match_models(store: Store) -> None:
    with store.engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c, opts={"compare_type": False}), Base.metadata)
    assert diff == []


def test_open_uninitialised_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(NotInitialised) as e:
        open_store(Settings(home=tmp_path / "nothing", database_url=f"sqlite:///{tmp_path}/nothing/m.db"))
    assert "moneytrail init" in str(e.value)


def test_init_is_idempotent_and_seeds_fx(settings: Settings) -> None:
    s1 = init_store(settings)
    s1.close()
    s2 = init_store(settings)
    assert s2.fx().convert_one(100.0, "USD", date(2025, 9, 1)) == pytest.approx(100 / 1.13)
    assert open_store(settings).status().counts["transactions"] == 0
    s2.close()


def test_sqlite_pragmas(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_batch_visible_only_after_commit(store: Store) -> None:
    txs = store.transactions
    w = txs.begin("file", "x.csv", "h1")
    w.write(tx_table(30))
    w._wait()
    assert txs.count() == 0 and txs.files() == []
    assert store.sql("SELECT count(*) AS n FROM transactions").to_pylist() == [{"n": 0}]
    info = w.commit()
    assert info.row_count == 30 and len(info.files) == 2  # September and October
    assert all(f.startswith("month=") and "/b" in f for f in info.files)
    assert store.sql("SELECT count(*) AS n, count(DISTINCT tx_id) AS ids FROM transactions").to_pylist() == [
        {"n": 30, "ids": 30}
    ]
    months = store.sql("SELECT month, count(*) AS n FROM transactions GROUP BY 1 ORDER BY 1").to_pylist()
    assert months == [{"month": "2025-09", "n": 1}, {"month": "2025-10", "n": 29}]


def test_abort_leaves_nothing(store: Store) -> None:
    txs = store.transactions
    with pytest.raises(RuntimeError), txs.begin("file", "x.csv", "h2") as w:
        w.write(tx_table(10))
        raise RuntimeError("boom")
    assert txs.count() == 0
    assert list(txs.root.rglob("*.parquet*")) == []
    with store.session() as s:
        assert s.scalars(select(TxBatch)).all() == []


def test_same_content_commits_once(store: Store) -> None:
    txs = store.transactions
    txs.write_table(tx_table(5), "file", "a.csv", "same")
    assert txs.find("same") is not None
    with pytest.raises(BatchConflict):
        txs.write_table(tx_table(5), "file", "b.csv", "same")
    assert txs.count() == 5


def test_recovery_rolls_back_abandoned_and_forward_committed(store: Store) -> None:
    txs = store.transactions
    # a pending batch whose writer died: its lock is free, its hidden file remains
    w = txs.begin("file", "dead.csv", "h3")
    w.write(tx_table(4))
    w._wait()
    for wr in w._writers.values():
        wr.close()
    os.close(w._lock_fd)
    w._lock_fd = -1
    hidden = list(txs.root.rglob(".*.tmp"))
    assert hidden
    # a committed batch whose rename never happened
    info = txs.write_table(tx_table(3, source="c"), "file", "ok.csv", "h4")
    for rel in info.files:
        os.replace(txs.root / rel, txs.root / hidden_name(rel))
    assert txs.count() == 3  # visible already: readers accept the hidden name of a committed file
    assert store.sql("SELECT count(*) AS n FROM transactions").to_pylist() == [{"n": 3}]
    done = txs.recover()
    assert done == {"rolled_forward": 1, "rolled_back": 1}
    assert not any(p.exists() for p in hidden)
    assert all((txs.root / rel).exists() for rel in info.files)
    with store.session() as s:
        assert [b.status for b in s.scalars(select(TxBatch))] == ["committed"]


def test_recovery_leaves_live_writer_alone(store: Store) -> None:
    txs = store.transactions
    with txs.begin("file", "live.csv", "h5") as w:
        w.write(tx_table(2))
        assert txs.recover() == {"rolled_forward": 0, "rolled_back": 0}
        w.commit()
    assert txs.count() == 2


def test_status_and_volume(store: Store) -> None:
    store.transactions.write_table(tx_table(10), "file", "a.csv", "h6")
    with store.transaction() as s:
        s.add(Institution(code="9", name="Bank Nine", kind="bank", country="MT"))
    st = store.status()
    assert st.counts["transactions"] == 10 and st.counts["institutions"] == 1 and st.counts["batches"] == 1
    assert st.first == datetime(2025, 9, 30, 23, 0, tzinfo=UTC)
    assert st.volume_by_currency == [
        {"currency": "EUR", "transactions": 10, "amount": 145.0, "amount_base": 145.0}
    ]
    d = st.as_dict()
    assert d["counts"]["transactions"] == 10


def test_sql_is_read_only_and_sees_workflow_tables(store: Store) -> None:
    with store.transaction() as s:
        s.add(Institution(code="7", name="Seven", kind="mvts", country="MT"))
    assert store.sql("SELECT code, name FROM institutions").to_pylist() == [{"code": "7", "name": "Seven"}]
    for bad in (
        "DELETE FROM transactions",
        "COPY transactions TO 'x.csv'",
        "SELECT 1; SELECT 2",
        "CREATE TABLE t AS SELECT 1",
        "ATTACH 'x.db'",
    ):
        with pytest.raises(MoneytrailError):
            store.sql(bad)
    with pytest.raises(MoneytrailError, match=r"disabled|Permission"):
        store.sql("SELECT * FROM read_csv('/etc/passwd')")


def test_fx_import_overrides(store: Store) -> None:
    before = store.fx().convert_one(100.0, "GBP", date(2025, 6, 1))
    store.import_fx([Rate(date(2025, 6, 1), "GBP", 2.0)])
    after = store.fx().convert_one(100.0, "GBP", date(2025, 6, 1))
    assert after != before and after == pytest.approx(100 * 2.0 / 1.13)


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(Exception, match="naive"), store.transaction() as s:
        s.add(Institution(code="x", name="x", created_at=datetime(2025, 1, 1)))
