"""The command line: ``moneytrail COMMAND``. A thin shell over the library.

Command groups of later capabilities are loaded lazily (``LAZY``), so ``moneytrail --help`` stays fast and
importing one capability never drags in all the others. Every error a user can cause is shown as one
message and a hint on what to do next (exit status 2); a rejected input exits with status 1.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from moneytrail import __version__
from moneytrail.config import load_settings
from moneytrail.errors import MoneytrailError

console = Console(stderr=True)
out = Console()

# name -> "module:attribute" of a click command or group, imported on first use
LAZY: dict[str, str] = {
    "demo": "moneytrail.demo:demo_command",
    "serve": "moneytrail.web.serve:serve",
    "user": "moneytrail.security.cli:user",
    "apikey": "moneytrail.security.cli:apikey",
    "agency": "moneytrail.security.cli:agency",
    "audit": "moneytrail.security.cli:audit_group",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY:
            module, _, attr = LAZY[cmd_name].partition(":")
            cmd = getattr(importlib.import_module(module), attr)
            assert isinstance(cmd, click.Command)
            return cmd
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="moneytrail")
def cli() -> None:
    """moneytrail: intake, detection, tracing and cases for financial intelligence units.

    The store lives in MONEYTRAIL_HOME (default ./.moneytrail); MONEYTRAIL_DATABASE_URL switches the
    workflow database to PostgreSQL. Start with `moneytrail init`, or `make demo` for a tour.
    """


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except MoneytrailError as e:
        console.print(f"[bold red]error:[/] {e.message}", highlight=False)
        if e.hint:
            console.print(f"[yellow]hint:[/] {e.hint}", highlight=False)
        sys.exit(2)
    except click.exceptions.Abort:
        console.print("aborted")
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except SystemExit:
        raise


def json_default(v: Any) -> Any:
    """JSON for what databases return: exact decimals as numbers, times in ISO 8601."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def open_default_store() -> Any:
    from moneytrail.store import open_store

    return open_store(load_settings())


# ---- init, status, sql ----------------------------------------------------------------------


@cli.command()
def init() -> None:
    """Create the store in MONEYTRAIL_HOME (or migrate it to this version's schema)."""
    from moneytrail.store import init_store
    from moneytrail.store.migrate import head_revision

    settings = load_settings()
    store = init_store(settings)
    out.print(f"store ready at {settings.home} (database {store.safe_url()}, schema {head_revision()})")
    out.print(
        "next: `moneytrail generate --out world` for synthetic data, then `moneytrail ingest world/banks.csv "
        "world/transactions.csv`"
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="print one JSON object (counts.transactions etc.)")
def status(as_json: bool) -> None:
    """What is in the store: counts per table, date range, volume by currency."""
    st = open_default_store().status()
    if as_json:
        click.echo(json.dumps(st.as_dict(), indent=2, default=str))
        return
    t = Table(title=f"moneytrail store at {st.home}", show_header=True)
    t.add_column("table")
    t.add_column("rows", justify="right")
    for k, v in st.counts.items():
        t.add_row(k, f"{v:,}")
    out.print(t)
    if st.first:
        out.print(f"transactions from {st.first:%Y-%m-%d %H:%M} to {st.last:%Y-%m-%d %H:%M} UTC")
    if st.volume_by_currency:
        v = Table(title=f"volume by currency (base {st.base_currency})")
        for c in ("currency", "transactions", "amount", f"amount in {st.base_currency}"):
            v.add_column(c, justify="right")
        for row in st.volume_by_currency:
            v.add_row(
                row["currency"],
                f"{row['transactions']:,}",
                f"{row['amount']:,.2f}",
                f"{row['amount_base']:,.2f}",
            )
        out.print(v)


@cli.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.option("--max-rows", type=int, default=1000, show_default=True, help="rows printed at most")
def sql(query: str, fmt: str, max_rows: int) -> None:
    """Run one read-only SQL query (DuckDB) over the store.

    Tables: transactions (the Parquet dataset) and the workflow tables (institutions, parties, accounts,
    reports, alerts, cases...).  Example: moneytrail sql "SELECT payment_format, count(*) FROM transactions
    GROUP BY 1"
    """
    table = open_default_store().sql(query, max_rows=max_rows)
    rows = table.to_pylist()
    if fmt == "json":
        click.echo(json.dumps(rows, indent=1, default=json_default))
    elif fmt == "csv":
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(table.column_names)
        for r in rows:
            w.writerow([r[c] for c in table.column_names])
    else:
        t = Table(show_header=True)
        for c in table.column_names:
            t.add_column(c)
        for r in rows:
            t.add_row(*["" if r[c] is None else str(r[c]) for c in table.column_names])
        out.print(t)


# ---- generate --------------------------------------------------------------------------------


@cli.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True, help="directory to write")
@click.option("--transactions", type=int, default=1_000_000, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), default="2025-09-01", show_default=True)
@click.option("--days", type=int, default=61, show_default=True)
@click.option("--country", default="MT", show_default=True, help="the FIU's country (ISO 3166 alpha-2)")
@click.option("--currency", default="EUR", show_default=True, help="the local currency")
@click.option(
    "--laundering-rate",
    type=float,
    default=0.001,
    show_default=True,
    help="share of transactions that belong to laundering schemes",
)
@click.option(
    "--typologies",
    default="",
    help="typology mix, e.g. 'FAN-IN=2,CYCLE=1,STRUCTURING=1' (default: all fifteen)",
)
@click.option("--cash-threshold", type=float, default=10_000.0, show_default=True)
@click.option("--reports", type=int, default=300, show_default=True, help="goAML XML reports in the sample")
def generate(
    out_dir: Path,
    transactions: int,
    seed: int,
    start: Any,
    days: int,
    country: str,
    currency: str,
    laundering_rate: float,
    typologies: str,
    cash_threshold: float,
    reports: int,
) -> None:
    """Generate a synthetic FIU world (AMLworld CSV, patterns, FtM parties, goAML reports)."""
    from moneytrail.generate import TYPOLOGIES, WorldConfig, generate_world, parse_mix

    if transactions < 1000:
        raise MoneytrailError("--transactions must be at least 1000")
    if not 0 <= laundering_rate < 0.5:
        raise MoneytrailError("--laundering-rate must be between 0 and 0.5")
    try:
        mix = parse_mix(typologies) if typologies else None
    except ValueError as e:
        raise MoneytrailError(str(e), hint="typologies: " + ", ".join(TYPOLOGIES)) from e
    cfg = WorldConfig(
        transactions=transactions,
        seed=seed,
        start=date.fromisoformat(f"{start:%Y-%m-%d}"),
        days=days,
        country=country.upper(),
        currency=currency.upper(),
        laundering_rate=laundering_rate,
        cash_threshold=cash_threshold,
        reports=reports,
        **({"mix": mix} if mix else {}),
    )
    t0 = time.perf_counter()
    with console.status("generating") as st:
        s = generate_world(cfg, out_dir, lambda m: st.update(f"generating: {m}"))
    out.print(
        f"wrote {s.transactions:,} transactions ({s.laundering:,} laundering in {s.schemes} schemes), "
        f"{s.accounts:,} accounts, {s.party_records:,} party records, {s.reports} goAML reports, "
        f"{s.declarations} declarations to {out_dir} in {time.perf_counter() - t0:.1f} s"
    )
    out.print("schemes by typology: " + ", ".join(f"{k} {v}" for k, v in sorted(s.by_typology.items())))


# ---- ingest ----------------------------------------------------------------------------------


def byte_progress(total: int) -> tuple[Progress, Callable[[int], None]]:
    prog = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = prog.add_task("ingest", total=total)
    return prog, lambda n: prog.advance(task, n)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--skip-bad",
    type=click.Path(path_type=Path),
    default=None,
    metavar="FILE",
    help="store the good rows and write the rejected ones, with reasons, to FILE",
)
@click.option(
    "--max-bytes", type=int, default=None, help="largest file accepted (default MONEYTRAIL_MAX_INGEST_BYTES)"
)
@click.option("--json", "as_json", is_flag=True, help="print the results as JSON")
@click.option("--quiet", is_flag=True, help="no progress bar")
def ingest(
    files: tuple[Path, ...], skip_bad: Path | None, max_bytes: int | None, as_json: bool, quiet: bool
) -> None:
    """Ingest files; the format of each is detected (AMLworld CSV, Parquet, institutions CSV...).

    A file with a bad row is rejected whole, with every error listed (file, line, field, reason), unless
    --skip-bad is given. The same file twice adds nothing.
    """
    from moneytrail.ingest import ingest_file

    store = open_default_store()
    results = []
    failed = False
    for i, path in enumerate(files):
        rejects = skip_bad
        if skip_bad is not None and len(files) > 1:
            rejects = skip_bad.with_name(f"{skip_bad.stem}-{i + 1}{skip_bad.suffix}")
        size = path.stat().st_size if path.is_file() else 0
        if quiet or as_json or size < (4 << 20):
            r = ingest_file(store, path, rejects, max_bytes=max_bytes)
        else:
            prog, advance = byte_progress(size)
            with prog:
                r = ingest_file(store, path, rejects, progress=advance, max_bytes=max_bytes)
        results.append(r)
        failed |= not r.ok
        if as_json:
            continue
        if r.status == "added":
            extra = f", {r.rows_rejected:,} rejected (see {rejects})" if r.rows_rejected else ""
            out.print(
                f"{path}: {r.format}: added {r.rows_added:,} rows{extra}"
                + (f" as batch {r.batch_id}" if r.batch_id else "")
                + f" in {r.seconds:.1f} s"
            )
        elif r.status == "already-present":
            out.print(f"{path}: already in the store (batch {r.batch_id}); nothing added")
        else:
            console.print(
                f"[bold red]{path}: rejected[/] ({r.problem_count:,} problem"
                f"{'s' if r.problem_count != 1 else ''}; nothing stored)"
            )
            for p in r.problems[:25]:
                console.print(f"  {p}", highlight=False, markup=False)
            if r.problem_count > 25:
                console.print(
                    f"  ... and {r.problem_count - 25:,} more (all of them: --json, or --skip-bad FILE)"
                )
            console.print(
                "  fix the file and run ingest again, or use --skip-bad FILE to store the good rows"
            )
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in results], indent=2, default=str))
    if failed:
        sys.exit(1)


# ---- export, fx ------------------------------------------------------------------------------


@cli.group()
def export() -> None:
    """Export data from the store."""


@export.command("ftm")
@click.option("--out", "out_file", type=click.Path(path_type=Path), required=True)
def export_ftm(out_file: Path) -> None:
    """Accounts and parties as FollowTheMoney entities (JSON lines)."""
    from moneytrail.store.ftm import write_ftm

    n = write_ftm(open_default_store(), out_file)
    out.print(f"wrote {n:,} FollowTheMoney entities to {out_file}")


@cli.group()
def fx() -> None:
    """Dated exchange rates used to convert amounts to the base currency."""


@fx.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def fx_import(file: Path) -> None:
    """Load rates from CSV: date,currency,usd_per_unit (US dollars per unit, valid from that date)."""
    from moneytrail.refdata.fx import parse_rates_csv

    n = open_default_store().import_fx(parse_rates_csv(file.read_text(encoding="utf-8"), str(file)))
    out.print(f"loaded {n:,} rates")


@fx.command("list")
@click.option("--currency", default=None)
def fx_list(currency: str | None) -> None:
    """Show the rates in the store."""
    from sqlalchemy import select

    from moneytrail.store.models import FxRate

    store = open_default_store()
    t = Table("currency", "valid from", "USD per unit")
    with store.session() as s:
        q = select(FxRate).order_by(FxRate.currency, FxRate.valid_from)
        if currency:
            q = q.where(FxRate.currency == currency.upper())
        for r in s.scalars(q):
            t.add_row(r.currency, r.valid_from.isoformat(), f"{r.usd_per_unit:g}")
    out.print(t)
