import logging

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db.models import Max
from django.shortcuts import render
from django.utils.translation import gettext as _

from audit.api import AuditAction, audit_event_record
from common import clock
from common.net import client_ip

from .forms import LoginForm

security_log = logging.getLogger("larspar.security")


class LoginView(auth_views.LoginView):
    """Django's sign-in with the "public computer" choice.

    Throttling is django-axes' (settings AXES_*): a locked-out user+client
    never reaches the password check, and `login_locked_out` answers.
    """

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.cleaned_data.get("public_computer"):
            # 0: the session cookie lives until the browser closes; the server
            # still ends the session after SESSION_COOKIE_AGE without activity.
            self.request.session.set_expiry(0)
        return response


class LogoutView(auth_views.LogoutView):
    """Django's sign-out (POST only), confirmed on the sign-in page it leads to."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # Stored with the response (the message cookie), so it outlives the ended session.
        messages.success(
            request, _("Du är utloggad. Har du använt en delad dator, stäng också webbläsaren.")
        )
        return response


def login_locked_out(request, original_response=None, credentials=None):
    """The lock-out page (AXES_LOCKOUT_CALLABLE), for the site's and the admin's sign-in.

    Says in Swedish why and when the lock lifts: the locking failure plus the
    cool-off (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off, so further
    attempts do not move it). 429 with Retry-After.
    """
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD) or request.POST.get(
        "username", ""
    )
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    last_failure = AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(
        last=Max("attempt_time")
    )["last"]
    now = clock.now()
    lifts_at = (last_failure or now) + settings.AXES_COOLOFF_TIME
    retry_after = max(int((lifts_at - now).total_seconds()), 1)
    security_log.warning(
        "Sign-in locked out: path=%s client=%s until=%s",
        request.path,
        address,
        lifts_at.isoformat(),
    )
    audit_event_record(
        action=AuditAction.SIGN_IN_LOCKED_OUT,
        request=request,
        target=username,
        detail={"path": request.path, "until": lifts_at.isoformat()},
    )
    response = render(
        request,
        "registration/locked_out.html",
        {
            "lifts_at": lifts_at,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(retry_after)
    return response
