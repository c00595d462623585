"""Laundering and terrorist-financing schemes, each with its id, typology, sources and sinks.

A scheme places illicit money into its source accounts (cash deposits, wires from abroad, a front
company), moves it through its typology's shape, and lets it out at its sinks (cash withdrawals, foreign
accounts, asset purchases, or money left where it ended). Every transaction of a scheme is labelled
laundering. Time always runs forward along the money: an account pays only after it was paid.
The generator knows each scheme's sources and sinks; ``schemes.csv`` writes them down so tracing and
detection can be scored against the truth.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from moneytrail.generate.txarrays import FMT, TxArrays
from moneytrail.generate.world import Population

HOUR = 60
DAY = 1440

TYPOLOGIES: dict[str, str] = {
    "FAN-OUT": "one account spreads placed funds over many mules",
    "FAN-IN": "many mules funnel placed cash into one collector",
    "CYCLE": "money goes round a ring of accounts and back to where it started",
    "SCATTER-GATHER": "funds split over intermediaries and gathered again",
    "GATHER-SCATTER": "funds gathered into a hub and spread out again",
    "BIPARTITE": "a group of accounts pays another group",
    "STACK": "layers of accounts pass funds on (layering chains)",
    "RANDOM": "funds take a random walk of hops",
    "STRUCTURING": "cash deposits kept just below the reporting threshold",
    "CASH-COURIER": "cash withdrawn, carried across the border undeclared, deposited abroad",
    "HAWALA": "customers pay an informal remitter who settles abroad in bulk",
    "TRADE-BASED": "payments for over-invoiced goods to a foreign trader",
    "FUNNEL": "deposits in many places into one account, quickly moved out",
    "ROUND-TRIPPING": "money leaves through foreign companies and comes back as investment",
    "TF-COLLECTION": "many small donations collected and sent to a conflict zone",
}
DEFAULT_MIX: dict[str, float] = {
    "FAN-OUT": 1.0,
    "FAN-IN": 1.0,
    "CYCLE": 1.0,
    "SCATTER-GATHER": 1.0,
    "GATHER-SCATTER": 1.0,
    "BIPARTITE": 0.5,
    "STACK": 1.0,
    "RANDOM": 0.5,
    "STRUCTURING": 1.0,
    "CASH-COURIER": 0.7,
    "HAWALA": 0.7,
    "TRADE-BASED": 0.7,
    "FUNNEL": 0.7,
    "ROUND-TRIPPING": 0.7,
    "TF-COLLECTION": 0.6,
}


@dataclass
class Declaration:
    """A cross-border cash declaration made (or not made) by a courier or an honest traveller."""

    traveller: int  # party index
    minute: int
    direction: str
    from_country: str
    to_country: str
    declared: float
    carried: float
    currency: str
    origin: str
    purpose: str
    scheme: int


@dataclass
class Scheme:
    sid: int
    typology: str
    detail: str = ""
    minute: list[int] = field(default_factory=list)
    src: list[int] = field(default_factory=list)
    dst: list[int] = field(default_factory=list)
    amount: list[float] = field(default_factory=list)
    fmt: list[int] = field(default_factory=list)
    sources: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    sinks: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    sink_kind: dict[int, str] = field(default_factory=dict)

    def pay(self, t: int, src: int, dst: int, amount: float, fmt: str) -> None:
        self.minute.append(int(t))
        self.src.append(int(src))
        self.dst.append(int(dst))
        self.amount.append(round(float(amount), 2))
        self.fmt.append(FMT[fmt])

    def arrays(self) -> TxArrays:
        n = len(self.minute)
        return TxArrays(
            np.array(self.minute, np.int64),
            np.array(self.src, np.int64),
            np.array(self.dst, np.int64),
            np.array(self.amount, np.float64),
            np.array(self.fmt, np.int8),
            np.full(n, self.sid, np.int32),
        )

    def __len__(self) -> int:
        return len(self.minute)


class Ctx:
    """What every typology needs: the population, randomness, the time window, and used accounts."""

    def __init__(
        self, pop: Population, rng: np.random.Generator, start_day: int, days: int, threshold: float
    ) -> None:
        self.pop = pop
        self.rng = rng
        self.t0 = start_day * DAY
        self.t1 = (start_day + days) * DAY
        self.threshold = threshold
        self.used: set[int] = set()
        self.declarations: list[Declaration] = []

    def pick(self, pool: str, k: int = 1) -> list[int]:
        """k distinct accounts of a pool, avoiding accounts already in another scheme."""
        p = self.pop.pools[pool]
        out: list[int] = []
        for _ in range(50 * k):
            a = int(p[self.rng.integers(0, p.shape[0])])
            if a not in self.used and a not in out:
                out.append(a)
                if len(out) == k:
                    break
        if len(out) < k:  # a tiny world: allow reuse rather than fail
            out += [int(a) for a in self.rng.choice(p, size=k - len(out))]
        self.used.update(out)
        return out

    def start(self, span_days: float) -> int:
        latest = max(self.t0 + 1, int(self.t1 - span_days * DAY))
        return int(self.rng.integers(self.t0, latest))

    def later(self, t: int, lo_h: float, hi_h: float) -> int:
        return int(t + self.rng.uniform(lo_h, hi_h) * HOUR)

    def desk(self, acc: int) -> int:
        return self.pop.cash_desk[int(self.pop.acc_inst[acc])]

    def below_threshold(self) -> float:
        return float(self.rng.uniform(0.85, 0.995) * self.threshold)

    def place(self, s: Scheme, acc: int, amount: float, t: int, how: str | None = None) -> int:
        """Illicit funds enter ``acc``; returns the time of the last placement payment."""
        how = how or str(self.rng.choice(["cash", "wire", "front"], p=[0.45, 0.35, 0.2]))
        s.sources[acc] += amount
        if how == "cash":
            left = amount
            while left > 1:
                part = min(left, self.below_threshold())
                s.pay(t, self.desk(acc), acc, part, "Cash")
                left -= part
                t = self.later(t, 2, 30)
            return t
        if how == "wire":
            origin = self.pick("foreign_company")[0]
            n = int(self.rng.integers(1, 3))
            for _ in range(n):
                s.pay(t, origin, acc, amount / n, "Wire")
                t = self.later(t, 1, 24)
            return t
        front = self.pick("company")[0]
        s.pay(t, front, acc, amount, "Wire")
        return self.later(t, 0.5, 6)

    def sink(self, s: Scheme, acc: int, amount: float, t: int, kind: str | None = None) -> int:
        """Let ``amount`` leave the scheme from ``acc``: cash, foreign account, asset purchase or stay."""
        kind = kind or str(self.rng.choice(["cash", "foreign", "asset", "stay"], p=[0.35, 0.35, 0.2, 0.1]))
        if kind == "stay":
            s.sinks[acc] += amount
            s.sink_kind[acc] = "unknown"
            return t
        if kind == "cash":
            left = amount
            desk = self.desk(acc)
            while left > 1:
                part = min(left, self.below_threshold() if self.rng.random() < 0.7 else left)
                s.pay(t, acc, desk, part, "Cash")
                left -= part
                t = self.later(t, 1, 20)
            s.sinks[desk] += amount
            s.sink_kind[desk] = "cash"
            return t
        if kind == "asset":
            dealer = self.pick("asset_dealer")[0]
            s.pay(t, acc, dealer, amount, "Wire")
            s.sinks[dealer] += amount
            s.sink_kind[dealer] = "asset"
            return self.later(t, 1, 6)
        dst = self.pick("foreign_person" if self.rng.random() < 0.5 else "foreign_shell")[0]
        s.pay(t, acc, dst, amount, "Wire")
        s.sinks[dst] += amount
        s.sink_kind[dst] = "foreign"
        return self.later(t, 1, 6)

    def fee(self) -> float:
        return float(1 - self.rng.uniform(0.005, 0.03))


# ---- the typologies ---------------------------------------------------------------------------


def fan_out(c: Ctx, s: Scheme, x: float) -> None:
    k = int(c.rng.integers(3, 17))
    s.detail = f"Max {k}-degree Fan-Out"
    src = c.pick("person" if c.rng.random() < 0.5 else "company")[0]
    t = c.place(s, src, x, c.start(6))
    parts = c.rng.dirichlet(np.full(k, 5.0)) * x
    for mule, part in zip(c.pick("person", k), parts, strict=True):
        t2 = c.later(t, 0.5, 36)
        s.pay(t2, src, mule, part, str(c.rng.choice(["Wire", "ACH"])))
        c.sink(s, mule, part * c.fee(), c.later(t2, 1, 48), str(c.rng.choice(["cash", "foreign"])))


def fan_in(c: Ctx, s: Scheme, x: float) -> None:
    k = int(c.rng.integers(3, 17))
    s.detail = f"Max {k}-degree Fan-In"
    collector = c.pick("company" if c.rng.random() < 0.6 else "person")[0]
    t0 = c.start(8)
    last = t0
    for mule, part in zip(c.pick("person", k), c.rng.dirichlet(np.full(k, 5.0)) * x, strict=True):
        t = c.place(s, mule, part, c.later(t0, 0, 48), "cash")
        t = c.later(t, 1, 48)
        s.pay(t, mule, collector, part * c.fee(), str(c.rng.choice(["Wire", "ACH"])))
        last = max(last, t)
    total = sum(s.amount[i] for i in range(len(s)) if s.dst[i] == collector)
    c.sink(s, collector, total, c.later(last, 2, 48), str(c.rng.choice(["asset", "foreign"])))


def cycle(c: Ctx, s: Scheme, x: float) -> None:
    n = int(c.rng.integers(2, 7))
    s.detail = f"Max {n} hops"
    ring = c.pick("person", 1) + c.pick("company" if c.rng.random() < 0.5 else "person", n - 1)
    t = c.place(s, ring[0], x, c.start(8))
    amt = x
    for i in range(n):
        t = c.later(t, 2, 40)
        amt *= c.fee()
        s.pay(
            t,
            ring[i],
            ring[(i + 1) % n],
            amt,
            str(c.rng.choice(["Wire", "ACH", "Cheque"], p=[0.5, 0.4, 0.1])),
        )
    c.sink(s, ring[0], amt, c.later(t, 2, 48), str(c.rng.choice(["foreign", "asset", "cash"])))


def scatter_gather(c: Ctx, s: Scheme, x: float) -> None:
    k = int(c.rng.integers(3, 12))
    s.detail = f"Max {k}-degree Scatter-Gather"
    src, dst = c.pick("company"), c.pick("company")
    t = c.place(s, src[0], x, c.start(8))
    total = 0.0
    last = t
    for mid, part in zip(c.pick("person", k), c.rng.dirichlet(np.full(k, 5.0)) * x, strict=True):
        t1 = c.later(t, 1, 36)
        s.pay(t1, src[0], mid, part, "Wire")
        t2 = c.later(t1, 2, 48)
        s.pay(t2, mid, dst[0], part * c.fee(), "Wire")
        total += s.amount[-1]
        last = max(last, t2)
    c.sink(s, dst[0], total, c.later(last, 2, 48))


def gather_scatter(c: Ctx, s: Scheme, x: float) -> None:
    k1, k2 = int(c.rng.integers(3, 10)), int(c.rng.integers(3, 10))
    s.detail = f"Max {k1}-degree Gather-Scatter"
    hub = c.pick("company")[0]
    t0 = c.start(9)
    last = t0
    for src, part in zip(c.pick("person", k1), c.rng.dirichlet(np.full(k1, 5.0)) * x, strict=True):
        t = c.place(s, src, part, c.later(t0, 0, 24))
        t = c.later(t, 1, 24)
        s.pay(t, src, hub, part * c.fee(), "Wire")
        last = max(last, t)
    total = sum(s.amount[i] for i in range(len(s)) if s.dst[i] == hub)
    for dst, part in zip(c.pick("person", k2), c.rng.dirichlet(np.full(k2, 5.0)) * total, strict=True):
        t = c.later(last, 2, 48)
        s.pay(t, hub, dst, part, "Wire")
        c.sink(s, dst, part * c.fee(), c.later(t, 1, 36), "cash")


def bipartite(c: Ctx, s: Scheme, x: float) -> None:
    m, n = int(c.rng.integers(2, 6)), int(c.rng.integers(2, 6))
    s.detail = f"{m} x {n} bipartite"
    left, right = c.pick("person", m), c.pick("person", n)
    t0 = c.start(8)
    received: dict[int, float] = defaultdict(float)
    last: dict[int, int] = defaultdict(int)
    for a, part in zip(left, c.rng.dirichlet(np.full(m, 5.0)) * x, strict=True):
        t = c.place(s, a, part, c.later(t0, 0, 24))
        targets = c.rng.choice(right, size=min(n, int(c.rng.integers(2, 4))), replace=False)
        for b, sub in zip(targets, c.rng.dirichlet(np.full(targets.shape[0], 5.0)) * part, strict=True):
            t2 = c.later(t, 1, 36)
            s.pay(t2, a, int(b), sub, "Wire")
            received[int(b)] += sub
            last[int(b)] = max(last[int(b)], t2)
    for b, amt in received.items():
        c.sink(s, b, amt * c.fee(), c.later(last[b], 2, 48))


def stack(c: Ctx, s: Scheme, x: float) -> None:
    k = int(c.rng.integers(2, 6))
    s.detail = f"Stack of 2 layers x {k}"
    src = c.pick("company")[0]
    l1, l2 = c.pick("person", k), c.pick("company" if c.rng.random() < 0.5 else "person", k)
    t = c.place(s, src, x, c.start(9))
    got2: dict[int, float] = defaultdict(float)
    t2max: dict[int, int] = defaultdict(int)
    for a, part in zip(l1, c.rng.dirichlet(np.full(k, 5.0)) * x, strict=True):
        t1 = c.later(t, 1, 36)
        s.pay(t1, src, a, part, "Wire")
        for b, sub in zip(l2, c.rng.dirichlet(np.full(k, 3.0)) * part * c.fee(), strict=True):
            tb = c.later(t1, 1, 36)
            s.pay(tb, a, b, sub, "Wire")
            got2[b] += sub
            t2max[b] = max(t2max[b], tb)
    for b, amt in got2.items():
        c.sink(s, b, amt * c.fee(), c.later(t2max[b], 2, 48), "foreign")


def random_walk(c: Ctx, s: Scheme, x: float) -> None:
    n = int(c.rng.integers(3, 9))
    s.detail = f"Random walk of {n} hops"
    path = c.pick("person", n + 1)
    t = c.place(s, path[0], x, c.start(10))
    amt = x
    for a, b in itertools.pairwise(path):
        t = c.later(t, 2, 30)
        amt *= c.fee()
        s.pay(t, a, b, amt, str(c.rng.choice(["Wire", "ACH"])))
    c.sink(s, path[-1], amt, c.later(t, 2, 30))


def structuring(c: Ctx, s: Scheme, x: float) -> None:
    smurfs = c.pick("person", int(c.rng.integers(1, 4)))
    consol = c.pick("shell")[0]
    s.detail = f"{len(smurfs)} depositors below {c.threshold:,.0f}"
    t = c.start(10)
    per = x / len(smurfs)
    last = t
    for a in smurfs:
        left = per
        ta = c.later(t, 0, 48)
        while left > 100:
            part = min(left, c.below_threshold())
            s.pay(ta, c.desk(a), a, part, "Cash")
            s.sources[a] += part
            left -= part
            ta = c.later(ta, 4, 40)
        got = per - left
        ta = c.later(ta, 2, 24)
        s.pay(ta, a, consol, got, "Wire")
        last = max(last, ta)
    total = sum(s.amount[i] for i in range(len(s)) if s.dst[i] == consol)
    c.sink(s, consol, total, c.later(last, 2, 48), "foreign")


def cash_courier(c: Ctx, s: Scheme, x: float) -> None:
    accounts = c.pick("person", int(c.rng.integers(2, 5)))
    courier_party = int(c.pop.acc_owner[accounts[0]])
    dest = c.pick("foreign_company" if c.rng.random() < 0.5 else "foreign_person")[0]
    dest_country = c.pop.country_of(dest)
    s.detail = f"courier to {dest_country}"
    t0 = c.start(10)
    carried = 0.0
    last = t0
    for a, part in zip(accounts, c.rng.dirichlet(np.full(len(accounts), 5.0)) * x, strict=True):
        t = c.place(s, a, part, c.later(t0, 0, 24), "wire")
        left = part
        while left > 100:
            w = min(left, c.below_threshold())
            t = c.later(t, 2, 30)
            s.pay(t, a, c.desk(a), w, "Cash")
            carried += w
            left -= w
        last = max(last, t)
    cross = c.later(last, 6, 48)
    declared = 0.0 if c.rng.random() < 0.6 else round(float(c.rng.uniform(0.1, 0.5) * carried), -2)
    c.declarations.append(
        Declaration(
            courier_party,
            cross,
            "OUT",
            c.pop.home,
            dest_country,
            declared,
            carried,
            c.pop.currency,
            "savings" if declared else "",
            "business trip" if declared else "",
            s.sid,
        )
    )
    desk = c.desk(dest)
    t = c.later(cross, 4, 48)
    s.pay(t, desk, dest, carried, "Cash")
    s.sinks[dest] += carried
    s.sink_kind[dest] = "foreign"


def hawala(c: Ctx, s: Scheme, x: float) -> None:
    h = c.pick("mvts")[0] if c.rng.random() < 0.5 else c.pick("company")[0]
    k = int(c.rng.integers(8, 30))
    s.detail = f"{k} customers, settlement abroad"
    t0 = c.start(14)
    last = t0
    customers = c.pick("person", k)
    for a, part in zip(customers, c.rng.dirichlet(np.full(k, 2.0)) * x, strict=True):
        t = c.later(t0, 0, 10 * 24)
        s.pay(t, a, h, part, str(c.rng.choice(["Cash", "Wire", "ACH"], p=[0.4, 0.4, 0.2])))
        s.sources[a] += part
        last = max(last, t)
    counterpart = c.pick("foreign_mvts" if c.rng.random() < 0.4 else "foreign_company")[0]
    total = sum(s.amount)
    n = int(c.rng.integers(1, 4))
    t = c.later(last, 4, 72)
    for _ in range(n):
        s.pay(t, h, counterpart, total / n * c.fee(), "Wire")
        t = c.later(t, 4, 48)
    s.sinks[counterpart] += sum(s.amount[-n:])
    s.sink_kind[counterpart] = "foreign"


def trade_based(c: Ctx, s: Scheme, x: float) -> None:
    importer = c.pick("company")[0]
    exporter = c.pick("foreign_company")[0]
    s.detail = f"over-invoiced imports from {c.pop.country_of(exporter)}"
    t = c.place(s, importer, x, c.start(12), str(c.rng.choice(["front", "cash"])))
    n = int(c.rng.integers(2, 7))
    for part in c.rng.dirichlet(np.full(n, 4.0)) * x:
        t = c.later(t, 12, 72)
        s.pay(t, importer, exporter, round(part, -2), "Wire")
    s.sinks[exporter] += sum(s.amount[-n:])
    s.sink_kind[exporter] = "foreign"


def funnel(c: Ctx, s: Scheme, x: float) -> None:
    f = c.pick("person" if c.rng.random() < 0.6 else "company")[0]
    k = int(c.rng.integers(5, 20))
    s.detail = f"{k} deposits in different places"
    desks = c.pop.pools["dom_cash"]
    t = c.start(10)
    for part in c.rng.dirichlet(np.full(k, 4.0)) * x:
        t = c.later(t, 1, 20)
        s.pay(t, int(c.rng.choice(desks)), f, min(part, c.below_threshold()), "Cash")
        s.sources[f] += s.amount[-1]
    total = float(sum(s.amount))
    t = c.later(t, 1, 24)
    if c.rng.random() < 0.5:
        c.sink(s, f, total, t, "foreign")
    else:  # withdrawn from cash machines abroad
        desks_f = c.pop.pools["foreign_cash"]
        d = int(c.rng.choice(desks_f))
        left = total
        while left > 1:
            w = min(left, float(c.rng.uniform(300, 2000)))
            s.pay(t, f, d, w, "Cash")
            left -= w
            t = c.later(t, 2, 12)
        s.sinks[d] += total
        s.sink_kind[d] = "cash"


def round_tripping(c: Ctx, s: Scheme, x: float) -> None:
    d = c.pick("company")[0]
    f1, f2 = c.pick("foreign_shell", 2)
    back = c.pick("company")[0]
    s.detail = f"through {c.pop.country_of(f1)} and {c.pop.country_of(f2)}"
    t = c.place(s, d, x, c.start(12), "cash")
    t = c.later(t, 12, 72)
    s.pay(t, d, f1, x, "Wire")
    t = c.later(t, 12, 72)
    amt = x * c.fee()
    s.pay(t, f1, f2, amt, "Wire")
    t = c.later(t, 12, 72)
    amt *= c.fee()
    s.pay(t, f2, back, amt, "Wire")
    c.sink(s, back, amt * 0.6, c.later(t, 24, 96), "asset")
    s.sinks[back] += amt * 0.4
    s.sink_kind[back] = "unknown"


def tf_collection(c: Ctx, s: Scheme, x: float) -> None:
    collector = c.pick("charity" if c.rng.random() < 0.5 else "person")[0]
    k = int(c.rng.integers(15, 50))
    s.detail = f"{k} donors"
    t0 = c.start(20)
    last = t0
    for donor in c.pick("person", k):
        t = c.later(t0, 0, 14 * 24)
        amt = float(c.rng.uniform(10, 250))
        s.pay(t, donor, collector, amt, str(c.rng.choice(["Wire", "ACH", "Credit Card"])))
        s.sources[donor] += amt
        last = max(last, t)
    total = float(sum(s.amount))
    n = int(c.rng.integers(1, 4))
    t = c.later(last, 12, 72)
    dest = c.pick("foreign_tf")[0]
    for _ in range(n):
        s.pay(t, collector, dest, total / n * c.fee(), "Wire")
        t = c.later(t, 12, 72)
    s.sinks[dest] += sum(s.amount[-n:])
    s.sink_kind[dest] = "foreign"


BUILDERS: dict[str, Callable[[Ctx, Scheme, float], None]] = {
    "FAN-OUT": fan_out,
    "FAN-IN": fan_in,
    "CYCLE": cycle,
    "SCATTER-GATHER": scatter_gather,
    "GATHER-SCATTER": gather_scatter,
    "BIPARTITE": bipartite,
    "STACK": stack,
    "RANDOM": random_walk,
    "STRUCTURING": structuring,
    "CASH-COURIER": cash_courier,
    "HAWALA": hawala,
    "TRADE-BASED": trade_based,
    "FUNNEL": funnel,
    "ROUND-TRIPPING": round_tripping,
    "TF-COLLECTION": tf_collection,
}


def scheme_amount(rng: np.random.Generator, typology: str, threshold: float) -> float:
    if typology == "TF-COLLECTION":
        return 0.0  # sized by its donors
    if typology == "STRUCTURING":
        return float(rng.uniform(3, 12) * threshold)
    if typology == "HAWALA":
        return float(np.exp(rng.normal(np.log(30_000), 0.6)))
    return float(np.exp(rng.normal(np.log(45_000), 0.8)))


def laundering(
    pop: Population,
    rng: np.random.Generator,
    target: int,
    start_day: int,
    days: int,
    threshold: float,
    mix: dict[str, float],
) -> tuple[list[Scheme], list[Declaration]]:
    """Schemes until about ``target`` laundering transactions exist."""
    names = [k for k, v in mix.items() if v > 0]
    p = np.array([mix[k] for k in names], dtype=np.float64)
    p /= p.sum()
    ctx = Ctx(pop, rng, start_day, days, threshold)
    schemes: list[Scheme] = []
    total = 0
    counts = np.zeros(len(names))
    order = rng.permutation(len(names))  # tie-break order varies with the seed
    while total < target:
        # smooth weighted round robin: the typology furthest behind its share goes next, so the mix is
        # honoured exactly and every typology with a weight appears once there are enough schemes
        deficit = p[order] * (counts.sum() + 1) - counts[order]
        k = int(order[int(np.argmax(deficit))])
        counts[k] += 1
        typ = names[k]
        s = Scheme(len(schemes), typ)
        BUILDERS[typ](ctx, s, scheme_amount(rng, typ, threshold))
        # time must stay in the window: drop schemes that ran past its end (rare, short windows)
        if not s.minute or max(s.minute) >= ctx.t1:
            ctx.used.difference_update(s.src + s.dst)
            if target - total < 5:
                break
            continue
        schemes.append(s)
        total += len(s)
    return schemes, ctx.declarations


def honest_declarations(
    pop: Population, rng: np.random.Generator, n: int, start_day: int, days: int, threshold: float
) -> list[Declaration]:
    """Travellers who declare cash above the threshold, as the law asks."""
    out = []
    persons = pop.pools["person"]
    countries = sorted({i.country for i in pop.institutions if i.country != pop.home})
    for _ in range(n):
        acc = int(rng.choice(persons))
        amt = round(float(rng.uniform(1.0, 4.0) * threshold), -2)
        direction = str(rng.choice(["OUT", "IN"]))
        other = str(rng.choice(countries))
        frm, to = (pop.home, other) if direction == "OUT" else (other, pop.home)
        out.append(
            Declaration(
                int(pop.acc_owner[acc]),
                int(start_day * DAY + rng.integers(0, days * DAY)),
                direction,
                frm,
                to,
                amt,
                amt,
                pop.currency,
                str(rng.choice(["savings", "sale of property", "business proceeds", "inheritance"])),
                str(
                    rng.choice(["purchase of goods", "medical treatment", "family support", "business trip"])
                ),
                -1,
            )
        )
    return out


def scheme_index(schemes: list[Scheme]) -> npt.NDArray[np.int32]:
    return np.array([s.sid for s in schemes], dtype=np.int32)
