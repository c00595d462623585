"""Normal economic life, vectorised: salaries, rent, bills, shopping, business, cash, remittances.

Heavy tails come from Pareto activity weights (a few accounts and merchants do most of the business);
seasonality from weekday and payday profiles. Some normal behaviour looks like laundering on purpose
(payroll fan-outs, shops depositing cash takings close to the reporting threshold, family remittances
to high-risk countries), so that a detector has to tell them apart.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from moneytrail.generate.txarrays import (
    FMT,
    HOURS_BATCH,
    HOURS_OFFICE,
    HOURS_RETAIL,
    TxArrays,
    make,
    monthly_minutes,
    sample_minutes,
)
from moneytrail.generate.world import Population

# shares of the flexible part of normal activity
FLEX_SHARES: dict[str, float] = {
    "retail": 0.50,
    "p2p": 0.12,
    "b2b": 0.14,
    "cash_out": 0.07,
    "cash_in": 0.03,
    "remit": 0.03,
    "trade_in": 0.02,
    "trade_out": 0.02,
    "self": 0.02,
    "crypto": 0.02,
    "casino": 0.015,
    "travel": 0.015,
}


def _weights(rng: np.random.Generator, n: int, alpha: float = 1.3) -> npt.NDArray[np.float64]:
    w = rng.pareto(alpha, n) + 0.05
    return np.asarray(w / w.sum(), dtype=np.float64)


def _lognormal(rng: np.random.Generator, median: float, sigma: float, n: int) -> npt.NDArray[np.float64]:
    return np.asarray(np.exp(rng.normal(np.log(median), sigma, n)), dtype=np.float64)


def _pick(
    rng: np.random.Generator, pool: npt.NDArray[np.int64], n: int, w: npt.NDArray[np.float64] | None = None
) -> npt.NDArray[np.int64]:
    return np.asarray(pool[rng.choice(pool.shape[0], size=n, p=w)], dtype=np.int64)


def normal_activity(pop: Population, rng: np.random.Generator, n: int, start_day: int, days: int) -> TxArrays:
    """About ``n`` normal transactions (exactly ``n`` unless the population is too small to need them)."""
    P = pop.pools
    persons = P["person"]
    parts: list[TxArrays] = []

    # ---- recurring monthly payments: salaries, rent, bills ----------------------------------
    months = max(1.0, days / 30.4)
    budget_fixed = int(n * 0.22)
    n_employed = min(int(persons.shape[0] * 0.75), int(budget_fixed * 0.45 / months) + 1)
    n_renters = min(int(persons.shape[0] * 0.4), int(budget_fixed * 0.25 / months) + 1)
    n_billpayers = min(int(persons.shape[0] * 0.6), int(budget_fixed * 0.30 / months) + 1)

    employees = rng.choice(persons, size=n_employed, replace=False)
    employers = _pick(rng, P["employer"], n_employed, _weights(rng, P["employer"].shape[0], 1.1))
    salary = np.round(_lognormal(rng, 1900, 0.4, n_employed), 0)
    e, m = monthly_minutes(rng, n_employed, start_day, days, 24, 28, HOURS_BATCH)
    fmt = np.where(rng.random(e.shape[0]) < 0.6, FMT["Wire"], FMT["ACH"]).astype(np.int8)
    parts.append(make(m, employers[e], employees[e], salary[e], fmt))

    renters = rng.choice(persons, size=n_renters, replace=False)
    landlords_pool = np.concatenate([P["landlord_co"], rng.choice(persons, size=max(10, n_renters // 8))])
    landlords = _pick(rng, landlords_pool, n_renters)
    rent = np.round(_lognormal(rng, 850, 0.35, n_renters), 0)
    e, m = monthly_minutes(rng, n_renters, start_day, days, 1, 5, HOURS_OFFICE)
    fmt = np.where(rng.random(e.shape[0]) < 0.7, FMT["ACH"], FMT["Cheque"]).astype(np.int8)
    parts.append(make(m, renters[e], landlords[e], rent[e], fmt))

    payers = rng.choice(persons, size=n_billpayers, replace=False)
    utils = _pick(rng, P["utility"], n_billpayers, _weights(rng, P["utility"].shape[0], 1.0))
    bill = _lognormal(rng, 70, 0.5, n_billpayers)
    e, m = monthly_minutes(rng, n_billpayers, start_day, days, 8, 20, HOURS_BATCH)
    parts.append(make(m, payers[e], utils[e], bill[e] * rng.uniform(0.85, 1.15, e.shape[0]), FMT["ACH"]))

    fixed = sum(len(p) for p in parts)
    flex = max(0, n - fixed)
    counts = {k: int(flex * v / sum(FLEX_SHARES.values())) for k, v in FLEX_SHARES.items()}
    counts["retail"] += flex - sum(counts.values())

    person_w = _weights(rng, persons.shape[0], 1.5)
    merchant_w = _weights(rng, P["merchant"].shape[0], 1.0)
    company_w = _weights(rng, P["company"].shape[0], 1.2)

    # ---- shopping, person to person, business --------------------------------------------------
    k = counts["retail"]
    parts.append(
        make(
            sample_minutes(rng, k, start_day, days, HOURS_RETAIL, 0.9, 0.25),
            _pick(rng, persons, k, person_w),
            _pick(rng, P["merchant"], k, merchant_w),
            _lognormal(rng, 35, 1.0, k),
            FMT["Credit Card"],
        )
    )
    k = counts["p2p"]
    fmt = rng.choice([FMT["Wire"], FMT["ACH"], FMT["Cash"], FMT["Cheque"]], size=k, p=[0.5, 0.35, 0.1, 0.05])
    parts.append(
        make(
            sample_minutes(rng, k, start_day, days, HOURS_RETAIL, 0.8),
            _pick(rng, persons, k, person_w),
            _pick(rng, persons, k, person_w),
            _lognormal(rng, 80, 1.2, k),
            fmt.astype(np.int8),
        )
    )
    k = counts["b2b"]
    fmt = rng.choice([FMT["Wire"], FMT["ACH"], FMT["Cheque"]], size=k, p=[0.5, 0.35, 0.15])
    parts.append(
        make(
            sample_minutes(rng, k, start_day, days, HOURS_OFFICE, 0.1),
            _pick(rng, P["company"], k, company_w),
            _pick(rng, P["company"], k, company_w),
            _lognormal(rng, 2500, 1.4, k),
            fmt.astype(np.int8),
        )
    )

    # ---- cash: withdrawals at the own bank's desk, shops depositing their takings ---------------
    k = counts["cash_out"]
    src = _pick(rng, persons, k, person_w)
    desk = np.array([pop.cash_desk[int(i)] for i in range(len(pop.institutions))], dtype=np.int64)
    amt = np.round(_lognormal(rng, 150, 0.9, k) / 20) * 20 + 20
    parts.append(
        make(
            sample_minutes(rng, k, start_day, days, HOURS_RETAIL, 0.7),
            src,
            desk[pop.acc_inst[src]],
            amt,
            FMT["Cash"],
        )
    )
    k = counts["cash_in"]
    dst = _pick(rng, P["merchant"], k, merchant_w)
    parts.append(
        make(
            sample_minutes(rng, k, start_day, days, HOURS_OFFICE, 0.2),
            desk[pop.acc_inst[dst]],
            dst,
            _lognormal(rng, 1200, 0.9, k),
            FMT["Cash"],
        )
    )

    # ---- cross-border: remittances (some to high-risk countries), trade in and out, travel ------
    k = counts["remit"]
    src = _pick(rng, persons, k, person_w)
    n_tf = int(k * 0.1)
    dst = np.concatenate([_pick(rng, P["foreign_person"], k - n_tf), _pick(rng, P["foreign_tf"], n_tf)])
    rng.shuffle(dst)
    parts.append(
        make(
            sample_minutes(rng, k, start_day, days, HOURS_RETAIL, 1.0, 0.4),
            src,
            dst,
            _lognormal(rng, 300, 0.7, k),
            FMT["Wire"],
        )
    )
    k = counts["trade_in"]
    parts.append(
        make(
            sample_minutes(rng, k, start_day, days, HOURS_OFFICE, 0.1),
            _pick(rng, P["foreign_company"], k),
            _pick(rng, P["company"], k, company_w),
            _lognormal(rng, 8000, 1.2, k),
            FMT["Wire"],
        )
    )
    k = counts["trade_out"]
    parts.append(
        make(
            sample_minutes(rng, k, start_day, days, HOURS_OFFICE, 0.1),
            _pick(rng, P["company"], k, company_w),
            _pick(rng, P["foreign_company"], k),
            _lognormal(rng, 8000, 1.2, k),
            FMT["Wire"],
        )
    )
    k = counts["travel"]
    parts.append(
        make(
            sample_minutes(rng, k, start_day, days, HOURS_RETAIL, 1.2),
            _pick(rng, persons, k, person_w),
            _pick(rng, P["foreign_company"], k),
            _lognormal(rng, 90, 0.9, k),
            FMT["Credit Card"],
        )
    )

    # ---- own-account reinvestment (a self-loop, as in AMLworld) ---------------------------------
    k = counts["self"]
    acc = _pick(rng, np.concatenate([persons, P["company"]]), k)
    parts.append(
        make(
            sample_minutes(rng, k, start_day, days, HOURS_BATCH, 1.0),
            acc,
            acc,
            _lognormal(rng, 500, 1.2, k),
            FMT["Reinvestment"],
        )
    )

    # ---- virtual assets and gambling ----------------------------------------------------------
    k = counts["crypto"]
    k1 = k // 2
    parts.append(
        make(
            sample_minutes(rng, k1, start_day, days, HOURS_RETAIL, 1.1),
            _pick(rng, persons, k1, person_w),
            _pick(rng, P["vasp"], k1),
            _lognormal(rng, 400, 1.0, k1),
            FMT["Wire"],
        )
    )
    wallets = P["crypto_wallet"]
    parts.append(
        make(
            sample_minutes(rng, k - k1, start_day, days, HOURS_RETAIL, 1.0),
            _pick(rng, wallets, k - k1),
            _pick(rng, wallets, k - k1),
            _lognormal(rng, 300, 1.3, k - k1),
            FMT["Bitcoin"],
        )
    )
    k = counts["casino"]
    k1 = int(k * 0.8)
    parts.append(
        make(
            sample_minutes(rng, k1, start_day, days, HOURS_RETAIL, 1.5),
            _pick(rng, persons, k1, person_w),
            _pick(rng, P["casino"], k1),
            _lognormal(rng, 150, 1.0, k1),
            FMT["Credit Card"],
        )
    )
    parts.append(
        make(
            sample_minutes(rng, k - k1, start_day, days, HOURS_RETAIL, 1.5),
            _pick(rng, P["casino"], k - k1),
            _pick(rng, persons, k - k1),
            _lognormal(rng, 600, 1.1, k - k1),
            FMT["Cheque"],
        )
    )

    out = TxArrays.concat(parts)
    if len(out) > n:  # tiny worlds: the recurring payments alone exceed the budget
        out = out.take(np.sort(rng.choice(len(out), size=n, replace=False)))
    return out
