"""A pysaml2 identity provider for tests: answers Lärspår's AuthnRequest with a signed response.

Its key pair and Lärspår's metadata are made in a temporary folder; the
responses are signed by Debian's xmlsec1 exactly as a real IdP's would be.
"""

from __future__ import annotations

import base64
import datetime
import html
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import saml2
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

IDP_BASE_URL = "https://idp.test.example"
IDP_ENTITY_ID = f"{IDP_BASE_URL}/saml/metadata"
IDP_SSO_URL = f"{IDP_BASE_URL}/saml/sso"
IDP_SLO_URL = f"{IDP_BASE_URL}/saml/slo"
# Another service the IdP also serves: its assertions must not open Lärspår.
OTHER_SP_ENTITY_ID = "https://another.example/sp"


def write_key_pair(folder: Path, name: str) -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
        .not_valid_after(datetime.datetime(2040, 1, 1, tzinfo=datetime.UTC))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


class SAMLIdentityProvider:
    def __init__(self, folder: Path, sp_metadata: str, *, base_url: str = IDP_BASE_URL):
        key_file, cert_file = write_key_pair(folder, "idp")
        (folder / "sp.xml").write_text(sp_metadata, encoding="utf-8")
        entity_id = sp_metadata.split('entityID="', 1)[1].split('"', 1)[0]
        (folder / "other-sp.xml").write_text(
            sp_metadata.replace(entity_id, OTHER_SP_ENTITY_ID), encoding="utf-8"
        )
        config = IdPConfig()
        config.load(
            {
                "entityid": f"{base_url}/saml/metadata",
                "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [
                                (f"{base_url}/saml/sso", saml2.BINDING_HTTP_REDIRECT)
                            ],
                            "single_logout_service": [
                                (f"{base_url}/saml/slo", saml2.BINDING_HTTP_REDIRECT)
                            ],
                        },
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                        "policy": {"default": {"lifetime": {"minutes": 5}}},
                    }
                },
                "key_file": key_file,
                "cert_file": cert_file,
                "metadata": {"local": [str(folder / "sp.xml"), str(folder / "other-sp.xml")]},
            }
        )
        self.server = Server(config=config)
        self.logouts: list[str] = []
        self.metadata_path = folder / "idp.xml"
        self.metadata_path.write_text(str(entity_descriptor(config)), encoding="utf-8")

    def respond(
        self,
        authn_redirect: str,
        *,
        subject: str,
        attributes: dict[str, list[str]],
        audience: str | None = None,
        signed: bool = True,
    ) -> dict[str, str]:
        """The form fields the browser would POST to the ACS for this AuthnRequest redirect."""
        query = parse_qs(urlsplit(authn_redirect).query)
        request = self.server.parse_authn_request(
            query["SAMLRequest"][0], saml2.BINDING_HTTP_REDIRECT
        ).message
        self.last_acs_url = request.assertion_consumer_service_url
        response = self.server.create_authn_response(
            identity=attributes,
            in_response_to=request.id,
            destination=request.assertion_consumer_service_url,
            sp_entity_id=audience or request.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=subject),
            authn={
                "class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
                "authn_auth": self.server.config.entityid,
            },
            sign_assertion=signed,
            sign_response=signed,
        )
        return {
            "SAMLResponse": base64.b64encode(str(response).encode()).decode(),
            "RelayState": query.get("RelayState", [""])[0],
        }

    def logout(self, logout_redirect: str) -> str:
        """End the session for a LogoutRequest; the address the IdP sends the browser back to."""
        query = parse_qs(urlsplit(logout_redirect).query)
        request = self.server.parse_logout_request(
            query["SAMLRequest"][0], saml2.BINDING_HTTP_REDIRECT
        )
        self.logouts.append(request.message.name_id.text)
        response = self.server.create_logout_response(
            request.message, [saml2.BINDING_HTTP_REDIRECT]
        )
        destination = self.server.metadata.single_logout_service(
            request.message.issuer.text, saml2.BINDING_HTTP_REDIRECT, "spsso"
        )[0]["location"]
        http = self.server.apply_binding(
            saml2.BINDING_HTTP_REDIRECT,
            response,
            destination,
            query.get("RelayState", [""])[0],
            response=True,
        )
        return dict(http["headers"])["Location"]


class SAMLIdentityProviderServer:
    """The test IdP over HTTP on localhost, for the browser: it auto-approves the person in
    `attributes` (an auto-submitting form to the ACS, as real IdPs do) and answers single logout.
    """

    def __init__(self, folder: Path, sp_metadata: str, *, subject: str, attributes: dict):
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        # localhost, like the live server: the ACS POST is then same-site, so the SAML
        # session cookie is sent over plain http (real deployments: SameSite=None; Secure).
        self.base_url = f"http://localhost:{self.http.server_address[1]}"
        self.idp = SAMLIdentityProvider(folder, sp_metadata, base_url=self.base_url)
        self.subject, self.attributes = subject, attributes
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                url = server.base_url + self.path
                if self.path.startswith("/saml/sso"):
                    form = server.idp.respond(
                        url, subject=server.subject, attributes=server.attributes
                    )
                    body = (
                        '<!doctype html><html lang="sv"><title>IdP</title>'
                        f'<form method="post" action="{html.escape(server.idp.last_acs_url)}">'
                        + "".join(
                            f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
                            for name, value in form.items()
                        )
                        + "</form><script>document.forms[0].submit()</script></html>"
                    ).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                elif self.path.startswith("/saml/slo"):
                    self.send_response(302)
                    self.send_header("Location", server.idp.logout(url))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

        return Handler
