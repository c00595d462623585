from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from moneytrail.errors import MoneytrailError
from moneytrail.refdata import high_risk_countries, is_country, is_currency, normalise_currency
from moneytrail.refdata.fx import FxTable, MissingRate, Rate, default_rates, parse_rates_csv


def test_as_of_conversion() -> None:
    fx = FxTable(
        [
            Rate(date(2020, 1, 1), "USD", 1.0),
            Rate(date(2020, 1, 1), "EUR", 1.1),
            Rate(date(2021, 1, 1), "EUR", 1.2),
            Rate(date(2020, 6, 1), "GBP", 1.3),
        ],
        "EUR",
    )
    days = np.array(
        [
            np.datetime64(d, "D").astype(np.int64)
            for d in ("2020-03-01", "2021-03-01", "2020-03-01", "2020-07-01")
        ]
    )
    got = fx.convert(np.array([110.0, 120.0, 100.0, 100.0]), ["USD", "USD", "GBP", "GBP"], days)
    assert got[0] == pytest.approx(100.0) and got[1] == pytest.approx(100.0)
    assert np.isnan(got[2])  # no GBP rate yet
    assert got[3] == pytest.approx(130 / 1.1)
    with pytest.raises(MissingRate):
        fx.convert_one(1, "JPY", date(2021, 1, 1))


def test_default_rates_cover_amlworld() -> None:
    fx = FxTable(default_rates(), "EUR")
    for c in (
        "USD",
        "EUR",
        "GBP",
        "JPY",
        "CNY",
        "INR",
        "RUB",
        "CHF",
        "CAD",
        "AUD",
        "MXN",
        "BRL",
        "SAR",
        "ILS",
        "BTC",
    ):
        assert fx.convert_one(1.0, c, date(2022, 9, 1)) > 0


def test_codes() -> None:
    assert normalise_currency("US Dollar") == "USD" and normalise_currency("eur") == "EUR"
    assert normalise_currency("Bitcoin") == "BTC" and normalise_currency("XYZ") is None
    assert is_currency("KES") and not is_currency("EURO")
    assert is_country("mt") and not is_country("XX")
    assert "KP" in high_risk_countries()


def test_bad_rates_file() -> None:
    with pytest.raises(MoneytrailError, match="expected the columns"):
        parse_rates_csv("a,b\n1,2\n")
    with pytest.raises(MoneytrailError, match="must be positive"):
        parse_rates_csv("date,currency,usd_per_unit\n2020-01-01,EUR,0\n")
