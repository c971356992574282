"""Authentication backends: OpenID Connect sign-in, and the switch for local passwords."""

from __future__ import annotations

import logging

import jwt
import requests
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.api import User, user_with_roles_get

from .conf import claim_mapping, local_login_enabled, oidc_enabled
from .errors import SSORefused, SSOUnavailable
from .oidc import discovered_setting
from .saml import claims_from_session_info, saml_enabled
from .services import sso_identity_from_claims, sso_user_sync

log = logging.getLogger("larspar.security")

# PyJWT's refusal -> the reason code in the audit log.
_TOKEN_ERRORS: list[tuple[type[Exception], str]] = [
    (jwt.InvalidSignatureError, "token_signature"),
    (jwt.ExpiredSignatureError, "token_expired"),
    (jwt.InvalidAudienceError, "token_audience"),
    (jwt.InvalidIssuerError, "token_issuer"),
    (jwt.ImmatureSignatureError, "token_not_yet_valid"),
    (jwt.InvalidIssuedAtError, "token_not_yet_valid"),
    (jwt.MissingRequiredClaimError, "token_claims_missing"),
    (jwt.InvalidAlgorithmError, "token_algorithm"),
    (jwt.InvalidTokenError, "token_invalid"),
]


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow with endpoints from discovery and a strict ID token check.

    The library checks the signature but not the audience or the issuer
    (it decodes with verify_aud off); `verify_token` here checks signature
    (RS256 by the provider's published key), issuer, audience, authorised
    party, expiry, issue time and nonce, and refuses with a reason code.
    Accounts are found or made by `sso_user_sync`.
    """

    def __init__(self, *args, **kwargs):
        # Nothing is fetched here: Django builds every backend for each local
        # password sign-in too, which must work while the provider is down.
        self.UserModel = User

    get_settings = staticmethod(discovered_setting)

    # The library reads these as attributes; here they are looked up when used.
    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):  # noqa: N802
        return discovered_setting("OIDC_OP_TOKEN_ENDPOINT")

    @property
    def OIDC_OP_USER_ENDPOINT(self):  # noqa: N802
        return discovered_setting("OIDC_OP_USER_ENDPOINT", None)

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):  # noqa: N802
        return discovered_setting("OIDC_OP_JWKS_ENDPOINT")

    @property
    def OIDC_RP_CLIENT_ID(self):  # noqa: N802
        return settings.OIDC_RP_CLIENT_ID

    @property
    def OIDC_RP_CLIENT_SECRET(self):  # noqa: N802
        return settings.OIDC_RP_CLIENT_SECRET

    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce; password sign-ins never reach the provider.
        if request is None or "nonce" not in kwargs or not oidc_enabled():
            return None
        try:
            return super().authenticate(request, **kwargs)
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else None
            log.warning("OIDC token request refused: status=%s", status)
            raise SSORefused("token_request_refused", detail={"status": status}) from exc
        except requests.RequestException as exc:
            raise SSOUnavailable("provider_unreachable") from exc

    def verify_token(self, token, **kwargs):
        """The verified claims of a signed token (ID token, or a signed userinfo answer)."""
        if not token:
            raise SSORefused("token_missing")
        try:
            key = self.retrieve_matching_jwk(token)
        except (SuspiciousOperation, KeyError, jwt.PyJWTError) as exc:
            raise SSORefused("token_key_unknown") from exc
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=settings.OIDC_RP_CLIENT_ID,
                issuer=settings.LARSPAR_OIDC_ISSUER,
                leeway=settings.LARSPAR_OIDC_LEEWAY_SECONDS,
                options={"require": ["iss", "sub", "aud", "exp", "iat"]},
            )
        except jwt.InvalidTokenError as exc:
            reason = next(code for kind, code in _TOKEN_ERRORS if isinstance(exc, kind))
            log.warning("OIDC token refused: %s (%s)", reason, exc)
            raise SSORefused(reason) from exc
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        if len(audiences) > 1 and payload.get("azp") != settings.OIDC_RP_CLIENT_ID:
            raise SSORefused("token_audience", detail={"azp": payload.get("azp", "")})
        if "nonce" in kwargs and payload.get("nonce") != kwargs["nonce"]:
            raise SSORefused("token_nonce")
        return payload

    def get_user(self, user_id):
        # The signed-in user with their roles, as with password sign-in (accounts.backends).
        return user_with_roles_get(user_id)

    def get_or_create_user(self, access_token, id_token, payload):
        """The account for the verified ID token; userinfo adds claims the token lacks."""
        claims = {}
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            claims = self.get_userinfo(access_token, id_token, payload)
            if claims.get("sub") != payload["sub"]:
                # OpenID Connect Core 5.3.2: a userinfo answer for someone else is discarded.
                raise SSORefused("userinfo_subject_mismatch")
        # The signed ID token wins over userinfo where both say something.
        claims = {**claims, **payload}
        identity = sso_identity_from_claims(
            issuer=settings.LARSPAR_OIDC_ISSUER, claims=claims, mapping=claim_mapping()
        )
        result = sso_user_sync(identity=identity, mapping=claim_mapping(), request=self.request)
        # Read by the callback view to keep the provider's authentication context in the session.
        self.request.sso_identity = identity
        return result.user


class SAMLBackend:
    """Signs in the person of a verified SAML assertion (djangosaml2 checked signature,
    audience, validity window and InResponseTo before calling this)."""

    def authenticate(self, request, session_info=None, **kwargs):
        if request is None or session_info is None or not saml_enabled():
            return None
        claims = claims_from_session_info(session_info)
        identity = sso_identity_from_claims(
            issuer=session_info["issuer"], claims=claims, mapping=claim_mapping()
        )
        result = sso_user_sync(identity=identity, mapping=claim_mapping(), request=request)
        request.sso_identity = identity
        return result.user

    def get_user(self, user_id):
        user = user_with_roles_get(user_id)
        return user if user is not None and user.is_active else None


class LocalSignInGate:
    """Refuses username-and-password sign-in when LARSPAR_LOCAL_LOGIN=off (and SSO is on).

    Listed first in AUTHENTICATION_BACKENDS: raising PermissionDenied stops
    Django from asking the password backends. Superusers keep local sign-in
    (through /admin/) so the site can be reached while the provider is down.
    It has no get_user: it never signs anyone in, and Django's test client
    (force_login) takes the first backend that has one.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None or local_login_enabled():
            return None
        if User.objects.filter(username=username, is_superuser=True, is_active=True).exists():
            return None
        raise PermissionDenied
