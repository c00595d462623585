"""AMLworld transaction CSVs (the IBM synthetic AML layout), streamed, validated, stored.

The file is read in blocks of whole lines. Each block is parsed by Arrow's multi-threaded CSV reader
straight into typed columns (the fast path). A block that Arrow cannot parse (a wrong number of fields,
a bad number or date, a blank line) is parsed again line by line as text (the slow path), so that every
bad row is found and named by its line. Both paths end in the same checks (``check_rows``), which
report each problem as file, line, field and reason.
"""

from __future__ import annotations

import csv
import hashlib
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from sqlalchemy import select

from moneytrail.errors import Problem
from moneytrail.ingest.base import IngestContext, IngestResult
from moneytrail.refdata import PAYMENT_FORMATS, normalise_currency
from moneytrail.refdata.fx import FxTable
from moneytrail.store.models import Institution
from moneytrail.store.transactions import BatchConflict

HEADER = (
    "Timestamp",
    "From Bank",
    "Account",
    "To Bank",
    "Account",
    "Amount Received",
    "Receiving Currency",
    "Amount Paid",
    "Payment Currency",
    "Payment Format",
    "Is Laundering",
)
NAMES = (
    "timestamp",
    "from_bank",
    "from_account",
    "to_bank",
    "to_account",
    "amount_received",
    "currency_received",
    "amount",
    "currency",
    "payment_format",
    "is_laundering",
)
# what a person calls each column in an error message: the header's own words
FIELD = dict(
    zip(
        NAMES,
        (
            "Timestamp",
            "From Bank",
            "Account (from)",
            "To Bank",
            "Account (to)",
            "Amount Received",
            "Receiving Currency",
            "Amount Paid",
            "Payment Currency",
            "Payment Format",
            "Is Laundering",
        ),
        strict=True,
    )
)
TS_FORMATS = (
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
)
TYPES: dict[str, pa.DataType] = {
    "timestamp": pa.timestamp("s"),
    "from_bank": pa.dictionary(pa.int32(), pa.string()),
    "from_account": pa.string(),
    "to_bank": pa.dictionary(pa.int32(), pa.string()),
    "to_account": pa.string(),
    "amount_received": pa.float64(),
    "currency_received": pa.dictionary(pa.int32(), pa.string()),
    "amount": pa.float64(),
    "currency": pa.dictionary(pa.int32(), pa.string()),
    "payment_format": pa.dictionary(pa.int32(), pa.string()),
    "is_laundering": pa.int8(),
}
MAX_LINE = 1 << 20
# what Arrow's float parser accepts; inf and nan parse here and are refused by the rules ("not finite")
NUMBER_RE = r"(?i)^\s*[+-]?((\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?|inf|infinity|nan)\s*$"
FUTURE_SLACK = timedelta(days=1)


class AmlworldCsv:
    hashes_while_reading = True
    name = "amlworld-csv"
    description = "IBM AMLworld transactions CSV (Timestamp,From Bank,Account,...,Is Laundering)"

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
        return first.replace('"', "").lower().startswith("timestamp,from bank")

    def ingest(self, ctx: IngestContext, path: Path, result: IngestResult) -> None:
        ingest_csv(ctx, path, result)


def header_problem(line: str) -> str | None:
    try:
        cols = [c.strip().strip('"').lower() for c in next(csv.reader([line.strip("\r\n")]), [])]
    except csv.Error:
        cols = []
    want = [h.lower() for h in HEADER]
    if cols[4:5] == ["account.1"]:  # pandas' rename of the duplicated header
        cols[4] = "account"
    if cols == want:
        return None
    return f"expected the AMLworld header {','.join(HEADER)!r}, found {line.strip()[:300]!r}"


def blocks(
    path: Path, block_bytes: int, start: int, digest: Any | None = None
) -> Iterator[tuple[int, bytes, int]]:
    """(first line number, bytes of whole lines, bytes consumed) from byte offset ``start`` (line 2).

    With ``digest`` (a hashlib object), every byte read is hashed too.
    """
    line = 2
    with open(path, "rb") as f:
        f.seek(start)
        carry = b""
        while True:
            chunk = f.read(block_bytes)
            if digest is not None and chunk:
                digest.update(chunk)
            if not chunk:
                if carry:
                    yield line, carry if carry.endswith(b"\n") else carry + b"\n", len(carry)
                return
            data = carry + chunk
            cut = data.rfind(b"\n")
            if cut < 0:
                if len(data) > MAX_LINE:
                    raise LineTooLong(line)
                carry = data
                continue
            body, carry = data[: cut + 1], data[cut + 1 :]
            if len(carry) > MAX_LINE:
                raise LineTooLong(line + body.count(b"\n"))
            yield line, body, len(body)
            line += body.count(b"\n")


class LineTooLong(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def parse_fast(block: bytes) -> pa.Table | None:
    """Typed columns straight from Arrow's CSV reader; None when the block needs the slow path."""
    if b"\n\n" in block or b"\r\n\r\n" in block or block.startswith((b"\n", b"\r\n")):
        return None  # blank lines would shift the line numbers
    try:
        return pacsv.read_csv(
            pa.py_buffer(block),
            read_options=pacsv.ReadOptions(column_names=list(NAMES), use_threads=True, block_size=4 << 20),
            parse_options=pacsv.ParseOptions(newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types=TYPES,
                timestamp_parsers=list(TS_FORMATS),
                strings_can_be_null=False,
                null_values=[""],
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def parse_slow(
    block: bytes, first_line: int, file: str, problems: list[Problem]
) -> tuple[pa.Table, npt.NDArray[np.int64]]:
    """Line by line: wrong field counts and unparseable values become problems; the rest is typed."""
    cols: list[list[str]] = [[] for _ in NAMES]
    lines: list[int] = []
    text = block.decode("utf-8", errors="replace")
    for i, raw in enumerate(text.split("\n")[:-1]):
        ln = first_line + i
        row = raw.rstrip("\r")
        if not row.strip():
            continue
        fields = next(csv.reader([row]))
        if len(fields) != len(NAMES):
            problems.append(Problem(file, ln, None, f"expected {len(NAMES)} fields, found {len(fields)}"))
            continue
        for c, v in zip(cols, fields, strict=True):
            c.append(v)
        lines.append(ln)
    strings = {n: pa.array(c, pa.string()) for n, c in zip(NAMES, cols, strict=True)}
    return type_strings(strings, np.array(lines, dtype=np.int64), file, problems)


def type_strings(
    s: dict[str, pa.Array], line_arr: npt.NDArray[np.int64], file: str, problems: list[Problem]
) -> tuple[pa.Table, npt.NDArray[np.int64]]:
    """Text columns to the types of the fast path; a value that does not convert is a problem."""
    n = len(line_arr)
    bad = np.zeros(n, dtype=bool)

    def flag(mask: npt.NDArray[np.bool_], name: str, reason: str) -> None:
        for j in np.flatnonzero(mask & ~bad):
            problems.append(Problem(file, int(line_arr[j]), FIELD[name], reason, str(s[name][j].as_py())))
        bad[:] |= mask

    def np_bool(a: pa.Array | pa.ChunkedArray) -> npt.NDArray[np.bool_]:
        return np.asarray(pc.fill_null(a, False).to_numpy(zero_copy_only=False), dtype=bool)

    ts: pa.Array = pa.nulls(n, pa.timestamp("s"))
    stripped = pc.utf8_trim_whitespace(s["timestamp"])
    for fmt in TS_FORMATS:
        ts = pc.coalesce(ts, pc.strptime(stripped, format=fmt, unit="s", error_is_null=True))
    flag(
        np_bool(pc.not_equal(stripped, "")) & np_bool(pc.is_null(ts)),
        "timestamp",
        "not a date and time like 2022/09/01 00:06",
    )
    typed: dict[str, Any] = {"timestamp": ts}
    for name in ("amount_received", "amount"):
        txt = pc.utf8_trim_whitespace(s[name])
        ok = np_bool(pc.match_substring_regex(txt, NUMBER_RE))
        flag(np_bool(pc.not_equal(txt, "")) & ~ok, name, "not a number")
        typed[name] = pc.cast(pc.if_else(pa.array(ok), txt, pa.scalar(None, pa.string())), pa.float64())
    lab = pc.utf8_trim_whitespace(s["is_laundering"])
    ok = np_bool(pc.match_substring_regex(lab, r"^-?\d{0,3}$"))  # 0/1 is checked with the other rules
    flag(~ok, "is_laundering", "must be 0 or 1")
    present = ok & np_bool(pc.not_equal(lab, ""))
    typed["is_laundering"] = pc.cast(
        pc.if_else(pa.array(present), lab, pa.scalar(None, pa.string())), pa.int8()
    )
    for name in ("from_bank", "from_account", "to_bank", "to_account"):
        typed[name] = s[name]
    for name in ("currency_received", "currency", "payment_format"):
        typed[name] = pc.dictionary_encode(s[name])
    keep = np.flatnonzero(~bad)
    table = pa.table({k: typed[k] for k in NAMES}).take(pa.array(keep))
    return table, line_arr[keep]


def dict_codes(col: pa.Array | pa.ChunkedArray) -> tuple[npt.NDArray[np.int32], list[str | None]]:
    """(indices with -1 for null, dictionary values) of a string or dictionary column."""
    if isinstance(col, pa.ChunkedArray):
        col = (
            col.unify_dictionaries().combine_chunks()
            if pa.types.is_dictionary(col.type)
            else col.combine_chunks()
        )
    if not pa.types.is_dictionary(col.type):
        col = pc.dictionary_encode(col)
    idx = pc.fill_null(col.indices, -1).to_numpy(zero_copy_only=False).astype(np.int32)
    return idx, col.dictionary.to_pylist()


def remap(idx: npt.NDArray[np.int32], values: list[str | None]) -> pa.DictionaryArray:
    """A dictionary array whose row i is ``values[idx[i]]`` (null where idx is -1 or the value is None)."""
    uniq = sorted({v for v in values if v is not None})
    pos = {v: i for i, v in enumerate(uniq)}
    table = np.array([pos[v] if v is not None else -1 for v in values] + [-1], dtype=np.int32)
    out = table[idx]
    return pa.DictionaryArray.from_arrays(pa.array(out, mask=out < 0), pa.array(uniq, pa.string()))


def _value_at(idx: npt.NDArray[np.int32], values: list[str | None], j: int) -> str | None:
    return values[idx[j]] if idx[j] >= 0 else None


class Normaliser:
    """Maps a parsed block onto the transaction schema and checks it, with one set of rules for both paths.

    Low-cardinality columns (banks, currencies, formats, countries) stay dictionary-encoded all the way to
    Parquet, so every per-value rule (trim, leading zeros, ISO mapping, country lookup) runs once per
    distinct value, not once per row.
    """

    def __init__(self, fx: FxTable, bank_country: dict[str, str], source: str) -> None:
        self.fx = fx
        self.bank_country = bank_country
        self.source = pa.array([source], pa.string())
        self.now = datetime.now(UTC)
        self.formats = {f.lower(): f for f in PAYMENT_FORMATS}

    def run(
        self, t: pa.Table, lines: npt.NDArray[np.int64], file: str, problems: list[Problem]
    ) -> tuple[pa.Table, npt.NDArray[np.bool_]]:
        """The block in the transaction schema, and a mask of its good rows (problems appended)."""
        n = t.num_rows
        bad = np.zeros(n, dtype=bool)

        def flag(
            mask: npt.NDArray[np.bool_], name: str, reason: str, value: Callable[[int], Any] | None = None
        ) -> None:
            idx = np.flatnonzero(mask)  # every problem of every row is listed
            col = t.column(name)
            for j in idx:
                v = value(int(j)) if value is not None else col[int(j)].as_py()
                problems.append(
                    Problem(file, int(lines[j]), FIELD[name], reason, None if v is None else str(v))
                )
            bad[:] |= mask

        ts = t.column("timestamp")
        tsn = pc.fill_null(pc.cast(ts, pa.int64()), 0).to_numpy(zero_copy_only=False)
        if ts.null_count:
            flag(pc.is_null(ts).to_numpy(zero_copy_only=False), "timestamp", "missing date and time")
        has_ts = pc.is_valid(ts).to_numpy(zero_copy_only=False)
        latest = int((self.now + FUTURE_SLACK).timestamp())
        flag(has_ts & (tsn > latest), "timestamp", "date is in the future")
        flag(has_ts & (tsn < 0), "timestamp", "date is before 1970")

        out: dict[str, Any] = {"timestamp": ts.cast(pa.timestamp("us", tz="UTC"))}
        countries: dict[str, pa.DictionaryArray] = {}
        for name in ("from_bank", "to_bank"):
            idx, vals = dict_codes(t.column(name))
            clean = [None if v is None else v.strip() for v in vals]
            clean = [None if v is None or v == "" else (v.lstrip("0") or "0") for v in clean]
            missing = np.array([v is None for v in clean] + [True], dtype=bool)
            flag(missing[idx], name, "missing bank")
            out[name] = remap(idx, clean)
            countries[name] = remap(idx, [None if v is None else self.bank_country.get(v) for v in clean])
        for name in ("from_account", "to_account"):
            col = pc.utf8_trim_whitespace(t.column(name))
            if pc.any(pc.equal(col, "")).as_py() or col.null_count:
                flag(
                    pc.fill_null(pc.equal(col, ""), True).to_numpy(zero_copy_only=False),
                    name,
                    "missing account",
                )
            out[name] = col

        for name in ("amount", "amount_received"):
            a = t.column(name)
            arr = pc.fill_null(a, np.nan).to_numpy(zero_copy_only=False)
            if a.null_count:
                flag(pc.is_null(a).to_numpy(zero_copy_only=False), name, "missing amount")
            present = pc.is_valid(a).to_numpy(zero_copy_only=False)
            flag(present & ~np.isfinite(arr), name, "not a finite number")
            flag(present & (arr < 0), name, "negative amount")
            out[name] = arr

        codes: dict[str, tuple[npt.NDArray[np.int32], list[str | None]]] = {}
        for name in ("currency", "currency_received"):
            idx, vals = dict_codes(t.column(name))
            mapped = [None if v is None else normalise_currency(v) for v in vals]
            unknown = np.array([m is None for m in mapped] + [True], dtype=bool)
            flag(
                unknown[idx],
                name,
                "unknown currency (use an ISO 4217 code or an AMLworld currency name)",
                partial(_value_at, idx, vals),
            )
            codes[name] = (idx, mapped)
            out[name] = remap(idx, mapped)

        fidx, fvals = dict_codes(t.column("payment_format"))
        fnames = [None if v is None else self.formats.get(v.strip().lower()) for v in fvals]
        unknown = np.array([v is None for v in fnames] + [True], dtype=bool)
        flag(
            unknown[fidx],
            "payment_format",
            f"unknown payment format (expected one of {', '.join(PAYMENT_FORMATS)})",
            lambda j: fvals[fidx[j]] if fidx[j] >= 0 else None,
        )
        out["payment_format"] = remap(fidx, fnames)

        idx, names = codes["currency"]
        base = self.fx.convert_coded(out["amount"], idx, names, tsn // 86_400)
        no_rate = np.isnan(base) & ~bad
        for j in np.flatnonzero(no_rate):
            problems.append(
                Problem(
                    file,
                    int(lines[j]),
                    FIELD["currency"],
                    f"no exchange rate for {names[idx[j]]} on that date "
                    "(load rates with `moneytrail fx import`)",
                    names[idx[j]],
                )
            )
        bad |= no_rate
        out["amount_base"] = base
        out["from_country"] = countries["from_bank"]
        out["to_country"] = countries["to_bank"]
        lab = t.column("is_laundering")
        labn = pc.fill_null(lab, 0).to_numpy(zero_copy_only=False)
        flag((labn != 0) & (labn != 1), "is_laundering", "must be 0 or 1")
        out["is_laundering"] = lab
        out["source"] = pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int32)), self.source)
        out["source_line"] = lines
        return pa.table(out), ~bad


def ingest_csv(ctx: IngestContext, path: Path, result: IngestResult) -> None:
    file = str(path)
    store = ctx.store
    with open(path, "rb") as f:
        head = f.readline(MAX_LINE + 1)
    if len(head) > MAX_LINE:
        result.add_problem(Problem(file, 1, None, "the header line is longer than 1 MiB"))
        return
    problem = header_problem(head.lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace"))
    if problem:
        result.add_problem(Problem(file, 1, None, problem))
        return
    with store.session() as s:
        bank_country = {
            i.code.lstrip("0") or "0": i.country for i in s.scalars(select(Institution)) if i.country
        }
    known = result.detail.get("sha256")
    digest = None if known else hashlib.sha256(head)
    writer = store.transactions.begin("file", file, known or "", path.stat().st_size)
    norm = Normaliser(store.fx(), bank_country, writer.batch_id)
    t0 = time.perf_counter()
    try:
        for first_line, block, consumed in blocks(path, ctx.block_bytes, len(head), digest):
            problems: list[Problem] = []
            table = parse_fast(block)
            if table is not None:
                lines = np.arange(first_line, first_line + table.num_rows, dtype=np.int64)
            else:
                table, lines = parse_slow(block, first_line, file, problems)
            out, good = norm.run(table, lines, file, problems)
            if problems:
                record_problems(ctx, result, problems, block, first_line)
            if result.problem_count and not ctx.skip_bad:
                pass  # keep scanning so that every error is listed; nothing will be committed
            else:
                writer.write(out if good.all() else out.filter(pa.array(good)))
            if ctx.progress:
                ctx.progress(consumed)
        if result.problem_count and not ctx.skip_bad:
            writer.abort()
            result.status = "rejected"
            return
        if digest is not None:
            result.detail["sha256"] = digest.hexdigest()
        info = writer.commit(result.detail["sha256"])
    except BatchConflict:
        result.status = "already-present"
        return
    except LineTooLong as e:
        writer.abort()
        result.add_problem(
            Problem(file, e.line, None, "line is longer than 1 MiB: is this a transactions CSV?")
        )
        result.status = "rejected"
        return
    except BaseException:
        writer.abort()
        raise
    result.status = "added"
    result.batch_id = info.batch_id
    result.rows_added = info.row_count
    result.detail["parse_seconds"] = round(time.perf_counter() - t0, 3)


def record_problems(
    ctx: IngestContext, result: IngestResult, problems: list[Problem], block: bytes, first_line: int
) -> None:
    """Count and keep a block's problems; with ``--skip-bad``, write each with its raw line."""
    result.rows_rejected += len({p.line for p in problems})
    text = block.decode("utf-8", errors="replace").split("\n") if ctx.rejects is not None else []
    for p in problems:
        result.add_problem(p)
        if ctx.rejects is not None:
            raw = text[p.line - first_line].rstrip("\r") if isinstance(p.line, int) else ""
            ctx.rejects.write(p, raw)
