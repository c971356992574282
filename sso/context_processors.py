from .conf import local_login_enabled, oidc_enabled, saml_enabled


def sso(request):
    """Whether the sign-in page offers the organisation's accounts and/or local passwords."""
    return {
        "sso_oidc_enabled": oidc_enabled(),
        "sso_saml_enabled": saml_enabled(),
        "sso_local_login": local_login_enabled(),
    }
