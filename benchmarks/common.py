"""Helpers for the benchmarks: the machine, timing child processes, and writing docs/benchmarks.md.

Each benchmark owns one section of docs/benchmarks.md, between ``<!-- bench:NAME -->`` markers, so running
one benchmark rewrites only its own figures.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
DATA = Path(os.environ.get("MONEYTRAIL_BENCH_DATA", ROOT / "bench-data"))


def machine() -> str:
    def first(path: str, key: str) -> str:
        try:
            text = Path(path).read_text()
        except OSError:
            return ""
        return next((ln.split(":", 1)[1].strip() for ln in text.splitlines() if ln.startswith(key)), "")

    kb = first("/proc/meminfo", "MemTotal").split()
    mem = f", {int(kb[0]) / 1024 / 1024:.0f} GiB RAM" if kb else ""
    return f"{os.cpu_count()} cores ({first('/proc/cpuinfo', 'model name')}){mem}, Python {platform.python_version()}"


def run_child(code: str, env: dict[str, str] | None = None, timeout: float = 3600) -> dict[str, Any]:
    """Run Python code in a fresh process; it prints one JSON object last. Adds its peak RSS in MiB."""
    wrapper = (
        code + "\nimport resource, json as _j\nprint(_j.dumps({'__rss_mib': resource.getrusage("
        "resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    p = subprocess.run(
        [sys.executable, "-c", wrapper],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-3000:])
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    out = json.loads(lines[-2])
    out["peak_rss_mib"] = json.loads(lines[-1])["__rss_mib"]
    return dict(out)


def timed(fn: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    r = fn()
    return r, time.perf_counter() - t0


def update_section(name: str, body: str) -> None:
    """Replace this benchmark's section of docs/benchmarks.md (appending it the first time)."""
    DOC.parent.mkdir(parents=True, exist_ok=True)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else HEADER
    stamp = f"_Measured {datetime.now(UTC):%Y-%m-%d} on {machine()}._"
    block = f"<!-- bench:{name} -->\n{body.strip()}\n\n{stamp}\n<!-- /bench:{name} -->"
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S)
    text = (
        pattern.sub(lambda _m: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    )
    DOC.write_text(text, encoding="utf-8")
    print(f"updated {DOC.relative_to(ROOT)} [{name}]")


HEADER = """# Benchmarks

Produced by the scripts in `benchmarks/` (`make bench` runs them all; each can run alone, e.g.
`.venv/bin/python benchmarks/bench_ingest.py`). Every figure below was measured in one run, on the same
data, side by side with the peer the issue names. Speed is never asserted in the test suite; it lives here.
"""
