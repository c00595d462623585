"""Reference data shipped with the package: ISO 4217 currencies, ISO 3166 countries, dated FX rates.

Everything is loaded from local files (pycountry's own data and the CSVs beside this module): nothing is
fetched at run time.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pycountry

# Virtual assets have no ISO 4217 code; these are the codes the field uses for them.
VIRTUAL_CURRENCIES: dict[str, str] = {"BTC": "Bitcoin", "ETH": "Ether", "USDT": "Tether"}

# The IBM AMLworld CSVs name currencies in words; these are their ISO (or virtual-asset) codes.
AMLWORLD_CURRENCIES: dict[str, str] = {
    "US Dollar": "USD",
    "Euro": "EUR",
    "UK Pound": "GBP",
    "Yen": "JPY",
    "Yuan": "CNY",
    "Rupee": "INR",
    "Ruble": "RUB",
    "Swiss Franc": "CHF",
    "Canadian Dollar": "CAD",
    "Australian Dollar": "AUD",
    "Mexican Peso": "MXN",
    "Brazil Real": "BRL",
    "Saudi Riyal": "SAR",
    "Shekel": "ILS",
    "Bitcoin": "BTC",
}
AMLWORLD_CURRENCY_NAMES: dict[str, str] = {v: k for k, v in AMLWORLD_CURRENCIES.items()}

# The AMLworld payment formats, which moneytrail keeps as its channel vocabulary (plus goAML/ISO channels).
PAYMENT_FORMATS: tuple[str, ...] = (
    "ACH",
    "Wire",
    "Cheque",
    "Credit Card",
    "Cash",
    "Bitcoin",
    "Reinvestment",
)


@cache
def currency_codes() -> frozenset[str]:
    """ISO 4217 alphabetic codes plus the virtual-asset codes above."""
    return frozenset(c.alpha_3 for c in pycountry.currencies) | frozenset(VIRTUAL_CURRENCIES)


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (upper case)."""
    return frozenset(c.alpha_2 for c in pycountry.countries)


def is_currency(code: str) -> bool:
    return code.upper() in currency_codes()


def is_country(code: str) -> bool:
    return code.upper() in country_codes()


def normalise_currency(value: str) -> str | None:
    """An ISO code for an ISO code or an AMLworld currency name; None when unknown."""
    v = value.strip()
    if v in AMLWORLD_CURRENCIES:
        return AMLWORLD_CURRENCIES[v]
    u = v.upper()
    return u if u in currency_codes() else None


@cache
def country_name(code: str) -> str:
    c = pycountry.countries.get(alpha_2=code.upper())
    return str(c.name) if c is not None else code


def data_text(name: str) -> str:
    """The text of a data file shipped in this package."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def high_risk_countries() -> frozenset[str]:
    """The high-risk jurisdictions list shipped with the package (see high_risk_countries.csv)."""
    rows = [ln for ln in data_text("high_risk_countries.csv").splitlines() if ln and not ln.startswith("#")]
    return frozenset(r.split(",")[0].strip().upper() for r in rows[1:])
