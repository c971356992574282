"""A third-party OpenID provider for the tests: npm's oidc-provider, run by op.mjs beside this.

Our own provider (tests/sso/provider.py) can be told to issue broken tokens;
this one cannot, and that is its use: it shows that Lärspår signs people in
and out with a conforming provider written by someone else. It runs as a
Node.js process on 127.0.0.1; `missing()` says why it cannot run here.
"""

from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import tempfile
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(__file__).with_name("op.mjs")
PACKAGE = ROOT / "node_modules" / "oidc-provider" / "package.json"

CLIENT_ID = "larspar-npm-op"
CLIENT_SECRET = "npm-op-test-secret"
CALLBACK_PATH = "/sso/oidc/callback/"
LOGOUT_RETURN_PATH = "/accounts/login/"
START_SECONDS = 20


def missing() -> str | None:
    """Why the provider cannot run here, or None."""
    if shutil.which("node") is None:
        return "Node.js is not installed (apt-get install nodejs npm)"
    if not PACKAGE.exists():
        return (
            f"{PACKAGE.parent} is missing: run `npm ci --ignore-scripts` "
            "(package.json pins oidc-provider)"
        )
    return None


class NodeOpenIDProvider:
    """One running oidc-provider, with one client whose redirect URIs are under `site`."""

    def __init__(self, *, site: str):
        self.site = site.rstrip("/")
        self.issuer = ""
        self._log = tempfile.TemporaryFile(mode="w+", prefix="oidc-provider-")  # noqa: SIM115
        self._process: subprocess.Popen | None = None

    def start(self) -> NodeOpenIDProvider:
        env = {
            **os.environ,
            "OP_CLIENT_ID": CLIENT_ID,
            "OP_CLIENT_SECRET": CLIENT_SECRET,
            "OP_REDIRECT_URIS": f"{self.site}{CALLBACK_PATH}",
            "OP_POST_LOGOUT_REDIRECT_URIS": f"{self.site}{LOGOUT_RETURN_PATH}",
            "NO_COLOR": "1",
        }
        self._process = subprocess.Popen(  # noqa: S603 - the machine's node on our own script
            ["node", str(SCRIPT), "0"],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        line = self._read_line(START_SECONDS)
        if not line.startswith("READY "):
            self.stop()
            raise RuntimeError(f"oidc-provider did not start: {line!r}\n{self.log()}")
        self.issuer = line.split(" ", 1)[1].strip()
        return self

    def _read_line(self, timeout: float) -> str:
        with selectors.DefaultSelector() as selector:
            selector.register(self._process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                return ""
        return self._process.stdout.readline()

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._process and self._process.stdout:
            self._process.stdout.close()
        self._log.close()

    def log(self) -> str:
        """What the provider wrote on stderr (warnings, errors)."""
        self._log.seek(0)
        return self._log.read()

    # --- test-only controls (op.mjs, /_test/) --------------------------------------------

    def reset(self, *, account: dict, now_ms: int) -> None:
        """The next person to sign in, the provider's clock, and an empty event list."""
        response = requests.post(
            f"{self.issuer}/_test/state",
            json={"account": account, "now": now_ms, "clear_events": True},
            timeout=5,
        )
        response.raise_for_status()

    def sign_in_as(self, account: dict) -> None:
        """The person whom the provider signs in next (their claims, `sub` first)."""
        response = requests.post(f"{self.issuer}/_test/state", json={"account": account}, timeout=5)
        response.raise_for_status()

    def events(self, name: str | None = None) -> list[dict]:
        """What the provider did, oldest first (`name`: only events of that name)."""
        response = requests.get(f"{self.issuer}/_test/events", timeout=5)
        response.raise_for_status()
        return [e for e in response.json() if name is None or e["event"] == name]
