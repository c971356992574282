"""Manager reporting at scale: dashboard time and queries for 20,000 learners, export memory.

Each database gets its own process (Django is configured once per process):
a temporary SQLite file always, and a temporary PostgreSQL database when the
server in the brief answers (BENCH_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432/postgres; set it to "" to skip). The
export's peak memory is measured in a fresh process of its own, so the peak
(ru_maxrss) belongs to the export and not to the seeding.

    make bench                                  # every bench module
    .venv/bin/python -m bench bench_reporting   # this one
"""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEARNERS = int(os.environ.get("BENCH_LEARNERS", "20000"))
# A second tree so the administrator's export of every course has 100,000+ rows.
EXTRA_LEARNERS = int(os.environ.get("BENCH_EXTRA_LEARNERS", "14000"))
REQUESTS = 15


def _env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        ALLOWED_HOSTS="testserver",
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="ERROR",
        # The bench times reports, not sign-in: its administrator is not asked for a code.
        LARSPAR_TWO_FACTOR_REQUIRED="false",
    )
    return env


def _run_child(label: str, database_url: str) -> None:
    print(f"-- {label}")
    sys.stdout.flush()
    subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.bench_reporting", "--child"],
        env=_env(database_url),
        cwd=ROOT,
        check=True,
    )


def run() -> None:
    print(f"learners: {LEARNERS} in one tree (+{EXTRA_LEARNERS} in a second one for the export)")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        _run_child("SQLite, temporary file", f"sqlite:///{tmp}/bench.sqlite3")
    postgres = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not postgres:
        return
    try:
        import psycopg

        admin = psycopg.connect(postgres, autocommit=True, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001 - any failure means: no PostgreSQL here
        print(f"-- PostgreSQL skipped ({exc.__class__.__name__})")
        return
    name = f"bench_reporting_{os.getpid()}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        base = postgres.rsplit("/", 1)[0]
        _run_child(f"PostgreSQL, temporary database {name}", f"{base}/{name}")
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _median_ms(client, url: str, n: int) -> tuple[float, float, float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times), min(times), max(times)


def _child() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import OrgUnit, Role, User
    from accounts.services import user_role_grant
    from courses.models import Course

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET client_min_messages TO WARNING")
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    call_command("seed_reporting", learners=LEARNERS, root="BENCH")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    client = Client()
    client.force_login(User.objects.get(username="bench-chef"))
    top = OrgUnit.objects.get(code="BENCH")
    course = Course.objects.get(slug="bench-kurs-1")
    pages = [
        ("dashboard, top unit, 3 courses", "/uppfoljning/"),
        ("dashboard, top unit chosen", f"/uppfoljning/?unit={top.pk}"),
        ("people list, first page of 100", f"/uppfoljning/personer/?course={course.pk}"),
        (
            "people list, overdue",
            f"/uppfoljning/personer/?course={course.pk}&status=overdue",
        ),
    ]
    for label, url in pages:
        client.get(url)  # warm-up: connection, templates, caches
        median, low, high = _median_ms(client, url, REQUESTS)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(
            f"{label}: median {median:.0f} ms (min {low:.0f}, max {high:.0f}, "
            f"{REQUESTS} requests), {len(queries)} queries"
        )

    call_command("seed_reporting", learners=EXTRA_LEARNERS, root="BENCH2")
    admin, _created = User.objects.get_or_create(username="bench-admin")
    user_role_grant(user=admin, role=Role.ADMINISTRATOR)
    courses = Course.objects.filter(slug__startswith="bench-kurs").count()
    staff = User.objects.filter(is_active=True, unit__isnull=False).count()
    print(f"export: every course ({courses}) × all staff ({staff}) = {courses * staff} rows")
    sys.stdout.flush()
    subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.bench_reporting", "--export"],
        env=dict(os.environ),
        cwd=ROOT,
        check=True,
    )


def _peak_rss_mb() -> float:
    """Peak resident memory of this process's address space (VmHWM on Linux).

    ru_maxrss would carry over the peak of the process that forked this one
    (Linux keeps it across exec), here the seeding process.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _export() -> None:
    """In a fresh process: stream the administrator's CSV of everyone and report peak memory."""
    import django

    django.setup()
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench-admin"))
    client.get("/uppfoljning/")  # warm-up: imports, templates, connection
    before = _peak_rss_mb()
    started = time.perf_counter()
    response = client.get("/uppfoljning/personer.csv")
    lines = size = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
        size += len(chunk)
    seconds = time.perf_counter() - started
    peak = _peak_rss_mb()
    print(
        f"CSV export: {lines - 1} rows, {size / 1e6:.1f} MB in {seconds:.1f} s; "
        f"peak RSS {peak:.0f} MB (before the export {before:.0f} MB, "
        f"+{peak - before:.0f} MB while streaming)"
    )


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    elif "--export" in sys.argv:
        _export()
    else:
        run()
