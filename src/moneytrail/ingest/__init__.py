"""Intake: ``moneytrail ingest FILE...``. The format is detected; every format goes through here.

A format is an object with ``name``, ``description``, ``sniff(path, head)`` and ``ingest(ctx, path,
result)`` (see ``base.IngestFormat``); later capabilities add theirs with ``register``. What happens to
every file, whatever its format:

- it must exist, be a regular file, be non-empty and not larger than the limit;
- its SHA-256 is computed; a transactions file whose content is already in the store adds nothing;
- the format validates it: by default one bad row rejects the whole file with every error listed
  (file, line, field, reason); with ``rejects`` (``--skip-bad FILE``) the good rows are stored and the
  bad ones written to that file with their reasons.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from moneytrail.errors import MoneytrailError, Problem
from moneytrail.ingest.amlworld import AmlworldCsv
from moneytrail.ingest.banks import InstitutionsCsv
from moneytrail.ingest.base import IngestContext, IngestFormat, IngestResult, RejectsWriter, file_sha256
from moneytrail.ingest.ftm import FtmJsonl
from moneytrail.ingest.parquet import TransactionsParquet
from moneytrail.store import Store

__all__ = ["FORMATS", "IngestResult", "detect_format", "ingest_file", "register"]

FORMATS: list[IngestFormat] = [TransactionsParquet(), FtmJsonl(), InstitutionsCsv(), AmlworldCsv()]
# formats whose content becomes a transaction batch: idempotent by content hash
BATCH_FORMATS = {"amlworld-csv", "parquet", "ftm-jsonl"}


def register(fmt: IngestFormat, batch: bool = False) -> None:
    """Add an input format (first match wins, so register specific formats before generic ones)."""
    FORMATS.insert(0, fmt)
    if batch:
        BATCH_FORMATS.add(fmt.name)


def detect_format(path: Path, head: bytes) -> IngestFormat | None:
    for fmt in FORMATS:
        if fmt.sniff(path, head):
            return fmt
    return None


def ingest_file(
    store: Store,
    path: Path,
    skip_bad: Path | None = None,
    progress: Callable[[int], None] | None = None,
    max_bytes: int | None = None,
    block_bytes: int = 8 << 20,
) -> IngestResult:
    """Ingest one file; the result says what was added or why it was rejected (never raises for bad input)."""
    t0 = time.perf_counter()
    file = str(path)
    result = IngestResult(path=file, format="unknown", status="rejected")
    limit = max_bytes if max_bytes is not None else store.settings.max_ingest_bytes

    def reject(reason: str) -> IngestResult:
        result.add_problem(Problem(file, None, None, reason))
        result.seconds = time.perf_counter() - t0
        return result

    if not path.exists():
        return reject("no such file")
    if not path.is_file():
        return reject("not a regular file")
    size = path.stat().st_size
    if size == 0:
        return reject("the file is empty")
    if size > limit:
        return reject(
            f"the file is {size:,} bytes, over the limit of {limit:,} "
            "(raise MONEYTRAIL_MAX_INGEST_BYTES or --max-bytes to accept it)"
        )
    with open(path, "rb") as f:
        head = f.read(64 << 10)
    fmt = detect_format(path, head)
    if fmt is None:
        known = "; ".join(f"{f.name}: {f.description}" for f in FORMATS)
        return reject(f"unrecognised format (known formats: {known})")
    result.format = fmt.name
    result.detail["bytes"] = size
    if fmt.name in BATCH_FORMATS and (
        not getattr(fmt, "hashes_while_reading", False) or store.transactions.sizes_seen(size)
    ):
        # a file of a size seen before may be a repeat: hash it first (else the format hashes as it reads)
        digest = file_sha256(path)
        result.detail["sha256"] = digest
        existing = store.transactions.find(digest)
        if existing is not None:
            result.status = "already-present"
            result.batch_id = existing.batch_id
            result.seconds = time.perf_counter() - t0
            return result
    rejects = RejectsWriter(skip_bad) if skip_bad is not None else None
    ctx = IngestContext(store=store, rejects=rejects, progress=progress, block_bytes=block_bytes)
    try:
        fmt.ingest(ctx, path, result)
    except OSError as e:
        result.status = "rejected"
        result.add_problem(Problem(file, None, None, f"cannot read the file: {e}"))
    finally:
        if rejects is not None:
            rejects.close()
    if result.problem_count and result.status == "added" and skip_bad is None:
        raise MoneytrailError(f"{file}: internal error: problems found but the file was stored")
    result.seconds = time.perf_counter() - t0
    return result
