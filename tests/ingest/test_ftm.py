"""FollowTheMoney JSON lines: parties, accounts, holders and payments, accepted whole or rejected whole."""

from __future__ import annotations

from pathlib import Path

import orjson

from moneytrail.generate import WorldSummary
from moneytrail.ingest import ingest_file
from moneytrail.store import Store
from moneytrail.store.models import Institution


def lines(path: Path, entities: list[dict[str, object]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in entities))
    return path


PERSON = {
    "id": "p1",
    "schema": "Person",
    "properties": {"name": ["Ivan PETROV"], "birthDate": ["1970-02-03"], "nationality": ["ru"]},
}
BANK = {
    "id": "b1",
    "schema": "Organization",
    "properties": {"name": ["Harbour Bank"], "swiftBic": ["HARBMTMT"]},
}
ACC1 = {
    "id": "a1",
    "schema": "BankAccount",
    "properties": {"accountNumber": ["111"], "bank": ["b1"], "currency": ["EUR"]},
}
ACC2 = {
    "id": "a2",
    "schema": "BankAccount",
    "properties": {"accountNumber": ["222"], "bankName": ["Other Bank"]},
}
OWN = {"id": "o1", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["a1"]}}
PASS = {"id": "x1", "schema": "Passport", "properties": {"holder": ["p1"], "number": ["AB123"]}}
PAY = {
    "id": "t1",
    "schema": "Payment",
    "properties": {
        "payerAccount": ["a1"],
        "beneficiaryAccount": ["a2"],
        "amount": ["1500.50"],
        "currency": ["USD"],
        "date": ["2025-03-04T10:30:00"],
    },
}


def seed(store: Store) -> None:
    with store.transaction() as s:
        s.add(Institution(code="12", name="Harbour Bank", kind="bank", country="MT", bic="HARBMTMT"))
        s.add(Institution(code="77", name="Other Bank", kind="bank", country="GB"))


def test_entities_land_in_the_store(store: Store, tmp_path: Path) -> None:
    seed(store)
    r = ingest_file(store, lines(tmp_path / "e.jsonl", [PERSON, BANK, ACC1, ACC2, OWN, PASS, PAY]))
    assert r.status == "added", [str(p) for p in r.problems]
    assert (r.detail["parties"], r.detail["accounts"], r.detail["payments"]) == (2, 2, 1)
    accounts = store.sql("SELECT bank, number, holder_id IS NOT NULL AS held FROM accounts ORDER BY number")
    assert accounts.to_pylist() == [
        {"bank": "12", "number": "111", "held": True},
        {"bank": "77", "number": "222", "held": False},
    ]
    p = store.sql(
        "SELECT name, birth_date, country, properties FROM parties WHERE ftm_id = 'p1'"
    ).to_pylist()[0]
    assert (p["name"], p["birth_date"], p["country"]) == ("Ivan PETROV", "1970-02-03", "RU")
    assert orjson.loads(p["properties"])["passportNumber"] == ["AB123"]
    tx = store.sql(
        "SELECT from_bank, to_bank, amount, currency, from_country, to_country, "
        "CAST(timestamp AS VARCHAR) AS ts FROM transactions"
    ).to_pylist()
    assert tx == [
        {
            "from_bank": "12",
            "to_bank": "77",
            "amount": 1500.5,
            "currency": "USD",
            "from_country": "MT",
            "to_country": "GB",
            "ts": "2025-03-04 10:30:00+00",
        }
    ]


def test_bad_lines_reject_the_file(store: Store, tmp_path: Path) -> None:
    seed(store)
    bad = [
        PERSON,
        b"{not json",
        {"id": "z", "schema": "Spaceship", "properties": {}},
        {"id": "y", "schema": "Person", "properties": {"wingspan": ["3m"]}},
        {"id": "w", "schema": "Person", "properties": {"name": "not a list"}},
        {"id": "v", "schema": "Sanction", "properties": {}},
        {"id": "t2", "schema": "Payment", "properties": {"payerAccount": ["nope"], "amount": ["1"]}},
    ]
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"".join((e if isinstance(e, bytes) else orjson.dumps(e)) + b"\n" for e in bad))
    r = ingest_file(store, path)
    assert r.status == "rejected"
    got = {(p.line, p.field) for p in r.problems}
    assert {
        (2, None),
        (3, "schema"),
        (4, "properties.wingspan"),
        (5, "properties.name"),
        (6, "schema"),
        (7, "properties.payerAccount"),
    } <= got
    assert store.status().counts["parties"] == 0  # nothing half-stored
    r = ingest_file(store, path, skip_bad=tmp_path / "rej.csv")
    assert r.status == "added" and store.status().counts["parties"] == 1


def test_payment_with_unknown_currency_is_named(store: Store, tmp_path: Path) -> None:
    seed(store)
    pay = {**PAY, "properties": {**PAY["properties"], "currency": ["XYZ"]}}  # type: ignore[dict-item]
    r = ingest_file(store, lines(tmp_path / "p.jsonl", [BANK, ACC1, ACC2, pay]))
    assert r.status == "rejected" and (r.problems[0].line, r.problems[0].field) == (4, "Payment Currency")


def test_same_entity_again_merges_and_same_file_adds_nothing(store: Store, tmp_path: Path) -> None:
    seed(store)
    f1 = lines(tmp_path / "1.jsonl", [PERSON])
    assert ingest_file(store, f1).status == "added"
    assert ingest_file(store, f1).status == "already-present"
    more = {"id": "p1", "schema": "Person", "properties": {"name": ["Иван Петров"], "idNumber": ["77"]}}
    assert ingest_file(store, lines(tmp_path / "2.jsonl", [more])).status == "added"
    props = orjson.loads(store.sql("SELECT properties FROM parties").to_pylist()[0]["properties"])
    assert props["name"] == ["Ivan PETROV", "Иван Петров"] and props["idNumber"] == ["77"]


def test_generated_parties(sqlite_store: Store, small_world: WorldSummary) -> None:
    ingest_file(sqlite_store, small_world.out / "banks.csv")
    r = ingest_file(sqlite_store, small_world.out / "parties.jsonl")
    institutions = len((small_world.out / "banks.csv").read_text().splitlines()) - 1
    assert r.status == "added" and r.detail["parties"] == small_world.party_records + institutions
    held = sqlite_store.sql("SELECT count(*) AS n, count(holder_id) AS h FROM accounts").to_pylist()[0]
    assert held["n"] == held["h"] > 0
    # accounts are keyed as transactions name them: every account of the world's payments is known
    ingest_file(sqlite_store, small_world.out / "transactions.csv")
    unknown = sqlite_store.sql(
        "SELECT count(*) AS n FROM transactions t LEFT JOIN accounts a ON a.bank = t.from_bank AND "
        "a.number = t.from_account WHERE a.id IS NULL AND t.from_account NOT LIKE 'CASH%'"
    ).to_pylist()[0]["n"]
    assert unknown == 0
