"""FollowTheMoney JSON lines: parties, bank accounts, ownerships and payments (Aleph / OpenSanctions model).

Each line is one entity ``{"id", "schema", "properties": {name: [values]}}``. What lands where:

| FtM schema | moneytrail |
|---|---|
| ``Person``, ``Company``, ``LegalEntity``, ``Organization`` (and kin) | ``parties`` (all properties) |
| ``BankAccount`` | ``accounts`` (the bank's code found by BIC, its ``bank`` entity or its name) |
| ``Ownership`` of a ``BankAccount`` | the account's holder |
| ``Identification``, ``Passport``, ``Address`` | merged into the party they belong to |
| ``Payment`` between two ``BankAccount`` s | ``transactions`` (one batch, the same checks as every file) |

The file is accepted whole or rejected whole (``--skip-bad`` keeps the good lines); an entity already in
the store (same id) gets the new values added to its own (FtM merge). The same file twice adds nothing.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any, cast

import numpy as np
import orjson
import pyarrow as pa
from followthemoney import model
from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from moneytrail.errors import Problem
from moneytrail.ingest.amlworld import NAMES, Normaliser, type_strings
from moneytrail.ingest.base import IngestContext, IngestResult
from moneytrail.store.models import Account, Institution, Party, utcnow
from moneytrail.store.transactions import BatchConflict

MAX_LINE = 1 << 20
PARTIES = cast(Table, Party.__table__)  # core inserts: many rows at once
ACCOUNTS = cast(Table, Account.__table__)
MAX_VALUES = 1000
PARTY_ROOT = "LegalEntity"
ATTACHED = {"Identification": "holder", "Passport": "holder", "Address": None}
PAYMENT_FORMAT = "Wire"


@cache
def _props_of(name: str) -> frozenset[str]:
    s = model.get(name)
    return frozenset(s.properties) if s is not None else frozenset()


class FtmJsonl:
    name = "ftm-jsonl"
    description = "FollowTheMoney entities, one JSON object per line"
    hashes_while_reading = False

    def sniff(self, path: Path, head: bytes) -> bool:
        for line in head.splitlines():
            if not line.strip():
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError:
                return False
            return isinstance(obj, dict) and "schema" in obj and ("properties" in obj or "id" in obj)
        return False

    def ingest(self, ctx: IngestContext, path: Path, result: IngestResult) -> None:
        ingest_ftm(ctx, path, result)


@cache
def _schema_info(name: str) -> tuple[bool, bool, bool, bool]:
    """(exists, abstract, imported here, is a party) for a schema name."""
    sc = model.get(name)
    if sc is None:
        return False, False, False, False
    party = bool(sc.is_a(PARTY_ROOT))
    return (
        True,
        bool(sc.abstract),
        party or name in ("BankAccount", "Ownership", "Payment") or name in ATTACHED,
        party,
    )


def is_party(name: str) -> bool:
    return _schema_info(name)[3]


def _check(obj: Any, file: str, ln: int, problems: list[Problem]) -> bool:
    if not isinstance(obj, dict):
        problems.append(Problem(file, ln, None, "not a JSON object"))
        return False
    eid, sname, props = obj.get("id"), obj.get("schema"), obj.get("properties", {})
    ok = True
    if not isinstance(eid, str) or not eid or len(eid) > 160:
        problems.append(
            Problem(file, ln, "id", "missing or too long (160 characters at most)", str(eid)[:80])
        )
        ok = False
    exists, abstract, supported, _party = _schema_info(sname) if isinstance(sname, str) else (False,) * 4
    if not exists:
        problems.append(Problem(file, ln, "schema", "not a FollowTheMoney schema", str(sname)))
        return False
    if abstract:
        problems.append(Problem(file, ln, "schema", "an abstract schema cannot be an entity", sname))
        ok = False
    if not isinstance(props, dict):
        problems.append(Problem(file, ln, "properties", "must be an object of lists"))
        return False
    known = _props_of(sname)
    for k, v in props.items():
        if k not in known:
            problems.append(Problem(file, ln, f"properties.{k}", f"{sname} has no property {k}"))
            ok = False
        elif type(v) is not list or len(v) > MAX_VALUES or not all(type(x) is str for x in v):
            problems.append(Problem(file, ln, f"properties.{k}", "must be a list of strings"))
            ok = False
    if not supported:
        problems.append(
            Problem(
                file,
                ln,
                "schema",
                f"{sname} entities are not imported here (parties, "
                "accounts, ownerships, payments; sanctions lists go to `moneytrail lists import`)",
            )
        )
        ok = False
    return ok


def _first(props: dict[str, list[str]], *names: str) -> str | None:
    for n in names:
        v = props.get(n)
        if v:
            return v[0]
    return None


def _merge(old: dict[str, list[str]], new: dict[str, list[str]]) -> dict[str, list[str]]:
    out = {k: list(v) for k, v in old.items()}
    for k, vals in new.items():
        have = out.setdefault(k, [])
        for v in vals:
            if v not in have:
                have.append(v)
    return out


def ingest_ftm(ctx: IngestContext, path: Path, result: IngestResult) -> None:
    file = str(path)
    problems: list[Problem] = []
    entities: dict[str, tuple[int, dict[str, Any]]] = {}
    consumed = 0
    with open(path, "rb") as f:
        for ln, raw in enumerate(f, start=1):
            consumed += len(raw)
            if ctx.progress and consumed >= 1 << 20:
                ctx.progress(consumed)
                consumed = 0
            if len(raw) > MAX_LINE:
                problems.append(Problem(file, ln, None, "line longer than 1 MiB"))
                continue
            if not raw.strip():
                continue
            try:
                obj = orjson.loads(raw)
            except orjson.JSONDecodeError as e:
                problems.append(Problem(file, ln, None, f"not valid JSON: {e}"))
                continue
            if _check(obj, file, ln, problems):
                if obj["id"] in entities:  # the same entity twice in a file: merge
                    old = entities[obj["id"]][1]
                    old["properties"] = _merge(old["properties"], obj.get("properties", {}))
                else:
                    entities[obj["id"]] = (
                        ln,
                        {"id": obj["id"], "schema": obj["schema"], "properties": obj.get("properties", {})},
                    )
    refs = _link(entities, file, problems)
    bad_lines = {p.line for p in problems}
    good = {k: v for k, (ln, v) in entities.items() if ln not in bad_lines}
    with ctx.store.session() as s:
        insts = list(s.scalars(select(Institution)))
    acc_key = _account_keys(good, refs, insts)
    writer = ctx.store.transactions.begin("ftm", file, result.detail["sha256"], path.stat().st_size)
    try:
        pay = [(ln, e) for k, (ln, e) in entities.items() if k in good and e["schema"] == "Payment"]
        table = _payments(ctx, pay, acc_key, writer.batch_id, file, insts, problems) if pay else None
        for p in problems:
            result.add_problem(p)
            if ctx.rejects is not None:
                ctx.rejects.write(p, "")
        result.rows_rejected = len({p.line for p in problems})
        if problems and not ctx.skip_bad:
            writer.abort()
            result.status = "rejected"
            return
        if table is not None and table.num_rows:
            writer.write(table)
        bad_lines = {p.line for p in problems}
        good = {k: e for k, (ln, e) in entities.items() if ln not in bad_lines}
        info = writer.commit(result.detail["sha256"], also=lambda s: _write_workflow(s, good, acc_key, file))
    except BatchConflict:
        result.status = "already-present"
        return
    except BaseException:
        writer.abort()
        raise
    n_parties = sum(1 for e in good.values() if is_party(e["schema"]))
    n_accounts = sum(1 for e in good.values() if e["schema"] == "BankAccount")
    result.status = "added"
    result.batch_id = info.batch_id
    result.rows_added = n_parties + n_accounts + info.row_count
    result.detail.update({"parties": n_parties, "accounts": n_accounts, "payments": info.row_count})


def _link(
    entities: dict[str, tuple[int, dict[str, Any]]], file: str, problems: list[Problem]
) -> dict[str, str]:
    """Check references between entities of the file; returns account id -> bank entity id."""
    refs: dict[str, str] = {}
    for eid, (ln, e) in entities.items():
        props = e["properties"]
        if e["schema"] == "Payment":
            for side in ("payerAccount", "beneficiaryAccount"):
                ref = _first(props, side)
                target = entities.get(ref or "")
                if target is None or target[1]["schema"] != "BankAccount":
                    problems.append(
                        Problem(
                            file,
                            ln,
                            f"properties.{side}",
                            "a payment needs both accounts as BankAccount entities in the file",
                            ref,
                        )
                    )
            if not _first(props, "amount"):
                problems.append(Problem(file, ln, "properties.amount", "missing amount"))
            if not _first(props, "date", "startDate"):
                problems.append(Problem(file, ln, "properties.date", "missing date"))
        elif e["schema"] == "BankAccount":
            if not _first(props, "accountNumber", "iban"):
                problems.append(
                    Problem(file, ln, "properties.accountNumber", "an account needs a number or IBAN")
                )
            bank = _first(props, "bank")
            if bank:
                refs[eid] = bank
    return refs


def _bank_code(
    props: dict[str, list[str]],
    bank_entity: dict[str, Any] | None,
    by_bic: dict[str, str],
    by_name: dict[str, str],
) -> str:
    bic = _first(props, "bic") or (_first(bank_entity["properties"], "swiftBic") if bank_entity else None)
    if bic and bic.upper() in by_bic:
        return by_bic[bic.upper()]
    if bic and bic.upper()[:8] in by_bic:
        return by_bic[bic.upper()[:8]]
    name = _first(props, "bankName") or (_first(bank_entity["properties"], "name") if bank_entity else None)
    if name and name.lower() in by_name:
        return by_name[name.lower()]
    return bic or name or "unknown"


def _account_keys(
    ents: dict[str, dict[str, Any]], refs: dict[str, str], insts: list[Institution]
) -> dict[str, tuple[str, str]]:
    """(bank code, account number) of every BankAccount, the bank found by BIC, its entity or its name."""
    by_bic: dict[str, str] = {}
    for i in insts:
        if i.bic:
            by_bic[i.bic.upper()] = i.code
            by_bic.setdefault(i.bic.upper()[:8], i.code)
    by_name = {i.name.lower(): i.code for i in insts}
    out = {}
    for eid, e in ents.items():
        if e["schema"] == "BankAccount":
            props = e["properties"]
            bank = _bank_code(props, ents.get(refs.get(eid, "")), by_bic, by_name)
            out[eid] = (bank, str(_first(props, "accountNumber", "iban")))
    return out


def _write_workflow(
    s: Session, ents: dict[str, dict[str, Any]], acc_key: dict[str, tuple[str, str]], file: str
) -> None:
    """Parties, accounts and holders, in the same database transaction that makes the batch visible."""
    source = f"ftm:{Path(file).name}"[:128]
    attached: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for e in ents.values():
        if e["schema"] in ("Identification", "Passport"):
            holder_ref = _first(e["properties"], "holder")
            number = _first(e["properties"], "number")
            if holder_ref and number:
                attached[holder_ref]["passportNumber" if e["schema"] == "Passport" else "idNumber"].append(
                    number
                )
    parties = [e for e in ents.values() if is_party(e["schema"])]
    existing = {p.ftm_id: p for p in s.scalars(select(Party))}
    new_rows = []
    now = utcnow()
    for e in parties:
        extra = attached.get(e["id"])
        props = _merge(e["properties"], extra) if extra else e["properties"]
        old = existing.get(e["id"])
        if old is not None:
            old.properties = _merge(old.properties or {}, props)
            continue
        name = _first(props, "name") or e["id"]
        country = _first(props, "country", "nationality", "jurisdiction")
        birth = _first(props, "birthDate")
        new_rows.append(
            {
                "ftm_id": e["id"],
                "schema": e["schema"],
                "name": name[:512],
                "birth_date": birth[:10] if birth else None,
                "country": country.upper()[:2] if country else None,
                "properties": props,
                "source": source,
                "created_at": now,
            }
        )
    if new_rows:
        s.execute(insert(PARTIES), new_rows)
    owners = {
        _first(e["properties"], "asset"): _first(e["properties"], "owner")
        for e in ents.values()
        if e["schema"] == "Ownership"
    }
    ids = dict(s.execute(select(Party.ftm_id, Party.id)).all()) if owners else {}
    have = {(a.bank, a.number): a for a in s.scalars(select(Account))}
    known_ids = {a.ftm_id for a in have.values()}
    rows = []
    seen: set[tuple[str, str]] = set()
    for eid, key in acc_key.items():
        holder = ids.get(owners.get(eid) or "")
        acc = have.get(key)
        if acc is not None:
            if acc.holder_id is None and holder is not None:
                acc.holder_id = holder
            continue
        if key in seen or eid in known_ids:
            continue
        seen.add(key)
        props = ents[eid]["properties"]
        rows.append(
            {
                "bank": key[0],
                "number": key[1],
                "iban": _first(props, "iban"),
                "currency": _first(props, "currency"),
                "name": _first(props, "name"),
                "holder_id": holder,
                "ftm_id": eid,
                "source": source,
                "created_at": now,
            }
        )
    if rows:
        s.execute(insert(ACCOUNTS), rows)


def _payments(
    ctx: IngestContext,
    payments: list[tuple[int, dict[str, Any]]],
    acc_key: dict[str, tuple[str, str]],
    batch_id: str,
    file: str,
    insts: list[Institution],
    problems: list[Problem],
) -> pa.Table:
    """Payments as transaction rows, through the same rules as every transactions file."""
    cols: dict[str, list[str]] = {n: [] for n in NAMES}
    for _ln, e in payments:
        p = e["properties"]
        fb, fa = acc_key[str(_first(p, "payerAccount"))]
        tb, ta = acc_key[str(_first(p, "beneficiaryAccount"))]
        ccy = _first(p, "currency") or ""
        amount = _first(p, "amount") or ""
        for k, v in (
            ("timestamp", _iso(str(_first(p, "date", "startDate")))),
            ("from_bank", fb),
            ("from_account", fa),
            ("to_bank", tb),
            ("to_account", ta),
            ("amount", amount),
            ("amount_received", amount),
            ("currency", ccy),
            ("currency_received", ccy),
            ("payment_format", PAYMENT_FORMAT),
            ("is_laundering", ""),
        ):
            cols[k].append(v)
    lines = np.array([ln for ln, _e in payments], dtype=np.int64)
    strings = {k: pa.array(v, pa.string()) for k, v in cols.items()}
    table, kept = type_strings(strings, lines, file, problems)
    countries = {i.code: i.country for i in insts if i.country}
    out, good = Normaliser(ctx.store.fx(), countries, batch_id).run(table, kept, file, problems)
    return out if good.all() else out.filter(pa.array(good))


def _iso(v: str) -> str:
    """FtM dates are ISO prefixes: a day becomes midnight, a full time keeps its minutes."""
    v = v.replace("T", " ").rstrip("Z")
    if len(v) == 10:
        return v + " 00:00:00"
    if len(v) == 16:
        return v + ":00"
    return v[:19]
