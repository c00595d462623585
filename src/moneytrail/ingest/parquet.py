"""Transactions in Parquet: moneytrail's own columns, or the AMLworld columns (e.g. a DuckDB conversion)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from sqlalchemy import select

from moneytrail.errors import Problem
from moneytrail.ingest.amlworld import NAMES, Normaliser, type_strings
from moneytrail.ingest.base import IngestContext, IngestResult
from moneytrail.store.models import Institution

# accepted source column names for each field (compared case-insensitively)
ALIASES: dict[str, tuple[str, ...]] = {
    "timestamp": ("timestamp",),
    "from_bank": ("from_bank", "from bank"),
    "from_account": ("from_account", "account"),
    "to_bank": ("to_bank", "to bank"),
    "to_account": ("to_account", "account_1", "account.1", "account:1"),
    "amount_received": ("amount_received", "amount received"),
    "currency_received": ("currency_received", "receiving currency"),
    "amount": ("amount", "amount paid"),
    "currency": ("currency", "payment currency"),
    "payment_format": ("payment_format", "payment format"),
    "is_laundering": ("is_laundering", "is laundering"),
}
OPTIONAL = {"amount_received", "currency_received", "is_laundering"}


class TransactionsParquet:
    name = "parquet"
    description = "transactions in Parquet (moneytrail columns or AMLworld column names)"

    def sniff(self, path: Path, head: bytes) -> bool:
        return head[:4] == b"PAR1"

    def ingest(self, ctx: IngestContext, path: Path, result: IngestResult) -> None:
        file = str(path)
        try:
            pf = pq.ParquetFile(path)
        except (pa.ArrowInvalid, OSError) as e:
            result.add_problem(Problem(file, None, None, f"not a readable Parquet file: {e}"))
            return
        names = pf.schema_arrow.names
        lower = {n.lower(): n for n in reversed(names)}
        source: dict[str, str] = {}
        for field, aliases in ALIASES.items():
            for a in aliases:
                if a in lower and lower[a] not in source.values():
                    source[field] = lower[a]
                    break
        missing = [f for f in NAMES if f not in source and f not in OPTIONAL]
        if missing:
            result.add_problem(
                Problem(
                    file, None, None, f"missing columns: {', '.join(missing)} (found: {', '.join(names)})"
                )
            )
            return
        with ctx.store.session() as s:
            bank_country = {
                i.code.lstrip("0") or "0": i.country for i in s.scalars(select(Institution)) if i.country
            }
        writer = ctx.store.transactions.begin("file", file, result.detail["sha256"], path.stat().st_size)
        norm = Normaliser(ctx.store.fx(), bank_country, writer.batch_id)
        t0 = time.perf_counter()
        row = 0
        try:
            total = max(1, pf.metadata.num_rows)
            size = path.stat().st_size
            for batch in pf.iter_batches(batch_size=256_000, columns=list(dict.fromkeys(source.values()))):
                n = batch.num_rows
                strings = {f: as_text(batch.column(source[f])) for f in NAMES if f in source}
                strings.setdefault("amount_received", strings["amount"])
                strings.setdefault("currency_received", strings["currency"])
                strings.setdefault("is_laundering", pa.array([""] * n, pa.string()))
                problems: list[Problem] = []
                table, lines = type_strings(
                    strings, np.arange(row + 1, row + n + 1, dtype=np.int64), file, problems
                )
                out, good = norm.run(table, lines, file, problems)
                if problems:
                    result.rows_rejected += len({p.line for p in problems})
                    for p in problems:
                        result.add_problem(p)
                        if ctx.rejects is not None:
                            ctx.rejects.write(p, "")
                if not result.problem_count or ctx.skip_bad:
                    writer.write(out if good.all() else out.filter(pa.array(good)))
                row += n
                if ctx.progress:
                    ctx.progress(size * n // total)
            if result.problem_count and not ctx.skip_bad:
                writer.abort()
                result.status = "rejected"
                return
            info = writer.commit()
        except BaseException:
            writer.abort()
            raise
        result.status = "added"
        result.batch_id = info.batch_id
        result.rows_added = info.row_count
        result.detail["parse_seconds"] = round(time.perf_counter() - t0, 3)


def as_text(col: pa.Array) -> pa.Array:
    """Any column as text that ``type_strings`` reads back (timestamps in UTC, ISO form)."""
    if pa.types.is_timestamp(col.type):
        utc = col.cast(pa.timestamp("s", tz="UTC")) if col.type.tz else col.cast(pa.timestamp("s"))
        return pc.strftime(utc, format="%Y-%m-%d %H:%M:%S")
    return pc.cast(col, pa.string())
