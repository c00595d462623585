"""Ingest speed and memory on a 5M-row AMLworld CSV, side by side with DuckDB's raw CSV→Parquet conversion.

Goal (Foundation issue): our validated ingest ≥ 0.5× of DuckDB's `COPY (SELECT * FROM read_csv(...)) TO
'x.parquet'` on the same file; peak RSS ≤ 1.5 GB. Each side runs in its own fresh process, alternating,
three times; the medians are reported.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import DATA, run_child, update_section

N = 5_000_000


def world() -> Path:
    out = DATA / "w5m"
    if not (out / "transactions.csv").exists():
        run_child(
            "import json\nfrom pathlib import Path\nfrom moneytrail.generate import WorldConfig, "
            f"generate_world\ngenerate_world(WorldConfig(transactions={N}, seed=5, reports=0), "
            f"Path({str(out)!r}))\nprint(json.dumps({{}}))"
        )
    return out


def ours(w: Path) -> dict[str, float]:
    home = Path(tempfile.mkdtemp(prefix="mt-ingest-"))
    try:
        return run_child(
            "import json, time\nfrom pathlib import Path\nfrom moneytrail.config import Settings, sqlite_url\n"
            "from moneytrail.store import init_store\nfrom moneytrail.ingest import ingest_file\n"
            f"home = Path({str(home)!r})\nst = init_store(Settings(home=home, database_url=sqlite_url(home)))\n"
            f"ingest_file(st, Path({str(w / 'banks.csv')!r}))\n"
            f"t = time.perf_counter()\nr = ingest_file(st, Path({str(w / 'transactions.csv')!r}))\n"
            "dt = time.perf_counter() - t\nassert r.status == 'added', r.problems[:3]\n"
            "print(json.dumps({'seconds': dt, 'rows': r.rows_added}))"
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)


def duck(w: Path) -> dict[str, float]:
    out = Path(tempfile.mkdtemp(prefix="mt-duck-")) / "x.parquet"
    try:
        return run_child(
            "import json, time, duckdb\ncon = duckdb.connect()\nt = time.perf_counter()\n"
            f"con.execute(\"COPY (SELECT * FROM read_csv('{w / 'transactions.csv'}')) TO '{out}'\")\n"
            "print(json.dumps({'seconds': time.perf_counter() - t}))"
        )
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)


def main() -> None:
    w = world()
    size = (w / "transactions.csv").stat().st_size
    runs: dict[str, list[dict[str, float]]] = {"ours": [], "duckdb": []}
    for _ in range(3):
        runs["duckdb"].append(duck(w))
        runs["ours"].append(ours(w))
        print(runs["duckdb"][-1], runs["ours"][-1])
    t_ours = statistics.median(r["seconds"] for r in runs["ours"])
    t_duck = statistics.median(r["seconds"] for r in runs["duckdb"])
    rss_ours = max(r["peak_rss_mib"] for r in runs["ours"])
    rss_duck = max(r["peak_rss_mib"] for r in runs["duckdb"])
    ratio = t_duck / t_ours
    import duckdb

    body = f"""## Transaction ingest (5M-row AMLworld CSV)

File: a generated world of {N:,} transactions, {size / 1e6:,.0f} MB of AMLworld CSV. Our side is
`moneytrail ingest` (hash, parse, validate every row, normalise currencies and banks, convert to the base
currency, look up countries, write the month-partitioned Parquet dataset, fsync, commit the manifest). The
anchor is DuckDB {duckdb.__version__}'s `COPY (SELECT * FROM read_csv(...)) TO 'x.parquet'` on the same file
(no validation). Medians of 3 alternating runs, each in a fresh process.

| | seconds | rows/s | MB/s | peak RSS |
|---|---:|---:|---:|---:|
| moneytrail ingest (validated) | {t_ours:.2f} | {N / t_ours:,.0f} | {size / 1e6 / t_ours:,.0f} | {rss_ours:,.0f} MiB |
| DuckDB raw CSV→Parquet | {t_duck:.2f} | {N / t_duck:,.0f} | {size / 1e6 / t_duck:,.0f} | {rss_duck:,.0f} MiB |

Ratio (DuckDB time / our time): **{ratio:.2f}×** — goal ≥ 0.5×: {"met" if ratio >= 0.5 else "MISSED"}.
Peak RSS {rss_ours:,.0f} MiB — goal ≤ 1,536 MiB: {"met" if rss_ours <= 1536 else "MISSED"}.
All runs (ours): {", ".join(f"{r['seconds']:.2f}" for r in runs["ours"])} s; DuckDB:
{", ".join(f"{r['seconds']:.2f}" for r in runs["duckdb"])} s."""
    update_section("ingest", body)


if __name__ == "__main__":
    main()
