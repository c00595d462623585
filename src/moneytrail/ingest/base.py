"""What every input format shares: the result of an ingest, the context it runs in, the rejects file."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from moneytrail.errors import Problem
from moneytrail.store import Store

MAX_LISTED_PROBLEMS = (
    1000  # problems kept in memory and shown; all of them are counted (and written with --skip-bad)
)


@dataclass
class IngestResult:
    path: str
    format: str
    status: str  # added, already-present, rejected
    batch_id: str | None = None
    rows_added: int = 0
    rows_rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    seconds: float = 0.0
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status != "rejected"

    def add_problem(self, p: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(p)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "status": self.status,
            "batch_id": self.batch_id,
            "rows_added": self.rows_added,
            "rows_rejected": self.rows_rejected,
            "problem_count": self.problem_count,
            "problems": [p.as_dict() for p in self.problems],
            "seconds": round(self.seconds, 3),
            **self.detail,
        }


class RejectsWriter:
    """``--skip-bad FILE``: every rejected row with where and why (CSV: file,line,field,reason,value,raw)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._f: IO[str] = open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self._w = csv.writer(self._f)
        self._w.writerow(["file", "line", "field", "reason", "value", "raw"])
        self.count = 0

    def write(self, p: Problem, raw: str = "") -> None:
        self._w.writerow([p.file, p.line, p.field or "", p.reason, p.value or "", raw])
        self.count += 1

    def close(self) -> None:
        self._f.close()


@dataclass
class IngestContext:
    store: Store
    rejects: RejectsWriter | None = None  # set: accept good rows, write bad ones here
    progress: Callable[[int], None] | None = None  # called with bytes consumed
    block_bytes: int = 8 << 20

    @property
    def skip_bad(self) -> bool:
        return self.rejects is not None


class IngestFormat(Protocol):
    name: str
    description: str

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when the file is of this format (``head`` is its first 64 KiB)."""

    def ingest(self, ctx: IngestContext, path: Path, result: IngestResult) -> None:
        """Validate and store the file, filling in ``result``."""


def file_sha256(path: Path, chunk: int = 8 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while b := f.read(chunk):
            h.update(b)
    return h.hexdigest()
