"""A small but real OpenID provider for tests, served on 127.0.0.1 from a thread.

It publishes a discovery document and its RS256 key set, auto-approves the
authorization request (checking client, redirect URI and the PKCE challenge),
exchanges a code once for an ID token signed with its key, answers userinfo
for the access token, and ends sessions. `tamper` makes the next ID tokens
wrong in one chosen way, as a broken or hostile provider would.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from common import clock

CLIENT_ID = "larspar-test"
CLIENT_SECRET = "provider-test-secret"


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class OpenIDProvider:
    def __init__(self):
        self.key = _new_key()
        # Signs "bad signature" tokens under the same key id.
        self.other_key = _new_key()
        self.kid = "test-key-1"
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.reset()

    def start(self) -> OpenIDProvider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        """Forget every code, token and request; the next person is `person`."""
        self.person: dict = {"sub": "sub-0001", "email": "anna@example.se"}
        # Claims only in the ID token (e.g. acr); the rest come from userinfo too.
        self.id_token_extra: dict = {"acr": "urn:test:loa:2", "amr": ["pwd", "otp"]}
        self.tamper: str | None = None
        self.deny = False
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.requests: list[tuple[str, str]] = []
        self.authorize_params: list[dict] = []
        self.token_params: list[dict] = []
        self.logouts: list[dict] = []
        self._serial = itertools.count(1)

    # --- what the provider issues -------------------------------------------

    def jwks(self) -> dict:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def id_token(self, *, nonce: str, claims: dict) -> str:
        # The frozen moment of the test, which Lärspår checks iat/exp against.
        now = int(clock.timestamp())
        payload = {
            "iss": self.issuer,
            "sub": claims["sub"],
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **{k: v for k, v in claims.items() if k != "sub"},
            **self.id_token_extra,
        }
        key = self.key
        if self.tamper == "signature":
            key = self.other_key
        elif self.tamper == "audience":
            payload["aud"] = "another-service"
        elif self.tamper == "issuer":
            payload["iss"] = "http://127.0.0.1:1/impostor"
        elif self.tamper == "expired":
            payload["iat"], payload["exp"] = now - 900, now - 600
        elif self.tamper == "nonce":
            payload["nonce"] = "not-the-one-sent"
        return jwt.encode(payload, key, algorithm="RS256", headers={"kid": self.kid})

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    # --- HTTP ---------------------------------------------------------------

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body=None, headers=None):
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _redirect(self, url):
                self._send(302, headers={"Location": url})

            def do_GET(self):  # noqa: N802
                url = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                provider.requests.append(("GET", url.path))
                if url.path == "/.well-known/openid-configuration":
                    self._send(200, provider.discovery())
                elif url.path == "/jwks":
                    self._send(200, provider.jwks())
                elif url.path == "/authorize":
                    self._authorize(params)
                elif url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    claims = provider.access_tokens.get(token)
                    if claims is None:
                        self._send(401, {"error": "invalid_token"})
                    else:
                        self._send(200, claims)
                elif url.path == "/logout":
                    provider.logouts.append(params)
                    self._redirect(params.get("post_logout_redirect_uri", "/"))
                else:
                    self._send(404, {"error": "not_found"})

            def _authorize(self, params):
                provider.authorize_params.append(params)
                redirect_uri = params.get("redirect_uri", "")
                ok = (
                    params.get("client_id") == CLIENT_ID
                    and params.get("response_type") == "code"
                    and "openid" in params.get("scope", "").split()
                    and params.get("code_challenge_method") == "S256"
                    and params.get("code_challenge")
                    and redirect_uri
                )
                if not ok:
                    self._send(400, {"error": "invalid_request"})
                    return
                if provider.deny:
                    query = {"error": "access_denied", "state": params.get("state", "")}
                    self._redirect(f"{redirect_uri}?{urlencode(query)}")
                    return
                code = f"code-{next(provider._serial)}"
                provider.codes[code] = {
                    "redirect_uri": redirect_uri,
                    "challenge": params["code_challenge"],
                    "nonce": params.get("nonce", ""),
                    "claims": dict(provider.person),
                }
                query = {"code": code, "state": params.get("state", "")}
                self._redirect(f"{redirect_uri}?{urlencode(query)}")

            def do_POST(self):  # noqa: N802
                url = urlsplit(self.path)
                provider.requests.append(("POST", url.path))
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if url.path != "/token":
                    self._send(404, {"error": "not_found"})
                    return
                provider.token_params.append(form)
                grant = provider.codes.pop(form.get("code", ""), None)  # a code works once
                verifier = form.get("code_verifier", "")
                challenge = (
                    base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                    .rstrip(b"=")
                    .decode()
                )
                if form.get("client_id") != CLIENT_ID or form.get("client_secret") != (
                    CLIENT_SECRET
                ):
                    self._send(401, {"error": "invalid_client"})
                elif (
                    grant is None
                    or form.get("grant_type") != "authorization_code"
                    or form.get("redirect_uri") != grant["redirect_uri"]
                    or challenge != grant["challenge"]
                ):
                    self._send(400, {"error": "invalid_grant"})
                else:
                    access_token = f"at-{next(provider._serial)}"
                    provider.access_tokens[access_token] = grant["claims"]
                    self._send(
                        200,
                        {
                            "access_token": access_token,
                            "token_type": "Bearer",
                            "expires_in": 300,
                            "id_token": provider.id_token(
                                nonce=grant["nonce"], claims={"sub": grant["claims"]["sub"]}
                            ),
                        },
                    )

        return Handler
