"""Accounts and parties as FollowTheMoney entities (the model of Aleph and OpenSanctions).

FtM is the interchange model, not the storage model: parties keep their FtM properties in the workflow
database; accounts are materialised from the accounts table and from the transactions themselves
(every ``(bank, account)`` seen in a payment), as ``BankAccount`` entities with an ``Ownership`` link to
their holder when it is known.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select

from moneytrail.store import Store
from moneytrail.store.models import Account, Institution, Party


def account_id(bank: str, number: str) -> str:
    return f"mt-acc-{bank}-{number}"


def iter_entities(store: Store) -> Iterator[dict[str, Any]]:
    with store.session() as s:
        banks = {i.code: i for i in s.scalars(select(Institution))}
        for i in banks.values():
            props: dict[str, list[str]] = {"name": [i.name], "sector": [i.kind]}
            if i.country:
                props["country"] = [i.country.lower()]
            if i.bic:
                props["swiftBic"] = [i.bic]
            yield {"id": f"mt-bank-{i.code}", "schema": "Organization", "properties": props}
        for p in s.scalars(select(Party).execution_options(yield_per=10_000)):
            props = {k: list(v) for k, v in (p.properties or {}).items()}
            props.setdefault("name", [p.name])
            yield {"id": p.ftm_id, "schema": p.schema, "properties": props}
        holders = dict(s.execute(select(Party.id, Party.ftm_id)).all())
        known: set[tuple[str, str]] = set()
        for a in s.scalars(select(Account).execution_options(yield_per=10_000)):
            known.add((a.bank, a.number))
            yield _account(a.bank, a.number, banks.get(a.bank), a.iban, a.currency, a.name, a.ftm_id)
            if a.holder_id and a.holder_id in holders:
                yield {
                    "id": f"mt-own-{a.bank}-{a.number}",
                    "schema": "Ownership",
                    "properties": {
                        "owner": [holders[a.holder_id]],
                        "asset": [a.ftm_id],
                        "role": ["account holder"],
                    },
                }
    con = store.transactions.connect()
    try:
        cur = con.execute(
            "SELECT bank, account, any_value(currency) FROM ("
            " SELECT from_bank AS bank, from_account AS account, currency FROM transactions"
            " UNION ALL SELECT to_bank, to_account, currency_received FROM transactions"
            ") GROUP BY bank, account ORDER BY bank, account"
        )
        while rows := cur.fetchmany(50_000):
            for bank, number, ccy in rows:
                if (bank, number) not in known:
                    yield _account(bank, number, banks.get(bank), None, ccy, None, None)
    finally:
        con.close()


def _account(
    bank: str,
    number: str,
    inst: Institution | None,
    iban: str | None,
    ccy: str | None,
    name: str | None,
    ftm_id: str | None,
) -> dict[str, Any]:
    props: dict[str, list[str]] = {"accountNumber": [number]}
    if inst is not None:
        props["bankName"] = [inst.name]
        props["bank"] = [f"mt-bank-{inst.code}"]
        if inst.bic:
            props["bic"] = [inst.bic]
        if inst.country:
            props["country"] = [inst.country.lower()]
    if iban:
        props["iban"] = [iban]
    if ccy:
        props["currency"] = [ccy]
    if name:
        props["name"] = [name]
    if number.startswith("CASH"):
        props["description"] = ["cash desk: cash paid in or out at this institution"]
    return {"id": ftm_id or account_id(bank, number), "schema": "BankAccount", "properties": props}


def write_ftm(store: Store, path: Path) -> int:
    n = 0
    with open(path, "wb") as f:
        for e in iter_entities(store):
            f.write(orjson.dumps(e, option=orjson.OPT_APPEND_NEWLINE))
            n += 1
    return n
