"""Sign-in through the organisation's identity provider (OpenID Connect); sign-out at both ends."""

from __future__ import annotations

import logging

import saml2
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import render, resolve_url
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import View
from djangosaml2 import views as saml_views
from djangosaml2.utils import get_location
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)
from saml2.client_base import LogoutError
from saml2.s_utils import UnsupportedBinding

from audit.api import AuditAction, audit_event_record

from .conf import oidc_enabled, saml_enabled
from .errors import SSORefused
from .oidc import discovered_setting, end_session_url

log = logging.getLogger("larspar.security")

# Session keys: which provider signed the person in, and how (acr/amr).
SESSION_PROVIDER = "sso_provider"
SESSION_ACR = "sso_acr"
SESSION_AMR = "sso_amr"


def refusal_response(request, error: SSORefused, *, issuer: str | None = None):
    """The refusal page, after an audit event and a security log line with the reason."""
    log.warning("SSO sign-in refused: reason=%s detail=%s", error.reason, error.detail)
    audit_event_record(
        action=AuditAction.SSO_SIGN_IN_REFUSED,
        request=request,
        target=str(error.detail.get("user") or error.detail.get("email") or ""),
        detail={
            "reason": error.reason,
            "issuer": issuer if issuer is not None else settings.LARSPAR_OIDC_ISSUER,
            **error.detail,
        },
    )
    return render(
        request,
        error.template_name,
        {"message": error.message, "status": error.status},
        status=error.status,
    )


class OIDCStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider: code flow with state, nonce and PKCE (S256)."""

    get_settings = staticmethod(discovered_setting)

    def __init__(self, **kwargs):
        # Endpoints are read in get(), so an unreachable provider gives the refusal page.
        View.__init__(self, **kwargs)

    @property
    def OIDC_OP_AUTH_ENDPOINT(self):  # noqa: N802
        return discovered_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")

    @property
    def OIDC_RP_CLIENT_ID(self):  # noqa: N802
        return settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        try:
            return super().get(request)
        except SSORefused as error:
            return refusal_response(request, error)


class OIDCCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: exchange the code, check the token, sign in.

    Every way this can fail ends on the refusal page with an audit event,
    never on a bare 400 or a silent redirect.
    """

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        if request.GET.get("error"):
            # The provider refused (the person cancelled, or is not allowed to use Lärspår).
            states = request.session.get("oidc_states", {})
            states.pop(request.GET.get("state", ""), None)
            request.session.modified = True
            return refusal_response(
                request,
                SSORefused("provider_refused", detail={"error": request.GET["error"][:100]}),
            )
        try:
            return super().get(request)
        except SSORefused as error:
            return refusal_response(request, error)
        except SuspiciousOperation:
            # A state this browser never started (a replayed or forged callback).
            return refusal_response(request, SSORefused("state_unknown"))

    def login_failure(self):
        return refusal_response(self.request, SSORefused("state_missing"))

    def login_success(self):
        response = super().login_success()
        identity = getattr(self.request, "sso_identity", None)
        self.request.session[SESSION_PROVIDER] = settings.LARSPAR_OIDC_ISSUER
        self.request.session[SESSION_ACR] = identity.acr if identity else ""
        self.request.session[SESSION_AMR] = list(identity.amr) if identity else []
        return response


class LogoutView(auth_views.LogoutView):
    """Django's sign-out; after an SSO sign-in it also ends the session at the provider.

    OpenID Connect: the provider's end_session_endpoint, with the ID token as
    hint. SAML: a LogoutRequest to the IdP's single logout service. Either
    way the provider sends the browser back (for SAML through
    /sso/saml/sls/) to the sign-in page. Not by a redirect: the sign-out is
    a form, and the site's Content-Security-Policy (form-action 'self') stops
    a form's redirect to another site. A page with an instant meta refresh
    and a link (works without JavaScript) leads on. A provider without such
    an endpoint: only the Lärspår session ends.
    """

    def post(self, request, *args, **kwargs):
        provider = request.session.get(SESSION_PROVIDER) or ""
        id_token = request.session.get("oidc_id_token")
        url = None
        if provider.startswith("saml:") and saml_enabled():
            url = _saml_logout_url(request)
        response = super().post(request, *args, **kwargs)
        if provider and oidc_enabled() and provider == settings.LARSPAR_OIDC_ISSUER:
            back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
            url = end_session_url(id_token=id_token, post_logout_redirect_uri=back)
        if url:
            return render(request, "sso/logout_provider.html", {"end_session_url": url})
        return response


def _saml_logout_url(request) -> str | None:
    """The IdP's single logout address with a LogoutRequest for this person, or None."""
    state, client = saml_views.SPConfigMixin().get_state_client(request)
    subject_id = saml_views._get_subject_id(request.saml_session)
    url = None
    if subject_id is not None:
        try:
            result = client.global_logout(subject_id)
        except (LogoutError, UnsupportedBinding) as exc:
            log.info("SAML single logout not supported by the IdP: %s", exc)
            result = {}
        for logout_info in (result or {}).values():
            if isinstance(logout_info, tuple) and logout_info[0] == saml2.BINDING_HTTP_REDIRECT:
                url = get_location(logout_info[1])
                break
    state.sync()
    return url


# --- SAML 2.0 (djangosaml2) ----------------------------------------------------


def _saml_reason(exception) -> str:
    """pysaml2's refusal -> the reason code in the audit log."""
    name = type(exception).__name__ if exception is not None else ""
    text = str(exception)
    if name == "SignatureError" or "signature" in text.lower():
        return "assertion_signature"
    if name in {"ResponseLifetimeExceed", "ToEarly"} or "lifetime" in text.lower():
        return "assertion_expired"
    if name == "UnsolicitedResponse":
        return "assertion_unsolicited"
    if "audience" in text.lower() or name == "AudienceRestrictionError":
        return "assertion_audience"
    if name.startswith("Status"):
        return "provider_refused"
    return "assertion_invalid"


def _saml_only(view_class):
    class View(view_class):
        def dispatch(self, request, *args, **kwargs):
            if not saml_enabled():
                raise Http404
            return super().dispatch(request, *args, **kwargs)

    View.__name__ = view_class.__name__
    View.__doc__ = view_class.__doc__
    return View


class SAMLStartView(_saml_only(saml_views.LoginView)):
    """Sends the browser to the SAML identity provider with an AuthnRequest."""


class SAMLLogoutServiceView(_saml_only(saml_views.LogoutView)):
    """Where the IdP answers our LogoutRequest (or asks us to end a session it ended)."""


class SAMLMetadataView(_saml_only(saml_views.MetadataView)):
    """The service provider's metadata, to register Lärspår at the identity provider."""


@method_decorator(csrf_exempt, name="dispatch")
class SAMLAssertionConsumerView(_saml_only(saml_views.AssertionConsumerServiceView)):
    """Receives the signed assertion; every refusal gets the refusal page and an audit event.

    pysaml2 checks the signature, the audience (our entity id), the validity
    window and that the response answers a request this browser started and
    has not used yet, so a replayed response is refused as unsolicited.
    """

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except SSORefused as error:
            return refusal_response(request, error, issuer="saml")

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        if isinstance(exception, SSORefused):
            return refusal_response(request, exception, issuer="saml")
        return refusal_response(
            request,
            SSORefused(_saml_reason(exception), detail={"error": type(exception).__name__}),
            issuer="saml",
        )

    def customize_session(self, user, session_info):
        identity = getattr(self.request, "sso_identity", None)
        self.request.session[SESSION_PROVIDER] = f"saml:{session_info.get('issuer', '')}"
        self.request.session[SESSION_ACR] = identity.acr if identity else ""
        self.request.session[SESSION_AMR] = []
