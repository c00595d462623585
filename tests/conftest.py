"""Shared fixtures: a store on each backend (SQLite file, real PostgreSQL), and a small generated world."""

from __future__ import annotations

import os

# a low argon2 cost for the many logins of the suite (set before moneytrail.security is imported)
os.environ.setdefault("MONEYTRAIL_ARGON2", "fast")
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from moneytrail.config import Settings, sqlite_url
from moneytrail.generate import WorldConfig, WorldSummary, generate_world
from moneytrail.store import Store, init_store

PG_URL = os.environ.get("MONEYTRAIL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_pg_problem: str | None = None
_pg_checked = False
_pg_skipped = 0


def postgres_problem() -> str | None:
    """None when the PostgreSQL test server answers; otherwise why not."""
    global _pg_checked, _pg_problem
    if not _pg_checked:
        _pg_checked = True
        try:
            eng = create_engine(PG_URL, connect_args={"connect_timeout": 5})
            with eng.connect() as c:
                c.execute(text("SELECT 1"))
            eng.dispose()
        except Exception as e:
            _pg_problem = f"{type(e).__name__}: {str(e).splitlines()[0]}"
    return _pg_problem


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL of the test server pointing at a fresh schema of its own (dropped afterwards)."""
    global _pg_skipped
    problem = postgres_problem()
    if problem:
        _pg_skipped += 1
        pytest.skip(f"NO POSTGRESQL SERVER at {PG_URL}: {problem}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    eng = create_engine(PG_URL)
    with eng.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with eng.begin() as c:
        c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    eng.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    home = tmp_path / "home"
    url = sqlite_url(home) if request.param == "sqlite" else request.getfixturevalue("pg_url")
    return Settings(home=home, database_url=url)


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    home = tmp_path / "home"
    return Settings(home=home, database_url=sqlite_url(home))


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    s = init_store(settings)
    yield s
    s.close()


@pytest.fixture
def sqlite_store(sqlite_settings: Settings) -> Iterator[Store]:
    s = init_store(sqlite_settings)
    yield s
    s.close()


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> WorldSummary:
    """A generated world of 30,000 transactions (laundering rate raised so every typology appears)."""
    out = tmp_path_factory.mktemp("world")
    return generate_world(WorldConfig(transactions=30_000, seed=7, laundering_rate=0.02, reports=60), out)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _pg_skipped:
        terminalreporter.write_sep("!", "POSTGRESQL TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(
            f"{_pg_skipped} test(s) needing PostgreSQL were skipped: no server at {PG_URL} "
            f"({_pg_problem}). Start one (see .ci/run) or set MONEYTRAIL_TEST_POSTGRES_URL.",
            red=True,
        )
