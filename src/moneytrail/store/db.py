"""Workflow database engines: SQLite by default (WAL, synchronous FULL, foreign keys), PostgreSQL by URL."""

from __future__ import annotations

import sqlite3
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def make_engine(url: str, **kw: Any) -> Engine:
    kw.setdefault("json_serializer", _json)
    kw.setdefault("json_deserializer", orjson.loads)
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        # a pool of connections per process (each server worker builds its own engine after it starts)
        engine = create_engine(
            url,
            poolclass=QueuePool,
            pool_size=40,
            max_overflow=40,
            connect_args={"timeout": 30, "check_same_thread": False},
            **kw,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _begin)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            # write transactions take the write lock up front (BEGIN IMMEDIATE): a writer then waits its turn
            # (busy_timeout) instead of failing when another committed after its first read
            mode = conn.get_execution_options().get("sqlite_begin", "")
            conn.exec_driver_sql(f"BEGIN {mode}".strip())

        return engine
    if u.get_backend_name() == "postgresql" and u.get_driver_name() in ("", "psycopg2"):
        u = u.set(drivername="postgresql+psycopg")
    return create_engine(u, pool_size=20, max_overflow=20, pool_recycle=1800, **kw)
