"""The columnar half of the store: transactions as a Parquet dataset, made visible by a manifest.

Layout: ``MONEYTRAIL_HOME/transactions/month=YYYY-MM/<batch>-<n>.parquet`` (Hive partitioning, readable
by DuckDB, Spark, Polars and pyarrow as it is).

Visibility protocol (a crash leaves the whole batch or nothing):

1. ``begin``: a *pending* manifest row is committed and the batch's lock file is flock-ed;
2. ``write``: rows go to hidden files (``.<batch>-<month>.parquet.tmp``) that no reader lists;
3. ``commit``: the files are closed and fsynced, then one database transaction marks the row
   *committed* with its file list, row count and content hash; only now is the batch visible;
4. the hidden files are renamed to their final names and the directories fsynced.

Recovery (run whenever the store opens for writing): a committed batch whose files are still hidden is
rolled forward (step 4 again); a pending batch whose writer is gone (its lock is free) is rolled back
(hidden files deleted, row removed). Readers list files from committed manifest rows only, and accept a
hidden name for a committed file that has not been renamed yet.

Transaction ids are ``batch number << 32 | row``: unique, and assigned with no coordination.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from moneytrail.errors import MoneytrailError
from moneytrail.store.models import TxBatch, utcnow

if TYPE_CHECKING:
    from moneytrail.store import Store

DICT = pa.dictionary(pa.int32(), pa.string())
TX_SCHEMA = pa.schema(
    [
        pa.field("tx_id", pa.int64(), nullable=False),
        pa.field("timestamp", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("from_bank", DICT, nullable=False),
        pa.field("from_account", pa.string(), nullable=False),
        pa.field("to_bank", DICT, nullable=False),
        pa.field("to_account", pa.string(), nullable=False),
        pa.field("amount", pa.float64(), nullable=False),
        pa.field("currency", DICT, nullable=False),
        pa.field("amount_received", pa.float64()),
        pa.field("currency_received", DICT),
        pa.field("amount_base", pa.float64(), nullable=False),
        pa.field("payment_format", DICT, nullable=False),
        pa.field("from_country", DICT),
        pa.field("to_country", DICT),
        pa.field("is_laundering", pa.int8()),
        pa.field("source", DICT, nullable=False),
        pa.field("source_line", pa.int64()),
    ]
)
"""Every transaction, whatever it came from. ``amount`` is what the payer paid, in ``currency``;
``amount_base`` is the same in the store's base currency (dated FX); ``source`` is the batch or report
that brought it, ``source_line`` the line (or position) in that source. Low-cardinality text columns are
dictionary-encoded (Parquet readers see plain strings)."""

STATS_COLUMNS = [
    "tx_id",
    "timestamp",
    "amount",
    "amount_base",
    "from_bank",
    "to_bank",
    "currency",
    "payment_format",
    "source",
]
DICT_COLUMNS = [f.name for f in TX_SCHEMA if pa.types.is_dictionary(f.type)] + ["from_account", "to_account"]

INPUT_SCHEMA = pa.schema([f for f in TX_SCHEMA if f.name != "tx_id"])
ROW_BITS = 32


class BatchConflict(MoneytrailError):
    pass


@dataclass(frozen=True)
class BatchInfo:
    batch_id: str
    number: int
    kind: str
    source_name: str
    content_hash: str
    row_count: int
    files: tuple[str, ...]
    min_ts: datetime | None
    max_ts: datetime | None
    committed_at: datetime | None

    @staticmethod
    def of(b: TxBatch) -> BatchInfo:
        return BatchInfo(
            b.batch_id,
            b.id,
            b.kind,
            b.source_name,
            b.content_hash,
            b.row_count,
            tuple(b.files or ()),
            b.min_ts,
            b.max_ts,
            b.committed_at,
        )


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _from_us(v: int | None) -> datetime | None:
    return None if v is None else datetime.fromtimestamp(v / 1e6, UTC)


def hidden_name(final: str) -> str:
    """``month=2025-09/b000012-0.parquet`` → ``month=2025-09/.b000012-0.parquet.tmp``"""
    d, _, name = final.rpartition("/")
    return f"{d}/.{name}.tmp" if d else f".{name}.tmp"


class BatchWriter:
    """Writes one batch of transactions; use as a context manager (an exception aborts the batch)."""

    def __init__(self, txs: TransactionStore, row: TxBatch, lock_fd: int) -> None:
        self._txs = txs
        self.batch_id = row.batch_id
        self.number = row.id
        self.kind = row.kind
        self.source_name = row.source_name
        self.content_hash = row.content_hash
        self._lock_fd = lock_fd
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._files: dict[str, str] = {}  # month -> final relative path
        self.rows = 0
        self._min: int | None = None
        self._max: int | None = None
        self._done = False
        # Parquet encoding runs in a background thread (it releases the GIL), overlapping the caller's
        # parsing of the next block; one write is in flight at a time, so rows stay in order.
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"write-{self.batch_id}")
        self._pending: Future[None] | None = None

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if not self._done:
            self.abort()

    def write(self, table: pa.Table) -> None:
        """Append rows (columns of ``INPUT_SCHEMA``, any order; missing nullable columns become null).

        Returns once the rows are handed to the writer thread; errors surface on the next call or commit.
        """
        n = table.num_rows
        if n == 0:
            return
        if self.rows + n >= 1 << ROW_BITS:
            raise MoneytrailError(f"batch {self.batch_id} exceeds {1 << ROW_BITS} rows; split the input")
        ids = pa.array(np.arange(self.rows, self.rows + n, dtype=np.int64) | (self.number << ROW_BITS))
        cols = []
        for f in TX_SCHEMA:
            if f.name == "tx_id":
                cols.append(ids)
            elif f.name in table.column_names:
                cols.append(table.column(f.name).cast(f.type))
            elif f.nullable:
                cols.append(pa.nulls(n, f.type))
            else:
                raise ValueError(f"missing column {f.name}")
        t = pa.Table.from_arrays(cols, schema=TX_SCHEMA)
        ts = t.column("timestamp").combine_chunks().cast(pa.int64()).to_numpy()
        lo, hi = int(ts.min()), int(ts.max())
        self._min = lo if self._min is None else min(self._min, lo)
        self._max = hi if self._max is None else max(self._max, hi)
        month = ts.astype("datetime64[us]").astype("datetime64[M]")
        months = np.unique(month)
        parts = [(str(m), t if months.shape[0] == 1 else t.filter(pa.array(month == m))) for m in months]
        writers = [(self._writer(m), part) for m, part in parts]
        self._wait()
        self._pending = self._pool.submit(self._write_parts, writers)
        self.rows += n

    @staticmethod
    def _write_parts(writers: list[tuple[pq.ParquetWriter, pa.Table]]) -> None:
        for w, part in writers:
            w.write_table(part)

    def _wait(self) -> None:
        if self._pending is not None:
            f, self._pending = self._pending, None
            f.result()

    def _writer(self, month: str) -> pq.ParquetWriter:
        w = self._writers.get(month)
        if w is None:
            rel = f"month={month}/{self.batch_id}-{len(self._files)}.parquet"
            path = self._txs.root / hidden_name(rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            w = pq.ParquetWriter(
                path,
                TX_SCHEMA,
                compression="zstd",
                compression_level=1,
                use_dictionary=DICT_COLUMNS,
                write_statistics=STATS_COLUMNS,
            )
            self._writers[month] = w
            self._files[month] = rel
        return w

    def commit(
        self, content_hash: str | None = None, also: Callable[[Session], None] | None = None
    ) -> BatchInfo:
        """Make the batch visible (or raise ``BatchConflict`` if the same content was committed meanwhile).

        ``content_hash``: the source's SHA-256 when it was computed while reading (not known at ``begin``).
        ``also``: more work for the same database transaction (e.g. the parties a file brings), so that the
        file's records and its transactions become visible together or not at all.
        """
        if content_hash is not None:
            self.content_hash = content_hash
        if not self.content_hash:
            self.abort()
            raise ValueError("a batch needs its content hash to commit")
        try:
            self._wait()
        except BaseException:
            self.abort()
            raise
        self._pool.shutdown()
        for w in self._writers.values():
            w.close()
        root = self._txs.root
        dirs = set()
        for rel in self._files.values():
            p = root / hidden_name(rel)
            _fsync_file(p)
            dirs.add(p.parent)
        for d in dirs:
            _fsync_dir(d)
        files = sorted(self._files.values())
        try:
            with self._txs.store.transaction() as s:
                try:
                    s.execute(
                        update(TxBatch)
                        .where(TxBatch.batch_id == self.batch_id)
                        .values(
                            status="committed",
                            content_hash=self.content_hash,
                            row_count=self.rows,
                            files=files,
                            min_ts=_from_us(self._min),
                            max_ts=_from_us(self._max),
                            committed_at=utcnow(),
                        )
                    )
                except IntegrityError as e:
                    raise BatchConflict(
                        f"{self.source_name}: the same content was committed by another process",
                        hint="nothing was added twice",
                    ) from e
                if also is not None:
                    also(s)
        except BaseException:
            self.abort()
            raise
        self._done = True
        self._txs._roll_forward(files)
        self._release()
        with self._txs.store.session() as s:
            row = s.scalars(select(TxBatch).where(TxBatch.batch_id == self.batch_id)).one()
            return BatchInfo.of(row)

    def abort(self) -> None:
        # the batch is being thrown away: a write error or a half-written file does not matter any more
        with contextlib.suppress(Exception):
            self._wait()
        self._pool.shutdown()
        for w in self._writers.values():
            with contextlib.suppress(Exception):
                w.close()
        for rel in self._files.values():
            (self._txs.root / hidden_name(rel)).unlink(missing_ok=True)
        with self._txs.store.transaction() as s:
            s.execute(delete(TxBatch).where(TxBatch.batch_id == self.batch_id, TxBatch.status == "pending"))
        self._done = True
        self._release()

    def _release(self) -> None:
        if self._lock_fd >= 0:
            os.close(self._lock_fd)  # closing releases the flock
            (self._txs.locks / f"{self.batch_id}.lock").unlink(missing_ok=True)
            self._lock_fd = -1


class TransactionStore:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.root = store.settings.transactions_dir
        self.locks = self.root / "_locks"

    # ---- writing ----------------------------------------------------------------------------

    def begin(
        self, kind: str, source_name: str, content_hash: str = "", source_bytes: int | None = None
    ) -> BatchWriter:
        """Start a batch; ``content_hash`` may be given now or to ``commit`` (hashing while reading)."""
        self.locks.mkdir(parents=True, exist_ok=True)
        with self.store.transaction() as s:
            row = TxBatch(
                batch_id=f"tmp-{uuid.uuid4().hex[:24]}",
                kind=kind,
                source_name=source_name[:1024],
                content_hash=content_hash,
                status="pending",
                source_bytes=source_bytes,
                files=[],
                pid=os.getpid(),
                host=socket.gethostname(),
            )
            s.add(row)
            s.flush()
            row.batch_id = f"b{row.id:07d}"
            batch_id, number = row.batch_id, row.id
        fd = os.open(self.locks / f"{batch_id}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        with self.store.session() as s:
            row = s.scalars(select(TxBatch).where(TxBatch.id == number)).one()
            s.expunge(row)
        return BatchWriter(self, row, fd)

    def find(self, content_hash: str) -> BatchInfo | None:
        """The committed batch with this content, if any (idempotent ingest)."""
        with self.store.session() as s:
            row = s.scalars(
                select(TxBatch).where(TxBatch.content_hash == content_hash, TxBatch.status == "committed")
            ).first()
            return BatchInfo.of(row) if row else None

    def sizes_seen(self, source_bytes: int) -> bool:
        """Whether a committed batch came from a source of exactly this many bytes (then hash first)."""
        with self.store.session() as s:
            return (
                s.scalars(
                    select(TxBatch.id).where(
                        TxBatch.source_bytes == source_bytes, TxBatch.status == "committed"
                    )
                ).first()
                is not None
            )

    def write_table(self, table: pa.Table, kind: str, source_name: str, content_hash: str) -> BatchInfo:
        """One call: a whole table as one batch."""
        with self.begin(kind, source_name, content_hash) as w:
            w.write(table)
            return w.commit()

    # ---- recovery ---------------------------------------------------------------------------

    def _roll_forward(self, files: Sequence[str]) -> None:
        dirs = set()
        for rel in files:
            final = self.root / rel
            hidden = self.root / hidden_name(rel)
            if not final.exists() and hidden.exists():
                with contextlib.suppress(FileNotFoundError):  # another process renamed it first
                    os.replace(hidden, final)
                dirs.add(final.parent)
        for d in dirs:
            _fsync_dir(d)

    def recover(self) -> dict[str, int]:
        """Finish committed batches, undo abandoned pending ones. Returns counts of what was done."""
        done = {"rolled_forward": 0, "rolled_back": 0}
        if not self.root.exists():
            return done
        with self.store.session() as s:
            batches = list(s.scalars(select(TxBatch)))
        for b in batches:
            if b.status == "committed":
                missing = [f for f in (b.files or []) if not (self.root / f).exists()]
                if missing:
                    self._roll_forward(missing)
                    done["rolled_forward"] += 1
                continue
            lock = self.locks / f"{b.batch_id}.lock"
            self.locks.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o600)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # its writer is alive
                for p in self.root.glob(f"month=*/.{b.batch_id}-*.parquet.tmp"):
                    p.unlink(missing_ok=True)
                with self.store.transaction() as s2:
                    s2.execute(delete(TxBatch).where(TxBatch.id == b.id, TxBatch.status == "pending"))
                done["rolled_back"] += 1
            finally:
                os.close(fd)
                lock.unlink(missing_ok=True)
        return done

    # ---- reading ----------------------------------------------------------------------------

    def batches(self) -> list[BatchInfo]:
        with self.store.session() as s:
            rows = s.scalars(select(TxBatch).where(TxBatch.status == "committed").order_by(TxBatch.id))
            return [BatchInfo.of(b) for b in rows]

    def files(self) -> list[Path]:
        """Every visible Parquet file (committed batches only)."""
        out = []
        for b in self.batches():
            for rel in b.files:
                final = self.root / rel
                out.append(final if final.exists() else self.root / hidden_name(rel))
        return out

    def connect(self, con: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with a ``transactions`` view over every visible file."""
        con = con or duckdb.connect()
        files = [str(p) for p in self.files()]
        if files:
            listing = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
            con.execute(f"CREATE OR REPLACE VIEW transactions AS SELECT * FROM read_parquet([{listing}])")
        else:
            empty = TX_SCHEMA.empty_table()  # noqa: F841 - referenced by name in the SQL below
            con.execute("CREATE OR REPLACE TABLE transactions AS SELECT * FROM empty")
        return con

    def read(self, columns: Sequence[str] | None = None, where: str | None = None) -> pa.Table:
        """Transactions as an Arrow table (optionally a column subset and a DuckDB WHERE clause)."""
        con = self.connect()
        cols = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        q = f"SELECT {cols} FROM transactions" + (f" WHERE {where}" if where else "") + " ORDER BY tx_id"
        return con.execute(q).to_arrow_table()

    def count(self) -> int:
        return sum(b.row_count for b in self.batches())
