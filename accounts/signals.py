"""Sign-in signals: whether the second step is needed, and failed password sign-ins."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from audit.api import AuditAction, audit_event_record


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
        from .middleware import SECOND_STEP_SESSION_KEY, second_step_needed

        request.session[SECOND_STEP_SESSION_KEY] = second_step_needed(user)
