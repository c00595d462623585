"""``make demo`` / ``moneytrail demo``: the main job end to end on a generated world, with timings.

Each capability adds its step here as it lands, so the demo always shows what moneytrail can do.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from moneytrail.config import load_settings

out = Console()


class Steps:
    def __init__(self) -> None:
        self.timings: list[tuple[str, float]] = []

    def run(self, name: str, fn: Callable[[], Any]) -> Any:
        out.print(f"[bold cyan]▶ {name}[/]")
        t0 = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t0
        self.timings.append((name, dt))
        out.print(f"  done in {dt:.1f} s")
        return result


@click.command("demo")
@click.option(
    "--dir",
    "base",
    type=click.Path(path_type=Path),
    default=Path(".demo"),
    show_default=True,
    help="where the demo world and store go (recreated each run)",
)
@click.option("--transactions", type=int, default=1_000_000, show_default=True)
@click.option("--seed", type=int, default=42, show_default=True)
def demo_command(base: Path, transactions: int, seed: int) -> None:
    """Generate a world, build a store from it, and show what is in it."""
    from moneytrail.generate import WorldConfig, generate_world
    from moneytrail.ingest import ingest_file
    from moneytrail.store import init_store

    world, home = base / "world", base / "home"
    shutil.rmtree(home, ignore_errors=True)
    steps = Steps()
    s = steps.run(
        f"generate a synthetic FIU world of {transactions:,} transactions",
        lambda: generate_world(WorldConfig(transactions=transactions, seed=seed), world),
    )
    out.print(
        f"  {s.laundering:,} laundering transactions in {s.schemes} schemes, {s.accounts:,} accounts, "
        f"{s.party_records:,} customer records, {s.reports} goAML reports in {world}"
    )
    settings = load_settings({**os.environ, "MONEYTRAIL_HOME": str(home)})
    settings = settings.with_home(home.resolve()) if "MONEYTRAIL_DATABASE_URL" not in os.environ else settings
    store = steps.run("create the store", lambda: init_store(settings))
    for f in ("banks.csv", "parties.jsonl", "transactions.csv"):
        r = steps.run(f"ingest {f}", partial(ingest_file, store, world / f))
        if not r.ok:
            raise click.ClickException(f"{f} was rejected: {r.problems[:3]}")
        out.print(
            f"  {r.format}: {r.rows_added:,} rows"
            + (
                f" ({r.rows_added / r.detail['parse_seconds']:,.0f} rows/s)"
                if r.detail.get("parse_seconds")
                else ""
            )
        )
    st = store.status()
    t = Table(title="what is in the store")
    t.add_column("table")
    t.add_column("rows", justify="right")
    for k, v in st.counts.items():
        t.add_row(k, f"{v:,}")
    out.print(t)
    out.print(
        f"transactions from {st.first:%Y-%m-%d} to {st.last:%Y-%m-%d}; volume "
        f"{sum(v['amount_base'] for v in st.volume_by_currency):,.0f} {st.base_currency} in "
        f"{len(st.volume_by_currency)} currencies"
    )
    top = store.sql(
        "SELECT payment_format, count(*) AS transactions, round(sum(amount_base)) AS volume, "
        "sum(is_laundering) AS laundering FROM transactions GROUP BY 1 ORDER BY 2 DESC"
    )
    t = Table(title=f"by payment format (volume in {st.base_currency})")
    for c in top.column_names:
        t.add_column(c, justify="right")
    for r in top.to_pylist():
        t.add_row(*[f"{v:,}" if isinstance(v, int | float) else str(v) for v in r.values()])
    out.print(t)
    t = Table(title="timings")
    t.add_column("step")
    t.add_column("seconds", justify="right")
    for name, dt in steps.timings:
        t.add_row(name, f"{dt:.1f}")
    out.print(t)
    out.print(f"\nexplore it:  export MONEYTRAIL_HOME={home}")
    out.print("             .venv/bin/moneytrail status")
    out.print(
        '             .venv/bin/moneytrail sql "SELECT from_country, count(*) FROM transactions GROUP BY 1"'
    )
