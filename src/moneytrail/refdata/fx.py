"""Dated foreign-exchange rates and vectorised conversion to the base currency.

A rate table holds, per currency, a series of (valid-from date, US dollars per unit). Converting an
amount on a date uses the latest rate valid on that date (as-of lookup), so a table of daily central
bank rates, monthly averages or the indicative annual defaults all work the same way. Conversion
between two currencies goes through the US dollar: ``amount * usd(ccy) / usd(base)``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from moneytrail.errors import MoneytrailError
from moneytrail.refdata import data_text, normalise_currency


class MissingRate(MoneytrailError):
    def __init__(self, currency: str, when: str) -> None:
        super().__init__(
            f"no exchange rate for {currency} on {when}",
            hint="load your central bank's rates with `moneytrail fx import RATES.csv` "
            "(columns date,currency,usd_per_unit)",
        )
        self.currency = currency


@dataclass(frozen=True)
class Rate:
    valid_from: date
    currency: str
    usd_per_unit: float


def parse_rates_csv(text: str, source: str = "rates") -> list[Rate]:
    """Rates from CSV text with the columns ``date,currency,usd_per_unit``; '#' lines are comments."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    need = {"date", "currency", "usd_per_unit"}
    if reader.fieldnames is None or not need <= set(reader.fieldnames):
        raise MoneytrailError(
            f"{source}: expected the columns date,currency,usd_per_unit, found {reader.fieldnames}"
        )
    out: list[Rate] = []
    for i, row in enumerate(reader, start=2):
        ccy = normalise_currency(row["currency"] or "")
        if ccy is None:
            raise MoneytrailError(f"{source}: row {i}: unknown currency {row['currency']!r}")
        try:
            d = date.fromisoformat((row["date"] or "").strip())
            v = float(row["usd_per_unit"] or "")
        except ValueError as e:
            raise MoneytrailError(f"{source}: row {i}: {e}") from e
        if not v > 0:
            raise MoneytrailError(f"{source}: row {i}: usd_per_unit must be positive, got {v}")
        out.append(Rate(d, ccy, v))
    return out


def default_rates() -> list[Rate]:
    return parse_rates_csv(data_text("fx_rates.csv"), "moneytrail/refdata/fx_rates.csv")


class FxTable:
    """As-of conversion of amount arrays into one base currency."""

    def __init__(self, rates: Iterable[Rate], base: str) -> None:
        by_ccy: dict[str, list[tuple[date, float]]] = {}
        for r in rates:
            by_ccy.setdefault(r.currency, []).append((r.valid_from, r.usd_per_unit))
        self.base = base.upper()
        self._days: dict[str, npt.NDArray[np.int64]] = {}
        self._usd: dict[str, npt.NDArray[np.float64]] = {}
        for ccy, series in by_ccy.items():
            series.sort()
            self._days[ccy] = np.array(
                [np.datetime64(d, "D").astype(np.int64) for d, _ in series], dtype=np.int64
            )
            self._usd[ccy] = np.array([v for _, v in series], dtype=np.float64)
        if self.base not in self._usd:
            raise MissingRate(self.base, "any date (the base currency needs rates too)")

    @property
    def currencies(self) -> frozenset[str]:
        return frozenset(self._usd)

    def usd_per_unit(self, currency: str, days: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """US dollars per unit of ``currency`` on each day (days since epoch); NaN before its first rate."""
        if currency not in self._usd:
            return np.full(days.shape, np.nan)
        idx = np.searchsorted(self._days[currency], days, side="right") - 1
        out = self._usd[currency][np.clip(idx, 0, None)]
        return np.where(idx >= 0, out, np.nan)

    def convert(
        self,
        amounts: npt.NDArray[np.float64],
        currencies: npt.NDArray[np.object_] | list[str],
        days: npt.NDArray[np.int64],
        to: str | None = None,
    ) -> npt.NDArray[np.float64]:
        """Amounts in ``to`` (default: the base currency); NaN where no rate applies."""
        target = (to or self.base).upper()
        ccy = np.asarray(currencies, dtype=object)
        out = np.full(amounts.shape, np.nan)
        target_usd = self.usd_per_unit(target, days)
        for c in np.unique(ccy):
            m = ccy == c
            out[m] = amounts[m] * self.usd_per_unit(str(c), days[m]) / target_usd[m]
        return out

    def convert_coded(
        self,
        amounts: npt.NDArray[np.float64],
        codes: npt.NDArray[np.integer[Any]],
        names: Sequence[str | None],
        days: npt.NDArray[np.int64],
    ) -> npt.NDArray[np.float64]:
        """Like ``convert`` for dictionary-encoded currencies: ``names[codes[i]]`` is row i's currency."""
        out = np.full(amounts.shape, np.nan)
        base_usd = self.usd_per_unit(self.base, days)
        for i, c in enumerate(names):
            if c is None:
                continue
            m = codes == i
            if m.any():
                out[m] = amounts[m] * self.usd_per_unit(c, days[m]) / base_usd[m]
        return out

    def convert_one(self, amount: float, currency: str, on: date, to: str | None = None) -> float:
        d = np.array([np.datetime64(on, "D").astype(np.int64)])
        v = float(self.convert(np.array([amount]), [currency], d, to)[0])
        if np.isnan(v):
            raise MissingRate(currency, on.isoformat())
        return v
