"""Proxy test: six slow clients do not stop four normal requests behind nginx.

    python deploy/proxy_test.py            (make proxy-test)

Starts the app under gunicorn (deploy/gunicorn.conf.py, two sync workers)
and nginx (deploy/nginx/loopback.conf.template with the production proxy
rules) on free loopback ports, with a throw-away SQLite database and static
root in a temporary directory; no root needed. Six clients then send
requests byte by byte (three trickle their headers, three their POST body)
for up to SLOW_SECONDS, and four normal requests must each be answered in
under 2 s. For comparison the same is tried against gunicorn directly
(reported, not required: that is the failure the proxy exists to prevent).
Exit status 0 when the proxy holds. Only the processes it started are stopped.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PYTHON = sys.executable
SLOW_CLIENTS = 6
NORMAL_REQUESTS = 4
NORMAL_LIMIT_SECONDS = 2.0
SLOW_SECONDS = 8.0
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="proxy-test-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        LARSPAR_CLIENT_IP_HEADER="HTTP_X_REAL_IP",
        # Plain http on loopback: no redirect to https, no secure-only cookies.
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    return env


def prepare_app(tmp: Path, env: dict[str, str]) -> None:
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [PYTHON, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True
        )


def write_nginx_conf(tmp: Path, proxy_port: int, app_port: int) -> Path:
    prefix = tmp / "nginx"
    prefix.mkdir()
    shutil.copy(ROOT / "deploy/nginx/larspar-proxy.conf", prefix / "larspar-proxy.conf")
    # As root, nginx would run its worker as "nobody", who cannot read the
    # temporary directory; run it as ourselves instead.
    user = f"user {os.environ.get('USER') or 'root'};" if os.geteuid() == 0 else ""
    text = (ROOT / "deploy/nginx/loopback.conf.template").read_text()
    for name, value in {
        "@USER_DIRECTIVE@": user,
        "@PREFIX@": str(prefix),
        "@PROXY_PORT@": str(proxy_port),
        "@APP_PORT@": str(app_port),
        "@STATIC_ROOT@": str(tmp / "static"),
    }.items():
        text = text.replace(name, value)
    conf = prefix / "nginx.conf"
    conf.write_text(text)
    return conf


def wait_until_up(url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"not up after {START_TIMEOUT:.0f} s: {url}")


def slow_client(port: int, payload: bytes, stop: threading.Event) -> None:
    """Send `payload` one byte every 0.3 s until it is sent, `stop` is set or time is up."""
    deadline = time.monotonic() + SLOW_SECONDS
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=SLOW_SECONDS) as sock:
            for byte in payload:
                if stop.is_set() or time.monotonic() > deadline:
                    return
                sock.sendall(bytes([byte]))
                stop.wait(0.3)
    except OSError:
        return


def slow_payloads(port: int) -> list[bytes]:
    headers = (
        f"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "User-Agent: slow-client\r\nAccept: text/html\r\n\r\n"
    ).encode()
    body = b"code=" + b"A" * 200
    post = (
        f"POST /verify/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    half = SLOW_CLIENTS // 2
    # Headers trickled byte by byte; or headers at once and the body trickled.
    return [headers] * half + [post + body] * (SLOW_CLIENTS - half)


def normal_request(port: int, path: str) -> tuple[int | None, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(  # noqa: S310 - loopback
            f"http://127.0.0.1:{port}{path}", timeout=NORMAL_LIMIT_SECONDS * 2
        ) as response:
            response.read()
            status = response.status
    except OSError:
        status = None
    return status, time.monotonic() - started


def under_slow_clients(port: int, post_body_first: bool = False) -> list[tuple[int | None, float]]:
    """Start the slow clients on `port`, then time the normal requests."""
    stop = threading.Event()
    payloads = slow_payloads(port)
    if post_body_first:
        payloads.reverse()
    slow = [
        threading.Thread(target=slow_client, args=(port, payload, stop), daemon=True)
        for payload in payloads
    ]
    for thread in slow:
        thread.start()
    time.sleep(1.0)  # let every slow client connect and start trickling
    paths = ["/accounts/login/", "/healthz", "/stod/", "/static/css/site.css"]
    results: list[tuple[int | None, float]] = [(None, 0.0)] * NORMAL_REQUESTS
    threads = []

    def run(i: int) -> None:
        results[i] = normal_request(port, paths[i % len(paths)])

    for i in range(NORMAL_REQUESTS):
        threads.append(threading.Thread(target=run, args=(i,), daemon=True))
        threads[-1].start()
    for thread in threads:
        thread.join()
    stop.set()
    for thread in slow:
        thread.join(timeout=SLOW_SECONDS)
    return results


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def report(label: str, results: list[tuple[int | None, float]]) -> bool:
    ok = all(status == 200 and took < NORMAL_LIMIT_SECONDS for status, took in results)
    shown = ", ".join(f"{status or 'no answer'} in {took:.2f} s" for status, took in results)
    print(f"{label}: {shown}", flush=True)
    return ok


def main() -> int:
    if not Path(NGINX).exists():
        print("nginx is not installed (apt-get install nginx)", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="larspar-proxy-test-"))
    processes: list[subprocess.Popen] = []
    try:
        env = app_env(tmp)
        prepare_app(tmp, env)
        app_port, proxy_port = free_port(), free_port()
        gunicorn_env = dict(env, GUNICORN_BIND=f"127.0.0.1:{app_port}", GUNICORN_WORKERS="2")
        processes.append(
            subprocess.Popen(  # noqa: S603 - fixed command
                [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]
                + ["--access-logfile", str(tmp / "gunicorn-access.log")]
                + ["--control-socket", str(tmp / "gunicorn.ctl")],
                cwd=ROOT,
                env=gunicorn_env,
            )
        )
        conf = write_nginx_conf(tmp, proxy_port, app_port)
        processes.append(
            subprocess.Popen(  # noqa: S603 - fixed command
                [NGINX, "-p", str(conf.parent), "-c", str(conf), "-g", "daemon off;"],
                cwd=tmp,
            )
        )
        wait_until_up(f"http://127.0.0.1:{app_port}/healthz")
        wait_until_up(f"http://127.0.0.1:{proxy_port}/healthz")

        through_proxy = under_slow_clients(proxy_port)
        ok = report(
            f"behind nginx, {SLOW_CLIENTS} slow clients, {NORMAL_REQUESTS} normal requests",
            through_proxy,
        )
        direct = under_slow_clients(app_port)
        report("gunicorn alone (for comparison, not required)", direct)
        print("PASS" if ok else "FAIL: a normal request waited behind the slow clients", flush=True)
        return 0 if ok else 1
    finally:
        for process in reversed(processes):
            stop_process(process)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
