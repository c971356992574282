"""Servers on loopback for the benchmarks and the load test: a free port, waiting until a
server listens, and statements on the PostgreSQL server's maintenance database."""

from __future__ import annotations

import socket
import time

PG = "postgres://postgres@127.0.0.1:5432"


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
