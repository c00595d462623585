"""Generation speed: synthetic worlds of 1M and 5M transactions (goal: ≥ 1M transactions in ≤ 15 s, 2 cores)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import run_child, update_section


def main() -> None:
    rows = []
    for n in (1_000_000, 5_000_000):
        out = Path(tempfile.mkdtemp(prefix="mt-gen-"))
        try:
            r = run_child(
                "import json, time\nfrom pathlib import Path\n"
                "from moneytrail.generate import WorldConfig, generate_world\n"
                "t = time.perf_counter()\n"
                f"s = generate_world(WorldConfig(transactions={n}, seed=1), Path({str(out)!r}))\n"
                "print(json.dumps({'seconds': time.perf_counter() - t, 'laundering': s.laundering, "
                "'schemes': s.schemes, 'accounts': s.accounts, 'records': s.party_records, 'steps': s.seconds}))"
            )
        finally:
            shutil.rmtree(out, ignore_errors=True)
        rows.append((n, r))
        print(n, r)
    lines = [
        "## Synthetic world generation",
        "",
        "`moneytrail generate` (all outputs: AMLworld CSV, patterns, FtM parties, truth files, goAML XML sample).",
        "Goal: ≥ 1M transactions in ≤ 15 s on 2 cores.",
        "",
        "| transactions | seconds | transactions/s | laundering tx | schemes | accounts | party records | peak RSS |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, r in rows:
        lines.append(
            f"| {n:,} | {r['seconds']:.1f} | {n / r['seconds']:,.0f} | {r['laundering']:,} | "
            f"{r['schemes']:,} | {r['accounts']:,} | {r['records']:,} | {r['peak_rss_mib']:,.0f} MiB |"
        )
    steps = rows[0][1]["steps"]
    lines += [
        "",
        "Where the time goes for 1M: " + ", ".join(f"{k} {v:.1f} s" for k, v in steps.items()) + ".",
    ]
    ok = rows[0][1]["seconds"] <= 15
    lines += ["", f"Result: {'meets' if ok else 'MISSES'} the goal ({rows[0][1]['seconds']:.1f} s for 1M)."]
    update_section("generate", "\n".join(lines))


if __name__ == "__main__":
    main()
