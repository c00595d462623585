"""Transactions as columns while the world is being generated, and vectorised time sampling."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from moneytrail.refdata import PAYMENT_FORMATS

FMT = {name: i for i, name in enumerate(PAYMENT_FORMATS)}
MINUTES_PER_DAY = 1440


@dataclass
class TxArrays:
    minute: npt.NDArray[np.int64]  # minutes since the Unix epoch, UTC
    src: npt.NDArray[np.int64]  # account index
    dst: npt.NDArray[np.int64]
    amount: npt.NDArray[np.float64]  # in the home currency
    fmt: npt.NDArray[np.int8]  # index into PAYMENT_FORMATS
    scheme: npt.NDArray[np.int32]  # -1 for normal life

    def __len__(self) -> int:
        return int(self.minute.shape[0])

    @staticmethod
    def empty() -> TxArrays:
        return TxArrays(
            np.zeros(0, np.int64),
            np.zeros(0, np.int64),
            np.zeros(0, np.int64),
            np.zeros(0, np.float64),
            np.zeros(0, np.int8),
            np.zeros(0, np.int32),
        )

    @staticmethod
    def concat(parts: list[TxArrays]) -> TxArrays:
        parts = [p for p in parts if len(p)] or [TxArrays.empty()]
        return TxArrays(
            np.concatenate([p.minute for p in parts]),
            np.concatenate([p.src for p in parts]),
            np.concatenate([p.dst for p in parts]),
            np.concatenate([p.amount for p in parts]),
            np.concatenate([p.fmt for p in parts]),
            np.concatenate([p.scheme for p in parts]),
        )

    def take(self, idx: npt.NDArray[np.int64]) -> TxArrays:
        return TxArrays(
            self.minute[idx], self.src[idx], self.dst[idx], self.amount[idx], self.fmt[idx], self.scheme[idx]
        )


def make(
    minute: npt.NDArray[np.int64],
    src: npt.NDArray[np.int64],
    dst: npt.NDArray[np.int64],
    amount: npt.NDArray[np.float64],
    fmt: npt.NDArray[np.int8] | int,
    scheme: int = -1,
) -> TxArrays:
    n = minute.shape[0]
    f = np.full(n, fmt, np.int8) if isinstance(fmt, int) else fmt.astype(np.int8)
    return TxArrays(
        minute.astype(np.int64),
        src.astype(np.int64),
        dst.astype(np.int64),
        np.round(amount.astype(np.float64), 2).astype(np.float64),
        f,
        np.full(n, scheme, np.int32),
    )


# hour-of-day profiles (relative weights for hours 0..23)
HOURS_RETAIL = np.array(
    [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 3, 5, 6, 7, 8, 9, 8, 7, 7, 8, 9, 10, 9, 7, 5, 3, 2], dtype=np.float64
)
HOURS_OFFICE = np.array(
    [0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.5, 2, 6, 9, 9, 8, 6, 7, 8, 8, 7, 5, 2, 1, 0.5, 0.3, 0.2, 0.1],
    dtype=np.float64,
)
HOURS_BATCH = np.array(
    [4, 6, 8, 6, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2], dtype=np.float64
)


def day_weights(
    start_day: int, days: int, weekend: float, payday_bump: float = 0.0
) -> npt.NDArray[np.float64]:
    """Relative activity per day: lower at weekends, higher just after paydays (25th-31st, 1st-3rd)."""
    d = np.arange(start_day, start_day + days)
    weekday = (d + 3) % 7  # 1970-01-01 was a Thursday: 0 = Monday
    w = np.where(weekday >= 5, weekend, 1.0)
    dom = (d.astype("datetime64[D]") - d.astype("datetime64[D]").astype("datetime64[M]")).astype(np.int64) + 1
    w = w * (1.0 + payday_bump * ((dom >= 25) | (dom <= 3)))
    return np.asarray(w / w.sum(), dtype=np.float64)


def sample_minutes(
    rng: np.random.Generator,
    n: int,
    start_day: int,
    days: int,
    hours: npt.NDArray[np.float64],
    weekend: float = 0.7,
    payday_bump: float = 0.0,
) -> npt.NDArray[np.int64]:
    day = rng.choice(days, size=n, p=day_weights(start_day, days, weekend, payday_bump)) + start_day
    hour = rng.choice(24, size=n, p=hours / hours.sum())
    minute = rng.integers(0, 60, size=n)
    return np.asarray(day.astype(np.int64) * MINUTES_PER_DAY + hour * 60 + minute, dtype=np.int64)


def monthly_minutes(
    rng: np.random.Generator,
    n_entities: int,
    start_day: int,
    days: int,
    day_lo: int,
    day_hi: int,
    hours: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """One event per entity per month on a day of month in [day_lo, day_hi]; (entity index, minute)."""
    first = np.datetime64(int(start_day), "D")
    last = first + np.timedelta64(days - 1, "D")
    months = np.arange(first.astype("datetime64[M]"), last.astype("datetime64[M]") + 1)
    ents, mins = [], []
    for m in months:
        dom = rng.integers(day_lo, day_hi + 1, size=n_entities)
        day = (m.astype("datetime64[D]") + dom - 1).astype(np.int64)
        ok = (day >= start_day) & (day < start_day + days)
        hour = rng.choice(24, size=n_entities, p=hours / hours.sum())
        minute = day * MINUTES_PER_DAY + hour * 60 + rng.integers(0, 60, size=n_entities)
        ents.append(np.flatnonzero(ok))
        mins.append(minute[ok])
    return np.concatenate(ents).astype(np.int64), np.concatenate(mins).astype(np.int64)
