"""A pysaml2 identity provider for tests: answers Lärspår's AuthnRequest with a signed response.

Its key pair and Lärspår's metadata are made in a temporary folder; the
responses are signed by Debian's xmlsec1 exactly as a real IdP's would be.
"""

from __future__ import annotations

import base64
import datetime
import shutil
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

IDP_ENTITY_ID = "https://idp.test.example/saml/metadata"
IDP_SSO_URL = "https://idp.test.example/saml/sso"
IDP_SLO_URL = "https://idp.test.example/saml/slo"
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
    def __init__(self, folder: Path, sp_metadata: str):
        key_file, cert_file = write_key_pair(folder, "idp")
        (folder / "sp.xml").write_text(sp_metadata, encoding="utf-8")
        entity_id = sp_metadata.split('entityID="', 1)[1].split('"', 1)[0]
        (folder / "other-sp.xml").write_text(
            sp_metadata.replace(entity_id, OTHER_SP_ENTITY_ID), encoding="utf-8"
        )
        config = IdPConfig()
        config.load(
            {
                "entityid": IDP_ENTITY_ID,
                "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [(IDP_SSO_URL, saml2.BINDING_HTTP_REDIRECT)],
                            "single_logout_service": [(IDP_SLO_URL, saml2.BINDING_HTTP_REDIRECT)],
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
        response = self.server.create_authn_response(
            identity=attributes,
            in_response_to=request.id,
            destination=request.assertion_consumer_service_url,
            sp_entity_id=audience or request.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=subject),
            authn={
                "class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
                "authn_auth": IDP_ENTITY_ID,
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
