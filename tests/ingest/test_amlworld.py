"""AMLworld CSV (and Parquet) ingest: good files, every kind of bad input, --skip-bad, idempotency."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moneytrail.errors import Problem
from moneytrail.generate import WorldSummary
from moneytrail.ingest import ingest_file
from moneytrail.ingest.amlworld import FIELD, NAMES, Normaliser, parse_fast, parse_slow
from moneytrail.store import Store

HEADER = (
    "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,"
    "Payment Currency,Payment Format,Is Laundering"
)
GOOD = [
    "2022/09/01 00:20,10,8000EBD30,10,8000EBD30,3697.34,US Dollar,3697.34,US Dollar,Reinvestment,0",
    "2022/09/01 00:20,3208,8000F4580,1,8000F5340,0.01,US Dollar,0.01,US Dollar,Cheque,0",
    "2022/09/01 00:00,3209,8000F4670,3209,8000F4670,14675.57,US Dollar,14675.57,US Dollar,Reinvestment,0",
    "2022/09/01 00:02,012,8000F5030,012,8000F5030,2806.97,US Dollar,2806.97,US Dollar,Reinvestment,0",
    "2022/09/01 00:06,021174,800737690,012,80011F990,2848.96,Euro,2848.96,Euro,ACH,1",
]


def write(tmp_path: Path, rows: list[str], name: str = "t.csv", header: str = HEADER) -> Path:
    p = tmp_path / name
    p.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return p


def rejected(store: Store, path: Path) -> list[tuple[int | str | None, str | None, str]]:
    r = ingest_file(store, path)
    assert r.status == "rejected", r.as_dict()
    assert store.transactions.count() == 0  # rejected whole: nothing stored
    return [(p.line, p.field, p.reason) for p in r.problems]


def test_good_file_is_stored_with_normalised_columns(sqlite_store: Store, tmp_path: Path) -> None:
    r = ingest_file(sqlite_store, write(tmp_path, GOOD))
    assert r.status == "added" and r.rows_added == 5 and r.problem_count == 0
    rows = sqlite_store.sql("SELECT * FROM transactions ORDER BY source_line").to_pylist()
    assert [x["source_line"] for x in rows] == [2, 3, 4, 5, 6]
    last = rows[-1]
    assert (last["from_bank"], last["to_bank"]) == ("21174", "12")  # leading zeros are not significant
    assert last["currency"] == "EUR" and last["amount_base"] == pytest.approx(2848.96)
    assert last["is_laundering"] == 1 and last["source"] == r.batch_id
    first = rows[0]
    assert first["currency"] == "USD" and first["amount_base"] == pytest.approx(3697.34 * 1.0 / 1.053)
    assert str(first["timestamp"]) == "2022-09-01 00:20:00+00:00"


def test_same_file_twice_adds_nothing(sqlite_store: Store, tmp_path: Path) -> None:
    p = write(tmp_path, GOOD)
    assert ingest_file(sqlite_store, p).status == "added"
    copy = tmp_path / "copy.csv"
    copy.write_bytes(p.read_bytes())
    again = ingest_file(sqlite_store, copy)
    assert again.status == "already-present" and sqlite_store.transactions.count() == 5


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        ("2022/09/01 00:06,1,A,2,B,5.0,Euro,5.0,Euro,ACH", None, "expected 11 fields, found 10"),
        ("2022/09/01 00:06,1,A,2,B,5.0,Euro,5.0,Euro,ACH,0,extra", None, "expected 11 fields, found 12"),
        ("2022/13/01 00:06,1,A,2,B,5.0,Euro,5.0,Euro,ACH,0", "Timestamp", "not a date and time"),
        ("yesterday,1,A,2,B,5.0,Euro,5.0,Euro,ACH,0", "Timestamp", "not a date and time"),
        ("2099/01/01 00:00,1,A,2,B,5.0,Euro,5.0,Euro,ACH,0", "Timestamp", "in the future"),
        (",1,A,2,B,5.0,Euro,5.0,Euro,ACH,0", "Timestamp", "missing date"),
        ("2022/09/01 00:06,1,A,2,B,5.0,Euro,-5.0,Euro,ACH,0", "Amount Paid", "negative amount"),
        ("2022/09/01 00:06,1,A,2,B,abc,Euro,5.0,Euro,ACH,0", "Amount Received", "not a number"),
        ("2022/09/01 00:06,1,A,2,B,5.0,Euro,1e999,Euro,ACH,0", "Amount Paid", "not a finite number"),
        ("2022/09/01 00:06,1,A,2,B,5.0,Euro,,Euro,ACH,0", "Amount Paid", "missing amount"),
        ("2022/09/01 00:06,1,A,2,B,5.0,Euro,5.0,Dollars,ACH,0", "Payment Currency", "unknown currency"),
        ("2022/09/01 00:06,1,A,2,B,5.0,XYZ,5.0,Euro,ACH,0", "Receiving Currency", "unknown currency"),
        (
            "2022/09/01 00:06,1,A,2,B,5.0,Euro,5.0,Euro,Telepathy,0",
            "Payment Format",
            "unknown payment format",
        ),
        ("2022/09/01 00:06,1,,2,B,5.0,Euro,5.0,Euro,ACH,0", "Account (from)", "missing account"),
        ("2022/09/01 00:06,,A,2,B,5.0,Euro,5.0,Euro,ACH,0", "From Bank", "missing bank"),
        ("2022/09/01 00:06,1,A,2,B,5.0,Euro,5.0,Euro,ACH,7", "Is Laundering", "must be 0 or 1"),
    ],
)
def test_bad_row_names_file_line_and_field(
    sqlite_store: Store, tmp_path: Path, row: str, field: str | None, reason: str
) -> None:
    p = write(tmp_path, [*GOOD[:2], row, *GOOD[2:]])
    problems = rejected(sqlite_store, p)
    assert len(problems) == 1, problems
    line, fld, why = problems[0]
    assert line == 4 and fld == field and reason in why
    r = ingest_file(sqlite_store, p)
    assert str(p) in str(r.problems[0]) and ":4" in str(r.problems[0])


def test_every_error_is_listed(sqlite_store: Store, tmp_path: Path) -> None:
    bad = [
        "2022/09/01 00:06,1,A,2,B,5.0,Euro,-1,Euro,ACH,0",
        "2022/09/01 00:06,1,A,2,B,5.0,Euro,5.0,Euro,ACH",
        "nope,1,A,2,B,5.0,Euro,5.0,Euro,ACH,0",
        "2022/09/01 00:06,1,A,2,B,5.0,Peso,5.0,Euro,ACH,0",
    ]
    problems = rejected(sqlite_store, write(tmp_path, [GOOD[0], *bad, GOOD[1]]))
    assert sorted(p[0] for p in problems) == [3, 4, 5, 6]  # type: ignore[type-var]


def test_wrong_columns(sqlite_store: Store, tmp_path: Path) -> None:
    p = write(tmp_path, GOOD, header="Timestamp,From Bank,Account,To Bank,Account,Amount,Currency,Format")
    ((line, _fld, why),) = rejected(sqlite_store, p)
    assert line == 1 and "expected the AMLworld header" in why and "found 'Timestamp,From Bank" in why
    other = write(tmp_path, ["1,2,3"], name="other.csv", header="a,b,c")
    r = ingest_file(sqlite_store, other)
    # not recognised at all: the error lists the formats moneytrail knows
    assert r.status == "rejected" and "unrecognised format" in r.problems[0].reason
    assert "amlworld-csv" in r.problems[0].reason
    p2 = write(tmp_path, GOOD, name="t2.csv", header=HEADER.replace("Amount Paid", "Amount Sent"))
    ((line, _fld, why),) = rejected(sqlite_store, p2)
    assert line == 1 and "expected the AMLworld header" in why


def test_pandas_style_header_is_accepted(sqlite_store: Store, tmp_path: Path) -> None:
    p = write(tmp_path, GOOD, header=HEADER.replace("Account,Amount", "Account.1,Amount"))
    assert ingest_file(sqlite_store, p).status == "added"


def test_empty_and_oversized_files(sqlite_store: Store, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    r = ingest_file(sqlite_store, empty)
    assert r.status == "rejected" and r.problems[0].reason == "the file is empty"
    big = write(tmp_path, GOOD * 100, name="big.csv")
    r = ingest_file(sqlite_store, big, max_bytes=1000)
    assert r.status == "rejected" and "over the limit of 1,000" in r.problems[0].reason
    missing = ingest_file(sqlite_store, tmp_path / "nope.csv")
    assert missing.problems[0].reason == "no such file"


def test_overlong_line_is_rejected(sqlite_store: Store, tmp_path: Path) -> None:
    p = write(tmp_path, [GOOD[0], "2022/09/01 00:06,1," + "A" * (2 << 20) + ",2,B,5,Euro,5,Euro,ACH,0"])
    r = ingest_file(sqlite_store, p, block_bytes=1 << 16)
    assert r.status == "rejected" and r.problems[0].line == 3 and "longer than 1 MiB" in r.problems[0].reason


def test_blank_lines_keep_line_numbers(sqlite_store: Store, tmp_path: Path) -> None:
    p = write(tmp_path, [GOOD[0], "", GOOD[1], "2022/09/01 00:06,1,A,2,B,5.0,Euro,-5,Euro,ACH,0"])
    ((line, field, _),) = rejected(sqlite_store, p)
    assert line == 5 and field == "Amount Paid"


def test_skip_bad_stores_good_rows_and_writes_rejects(sqlite_store: Store, tmp_path: Path) -> None:
    bad = "2022/09/01 00:06,1,A,2,B,5.0,Euro,-5,Euro,ACH,0"
    p = write(tmp_path, [GOOD[0], bad, GOOD[1], "short,row"])
    rejects = tmp_path / "rejects.csv"
    r = ingest_file(sqlite_store, p, skip_bad=rejects)
    assert r.status == "added" and r.rows_added == 2 and r.rows_rejected == 2
    rows = list(csv.DictReader(rejects.open()))
    assert sorted((x["line"], x["field"], x["raw"]) for x in rows) == [
        ("3", "Amount Paid", bad),
        ("5", "", "short,row"),
    ]
    assert all(x["reason"] for x in rows)


def test_many_blocks_and_errors_across_blocks(sqlite_store: Store, tmp_path: Path) -> None:
    rows = [GOOD[i % 5] for i in range(3000)]
    rows[1504] = rows[1504].replace(",Euro,", ",Lira,", 1)
    rows[2999] = "2022/09/01 00:06,1,A,2,B,5.0,Euro,5.0"
    p = write(tmp_path, rows)
    r = ingest_file(sqlite_store, p, block_bytes=4096)
    assert r.status == "rejected"
    assert [x.line for x in r.problems] == [1506, 3001]
    r = ingest_file(sqlite_store, p, skip_bad=tmp_path / "rej.csv", block_bytes=4096)
    assert r.rows_added == 2998 and sqlite_store.transactions.count() == 2998


def test_generated_world_round_trip(sqlite_store: Store, small_world: WorldSummary) -> None:
    assert ingest_file(sqlite_store, small_world.out / "banks.csv").status == "added"
    r = ingest_file(sqlite_store, small_world.out / "transactions.csv")
    assert r.status == "added" and r.rows_added == small_world.transactions
    got = sqlite_store.sql(
        "SELECT count(*) AS n, sum(is_laundering) AS l, count(from_country) AS c FROM transactions"
    ).to_pylist()[0]
    assert got == {"n": small_world.transactions, "l": small_world.laundering, "c": small_world.transactions}


def test_parquet_from_duckdb_conversion(
    sqlite_store: Store, small_world: WorldSummary, tmp_path: Path
) -> None:
    out = tmp_path / "t.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{small_world.out / 'transactions.csv'}')) TO '{out}'")
    r = ingest_file(sqlite_store, out)
    assert r.format == "parquet" and r.status == "added" and r.rows_added == small_world.transactions, (
        r.problems[:3]
    )
    assert (
        sqlite_store.sql("SELECT sum(is_laundering) AS l FROM transactions").to_pylist()[0]["l"]
        == small_world.laundering
    )


def test_store_parquet_ingests_again_elsewhere(
    sqlite_store: Store,
    tmp_path: Path,
    small_world: WorldSummary,
) -> None:
    ingest_file(sqlite_store, small_world.out / "transactions.csv")
    f = sqlite_store.transactions.files()[0]
    n = pq.read_metadata(f).num_rows
    other = tmp_path / "export.parquet"
    other.write_bytes(f.read_bytes())
    from moneytrail.config import Settings, sqlite_url
    from moneytrail.store import init_store

    s2 = init_store(Settings(home=tmp_path / "h2", database_url=sqlite_url(tmp_path / "h2")))
    r = ingest_file(s2, other)
    assert r.status == "added" and r.rows_added == n


def test_bad_parquet(sqlite_store: Store, tmp_path: Path) -> None:
    p = tmp_path / "x.parquet"
    duckdb.sql(f"COPY (SELECT 1 AS a, 'x' AS b) TO '{p}'")
    r = ingest_file(sqlite_store, p)
    assert r.status == "rejected" and "missing columns" in r.problems[0].reason
    p2 = tmp_path / "y.parquet"
    duckdb.sql(
        f"COPY (SELECT TIMESTAMP '2022-09-01 00:00:00' AS \"Timestamp\", '1' AS \"From Bank\", 'A' AS "
        f'"Account", \'2\' AS "To Bank", \'B\' AS "Account_1", -1.0 AS "Amount Paid", \'Euro\' AS '
        f"\"Payment Currency\", 'ACH' AS \"Payment Format\") TO '{p2}'"
    )
    r = ingest_file(sqlite_store, p2)
    assert r.status == "rejected" and (r.problems[0].line, r.problems[0].field) == (1, FIELD["amount"])


# ---- the fast and slow parsers agree ----------------------------------------------------------------

# values that Arrow converts (so the fast path runs) but that break a rule, mixed with good ones;
# values that do not convert at all are covered by the tests above (they always take the slow path)
CELL = {
    "timestamp": st.sampled_from(["2022/09/01 00:06", "2099/01/01 00:00", "2022/09/01 23:59", ""]),
    "from_bank": st.sampled_from(["1", "001", "", "12", " 7", "0"]),
    "from_account": st.sampled_from(["A", "8000EBD30", "", " B "]),
    "to_bank": st.sampled_from(["1", "0", "00", "x"]),
    "to_account": st.sampled_from(["C", "D"]),
    "amount_received": st.sampled_from(["1", "2.5", "-3", "", "1e3", "nan"]),
    "currency_received": st.sampled_from(["Euro", "USD", "Bitcoin", "Lira", ""]),
    "amount": st.sampled_from(["10", "0.01", "-1", "", "inf", "7."]),
    "currency": st.sampled_from(["Euro", "US Dollar", "GBP", "Nope"]),
    "payment_format": st.sampled_from(["ACH", "Wire", "Cash", "cash", "Other"]),
    "is_laundering": st.sampled_from(["0", "1", "", "2"]),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries(CELL), min_size=1, max_size=12))
def test_fast_and_slow_paths_agree(sqlite_store: Store, rows: list[dict[str, str]]) -> None:
    block = ("\n".join(",".join(r[n] for n in NAMES) for r in rows) + "\n").encode()
    norm = Normaliser(sqlite_store.fx(), {"1": "MT"}, "b1")
    slow_problems: list[Problem] = []
    t, lines = parse_slow(block, 2, "f", slow_problems)
    slow_out, slow_good = norm.run(t, lines, "f", slow_problems)
    fast = parse_fast(block)
    assert fast is not None

    fast_problems: list[Problem] = []
    fast_out, fast_good = norm.run(fast, np.arange(2, 2 + fast.num_rows), "f", fast_problems)
    assert key(fast_problems) == key(slow_problems)
    assert fast_out.filter(fast_good).to_pylist() == slow_out.filter(slow_good).to_pylist()


def key(problems: list[Problem]) -> list[tuple[int | str | None, str | None, str]]:
    return sorted((p.line, p.field, p.reason) for p in problems)
