"""Run every benchmark in turn (``make bench``); each rewrites its own section of docs/benchmarks.md."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).parent
ORDER = ["bench_generate.py", "bench_ingest.py", "bench_api.py"]


def main() -> None:
    only = sys.argv[1:]
    for name in ORDER:
        if only and not any(o in name for o in only):
            continue
        print(f"=== {name}")
        runpy.run_path(str(HERE / name), run_name="__main__")


if __name__ == "__main__":
    main()
