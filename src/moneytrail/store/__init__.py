"""The one store: workflow data in a relational database, transactions in Parquet, one API.

>>> store = init_store(load_settings())      # create MONEYTRAIL_HOME, migrate, seed reference data
>>> store = open_store()                     # every later use
>>> with store.transaction() as s: ...       # a SQLAlchemy session that commits at the end
>>> store.transactions.connect()             # DuckDB with a `transactions` view
>>> store.status()                           # counts, date range, volume by currency

Why two halves: workflow records (reports, parties, cases, users, the audit log) need transactions,
constraints and concurrent writers — a relational database. Transactions are hundreds of millions of
rows scanned by analytics — columns in Parquet, scanned by DuckDB (or Spark) without a server.
See docs/architecture.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import orjson
import pyarrow as pa
from sqlalchemy import Engine, Table, func, select
from sqlalchemy.orm import Session, sessionmaker

from moneytrail.config import Settings, load_settings
from moneytrail.errors import MoneytrailError, NotInitialised
from moneytrail.refdata.fx import FxTable, Rate, default_rates
from moneytrail.store import models
from moneytrail.store.db import make_engine
from moneytrail.store.migrate import current_revision, head_revision, upgrade
from moneytrail.store.transactions import TX_SCHEMA, TransactionStore

__all__ = ["TX_SCHEMA", "Store", "StoreStatus", "init_store", "open_store"]


class Store:
    def __init__(self, settings: Settings, engine: Engine | None = None) -> None:
        self.settings = settings
        self.engine = engine or make_engine(settings.database_url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(
            self.engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False
        )
        self.transactions = TransactionStore(self)
        self._fx: FxTable | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        """A session for reading (or for explicit commits)."""
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction: committed on success, rolled back on error.

        On SQLite it begins IMMEDIATE (the write lock is taken at the start), so concurrent writers queue
        instead of failing; on PostgreSQL it is an ordinary READ COMMITTED transaction.
        """
        with self._write_sessions() as s, s.begin():
            yield s

    def fx(self) -> FxTable:
        if self._fx is None:
            with self.session() as s:
                rates = [
                    Rate(r.valid_from, r.currency, r.usd_per_unit) for r in s.scalars(select(models.FxRate))
                ]
            self._fx = FxTable(rates or default_rates(), self.settings.base_currency)
        return self._fx

    def import_fx(self, rates: list[Rate]) -> int:
        """Add or replace dated rates."""
        with self.transaction() as s:
            for r in rates:
                s.merge(
                    models.FxRate(currency=r.currency, valid_from=r.valid_from, usd_per_unit=r.usd_per_unit)
                )
        self._fx = None
        return len(rates)

    def close(self) -> None:
        self.engine.dispose()

    # ---- looking at it ------------------------------------------------------------------------

    def status(self) -> StoreStatus:
        counts: dict[str, int] = {}
        with self.session() as s:
            for name in models.WORKFLOW_TABLES:
                table = models.Base.metadata.tables[name]
                counts[name] = int(s.scalar(select(func.count()).select_from(table)) or 0)
        batches = self.transactions.batches()
        counts["transactions"] = sum(b.row_count for b in batches)
        counts["batches"] = len(batches)
        first = min((b.min_ts for b in batches if b.min_ts), default=None)
        last = max((b.max_ts for b in batches if b.max_ts), default=None)
        volume: list[dict[str, Any]] = []
        if counts["transactions"]:
            con = self.transactions.connect()
            rows = con.execute(
                "SELECT currency, count(*) AS n, sum(amount) AS amount, sum(amount_base) AS amount_base "
                "FROM transactions GROUP BY currency ORDER BY amount_base DESC"
            ).fetchall()
            volume = [
                {"currency": c, "transactions": int(n), "amount": float(a), "amount_base": float(b)}
                for c, n, a, b in rows
            ]
            con.close()
        return StoreStatus(
            home=str(self.settings.home),
            database=self.safe_url(),
            counts=counts,
            first=first,
            last=last,
            base_currency=self.settings.base_currency,
            volume_by_currency=volume,
        )

    def _table_arrow(self, table: Table) -> pa.Table:
        """A workflow table as Arrow (JSON columns as JSON text), for DuckDB."""
        with self.engine.connect() as c:
            rows = c.execute(select(table)).all()
        cols: dict[str, list[Any]] = {col.name: [] for col in table.columns}
        names = list(cols)
        for r in rows:
            for k, v in zip(names, r, strict=True):
                cols[k].append(orjson.dumps(v).decode() if isinstance(v, dict | list) else v)
        return pa.table({k: pa.array(v) if v else pa.array([], pa.string()) for k, v in cols.items()})

    def safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def sql(self, query: str, max_rows: int | None = None) -> pa.Table:
        """Run one read-only SQL query in DuckDB over the store.

        ``transactions`` is the Parquet dataset; every workflow table (``parties``, ``reports``...) that the
        query names is loaded into DuckDB for it. Only SELECT (and WITH / EXPLAIN / DESCRIBE) statements run.
        """
        con = duckdb.connect()
        try:
            stmts = con.extract_statements(query)
            if len(stmts) != 1:
                raise MoneytrailError("give exactly one SQL statement")
            kind = str(stmts[0].type).rsplit(".", 1)[-1].upper()
            if kind not in ("SELECT", "EXPLAIN"):
                raise MoneytrailError(
                    f"only read-only queries run here (this is a {kind} statement)",
                    hint="moneytrail sql runs SELECT queries; change data with the other commands",
                )
            self.transactions.connect(con)
            for name, table in models.Base.metadata.tables.items():
                if re.search(rf"\b{re.escape(name)}\b", query, re.IGNORECASE):
                    con.register(f"__{name}", self._table_arrow(table))
                    con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM "__{name}"')
            root = str(self.transactions.root).replace("'", "''")
            con.execute(f"SET allowed_directories = ['{root}']")
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
            table = con.sql(query).to_arrow_table()
            return table.slice(0, max_rows) if max_rows is not None else table
        except duckdb.Error as e:
            raise MoneytrailError(
                f"SQL error: {e}", hint="tables: transactions, " + ", ".join(models.WORKFLOW_TABLES)
            ) from e
        finally:
            con.close()


@dataclass
class StoreStatus:
    home: str
    database: str
    counts: dict[str, int]
    first: datetime | None
    last: datetime | None
    base_currency: str
    volume_by_currency: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "home": self.home,
            "database": self.database,
            "counts": self.counts,
            "date_range": {
                "first": self.first.isoformat() if self.first else None,
                "last": self.last.isoformat() if self.last else None,
            },
            "base_currency": self.base_currency,
            "volume_by_currency": self.volume_by_currency,
        }


def init_store(settings: Settings | None = None) -> Store:
    """Create MONEYTRAIL_HOME, migrate the database to the newest schema, seed reference data. Idempotent."""
    settings = settings or load_settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    for d in (settings.transactions_dir, settings.models_dir, settings.documents_dir):
        d.mkdir(parents=True, exist_ok=True)
    store = Store(settings)
    upgrade(store.engine)
    with store.transaction() as s:
        if not s.scalar(select(func.count()).select_from(models.FxRate)):
            for r in default_rates():
                s.add(
                    models.FxRate(currency=r.currency, valid_from=r.valid_from, usd_per_unit=r.usd_per_unit)
                )
    store.transactions.recover()
    return store


def open_store(settings: Settings | None = None, *, recover: bool = True) -> Store:
    """Open an initialised store; says what to do when it is missing or its schema is behind."""
    settings = settings or load_settings()
    if settings.is_sqlite and not (settings.home / "moneytrail.db").exists():
        raise NotInitialised(
            f"no moneytrail store at {settings.home}",
            hint="run `moneytrail init` (or set MONEYTRAIL_HOME to your store)",
        )
    store = Store(settings)
    try:
        rev = current_revision(store.engine)
    except Exception as e:
        raise NotInitialised(
            f"cannot reach the database {store.safe_url()}: {e}",
            hint="check MONEYTRAIL_DATABASE_URL and that the server is running",
        ) from e
    if rev is None:
        raise NotInitialised(
            f"the database {store.safe_url()} has no moneytrail schema", hint="run `moneytrail init`"
        )
    if rev != head_revision():
        raise NotInitialised(
            f"the database schema is at revision {rev}, this version needs {head_revision()}",
            hint="run `moneytrail init` to migrate (back up first: see docs/operations.md)",
        )
    if recover:
        store.transactions.recover()
    return store
