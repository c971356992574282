"""Learner pages against a bare Django page, served side by side (issue: fast learner pages).

Both run under gunicorn (2 sync workers) with production settings on
PostgreSQL; `wrk -t1 -c10` loads each for BENCH_SECONDS (8) in three
interleaved rounds. The figure is the median requests/s of a page divided by
the median of the bare page in the same run, so the machine's speed cancels
out. Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and wrk
(`apt-get install wrk`); says so and stops without them.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.loopback import PG, free_port, psql, wait_listening

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CSRF = "benchcsrftoken0123456789abcdefgh"  # 32 characters: an unmasked secret
GOALS = {
    "lesson step": 0.5,
    "course outline": 0.5,
    "start page (My courses)": 0.5,
    "quiz page": 0.4,
    "step complete (repeat)": 0.4,
    "verification page": None,
}
P99_GOAL_MS = 100
# BENCH_COMPARE=<another checkout>: serve it too and measure its pages in the
# same interleaved rounds, marked "(before)" (the machine's load then hits both alike).
COMPARE = Path(os.environ["BENCH_COMPARE"]).resolve() if os.environ.get("BENCH_COMPARE") else None


def _wrk(url: str, session: str, *, script: str | None = None) -> tuple[float, float, int]:
    """Requests/s, p99 in ms and error count of one wrk run."""
    command = ["wrk", "-t1", "-c10", f"-d{SECONDS}s", "--latency"]
    command += ["-H", f"Cookie: sessionid={session}; csrftoken={CSRF}"]
    if script:
        command += ["-s", script]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    count = int(bad.group(1)) if bad else 0
    if errors:
        count += sum(int(n) for n in errors.groups())
    return rps, float(p99.group(1)) * scale, count


def _serve(env: dict, wsgi: str, port: int, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", wsgi, "-w", "2", "-b", f"127.0.0.1:{port}"],
        cwd=env["PYTHONPATH"],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def run() -> None:
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): page ratios not measured")
        return
    try:
        psql("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means no server to use
        print(f"PostgreSQL on 127.0.0.1:5432 is not reachable ({exc}): page ratios not measured")
        return

    tmp = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    servers: list[subprocess.Popen] = []
    try:
        base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        base.update(SECRET_KEY="bench-" + "x" * 50, PYTHONPATH=str(ROOT))
        apps = {
            "larspar": {
                **base,
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
                "DATABASE_URL": f"{PG}/bench_larspar",
                "SECURE_SSL_REDIRECT": "false",
                "SESSION_COOKIE_SECURE": "false",
                "CSRF_COOKIE_SECURE": "false",
                "SECURE_HSTS_SECONDS": "0",
                "LARSPAR_VERIFY_RATE_LIMIT": "1000000000",
                "STATIC_ROOT": str(tmp / "static"),
                "MEDIA_ROOT": str(tmp / "media"),
                "PRIVATE_ROOT": str(tmp / "private"),
            },
            "bare": {
                **base,
                "DJANGO_SETTINGS_MODULE": "bench.bare.settings",
                "DATABASE_URL": f"{PG}/bench_bare",
            },
        }
        if COMPARE:
            # Another checkout (e.g. main) served beside this one, measured in the same rounds.
            apps["before"] = {
                **apps["larspar"],
                "DATABASE_URL": f"{PG}/bench_before",
                "PYTHONPATH": str(COMPARE),
                "STATIC_ROOT": str(tmp / "static-before"),
            }
        setup = {}
        for name, env in apps.items():
            root = env["PYTHONPATH"]
            psql(f"DROP DATABASE IF EXISTS bench_{name}")
            psql(f"CREATE DATABASE bench_{name}")
            manage = [sys.executable, "-m", "django"]
            subprocess.run([*manage, "migrate", "-v0"], cwd=root, env=env, check=True)
            if name != "bare":
                subprocess.run(
                    [*manage, "collectstatic", "--noinput", "-v0"], cwd=root, env=env, check=True
                )
            kind = "bare" if name == "bare" else "larspar"
            out = subprocess.run(
                [sys.executable, "-m", "bench.pages_setup", kind],
                cwd=root,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            setup[name] = json.loads(out.strip().splitlines()[-1])

        ports = {name: free_port() for name in apps}
        for name, env in apps.items():
            wsgi = "bench.bare.wsgi:application" if name == "bare" else "config.wsgi:application"
            servers.append(_serve(env, wsgi, ports[name], tmp / f"{name}.log"))
        for port in ports.values():
            wait_listening(port)

        post_script = tmp / "post.lua"
        post_script.write_text(
            'wrk.method = "POST"\n'
            f'wrk.body = "csrfmiddlewaretoken={CSRF}"\n'
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        )
        targets = [("bare", ports["bare"], setup["bare"]["pages"]["bare"], None, "bare")]
        lars = setup["larspar"]
        targets += [(n, ports["larspar"], u, None, "larspar") for n, u in lars["pages"].items()]
        targets += [
            (n, ports["larspar"], u, str(post_script), "larspar") for n, u in lars["posts"].items()
        ]
        if COMPARE:
            old = setup["before"]
            targets += [
                (f"{n} (before)", ports["before"], u, None, "before")
                for n, u in old["pages"].items()
            ]
            targets += [
                (f"{n} (before)", ports["before"], u, str(post_script), "before")
                for n, u in old["posts"].items()
            ]

        results: dict[str, list[tuple[float, float, int]]] = {t[0]: [] for t in targets}
        for _ in range(ROUNDS):
            for name, port, path, script, app in targets:
                url = f"http://127.0.0.1:{port}{path}"
                results[name].append(_wrk(url, setup[app]["session"], script=script))

        bare_rps = statistics.median(r[0] for r in results["bare"])
        print(f"bare Django page: {bare_rps:.0f} requests/s (median of {ROUNDS} × {SECONDS} s)")
        print(f"{'page':<28}{'req/s':>8}{'ratio':>8}{'goal':>7}{'p99 ms':>9}{'errors':>8}")
        for name, runs in results.items():
            if name == "bare":
                continue
            rps = statistics.median(r[0] for r in runs)
            p99 = statistics.median(r[1] for r in runs)
            errors = sum(r[2] for r in runs)
            goal = None if name.endswith("(before)") else GOALS.get(name)
            ratio = rps / bare_rps
            verdict = "" if goal is None else ("ok" if ratio >= goal else "MISS")
            goal_text = "–" if goal is None else f"{goal:.2f}"
            p99_mark = "" if p99 < P99_GOAL_MS else " MISS"
            print(
                f"{name:<28}{rps:>8.0f}{ratio:>8.2f}{goal_text:>7}{p99:>9.1f}{errors:>8}"
                f"  {verdict}{p99_mark}"
            )
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        for name in ("larspar", "bare", "before"):
            try:
                psql(f"DROP DATABASE IF EXISTS bench_{name} WITH (FORCE)")
            except Exception:  # noqa: BLE001, S110 - best-effort clean-up
                pass
        shutil.rmtree(tmp, ignore_errors=True)
