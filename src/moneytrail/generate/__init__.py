"""The synthetic FIU world: ``moneytrail generate --out DIR --transactions N --seed S``.

No real financial data may be shipped, so moneytrail makes its own: a country with banks, money
transfer and hawala operators, casinos and virtual-asset providers; persons and companies named in
Latin, Cyrillic, Arabic and Chinese scripts (with the variants real reports carry); normal economic
life; and laundering schemes of fifteen typologies, each with its id, sources and sinks.

Outputs in DIR (see docs/generator.md):

| file | content |
|---|---|
| ``transactions.csv`` | the IBM AMLworld CSV layout, ``Is Laundering`` included |
| ``patterns.txt`` | the AMLworld patterns layout, one block per scheme |
| ``banks.csv`` | the institutions: ``bank_id,name,kind,country,bic,currency`` |
| ``parties.jsonl`` | FollowTheMoney: customer records, bank accounts, ownerships, institutions |
| ``party_truth.csv`` | which customer record is which real party (for scoring entity resolution) |
| ``schemes.csv`` | each scheme's typology, amount, sources and sinks (for scoring tracing) |
| ``declarations.csv`` | customs' cross-border cash declarations |
| ``reports/`` | a sample of goAML XML reports: STRs for suspicious activity, CTRs for large cash |
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from moneytrail.generate.normal import normal_activity
from moneytrail.generate.reports import write_reports
from moneytrail.generate.schemes import DEFAULT_MIX, TYPOLOGIES, honest_declarations, laundering
from moneytrail.generate.txarrays import TxArrays
from moneytrail.generate.world import build_population
from moneytrail.generate.writers import (
    aml_table,
    write_aml_csv,
    write_banks,
    write_declarations,
    write_parties,
    write_patterns,
    write_schemes,
)
from moneytrail.refdata.fx import FxTable, default_rates

__all__ = ["TYPOLOGIES", "WorldConfig", "WorldSummary", "generate_world", "parse_mix"]


@dataclass(frozen=True)
class WorldConfig:
    transactions: int = 1_000_000
    seed: int = 0
    start: date = date(2025, 9, 1)
    days: int = 61
    country: str = "MT"
    currency: str = "EUR"
    laundering_rate: float = 0.001
    mix: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_MIX))
    cash_threshold: float = 10_000.0
    reports: int = 300  # goAML XML files in the sample (STRs first, then CTRs)


@dataclass
class WorldSummary:
    out: Path
    transactions: int
    laundering: int
    schemes: int
    accounts: int
    parties: int
    party_records: int
    declarations: int
    reports: int
    seconds: dict[str, float]
    by_typology: dict[str, int]


def parse_mix(text: str) -> dict[str, float]:
    """``FAN-IN=2,CYCLE=1`` → weights; typologies not named keep weight 0."""
    mix: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, w = part.partition("=")
        name = name.strip().upper()
        if name not in TYPOLOGIES:
            raise ValueError(f"unknown typology {name!r}; known: {', '.join(TYPOLOGIES)}")
        mix[name] = float(w) if w else 1.0
    return mix


def generate_world(
    cfg: WorldConfig, out: Path, progress: Callable[[str], None] | None = None
) -> WorldSummary:
    say = progress or (lambda _m: None)
    out.mkdir(parents=True, exist_ok=True)
    secs: dict[str, float] = {}
    t = time.perf_counter()
    rng = np.random.default_rng(cfg.seed)
    start_day = int(np.datetime64(cfg.start, "D").astype(np.int64))

    say("population")
    pop = build_population(max(500, cfg.transactions // 12), cfg.seed, cfg.country, cfg.currency, cfg.start)
    secs["population"] = time.perf_counter() - t

    t = time.perf_counter()
    say("laundering schemes")
    target = round(cfg.transactions * cfg.laundering_rate)
    schemes, decls = laundering(pop, rng, target, start_day, cfg.days, cfg.cash_threshold, cfg.mix)
    decls += honest_declarations(
        pop, rng, max(5, cfg.transactions // 20_000), start_day, cfg.days, cfg.cash_threshold
    )
    dirty = TxArrays.concat([s.arrays() for s in schemes])
    say("normal activity")
    clean = normal_activity(pop, rng, max(0, cfg.transactions - len(dirty)), start_day, cfg.days)
    tx = TxArrays.concat([clean, dirty])
    tx = tx.take(np.argsort(tx.minute, kind="stable"))
    secs["transactions"] = time.perf_counter() - t

    t = time.perf_counter()
    say("currencies")
    fx = FxTable(default_rates(), cfg.currency)
    days = tx.minute // 1440
    ccy_names, acc_ccy = np.unique(pop.acc_ccy, return_inverse=True)
    pay_i = acc_ccy[tx.src]
    recv_i = acc_ccy[tx.dst]
    home_usd = fx.usd_per_unit(cfg.currency, days)
    paid = np.empty(len(tx))
    recv = np.empty(len(tx))
    crypto = np.isin(ccy_names, ["BTC", "ETH"])
    for ci, c in enumerate(ccy_names.tolist()):
        rate = fx.usd_per_unit(c, days)
        m = pay_i == ci
        paid[m] = tx.amount[m] * home_usd[m] / rate[m]
        m = recv_i == ci
        recv[m] = tx.amount[m] * home_usd[m] / rate[m]
    paid = np.where(crypto[pay_i], np.round(paid, 8), np.round(paid, 2))
    recv = np.where(crypto[recv_i], np.round(recv, 8), np.round(recv, 2))
    label = (tx.scheme >= 0).astype(np.int8)
    table = aml_table(pop, tx, recv, recv_i, paid, pay_i, [str(c) for c in ccy_names], label)
    secs["columns"] = time.perf_counter() - t

    t = time.perf_counter()
    say("writing transactions.csv and patterns.txt")
    write_aml_csv(out / "transactions.csv", table)
    write_patterns(out / "patterns.txt", table, tx.scheme, schemes)
    write_banks(out / "banks.csv", pop)
    write_schemes(out / "schemes.csv", pop, schemes, cfg.currency)
    secs["write_transactions"] = time.perf_counter() - t

    t = time.perf_counter()
    say("writing parties.jsonl")
    n_records = write_parties(out / "parties.jsonl", out / "party_truth.csv", pop, cfg.seed)
    n_decl = write_declarations(out / "declarations.csv", pop, decls, cfg.seed)
    secs["write_parties"] = time.perf_counter() - t

    t = time.perf_counter()
    say("writing goAML reports")
    n_reports = write_reports(out / "reports", pop, tx, paid, schemes, cfg)
    secs["write_reports"] = time.perf_counter() - t

    by_typ: dict[str, int] = {}
    for s in schemes:
        by_typ[s.typology] = by_typ.get(s.typology, 0) + 1
    return WorldSummary(
        out=out,
        transactions=len(tx),
        laundering=int(label.sum()),
        schemes=len(schemes),
        accounts=pop.n_accounts,
        parties=len(pop.parties),
        party_records=n_records,
        declarations=n_decl,
        reports=n_reports,
        seconds=secs,
        by_typology=by_typ,
    )
