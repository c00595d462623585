"""The synthetic world: layout, determinism, schemes and their truth, names in four scripts, goAML samples."""

from __future__ import annotations

import csv
import hashlib
import random
import re
from collections import Counter
from pathlib import Path

import orjson
import pytest
from followthemoney import model
from lxml import etree

from moneytrail.generate import TYPOLOGIES, WorldConfig, WorldSummary, generate_world, parse_mix
from moneytrail.generate.names import make_person_name, person_variant, translit_cyrillic, typo
from moneytrail.reporting.goaml_model import Report, from_element, report_to_xml

HEADER = (
    "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,"
    "Payment Currency,Payment Format,Is Laundering"
)


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_layout_is_amlworld(small_world: WorldSummary) -> None:
    lines = (small_world.out / "transactions.csv").read_text().splitlines()
    assert lines[0] == HEADER and len(lines) == small_world.transactions + 1
    ts_re = re.compile(r"^\d{4}/\d{2}/\d{2} \d{2}:\d{2}$")
    rows = list(csv.reader(lines[1:]))
    assert all(len(r) == 11 and ts_re.match(r[0]) for r in rows)
    assert sum(int(r[10]) for r in rows) == small_world.laundering
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # time ordered
    assert {r[9] for r in rows} <= {"ACH", "Wire", "Cheque", "Credit Card", "Cash", "Bitcoin", "Reinvestment"}


def test_deterministic_by_seed(tmp_path: Path) -> None:
    cfg = WorldConfig(transactions=5_000, seed=11, reports=10)
    a, b = generate_world(cfg, tmp_path / "a"), generate_world(cfg, tmp_path / "b")
    for name in ("transactions.csv", "patterns.txt", "parties.jsonl", "schemes.csv", "banks.csv"):
        assert sha(a.out / name) == sha(b.out / name), name
    c = generate_world(WorldConfig(transactions=5_000, seed=12, reports=0), tmp_path / "c")
    assert sha(a.out / "transactions.csv") != sha(c.out / "transactions.csv")


def test_patterns_match_labelled_rows(small_world: WorldSummary) -> None:
    text = (small_world.out / "patterns.txt").read_text()
    blocks = re.findall(
        r"BEGIN LAUNDERING ATTEMPT - ([A-Z-]+)(?::  ([^\n]*))?\n(.*?)END LAUNDERING ATTEMPT - \1", text, re.S
    )
    assert len(blocks) == small_world.schemes
    assert {b[0] for b in blocks} <= set(TYPOLOGIES)
    pattern_rows = [ln for b in blocks for ln in b[2].strip().splitlines()]
    assert len(pattern_rows) == small_world.laundering
    assert all(
        ln.endswith(",1") and re.match(r"^\S+ \S+,\d{6},", ln) for ln in pattern_rows
    )  # zero-padded banks
    csv_rows = Counter(
        ln for ln in (small_world.out / "transactions.csv").read_text().splitlines()[1:] if ln.endswith(",1")
    )

    def unpad(ln: str) -> str:
        f = ln.split(",")
        f[1], f[3] = f[1].lstrip("0") or "0", f[3].lstrip("0") or "0"
        return ",".join(f)

    assert Counter(unpad(ln) for ln in pattern_rows) == csv_rows


def test_every_typology_appears_and_mix_is_honoured(small_world: WorldSummary, tmp_path: Path) -> None:
    assert set(small_world.by_typology) == set(TYPOLOGIES), small_world.by_typology
    only = generate_world(
        WorldConfig(
            transactions=10_000,
            seed=2,
            laundering_rate=0.02,
            mix=parse_mix("CYCLE=1,STRUCTURING=1"),
            reports=0,
        ),
        tmp_path / "m",
    )
    assert set(only.by_typology) == {"CYCLE", "STRUCTURING"}
    with pytest.raises(ValueError, match="unknown typology"):
        parse_mix("PONZI=1")


def test_laundering_rate(tmp_path: Path) -> None:
    s = generate_world(WorldConfig(transactions=200_000, seed=4, laundering_rate=0.002, reports=0), tmp_path)
    assert s.transactions == 200_000
    assert 0.0015 < s.laundering / s.transactions < 0.003


def test_schemes_truth_is_consistent(small_world: WorldSummary) -> None:
    rows = list(csv.DictReader((small_world.out / "schemes.csv").open()))
    assert len(rows) == small_world.schemes
    assert sum(int(r["transactions"]) for r in rows) == small_world.laundering
    accounts = set()
    for ln in (small_world.out / "transactions.csv").read_text().splitlines()[1:]:
        f = ln.split(",")
        accounts.add(f"{f[1]}:{f[2]}")
        accounts.add(f"{f[3]}:{f[4]}")
    for r in rows:
        assert r["sources"] and r["sinks"], r
        for part in r["sources"].split(";") + r["sinks"].split(";"):
            acc, _, rest = part.partition("=")
            assert acc in accounts
            assert float(rest.split(":")[0]) > 0
        for sink in r["sinks"].split(";"):
            assert sink.rsplit(":", 1)[1] in {"cash", "foreign", "asset", "unknown"}


def test_time_runs_forward_along_the_money(small_world: WorldSummary) -> None:
    """In every scheme, an account that receives money pays out only after it first received."""
    text = (small_world.out / "patterns.txt").read_text()
    checked = 0
    for block in re.findall(r"BEGIN LAUNDERING ATTEMPT[^\n]*\n(.*?)END", text, re.S):
        first_in: dict[str, str] = {}
        first_out: dict[str, str] = {}
        for r in (ln.split(",") for ln in block.strip().splitlines()):
            first_in.setdefault(f"{r[3]}:{r[4]}", r[0])
            first_out.setdefault(f"{r[1]}:{r[2]}", r[0])
        for acc, t_out in first_out.items():
            if acc in first_in and ":CASH" not in acc:
                assert first_in[acc] <= t_out, (acc, first_in[acc], t_out)
                checked += 1
    assert checked > 50


def test_parties_are_followthemoney(small_world: WorldSummary) -> None:
    schemas: Counter[str] = Counter()
    with open(small_world.out / "parties.jsonl", "rb") as f:
        for i, line in enumerate(f):
            data = orjson.loads(line)
            if i % 7 == 0:  # validate a sample with the followthemoney library itself
                proxy = model.get_proxy(data, cleaned=False)
                assert proxy.schema.name == data["schema"] and proxy.id == data["id"]
                for prop, values in data["properties"].items():
                    assert proxy.schema.get(prop) is not None, (data["schema"], prop)
                    assert values
            schemas[data["schema"]] += 1
    assert schemas["Person"] > 0 and schemas["Company"] > 0 and schemas["BankAccount"] == schemas["Ownership"]
    truth = list(csv.DictReader((small_world.out / "party_truth.csv").open()))
    assert len(truth) == schemas["Person"] + schemas["Company"] == small_world.party_records


def test_names_in_four_scripts_with_variants(small_world: WorldSummary) -> None:
    names = []
    with open(small_world.out / "parties.jsonl", "rb") as f:
        for line in f:
            d = orjson.loads(line)
            if d["schema"] == "Person":
                names.append(d["properties"]["name"][0])
    scripts = Counter()
    for n in names:
        if re.search(r"[\u0400-\u04FF]", n):
            scripts["Cyrillic"] += 1
        elif re.search(r"[\u0600-\u06FF]", n):
            scripts["Arabic"] += 1
        elif re.search(r"[\u4E00-\u9FFF]", n):
            scripts["Han"] += 1
        else:
            scripts["Latin"] += 1
    assert all(scripts[s] > 0 for s in ("Cyrillic", "Arabic", "Han", "Latin")), scripts
    # the same true person appears under different spellings in different records
    truth = {
        r["record_id"]: r["entity_id"] for r in csv.DictReader((small_world.out / "party_truth.csv").open())
    }
    by_entity: dict[str, set[str]] = {}
    with open(small_world.out / "parties.jsonl", "rb") as f:
        for line in f:
            d = orjson.loads(line)
            if d["id"] in truth:
                by_entity.setdefault(truth[d["id"]], set()).add(d["properties"]["name"][0])
    assert sum(1 for v in by_entity.values() if len(v) > 1) > 50


def test_name_variants() -> None:
    rng = random.Random(0)
    assert translit_cyrillic("Щербаков") == "Shcherbakov"
    spellings = {translit_cyrillic("Юрий", random.Random(i)) for i in range(30)}
    assert len(spellings) >= 3 and all(x.startswith(("Y", "I", "J")) for x in spellings)
    ru = make_person_name("ru", False, rng)
    assert ru.script == "Cyrillic" and ru.original.split()[0] == ru.family  # family name first
    zh = make_person_name("zh", True, rng)
    assert zh.original == zh.family + zh.given and zh.family_latin
    variants = {person_variant(ru, rng) for _ in range(200)}
    assert ru.original in variants and len(variants) > 10
    assert typo("Mohammed", random.Random(1)) != "Mohammed"


def test_goaml_samples_parse_and_round_trip(small_world: WorldSummary) -> None:
    files = sorted((small_world.out / "reports").glob("*.xml"))
    assert len(files) == small_world.reports > 0
    codes = Counter()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    for f in files:
        root = etree.fromstring(f.read_bytes(), parser)
        assert root.tag == "report" and root.nsmap == {}
        r = from_element(Report, root)
        codes[r.report_code] += 1
        assert r.transaction and all(t.amount_local > 0 for t in r.transaction)
        assert report_to_xml(r) == f.read_bytes()
        if r.report_code == "STR":
            assert r.reason and r.report_indicators
    assert codes["STR"] > 0 and codes["CTR"] > 0


def test_declarations(small_world: WorldSummary) -> None:
    rows = list(csv.DictReader((small_world.out / "declarations.csv").open()))
    assert len(rows) == small_world.declarations > 0
    assert all(r["direction"] in ("IN", "OUT") and float(r["amount_declared"]) >= 0 for r in rows)
