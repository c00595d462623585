"""The route × role table of ``docs/security.md``: ``python -m moneytrail.web.matrix`` rewrites it.

Every route of the app, its permission, and for each role whether it is allowed (✓) or refused (·). The
test suite builds the same table from the running app, checks that the document matches it, and walks
every cell against a live server.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fastapi import FastAPI

from moneytrail.security.policy import PERMISSIONS
from moneytrail.security.roles import Role

BEGIN, END = "<!-- route-matrix -->", "<!-- /route-matrix -->"
SHORT = {
    Role.REPORTING_ENTITY: "RE",
    Role.ANALYST: "AN",
    Role.SUPERVISOR: "SU",
    Role.LAW_ENFORCEMENT: "LE",
    Role.PROSECUTOR: "PR",
    Role.ASSET_RECOVERY: "AR",
    Role.FOREIGN_LIAISON: "FL",
    Role.FOCAL_POINT: "FP",
    Role.ADMIN: "AD",
}


def table(app: FastAPI) -> str:
    from moneytrail.web.app import route_permissions

    rows = sorted(route_permissions(app), key=lambda r: (r[1], r[0]))
    head = "| method | path | permission | " + " | ".join(SHORT[r] for r in Role) + " |"
    sep = "|---|---|---|" + "|".join(":-:" for _ in Role) + "|"
    lines = [head, sep]
    for method, path, perm in rows:
        if perm is None:
            cells = ["public"] * len(Role)
            lines.append(f"| {method} | `{path}` | *(public)* | " + " | ".join(cells) + " |")
            continue
        allowed = PERMISSIONS[perm].roles
        cells = ["✓" if r in allowed else "·" for r in Role]
        lines.append(f"| {method} | `{path}` | `{perm}` | " + " | ".join(cells) + " |")
    legend = "Roles: " + ", ".join(f"{SHORT[r]} = {r.value}" for r in Role) + "."
    return "\n".join([legend, "", *lines])


def permissions_table() -> str:
    lines = ["| permission | roles | what it allows |", "|---|---|---|"]
    for name in sorted(PERMISSIONS):
        p = PERMISSIONS[name]
        lines.append(f"| `{name}` | {', '.join(r.value for r in Role if r in p.roles)} | {p.description} |")
    return "\n".join(lines)


def section(app: FastAPI) -> str:
    return f"{BEGIN}\n{table(app)}\n\n{permissions_table()}\n{END}"


def current(doc: Path) -> str | None:
    m = re.search(re.escape(BEGIN) + ".*?" + re.escape(END), doc.read_text(encoding="utf-8"), re.S)
    return m.group(0) if m else None


def rewrite(doc: Path, app: FastAPI) -> None:
    text = doc.read_text(encoding="utf-8")
    old = current(doc)
    new = section(app)
    doc.write_text(text.replace(old, new) if old else text.rstrip() + "\n\n" + new + "\n", encoding="utf-8")


def main() -> None:
    import tempfile

    from moneytrail.config import load_settings
    from moneytrail.store import init_store
    from moneytrail.web.app import create_app

    with tempfile.TemporaryDirectory() as d:
        settings = load_settings({"MONEYTRAIL_HOME": d})
        doc = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/security.md")
        rewrite(doc, create_app(settings, init_store(settings)))
        print(f"updated the route matrix in {doc}")


if __name__ == "__main__":
    main()
