"""Servers on loopback for the benchmarks and the load test: their environment, a free
port, waiting until a server listens, and statements on the PostgreSQL server's
maintenance database."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

PG = "postgres://postgres@127.0.0.1:5432"
ROOT = Path(__file__).resolve().parent.parent


def production_env(*, tmp: Path, database_url: str, label: str, **extra: str) -> dict:
    """The environment for serving Lärspår with production settings over plain http on
    loopback: no https redirect or secure-only cookies, files under `tmp`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=database_url,
        SECRET_KEY=f"{label}-" + "x" * 50,  # a throwaway key for a throwaway server
        PYTHONPATH=str(ROOT),
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        PRIVATE_ROOT=str(tmp / "private"),
        **extra,
    )
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, timeout: float = 30) -> None:
    """Return once 127.0.0.1:`port` accepts connections; RuntimeError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not start")


def psql(sql: str) -> None:
    """Run `sql` on the server's `postgres` database (create or drop a benchmark database)."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)
