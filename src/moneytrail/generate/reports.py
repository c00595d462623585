"""A sample of goAML XML reports from the world: STRs where banks noticed a scheme, CTRs for large cash."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from moneytrail.generate.schemes import Scheme
from moneytrail.generate.txarrays import FMT, TxArrays
from moneytrail.generate.world import ACC_CASH, Party, Population
from moneytrail.refdata import PAYMENT_FORMATS
from moneytrail.reporting.goaml_model import (
    Account,
    Address,
    Entity,
    ForeignCurrency,
    FromSide,
    Person,
    Phone,
    Report,
    ReportingPerson,
    Signatory,
    ToSide,
    Transaction,
    report_to_xml,
)

if TYPE_CHECKING:
    from moneytrail.generate import WorldConfig

TRANSMODE = {
    "ACH": "ACH",
    "Wire": "WIRE",
    "Cheque": "CHEQ",
    "Credit Card": "CARD",
    "Cash": "CASH",
    "Bitcoin": "VA",
    "Reinvestment": "INTERNAL",
}
FUNDS = {"Cash": "CASH", "Cheque": "CHEQ", "Bitcoin": "VA"}

REASONS = {
    "FAN-OUT": "Funds received from {src} were split within days into {n} transfers to persons with no "
    "apparent relationship to our client, who withdrew or sent them abroad.",
    "FAN-IN": "Our client received transfers from {n} individuals, each preceded by cash deposits, and "
    "moved the total on shortly after. The activity is inconsistent with the customer profile.",
    "CYCLE": "Funds passed through a chain of accounts and returned to the originating account within days, "
    "less small deductions. No economic purpose is apparent.",
    "SCATTER-GATHER": "Funds were split among several intermediaries and consolidated again in one account.",
    "GATHER-SCATTER": "Our client collected funds from several persons and paid them out again to others.",
    "BIPARTITE": "A group of accounts paid another group of accounts repeatedly without apparent reason.",
    "STACK": "Funds moved through several layers of accounts in quick succession before leaving the country.",
    "RANDOM": "Funds passed through a series of unrelated accounts in quick succession.",
    "STRUCTURING": "Repeated cash deposits just below the reporting threshold of {threshold}, followed by a "
    "transfer of the total to a company account.",
    "CASH-COURIER": "Repeated cash withdrawals just below the reporting threshold; the customer mentioned "
    "travelling abroad.",
    "HAWALA": "Many small payments from unrelated persons followed by bulk transfers abroad, consistent with "
    "unlicensed money remittance.",
    "TRADE-BASED": "Payments to a foreign supplier far above the value of the goods declared on the invoices "
    "provided.",
    "FUNNEL": "Cash deposits made in many different places into one account, quickly transferred out.",
    "ROUND-TRIPPING": "Funds sent to an offshore company came back as investment from another one.",
    "TF-COLLECTION": "Many small donations from individuals, collected and transferred to a high-risk "
    "jurisdiction.",
}


def _dt(minute: int) -> datetime:
    return datetime.fromtimestamp(int(minute) * 60, UTC).replace(tzinfo=None)


def _person(p: Party, rng: random.Random) -> Person:
    assert p.name is not None
    n = p.name
    first = rng.choice(n.given_latin) if n.given_latin else n.given
    last = rng.choice(n.family_latin) if n.family_latin else n.family
    bd = p.birth_date
    return Person(
        gender="F" if p.female else "M",
        first_name=first,
        last_name=last,
        birthdate=datetime(bd.year, bd.month, bd.day) if bd else None,
        passport_number=p.passport or None,
        passport_country=p.nationality if p.passport else None,
        id_number=p.national_id or None,
        nationality1=p.nationality or None,
        residence=p.country,
        phones=[Phone("PRIVATE", "MOBILE", None, p.phone)] if p.phone else [],
        addresses=[Address("PRIVATE", p.address, None, p.city, None, p.country)],
    )


def _entity(p: Party) -> Entity:
    assert p.company is not None
    return Entity(
        name=p.company.canonical,
        incorporation_legal_form=p.company.form,
        incorporation_number=p.national_id,
        incorporation_country_code=p.country,
        addresses=[Address("BUSINESS", p.address, None, p.city, None, p.country)],
        tax_number=p.tax_id,
    )


def _account(pop: Population, acc: int, rng: random.Random, my_client: bool) -> Account:
    inst = pop.institutions[int(pop.acc_inst[acc])]
    owner = pop.parties[int(pop.acc_owner[acc])]
    a = Account(
        institution_name=inst.name,
        swift=inst.bic,
        account=str(pop.acc_id[acc]),
        currency_code=str(pop.acc_ccy[acc]),
        account_name=owner.display_name,
    )
    if my_client:
        a.client_number = f"C{int(pop.acc_owner[acc]):07d}"
        a.status_code = "A"
        if owner.kind == "Person":
            a.personal_account_type = "CURRENT"
            a.signatory = [Signatory(True, _person(owner, rng), "OWNER")]
        else:
            a.personal_account_type = "BUSINESS"
            a.t_entity = _entity(owner)
    return a


def _tx(
    pop: Population,
    tx: TxArrays,
    paid: npt.NDArray[np.float64],
    i: int,
    client_inst: int,
    rng: random.Random,
    local_ccy: str,
) -> Transaction:
    src, dst = int(tx.src[i]), int(tx.dst[i])
    fmt = PAYMENT_FORMATS[int(tx.fmt[i])]
    t = Transaction(
        transactionnumber=f"T{i:09d}",
        transaction_description=f"{fmt} payment",
        date_transaction=_dt(int(tx.minute[i])),
        transmode_code=TRANSMODE[fmt],
        amount_local=Decimal(f"{tx.amount[i]:.2f}"),
    )
    funds = FUNDS.get(fmt, "ELEC")
    fc = None
    if pop.acc_ccy[src] != local_ccy:
        fc = ForeignCurrency(str(pop.acc_ccy[src]), Decimal(f"{paid[i]:.2f}"))
    src_mine = int(pop.acc_inst[src]) == client_inst
    dst_mine = int(pop.acc_inst[dst]) == client_inst
    if pop.acc_kind[src] == ACC_CASH:  # a cash deposit: the conductor brings cash in
        holder = pop.parties[int(pop.acc_owner[dst])]
        side = FromSide(from_funds_code="CASH", from_country=pop.home)
        if holder.kind == "Person":
            side.from_person = _person(holder, rng)
        else:
            side.from_entity = _entity(holder)
        t.t_from = side
    else:
        side = FromSide(
            from_funds_code=funds,
            from_foreign_currency=fc,
            from_account=_account(pop, src, rng, src_mine),
            from_country=pop.country_of(src),
        )
        if src_mine and not dst_mine:
            t.t_from_my_client = side
        else:
            t.t_from = side
    if pop.acc_kind[dst] == ACC_CASH:  # a withdrawal: cash handed to the account holder
        holder = pop.parties[int(pop.acc_owner[src])]
        to = ToSide(to_funds_code="CASH", to_country=pop.country_of(dst))
        if holder.kind == "Person":
            to.to_person = _person(holder, rng)
        else:
            to.to_entity = _entity(holder)
        t.t_to = to
    else:
        to = ToSide(
            to_funds_code=funds, to_account=_account(pop, dst, rng, dst_mine), to_country=pop.country_of(dst)
        )
        if dst_mine and t.t_from_my_client is None:
            t.t_to_my_client = to
        else:
            t.t_to = to
    return t


def _header(
    pop: Population, inst: int, code: str, ref: str, when: datetime, cfg: WorldConfig, rng: random.Random
) -> Report:
    i = pop.institutions[inst]
    return Report(
        rentity_id=int(i.code),
        submission_code="E",
        report_code=code,
        entity_reference=ref,
        submission_date=when,
        currency_code_local=cfg.currency,
        reporting_person=ReportingPerson(
            first_name=rng.choice(("Anna", "Mark", "Claire", "Paul")),
            last_name=rng.choice(("Borg", "Vella", "Grech", "Zammit")),
            occupation="Money Laundering Reporting Officer",
        ),
        location=Address(
            "BUSINESS", f"{rng.randrange(1, 99)} Republic Street", None, "Valletta", None, pop.home
        ),
    )


def write_reports(
    out: Path,
    pop: Population,
    tx: TxArrays,
    paid: npt.NDArray[np.float64],
    schemes: list[Scheme],
    cfg: WorldConfig,
) -> int:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(cfg.seed + 13)
    written = 0
    limit = cfg.reports
    if limit <= 0:
        return 0
    inst_kind = np.array([i.kind for i in pop.institutions])
    inst_home = np.array([i.country == pop.home for i in pop.institutions])
    rows_of: dict[int, list[int]] = {}
    for i in np.flatnonzero(tx.scheme >= 0):
        rows_of.setdefault(int(tx.scheme[i]), []).append(int(i))
    n_str = 0
    for s in schemes:
        if written >= limit * 2 // 3 or rng.random() > 0.6:
            continue
        rows = rows_of.get(s.sid, [])
        banks = [
            int(pop.acc_inst[a])
            for i in rows
            for a in (tx.src[i], tx.dst[i])
            if pop.acc_kind[a] != ACC_CASH
            and inst_home[pop.acc_inst[a]]
            and inst_kind[pop.acc_inst[a]] in ("bank", "mvts")
        ]
        if not banks:
            continue
        inst = max(set(banks), key=banks.count)
        mine = [
            i for i in rows if int(pop.acc_inst[tx.src[i]]) == inst or int(pop.acc_inst[tx.dst[i]]) == inst
        ]
        mine = mine[:25]
        when = _dt(int(tx.minute[mine[-1]])) + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 8))
        n_str += 1
        rep = _header(pop, inst, "STR", f"STR-{pop.institutions[inst].code}-{n_str:05d}", when, cfg, rng)
        rep.reason = REASONS[s.typology].format(
            src="abroad", n=len(mine), threshold=f"{cfg.cash_threshold:,.0f}"
        )
        rep.action = rng.choice(
            (
                "Account placed under enhanced monitoring.",
                "Relationship under review.",
                "Outgoing transfers held pending review.",
            )
        )
        rep.transaction = [_tx(pop, tx, paid, i, inst, rng, cfg.currency) for i in mine]
        rep.report_indicators = [s.typology]
        (out / f"{rep.entity_reference}.xml").write_bytes(report_to_xml(rep))
        written += 1
    cash = np.flatnonzero((tx.fmt == FMT["Cash"]) & (tx.amount >= cfg.cash_threshold))
    n_ctr = 0
    for i in cash:
        if written >= limit:
            break
        src, dst = int(tx.src[i]), int(tx.dst[i])
        acc = dst if pop.acc_kind[src] == ACC_CASH else src
        inst = int(pop.acc_inst[acc])
        if not (inst_home[inst] and inst_kind[inst] == "bank"):
            continue
        n_ctr += 1
        when = _dt(int(tx.minute[i])) + timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 8))
        rep = _header(pop, inst, "CTR", f"CTR-{pop.institutions[inst].code}-{n_ctr:05d}", when, cfg, rng)
        rep.transaction = [_tx(pop, tx, paid, int(i), inst, rng, cfg.currency)]
        rep.report_indicators = ["CASH-THRESHOLD"]
        (out / f"{rep.entity_reference}.xml").write_bytes(report_to_xml(rep))
        written += 1
    return written
