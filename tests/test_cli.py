"""The command line, run as a person runs it: a real process, real files, exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from followthemoney import model

from moneytrail.generate import WorldSummary


def run(home: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MONEYTRAIL_HOME": str(home), "COLUMNS": "200"}
    env.pop("MONEYTRAIL_DATABASE_URL", None)
    p = subprocess.run(
        [sys.executable, "-m", "moneytrail", *args], env=env, capture_output=True, text=True, timeout=300
    )
    if ok:
        assert p.returncode == 0, p.stderr + p.stdout
    return p


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_uninitialised_store_says_what_to_do(home: Path) -> None:
    p = run(home, "status", ok=False)
    assert p.returncode == 2 and "no moneytrail store" in p.stderr and "moneytrail init" in p.stderr


def test_end_to_end(home: Path, small_world: WorldSummary, tmp_path: Path) -> None:
    run(home, "init")
    p = run(home, "ingest", str(small_world.out / "banks.csv"), str(small_world.out / "transactions.csv"))
    assert "added 30,000 rows" in p.stdout
    again = run(home, "ingest", str(small_world.out / "transactions.csv"))
    assert "already in the store" in again.stdout
    st = json.loads(run(home, "status", "--json").stdout)
    assert st["counts"]["transactions"] == 30_000 and st["counts"]["institutions"] > 10
    assert st["date_range"]["first"].startswith("2025-09-01")
    human = run(home, "status").stdout
    assert "transactions" in human and "volume by currency" in human
    rows = json.loads(
        run(home, "sql", "SELECT sum(is_laundering) AS l FROM transactions", "--format", "json").stdout
    )
    assert rows == [{"l": small_world.laundering}]
    bad = run(home, "sql", "DELETE FROM transactions", ok=False)
    assert bad.returncode == 2 and "read-only" in bad.stderr
    out = tmp_path / "ftm.jsonl"
    run(home, "export", "ftm", "--out", str(out))
    entities = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    accounts = [e for e in entities if e["schema"] == "BankAccount"]
    assert len(accounts) >= 1000
    for e in entities[:: max(1, len(entities) // 300)]:
        proxy = model.get_proxy(e, cleaned=False)
        assert all(proxy.schema.get(k) is not None for k in e["properties"])


def test_rejected_file_lists_errors_and_exits_1(home: Path, tmp_path: Path) -> None:
    run(home, "init")
    f = tmp_path / "bad.csv"
    f.write_text(
        "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,"
        "Payment Currency,Payment Format,Is Laundering\n"
        "2022/09/01 00:06,1,A,2,B,5.0,Euro,-5,Euro,ACH,0\n"
        "2022/09/01 00:06,1,A,2,B,5.0,Euro,5,Zloty,ACH,0\n"
    )
    p = run(home, "ingest", str(f), ok=False)
    assert p.returncode == 1
    assert f"{f}:2 [Amount Paid]: negative amount" in p.stderr
    assert f"{f}:3 [Payment Currency]: unknown currency" in p.stderr
    assert "--skip-bad" in p.stderr
    p = run(home, "ingest", str(f), "--json", ok=False)
    data = json.loads(p.stdout)
    assert data[0]["status"] == "rejected" and data[0]["problem_count"] == 2
    rej = tmp_path / "rej.csv"
    f2 = tmp_path / "bad2.csv"
    f2.write_text(f.read_text() + "2022/09/01 00:07,1,A,2,B,5.0,Euro,5,Euro,ACH,0\n")
    p = run(home, "ingest", str(f2), "--skip-bad", str(rej))
    assert "added 1 rows, 2 rejected" in p.stdout and rej.read_text().count("\n") == 3


def test_generate_command(tmp_path: Path) -> None:
    p = run(
        tmp_path / "h",
        "generate",
        "--out",
        str(tmp_path / "w"),
        "--transactions",
        "3000",
        "--seed",
        "1",
        "--typologies",
        "CYCLE=1",
        "--laundering-rate",
        "0.01",
    )
    assert "wrote 3,000 transactions" in p.stdout and "CYCLE" in p.stdout
    bad = run(tmp_path / "h", "generate", "--out", str(tmp_path / "w"), "--typologies", "PONZI", ok=False)
    assert bad.returncode == 2 and "unknown typology" in bad.stderr and "hint" in bad.stderr


def test_fx_import_and_list(home: Path, tmp_path: Path) -> None:
    run(home, "init")
    rates = tmp_path / "rates.csv"
    rates.write_text("date,currency,usd_per_unit\n2026-01-01,KES,0.0078\n")
    assert "loaded 1 rates" in run(home, "fx", "import", str(rates)).stdout
    assert "0.0078" in run(home, "fx", "list", "--currency", "KES").stdout
    rates.write_text("date,currency,usd_per_unit\n2026-01-01,XXQ,1\n")
    p = run(home, "fx", "import", str(rates), ok=False)
    assert p.returncode == 2 and "unknown currency" in p.stderr
