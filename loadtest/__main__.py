"""`make loadtest`: simulated learners against gunicorn + PostgreSQL on loopback, bounded in time.

A fresh database `loadtest_larspar` on 127.0.0.1:5432 (user postgres) with
the default courses; gunicorn with production settings and
deploy/gunicorn.conf.py (LOADTEST_WORKERS workers, default 2 × CPUs + 1);
locust headless with LOADTEST_USERS learners (30) for LOADTEST_SECONDS (60).
Prints requests/s, p50/p95/p99 and failures per kind of request, then checks
that every completion the server acknowledged is in the database (exit 1 if
not). Not part of the test suite or CI.
"""

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.loopback import PG, free_port, production_env, psql, wait_listening

ROOT = Path(__file__).resolve().parent.parent
DB = "loadtest_larspar"


def main() -> int:
    users = int(os.environ.get("LOADTEST_USERS", "30"))
    seconds = int(os.environ.get("LOADTEST_SECONDS", "60"))
    workers = int(os.environ.get("LOADTEST_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
    try:
        psql("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means no server to use
        print(f"PostgreSQL on 127.0.0.1:5432 is not reachable ({exc}): no load test")
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="loadtest-"))
    server = None
    env = production_env(
        tmp=tmp,
        database_url=f"{PG}/{DB}",
        label="loadtest",
        LOADTEST_LEARNERS=str(users),
        LOG_LEVEL="WARNING",
    )
    try:
        psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        psql(f"CREATE DATABASE {DB}")
        manage = [sys.executable, "-m", "django"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        out = subprocess.run(
            [sys.executable, "-m", "loadtest.setup_data"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        data = out.strip().splitlines()[-1]
        course = json.loads(data)["course"]

        port = free_port()
        server_env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(workers),
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]
            + ["--access-logfile", str(tmp / "access.log")],
            cwd=ROOT,
            env=server_env,
            stdout=(tmp / "server.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        wait_listening(port)
        acks = tmp / "acks.json"
        locust_env = {**env, "LOADTEST_DATA": data, "LOADTEST_ACKS": str(acks)}
        print(
            f"{users} learners for {seconds} s against gunicorn ({workers} workers, production "
            f"settings, PostgreSQL), course {course} …",
            flush=True,
        )
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", "loadtest/locustfile.py", "--headless"]
            + ["-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{seconds}s"]
            + ["--host", f"http://127.0.0.1:{port}"]
            + ["--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"],
            cwd=ROOT,
            env=locust_env,
            check=True,
            stdout=(tmp / "locust.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        _report(acks)
        server.terminate()
        server.wait(timeout=30)
        server = None
        errors = (tmp / "server.log").read_text()
        if "Traceback" in errors:
            print("the server logged errors:\n" + errors[-3000:])
        return subprocess.run(
            [sys.executable, "-m", "loadtest.verify", str(acks)], cwd=ROOT, env=env
        ).returncode
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        try:
            psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        except Exception:  # noqa: BLE001, S110 - best-effort clean-up
            pass
        if os.environ.get("LOADTEST_KEEP"):
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _report(path: Path) -> None:
    stats = json.loads(path.read_text(encoding="utf-8"))["stats"]
    print(f"{'request':<24}{'count':>7}{'fail':>6}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}  ms")
    for row in stats:
        print(
            f"{row['name'][:23]:<24}{row['count']:>7}{row['failures']:>6}{row['rps']:>8.1f}"
            f"{row['p50']:>7.0f}{row['p95']:>7.0f}{row['p99']:>7.0f}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
