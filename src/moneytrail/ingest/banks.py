"""The register of institutions (banks, MVTS/hawala, casinos, virtual-asset providers...) as CSV.

Columns: ``bank_id,name`` required; ``kind,country,bic,currency,sector`` optional. Rows are upserted by
``bank_id`` (leading zeros are not significant, as in AMLworld files). Ingest it before the transactions
that name its banks: transactions get their ``from_country``/``to_country`` from it.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from sqlalchemy import select

from moneytrail.errors import Problem
from moneytrail.ingest.base import IngestContext, IngestResult
from moneytrail.refdata import is_country, normalise_currency
from moneytrail.store.models import Institution

KINDS = (
    "bank",
    "mvts",
    "casino",
    "vasp",
    "insurer",
    "securities",
    "lawyer",
    "notary",
    "accountant",
    "real_estate",
    "dealer",
    "customs",
    "other",
)
BIC_RE = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
MAX_ROWS = 1_000_000


class InstitutionsCsv:
    name = "institutions-csv"
    description = "register of institutions: bank_id,name[,kind,country,bic,currency,sector]"

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace").strip().lower()
        cols = [c.strip() for c in first.split(",")]
        return cols[:2] == ["bank_id", "name"]

    def ingest(self, ctx: IngestContext, path: Path, result: IngestResult) -> None:
        file = str(path)
        home = ctx.store.settings.country
        rows: list[dict[str, str | None]] = []
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            for i, r in enumerate(reader, start=2):
                if i > MAX_ROWS:
                    result.add_problem(Problem(file, i, None, f"more than {MAX_ROWS:,} rows"))
                    break
                code = (r.get("bank_id") or "").strip().lstrip("0") or (
                    "0" if (r.get("bank_id") or "").strip() else ""
                )
                name = (r.get("name") or "").strip()
                kind = (r.get("kind") or "bank").strip().lower()
                country = (r.get("country") or "").strip().upper() or None
                bic = (r.get("bic") or "").strip().upper() or None
                ccy = (r.get("currency") or "").strip()
                bad = False
                for ok, fld, why, val in (
                    (bool(code), "bank_id", "missing bank id", r.get("bank_id")),
                    (bool(name), "name", "missing name", name),
                    (kind in KINDS, "kind", f"unknown kind (one of {', '.join(KINDS)})", kind),
                    (
                        country is None or is_country(country),
                        "country",
                        "not an ISO 3166 alpha-2 code",
                        country,
                    ),
                    (bic is None or bool(BIC_RE.match(bic)), "bic", "not a BIC (8 or 11 characters)", bic),
                    (not ccy or normalise_currency(ccy) is not None, "currency", "unknown currency", ccy),
                ):
                    if not ok:
                        result.add_problem(Problem(file, i, fld, why, val))
                        bad = True
                if not bad:
                    rows.append(
                        {
                            "code": code,
                            "name": name,
                            "kind": kind,
                            "country": country,
                            "bic": bic,
                            "currency": normalise_currency(ccy) if ccy else None,
                            "sector": (r.get("sector") or kind).strip(),
                        }
                    )
            if reader.fieldnames is None or not {"bank_id", "name"} <= set(reader.fieldnames):
                result.add_problem(Problem(file, 1, None, "expected the columns bank_id,name"))
        if result.problem_count and not ctx.skip_bad:
            result.status = "rejected"
            return
        added = updated = 0
        with ctx.store.transaction() as s:
            existing = {i.code: i for i in s.scalars(select(Institution))}
            for r in rows:
                inst = existing.get(str(r["code"]))
                if inst is None:
                    inst = Institution(code=r["code"])
                    s.add(inst)
                    existing[str(r["code"])] = inst
                    added += 1
                else:
                    updated += 1
                inst.name = str(r["name"])
                inst.kind = str(r["kind"])
                inst.country = r["country"]
                inst.bic = r["bic"]
                inst.currency = r["currency"]
                inst.sector = r["sector"]
                inst.reporting_entity = r["country"] == home and r["kind"] != "customs"
        result.status = "added"
        result.rows_added = added + updated
        result.detail["institutions_added"] = added
        result.detail["institutions_updated"] = updated
