"""The population of the synthetic world: institutions, persons, companies and their accounts.

Everything here is per institution, per party or per account (tens of thousands of objects); the
per-transaction work is vectorised in ``normal.py`` and ``schemes.py``.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from moneytrail.generate.names import (
    CompanyName,
    TrueName,
    make_company_name,
    make_person_name,
)

# Where foreign counterparts sit, with the culture of the people there and the local currency.
FOREIGN: dict[str, tuple[str, str]] = {
    "GB": ("en", "GBP"),
    "DE": ("en", "EUR"),
    "IT": ("en", "EUR"),
    "FR": ("en", "EUR"),
    "CH": ("en", "CHF"),
    "CY": ("en", "EUR"),
    "US": ("en", "USD"),
    "AE": ("ar", "AED"),
    "SA": ("ar", "SAR"),
    "LB": ("ar", "USD"),
    "TR": ("en", "TRY"),
    "RU": ("ru", "RUB"),
    "CN": ("zh", "CNY"),
    "HK": ("zh", "HKD"),
    "SG": ("zh", "SGD"),
    "PA": ("en", "USD"),
    "VG": ("en", "USD"),
    "PK": ("ar", "PKR"),
    "AF": ("ar", "AFN"),
    "SO": ("ar", "USD"),
    "IQ": ("ar", "USD"),
    "YE": ("ar", "USD"),
    "IN": ("en", "INR"),
    "JP": ("en", "JPY"),
}
# Offshore or free-zone jurisdictions where shell and front companies are registered.
SHELL_COUNTRIES = ("VG", "PA", "CY", "AE", "HK", "SG")
TF_COUNTRIES = ("AF", "SO", "YE", "IQ")
KINDS = ("bank", "mvts", "casino", "vasp")

ACC_PERSON, ACC_COMPANY, ACC_CASH = 0, 1, 2


@dataclass
class Institution:
    code: str
    name: str
    kind: str
    country: str
    bic: str
    currency: str


@dataclass
class Party:
    idx: int
    kind: str  # Person or Company
    country: str
    name: TrueName | None = None
    company: CompanyName | None = None
    female: bool = False
    birth_date: date | None = None
    nationality: str = ""
    national_id: str = ""
    passport: str = ""
    tax_id: str = ""
    phone: str = ""
    address: str = ""
    city: str = ""
    roles: set[str] = field(default_factory=set)
    owner: int = -1  # for companies: the controlling person (beneficial owner)

    @property
    def display_name(self) -> str:
        if self.company is not None:
            return self.company.canonical
        assert self.name is not None
        return self.name.canonical


@dataclass
class Population:
    institutions: list[Institution]
    parties: list[Party]
    acc_inst: npt.NDArray[np.int32]
    acc_owner: npt.NDArray[np.int32]
    acc_kind: npt.NDArray[np.int8]
    acc_id: npt.NDArray[np.object_]
    acc_ccy: npt.NDArray[np.object_]
    cash_desk: dict[int, int]  # institution index -> its CASH account
    home: str
    currency: str
    # account pools by role (indices into the account arrays)
    pools: dict[str, npt.NDArray[np.int64]] = field(default_factory=dict)

    @property
    def n_accounts(self) -> int:
        return int(self.acc_inst.shape[0])

    def inst_of(self, acc: npt.NDArray[np.int64]) -> npt.NDArray[np.int32]:
        return self.acc_inst[acc]

    def country_of(self, acc: int) -> str:
        return self.institutions[int(self.acc_inst[acc])].country


CITIES = {
    "MT": ("Valletta", "Birkirkara", "Mosta", "Qormi", "Sliema", "Zabbar", "Naxxar", "San Gwann"),
    "GB": ("London", "Manchester", "Birmingham"),
    "DE": ("Berlin", "Hamburg", "Frankfurt"),
    "AE": ("Dubai", "Abu Dhabi", "Sharjah"),
    "RU": ("Moscow", "Saint Petersburg", "Kazan"),
    "CN": ("Shanghai", "Shenzhen", "Guangzhou"),
    "HK": ("Hong Kong",),
    "TR": ("Istanbul", "Ankara"),
}
STREETS = (
    "High Street",
    "Republic Street",
    "Main Road",
    "Church Street",
    "Station Road",
    "Harbour Road",
    "Market Square",
    "Park Lane",
    "Victoria Avenue",
    "King Street",
)


BANK_PREFIXES = (
    "First",
    "National",
    "Island",
    "Mediterranean",
    "Central",
    "United",
    "Capital",
    "Harbour",
    "Heritage",
    "Citizens",
)


def _bic(rng: random.Random, country: str) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return (
        "".join(rng.choice(letters) for _ in range(4))
        + country
        + rng.choice(letters)
        + rng.choice("0123456789")
    )


def build_population(n_accounts_target: int, seed: int, home: str, currency: str, start: date) -> Population:
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)

    # --- institutions -------------------------------------------------------------------------
    institutions: list[Institution] = []
    used_codes: set[int] = set()

    def add_inst(kind: str, country: str, name: str, ccy: str) -> int:
        while True:
            c = rng.randrange(10, 400_000)
            if c not in used_codes:
                used_codes.add(c)
                break
        institutions.append(Institution(str(c), name, kind, country, _bic(rng, country), ccy))
        return len(institutions) - 1

    bank_words = ("Bank", "Bank", "Banking Corporation", "Savings Bank", "Bank plc", "Commercial Bank")
    n_dom_banks = max(4, min(20, n_accounts_target // 6000))
    for i in range(n_dom_banks):
        add_inst(
            "bank",
            home,
            f"{rng.choice(BANK_PREFIXES)} {rng.choice(bank_words)} {i + 1}",
            currency,
        )
    for i in range(4):
        add_inst("mvts", home, f"Quick Remit Services {i + 1}", currency)
    for i in range(2):
        add_inst("casino", home, f"Grand Casino {i + 1}", currency)
    for i in range(2):
        add_inst("vasp", home, f"Coin Exchange {i + 1}", currency)
    foreign_countries = list(FOREIGN)
    for c in foreign_countries:
        for j in range(2 if c in ("GB", "DE", "AE", "CN", "US", "HK") else 1):
            add_inst("bank", c, f"{c} International Bank {j + 1}", FOREIGN[c][1])
    for c in ("AE", "PK", "AF", "SO", "TR"):
        add_inst("mvts", c, f"{c} Exchange House", FOREIGN[c][1])
    add_inst("vasp", "SG", "Offshore Crypto Exchange", "BTC")

    inst_kind = np.array([i.kind for i in institutions])
    inst_country = np.array([i.country for i in institutions])
    dom_banks = np.flatnonzero((inst_kind == "bank") & (inst_country == home))
    dom_mvts = np.flatnonzero((inst_kind == "mvts") & (inst_country == home))
    dom_casino = np.flatnonzero((inst_kind == "casino") & (inst_country == home))
    dom_vasp = np.flatnonzero((inst_kind == "vasp") & (inst_country == home))
    by_country: dict[str, npt.NDArray[np.int64]] = {
        c: np.flatnonzero((inst_country == c) & (inst_kind == "bank")) for c in foreign_countries
    }

    # --- parties ------------------------------------------------------------------------------
    n_companies_dom = max(50, n_accounts_target // 14)
    n_persons_dom = max(200, int(n_accounts_target * 0.55))
    n_foreign_persons = max(50, n_accounts_target // 25)
    n_foreign_companies = max(30, n_accounts_target // 60)
    parties: list[Party] = []
    ref_day = start

    def new_person(country: str, culture: str) -> Party:
        female = rng.random() < 0.48
        p = Party(len(parties), "Person", country, name=make_person_name(culture, female, rng), female=female)
        age_days = rng.randint(18 * 365, 80 * 365)
        p.birth_date = ref_day - timedelta(days=age_days)
        p.nationality = (
            country
            if culture == "en" or rng.random() < 0.5
            else {"ru": "RU", "ar": rng.choice(("SY", "IQ", "EG", "LB", "AE", "SA")), "zh": "CN"}.get(
                culture, country
            )
        )
        p.national_id = f"{rng.randrange(10**6, 10**7)}{rng.choice('MGAPLHBZ')}"
        if rng.random() < 0.6:
            p.passport = f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randrange(10**7, 10**8)}"
        p.phone = f"+{rng.randrange(30, 99)}{rng.randrange(10**7, 10**8)}"
        p.city = rng.choice(CITIES.get(country, ("Capital City",)))
        p.address = f"{rng.randrange(1, 200)} {rng.choice(STREETS)}, {p.city}"
        parties.append(p)
        return p

    def new_company(country: str) -> Party:
        p = Party(len(parties), "Company", country, company=make_company_name(country, rng))
        p.tax_id = f"{country}{rng.randrange(10**7, 10**9)}"
        p.national_id = f"C {rng.randrange(10**4, 10**6)}"
        p.phone = f"+{rng.randrange(30, 99)}{rng.randrange(10**7, 10**8)}"
        p.city = rng.choice(CITIES.get(country, ("Capital City",)))
        p.address = f"{rng.randrange(1, 200)} {rng.choice(STREETS)}, {p.city}"
        parties.append(p)
        return p

    cultures = ["en"] * 70 + ["ru"] * 10 + ["ar"] * 12 + ["zh"] * 8
    for _ in range(n_persons_dom):
        new_person(home, rng.choice(cultures))
    persons_dom = list(range(len(parties)))
    for _ in range(n_companies_dom):
        new_company(home)
    companies_dom = list(range(len(persons_dom), len(parties)))
    fp_start = len(parties)
    for _ in range(n_foreign_persons):
        c = rng.choice(foreign_countries)
        new_person(c, FOREIGN[c][0])
    foreign_persons = list(range(fp_start, len(parties)))
    fc_start = len(parties)
    for _ in range(n_foreign_companies):
        c = rng.choice(foreign_countries + list(SHELL_COUNTRIES) * 2)
        new_company(c)
    foreign_companies = list(range(fc_start, len(parties)))

    # company roles: merchants (retail), employers, utilities, landlords, asset dealers, shells, charities
    comp = companies_dom[:]
    rng.shuffle(comp)
    n = len(comp)
    cut = [0, int(n * 0.35), int(n * 0.75), int(n * 0.78), int(n * 0.86), int(n * 0.90), int(n * 0.95), n]
    role_names = ("merchant", "employer", "utility", "landlord_co", "asset_dealer", "shell", "charity")
    for r, (a, b) in zip(role_names, itertools.pairwise(cut), strict=True):
        for i in comp[a:b]:
            parties[i].roles.add(r)
    for i in comp:
        parties[i].owner = rng.choice(persons_dom)
    for i in foreign_companies:
        parties[i].roles.add("foreign_shell" if parties[i].country in SHELL_COUNTRIES else "foreign_trader")
        parties[i].owner = rng.choice(foreign_persons)

    # --- accounts -----------------------------------------------------------------------------
    acc_inst: list[int] = []
    acc_owner: list[int] = []
    acc_kind: list[int] = []
    acc_ccy: list[str] = []

    def open_account(owner: int, inst: int, kind: int) -> int:
        acc_inst.append(inst)
        acc_owner.append(owner)
        acc_kind.append(kind)
        acc_ccy.append(institutions[inst].currency)
        return len(acc_inst) - 1

    # bank preference is heavy-tailed: a few big banks hold most accounts
    bank_w = nrng.pareto(1.2, len(dom_banks)) + 0.2
    bank_w /= bank_w.sum()

    def open_many(owners: list[int], p_second: float, p_third: float, kind: int) -> None:
        own = np.array(owners, dtype=np.int64)
        k = 1 + (nrng.random(own.shape[0]) < p_second) + (nrng.random(own.shape[0]) < p_third)
        rep = np.repeat(own, k)
        banks = nrng.choice(dom_banks, size=rep.shape[0], p=bank_w)
        for o, b in zip(rep.tolist(), banks.tolist(), strict=True):
            open_account(o, b, kind)

    open_many(persons_dom, 0.35, 0.08, ACC_PERSON)
    open_many(companies_dom, 0.5, 0.2, ACC_COMPANY)
    for i in companies_dom:
        if "employer" in parties[i].roles and rng.random() < 0.05:
            open_account(i, int(rng.choice(list(dom_mvts))), ACC_COMPANY)  # remittance agents
    for inst in dom_mvts.tolist():
        for _ in range(3):  # MVTS operators' own settlement/agent accounts
            open_account(rng.choice(companies_dom), inst, ACC_COMPANY)
    for inst in np.concatenate([dom_casino, dom_vasp]).tolist():
        for _ in range(2):
            open_account(rng.choice(companies_dom), inst, ACC_COMPANY)
    for i in foreign_persons:
        open_account(i, int(nrng.choice(by_country[parties[i].country])), ACC_PERSON)
    for i in foreign_companies:
        open_account(i, int(nrng.choice(by_country[parties[i].country])), ACC_COMPANY)
    foreign_mvts = np.flatnonzero((inst_kind == "mvts") & (inst_country != home))
    for inst in foreign_mvts.tolist():
        open_account(rng.choice(foreign_companies), inst, ACC_COMPANY)
    foreign_vasp = np.flatnonzero((inst_kind == "vasp") & (inst_country != home))
    for inst in foreign_vasp.tolist():
        for _ in range(20):
            open_account(rng.choice(foreign_persons), inst, ACC_PERSON)
    # each institution's cash desk: cash in and out of the banking system
    cash_desk: dict[int, int] = {}
    for ii in range(len(institutions)):
        cash_desk[ii] = open_account(-1, ii, ACC_CASH)

    n_acc = len(acc_inst)
    # distinct pseudo-random ids: an odd multiplier is a bijection modulo 2**32
    off = int(nrng.integers(0, 1 << 32))
    ids = (np.arange(n_acc, dtype=np.uint64) * np.uint64(2654435761) + np.uint64(off)) % np.uint64(1 << 32)
    acc_id = np.array([f"8{v:08X}" for v in ids], dtype=object)
    for ii, a in cash_desk.items():
        acc_id[a] = f"CASH{institutions[ii].code}"
    pop = Population(
        institutions=institutions,
        parties=parties,
        acc_inst=np.array(acc_inst, dtype=np.int32),
        acc_owner=np.array(acc_owner, dtype=np.int32),
        acc_kind=np.array(acc_kind, dtype=np.int8),
        acc_id=acc_id,
        acc_ccy=np.array(acc_ccy, dtype=object),
        cash_desk=cash_desk,
        home=home,
        currency=currency,
    )
    _pools(pop, inst_country, inst_kind)
    return pop


def _pools(pop: Population, inst_country: npt.NDArray[np.str_], inst_kind: npt.NDArray[np.str_]) -> None:
    owner = pop.acc_owner
    kind = pop.acc_kind
    acc_country = inst_country[pop.acc_inst]
    acc_ikind = inst_kind[pop.acc_inst]
    dom = acc_country == pop.home
    roles_of = [p.roles for p in pop.parties]

    def with_role(role: str) -> npt.NDArray[np.int64]:
        m = np.array([o >= 0 and role in roles_of[o] for o in owner], dtype=bool)
        return np.flatnonzero(m & dom & (acc_ikind == "bank"))

    pools = pop.pools
    pools["person"] = np.flatnonzero(dom & (kind == ACC_PERSON) & (acc_ikind == "bank"))
    pools["company"] = np.flatnonzero(dom & (kind == ACC_COMPANY) & (acc_ikind == "bank"))
    for role in ("merchant", "employer", "utility", "landlord_co", "asset_dealer", "shell", "charity"):
        pools[role] = with_role(role)
    pools["mvts"] = np.flatnonzero(dom & (acc_ikind == "mvts") & (kind == ACC_COMPANY))
    pools["casino"] = np.flatnonzero(dom & (acc_ikind == "casino") & (kind == ACC_COMPANY))
    pools["vasp"] = np.flatnonzero(dom & (acc_ikind == "vasp") & (kind == ACC_COMPANY))
    pools["foreign_person"] = np.flatnonzero(~dom & (kind == ACC_PERSON) & (acc_ikind == "bank"))
    pools["foreign_company"] = np.flatnonzero(~dom & (kind == ACC_COMPANY) & (acc_ikind == "bank"))
    pools["foreign_shell"] = np.flatnonzero(
        ~dom & (kind == ACC_COMPANY) & np.isin(acc_country, SHELL_COUNTRIES) & (acc_ikind == "bank")
    )
    pools["foreign_tf"] = np.flatnonzero(~dom & np.isin(acc_country, TF_COUNTRIES) & (kind != ACC_CASH))
    pools["foreign_mvts"] = np.flatnonzero(~dom & (acc_ikind == "mvts") & (kind == ACC_COMPANY))
    pools["crypto_wallet"] = np.flatnonzero(acc_ikind == "vasp")
    pools["dom_cash"] = np.array(
        [a for i, a in pop.cash_desk.items() if inst_country[i] == pop.home and inst_kind[i] == "bank"],
        dtype=np.int64,
    )
    pools["foreign_cash"] = np.array(
        [a for i, a in pop.cash_desk.items() if inst_country[i] != pop.home and inst_kind[i] == "bank"],
        dtype=np.int64,
    )
