"""Crash safety: an ingest killed with SIGKILL at random points leaves whole batches or nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from moneytrail.config import Settings, sqlite_url
from moneytrail.generate import WorldConfig, WorldSummary, generate_world
from moneytrail.store import init_store, open_store
from moneytrail.store.models import TxBatch

KILLS = 20


def split_csv(src: Path, out: Path, parts: int) -> dict[str, int]:
    lines = src.read_text(encoding="utf-8").splitlines()
    header, body = lines[0], lines[1:]
    size = len(body) // parts
    rows: dict[str, int] = {}
    for i in range(parts):
        chunk = body[i * size : (i + 1) * size]
        p = out / f"part{i}.csv"
        p.write_text("\n".join([header, *chunk]) + "\n", encoding="utf-8")
        rows[str(p)] = len(chunk)
    return rows


def check_invariants(settings: Settings, expected: dict[str, int]) -> int:
    """Every committed batch whole, nothing pending or half-written visible; returns rows visible."""
    store = open_store(settings)  # runs recovery, as every writer does on opening
    txs = store.transactions
    with store.session() as s:
        batches = list(s.scalars(select(TxBatch)))
    assert all(b.status == "committed" for b in batches), [(b.batch_id, b.status) for b in batches]
    sources = [b.source_name for b in batches]
    assert len(sources) == len(set(sources)), "a file was committed twice"
    for b in batches:
        assert b.row_count == expected[b.source_name], (b.source_name, b.row_count)
        on_disk = sum(pq.read_metadata(txs.root / f).num_rows for f in b.files)
        assert on_disk == b.row_count
    assert list(txs.root.rglob(".*.tmp")) == [], "hidden files survived recovery"
    final = {str(p.relative_to(txs.root)) for p in txs.root.rglob("*.parquet")}
    assert final == {f for b in batches for f in b.files}, "a parquet file outside any committed batch"
    n = int(store.sql("SELECT count(*) AS n FROM transactions").to_pylist()[0]["n"])
    assert n == sum(b.row_count for b in batches)
    store.close()
    return n


@pytest.fixture(scope="module")
def crash_world(tmp_path_factory: pytest.TempPathFactory) -> WorldSummary:
    # big enough that each of the three files takes a noticeable time to write
    return generate_world(WorldConfig(transactions=150_000, seed=3, reports=0), tmp_path_factory.mktemp("cw"))


@pytest.mark.slow
def test_sigkill_during_ingest(tmp_path: Path, crash_world: WorldSummary) -> None:
    expected = split_csv(crash_world.out / "transactions.csv", tmp_path, 3)
    files = list(expected)
    rng = random.Random(1234)
    exe = [sys.executable, "-m", "moneytrail", "ingest", "--quiet", *files]
    outcomes = {"killed": 0, "finished": 0}
    for i in range(KILLS):
        home = tmp_path / f"home{i}"
        settings = Settings(home=home, database_url=sqlite_url(home))
        init_store(settings).close()
        env = {**os.environ, "MONEYTRAIL_HOME": str(home)}
        env.pop("MONEYTRAIL_DATABASE_URL", None)
        proc = subprocess.Popen(exe, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.8))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            outcomes["killed"] += 1
        else:
            outcomes["finished"] += 1
        proc.wait()
        visible = check_invariants(settings, expected)
        prefixes = [sum(expected[f] for f in files[:k]) for k in range(len(files) + 1)]
        assert visible in prefixes  # files commit in order, each whole
        key = f"{prefixes.index(visible)} batches visible"
        outcomes[key] = outcomes.get(key, 0) + 1
        rerun = subprocess.run(exe, env=env, capture_output=True, text=True, timeout=120)
        assert rerun.returncode == 0, rerun.stderr
        assert check_invariants(settings, expected) == sum(expected.values())
    print(outcomes)
    assert outcomes["killed"] >= KILLS // 2, outcomes
