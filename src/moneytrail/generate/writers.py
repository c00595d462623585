"""Writing the world out: AMLworld CSV and patterns, FollowTheMoney parties, truth files, declarations."""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from moneytrail.generate.names import company_variant, person_variant
from moneytrail.generate.schemes import DAY, Declaration, Scheme
from moneytrail.generate.txarrays import TxArrays
from moneytrail.generate.world import ACC_CASH, Party, Population
from moneytrail.refdata import AMLWORLD_CURRENCY_NAMES, PAYMENT_FORMATS

AMLWORLD_HEADER = (
    "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,"
    "Amount Paid,Payment Currency,Payment Format,Is Laundering"
)


def _ts_strings(minute: npt.NDArray[np.int64]) -> pa.Array:
    ts = pa.array(minute * 60, type=pa.timestamp("s"))
    return pc.strftime(ts, format="%Y/%m/%d %H:%M")


def _amount_strings(x: npt.NDArray[np.float64]) -> pa.Array:
    return pc.cast(pa.array(x, type=pa.float64()), pa.string())


def aml_table(
    pop: Population,
    tx: TxArrays,
    recv: npt.NDArray[np.float64],
    recv_ccy: npt.NDArray[np.int64],
    paid: npt.NDArray[np.float64],
    pay_ccy: npt.NDArray[np.int64],
    currencies: list[str],
    label: npt.NDArray[np.int8],
) -> pa.Table:
    """The world's transactions as the eleven AMLworld string columns (currencies by index)."""
    names = pa.array([AMLWORLD_CURRENCY_NAMES.get(c, c) for c in currencies], pa.string())
    codes = pa.array([i.code for i in pop.institutions], pa.string())
    acc_ids = pa.array(pop.acc_id.tolist(), pa.string())
    fmts = pa.array(PAYMENT_FORMATS, pa.string())
    src, dst = pa.array(tx.src), pa.array(tx.dst)
    cols = [
        _ts_strings(tx.minute),
        codes.take(pa.array(pop.acc_inst[tx.src])),
        acc_ids.take(src),
        codes.take(pa.array(pop.acc_inst[tx.dst])),
        acc_ids.take(dst),
        _amount_strings(recv),
        names.take(pa.array(recv_ccy)),
        _amount_strings(paid),
        names.take(pa.array(pay_ccy)),
        fmts.take(pa.array(tx.fmt.astype(np.int32))),
        pc.cast(pa.array(label, pa.int8()), pa.string()),
    ]
    return pa.Table.from_arrays(cols, names=[f"c{i}" for i in range(11)])


def write_aml_csv(path: Path, table: pa.Table) -> None:
    with open(path, "wb") as f:
        f.write((AMLWORLD_HEADER + "\n").encode())
        pacsv.write_csv(table, f, pacsv.WriteOptions(include_header=False, quoting_style="none"))


def write_patterns(
    path: Path, table: pa.Table, scheme_of_row: npt.NDArray[np.int32], schemes: list[Scheme]
) -> None:
    """The AMLworld patterns layout: one BEGIN/END block of transaction lines per scheme."""
    rows = np.flatnonzero(scheme_of_row >= 0)
    order = rows[np.lexsort((rows, scheme_of_row[rows]))]
    sub = table.take(pa.array(order))
    # bank ids are zero-padded to six digits in AMLworld pattern files
    padded = []
    for ci in (1, 3):
        padded.append(pc.utf8_lpad(sub.column(ci), width=6, padding="0"))
    sub = sub.set_column(1, "c1", padded[0]).set_column(3, "c3", padded[1])
    lines = pacsv.write_csv
    buf = pa.BufferOutputStream()
    lines(sub, buf, pacsv.WriteOptions(include_header=False, quoting_style="none"))
    text = buf.getvalue().to_pybytes().decode().splitlines()
    sids = scheme_of_row[order]
    by_id = {s.sid: s for s in schemes}
    with open(path, "w", encoding="utf-8") as f:
        i = 0
        while i < len(text):
            sid = int(sids[i])
            j = i
            while j < len(text) and sids[j] == sid:
                j += 1
            s = by_id[sid]
            head = f"{s.typology}:  {s.detail}" if s.detail else s.typology
            f.write(f"BEGIN LAUNDERING ATTEMPT - {head}\n")
            f.write("\n".join(text[i:j]) + "\n")
            f.write(f"END LAUNDERING ATTEMPT - {s.typology}\n\n")
            i = j


def write_banks(path: Path, pop: Population) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["bank_id", "name", "kind", "country", "bic", "currency"])
        for i in pop.institutions:
            w.writerow([i.code, i.name, i.kind, i.country, i.bic, i.currency])


def _acc_key(pop: Population, acc: int) -> str:
    return f"{pop.institutions[int(pop.acc_inst[acc])].code}:{pop.acc_id[acc]}"


def write_schemes(path: Path, pop: Population, schemes: list[Scheme], base_ccy: str) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "scheme_id",
                "typology",
                "detail",
                "transactions",
                f"amount_{base_ccy.lower()}",
                "first_timestamp",
                "last_timestamp",
                "sources",
                "sinks",
            ]
        )
        for s in schemes:
            t0, t1 = min(s.minute), max(s.minute)
            srcs = ";".join(f"{_acc_key(pop, a)}={v:.2f}" for a, v in s.sources.items())
            sinks = ";".join(
                f"{_acc_key(pop, a)}={v:.2f}:{s.sink_kind.get(a, 'unknown')}" for a, v in s.sinks.items()
            )
            w.writerow(
                [
                    s.sid,
                    s.typology,
                    s.detail,
                    len(s),
                    f"{sum(s.sources.values()):.2f}",
                    _iso(t0),
                    _iso(t1),
                    srcs,
                    sinks,
                ]
            )


def _iso(minute: int) -> str:
    return str(np.datetime64(int(minute), "m").astype("datetime64[s]")).replace("T", " ")


def _record_name(p: Party, rng: random.Random) -> str:
    if p.company is not None:
        return company_variant(p.company, rng)
    assert p.name is not None
    return person_variant(p.name, rng)


def party_record(p: Party, rec_id: str, rng: random.Random) -> dict[str, Any]:
    """How one institution's customer file describes this party, as a FollowTheMoney entity."""
    props: dict[str, list[str]] = {"name": [_record_name(p, rng)]}
    if p.kind == "Person":
        assert p.birth_date is not None
        if rng.random() < 0.92:
            d = p.birth_date
            if rng.random() < 0.04 and d.day <= 12:  # day and month swapped by a clerk
                props["birthDate"] = [f"{d.year:04d}-{d.day:02d}-{d.month:02d}"]
            else:
                props["birthDate"] = [d.isoformat()]
        if p.nationality:
            props["nationality"] = [p.nationality.lower()]
        if p.national_id and rng.random() < 0.7:
            props["idNumber"] = [p.national_id if rng.random() < 0.8 else p.national_id.lower()]
        if p.passport and rng.random() < 0.6:
            props["passportNumber"] = [p.passport]
        props["gender"] = ["female" if p.female else "male"]
    else:
        props["jurisdiction"] = [p.country.lower()]
        if rng.random() < 0.8:
            props["registrationNumber"] = [p.national_id]
        if rng.random() < 0.7:
            props["taxNumber"] = [p.tax_id]
    props["country"] = [p.country.lower()]
    if rng.random() < 0.8:
        props["address"] = [p.address if rng.random() < 0.8 else p.address.upper()]
    if rng.random() < 0.6:
        props["phone"] = [p.phone]
    return {"id": rec_id, "schema": p.kind, "properties": props}


def write_parties(path: Path, truth_path: Path, pop: Population, seed: int) -> int:
    """One customer record per (party, institution), each account, and who owns which account."""
    rng = random.Random(seed + 7)
    opt = orjson.OPT_APPEND_NEWLINE
    n = 0
    with open(path, "wb") as f, open(truth_path, "w", newline="", encoding="utf-8") as t:
        tw = csv.writer(t)
        tw.writerow(["record_id", "entity_id"])
        for i in pop.institutions:
            f.write(
                orjson.dumps(
                    {
                        "id": f"mt-bank-{i.code}",
                        "schema": "Organization",
                        "properties": {
                            "name": [i.name],
                            "country": [i.country.lower()],
                            "swiftBic": [i.bic],
                            "sector": [i.kind],
                        },
                    },
                    option=opt,
                )
            )
        records: dict[tuple[int, int], str] = {}
        for acc in range(pop.n_accounts):
            if pop.acc_kind[acc] == ACC_CASH:
                continue
            owner, inst = int(pop.acc_owner[acc]), int(pop.acc_inst[acc])
            key = (owner, inst)
            rec = records.get(key)
            if rec is None:
                rec = f"mt-rec-{inst}-{owner}"
                records[key] = rec
                f.write(orjson.dumps(party_record(pop.parties[owner], rec, rng), option=opt))
                tw.writerow([rec, f"P{owner}"])
                n += 1
            ins = pop.institutions[inst]
            acc_eid = f"mt-acc-{ins.code}-{pop.acc_id[acc]}"
            f.write(
                orjson.dumps(
                    {
                        "id": acc_eid,
                        "schema": "BankAccount",
                        "properties": {
                            "accountNumber": [str(pop.acc_id[acc])],
                            "bankName": [ins.name],
                            "bic": [ins.bic],
                            "currency": [str(pop.acc_ccy[acc])],
                            "country": [ins.country.lower()],
                            "bank": [f"mt-bank-{ins.code}"],
                        },
                    },
                    option=opt,
                )
            )
            f.write(
                orjson.dumps(
                    {
                        "id": f"mt-own-{ins.code}-{pop.acc_id[acc]}",
                        "schema": "Ownership",
                        "properties": {"owner": [rec], "asset": [acc_eid], "role": ["account holder"]},
                    },
                    option=opt,
                )
            )
    return n


def write_declarations(path: Path, pop: Population, decls: list[Declaration], seed: int) -> int:
    """Customs' cross-border cash declarations; undeclared couriers appear only when caught."""
    rng = random.Random(seed + 11)
    rows = []
    for d in sorted(decls, key=lambda d: d.minute):
        caught = d.scheme >= 0 and rng.random() < 0.35
        if d.declared <= 0 and not caught:
            continue
        p = pop.parties[d.traveller]
        assert p.name is not None and p.birth_date is not None
        rows.append(
            {
                "date": _iso(d.minute),
                "traveller_name": person_variant(p.name, rng, p_original=0.0),
                "traveller_birth_date": p.birth_date.isoformat(),
                "traveller_nationality": p.nationality,
                "passport_number": p.passport or p.national_id,
                "direction": d.direction,
                "from_country": d.from_country,
                "to_country": d.to_country,
                "amount_declared": f"{d.declared:.2f}",
                "currency": d.currency,
                "amount_found": f"{d.carried:.2f}" if caught else "",
                "seized": "yes" if caught and d.carried > d.declared else "no",
                "origin_of_funds": d.origin,
                "purpose": d.purpose,
            }
        )
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["declaration_id", *rows[0].keys()] if rows else ["declaration_id"])
        w.writeheader()
        for i, r in enumerate(rows):
            w.writerow({"declaration_id": f"D{i + 1:06d}", **r})
    return len(rows)


def day_of(minute: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    return np.asarray(minute // DAY, dtype=np.int64)
