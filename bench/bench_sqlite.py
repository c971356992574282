"""Ten learners at once on SQLite, the zero-set-up default: no "database is locked".

gunicorn (4 sync workers, production settings) on a fresh SQLite file;
`wrk -t1 -c10` for BENCH_SECONDS (8) as ten signed-in learners, each
connection taking turns: read a lesson, save a reflection answer (a write on
every request). Prints requests/s, p99 and how many answers were 5xx. Needs
wrk (`apt-get install wrk`). BENCH_ROOT=<checkout> serves another checkout of
the project (e.g. the main branch, to compare).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from bench.loopback import free_port, production_env, wait_listening

HERE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("BENCH_ROOT", HERE.parent)).resolve()
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
WORKERS = 4
CSRF = "benchcsrftoken0123456789abcdefgh"

LUA = """
local data = %(data)s
local csrf = "%(csrf)s"
local counter = 0
server_errors = 0
local threads = {}
setup = function(thread) table.insert(threads, thread) end
request = function()
  counter = counter + 1
  local session = data.sessions[(counter %% #data.sessions) + 1]
  local headers = {}
  headers["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. csrf
  if data.reflection and counter %% 2 == 0 then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", data.reflection, headers,
      "csrfmiddlewaretoken=" .. csrf .. "&text=Svar+" .. counter)
  end
  local lesson = data.lessons[(math.floor(counter / 2) %% #data.lessons) + 1]
  return wrk.format("GET", lesson, headers)
end
response = function(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1 end
end
done = function(summary, latency, requests)
  local errors = 0
  for _, thread in ipairs(threads) do errors = errors + thread:get("server_errors") end
  io.write("server_errors " .. errors .. "\\n")
end
"""


def _lua_table(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_lua_table(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ", ".join(_lua_table(v) for v in value) + "}"
    if value is None:
        return "nil"
    return json.dumps(value)


def run() -> None:
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): SQLite concurrency not measured")
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-sqlite-"))
    server = None
    try:
        env = production_env(tmp=tmp, database_url=f"sqlite:///{tmp / 'db.sqlite3'}", label="bench")
        manage = [sys.executable, "-m", "django"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        out = subprocess.run(
            [sys.executable, str(HERE / "sqlite_setup.py")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        data = json.loads(out.strip().splitlines()[-1])
        if os.environ.get("BENCH_SQLITE_READS_ONLY"):
            data["reflection"] = None
        script = tmp / "learners.lua"
        script.write_text(LUA % {"data": _lua_table(data), "csrf": CSRF})

        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
            + ["-w", str(WORKERS), "-b", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=(tmp / "server.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        wait_listening(port)
        # Warm up: every worker loads the app and the course before the clock runs.
        for n in range(0 if os.environ.get("BENCH_NO_WARMUP") else 2 * WORKERS):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{data['lessons'][0]}",
                headers={"Cookie": f"sessionid={data['sessions'][n % len(data['sessions'])]}"},
            )
            urllib.request.urlopen(request, timeout=60).read()  # noqa: S310 - loopback
        command = [
            "wrk",
            "-t1",
            "-c10",
            f"-d{SECONDS}s",
            "--latency",
            "--timeout",
            "30s",
            "-s",
            str(script),
        ]
        result = subprocess.run(
            [*command, f"http://127.0.0.1:{port}/"], capture_output=True, text=True, check=True
        ).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))
        total = int(re.search(r"(\d+) requests in", result).group(1))
        p99 = re.search(r"99%\s+([\d.]+\w+)", result).group(1)
        errors = int(re.search(r"server_errors (\d+)", result).group(1))
        log = (tmp / "server.log").read_text()
        locked = log.count("database is locked")
        if total < 50:
            print(f"only {total} requests: the server's log ends with\n{log[-3000:]}\n{result}")
        print(
            f"SQLite, {WORKERS} workers, 10 learners reading lessons and saving answers "
            f"({ROOT.name}): {rps:.0f} requests/s, p99 {p99}, "
            f"{errors} of {total} answers 5xx, {locked} 'database is locked' in the log"
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
