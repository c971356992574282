"""Why a single sign-on was refused: one DomainError with a reason code for the audit log."""

from django.utils.translation import gettext_lazy as _

from common.errors import DomainError


class SSORefused(DomainError):
    """The sign-in through the organisation's identity provider was refused.

    `reason` is a short code recorded in the audit log (never shown); the
    message is what the person reads on the refusal page.
    """

    status = 403
    template_name = "sso/refused.html"
    default_message = _(
        "Inloggningen via din organisation kunde inte genomföras. Försök igen, eller "
        "kontakta kursadministratören i din organisation om det inte går."
    )

    def __init__(self, reason: str, message: str | None = None, *, detail: dict | None = None):
        self.reason = reason
        self.detail = dict(detail or {})
        super().__init__(message)


class SSOUnavailable(SSORefused):
    """The identity provider could not be reached or answered with an error."""

    status = 503
    default_message = _(
        "Inloggningstjänsten hos din organisation svarar inte just nu. Försök igen om en "
        "stund, eller logga in med användarnamn och lösenord om du har det."
    )
