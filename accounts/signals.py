"""Sign-in signals: whether the second step is needed, and failed password sign-ins."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils.translation import gettext as _

from audit.api import AuditAction, audit_event_record

from .middleware import SECOND_STEP_SESSION_KEY, second_step_needed


@receiver(user_login_failed, dispatch_uid="larspar_audit_sign_in_failed")
def sign_in_failure_record(sender, credentials, request=None, **kwargs):
    """Log a wrong password (or a refused, locked-out attempt): which user name, from where.

    Only with a request: calls without one (the shell, the test client's
    login()) are not sign-ins by a person. The password is never logged
    (Django has already masked it in `credentials`).
    """
    if request is None:
        return
    audit_event_record(
        action=AuditAction.SIGN_IN_FAILED,
        request=request,
        target=str(credentials.get("username", ""))[:150],
        detail={"step": "password", "path": request.path},
    )


@receiver(user_logged_in, dispatch_uid="larspar_second_step_needed")
def second_step_note(sender, request, user, **kwargs):
    """Note in the new session whether this person must pass the second step
    (accounts.middleware), so later requests need no query for it."""
    if request is not None and hasattr(request, "session"):
        # A sign-in through the organisation's identity provider (SSO) was
        # authenticated there; the second step is for local accounts.
        exempt = request.session.get(BACKEND_SESSION_KEY) in getattr(
            settings, "LARSPAR_TWO_FACTOR_EXEMPT_BACKENDS", ()
        )
        request.session[SECOND_STEP_SESSION_KEY] = not exempt and second_step_needed(user)


@receiver(user_logged_out, dispatch_uid="larspar_signed_out_message")
def signed_out_confirm(sender, request=None, user=None, **kwargs):
    """Confirm the sign-out on the page it leads to, whichever view signed out (local or SSO).

    The message travels in its own cookie, so it outlives the ended session."""
    if request is not None and hasattr(request, "_messages"):
        messages.success(
            request, _("Du är utloggad. Har du använt en delad dator, stäng också webbläsaren.")
        )
