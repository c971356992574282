import logging
from base64 import b32encode
from urllib.parse import urlencode

import segno
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice

from audit.api import AuditAction, audit_event_record
from common import clock
from common.net import client_ip

from .forms import LoginForm, TwoFactorCodeForm
from .middleware import SECOND_STEP_SESSION_KEY
from .policies import two_factor_required
from .services import (
    TwoFactorCodeWrong,
    TwoFactorThrottled,
    two_factor_device_start,
    two_factor_enrol_confirm,
    two_factor_verify,
)

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


# --- Two-factor sign-in -----------------------------------------------------------


def _next_url(request) -> str:
    """Where to go after the second step: the page asked for, if it is on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _throttled(request, error: TwoFactorThrottled):
    response = render(
        request,
        "registration/two_factor_throttled.html",
        {"message": error.message, "minutes": max(error.retry_after // 60, 1)},
        status=error.status,
    )
    response["Retry-After"] = str(error.retry_after)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify_view(request):
    """The second step of signing in: a code from the app or a recovery code."""
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not user_has_device(user):
        return redirect(f"{reverse('two-factor-enrol')}?{urlencode({'next': next_url})}")
    form = TwoFactorCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                device = two_factor_verify(
                    user=user, code=form.cleaned_data["code"], request=request
                )
            except TwoFactorThrottled as error:
                return _throttled(request, error)
            except TwoFactorCodeWrong as error:
                form.add_error("code", error.message)
            else:
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    messages.warning(
                        request,
                        ngettext(
                            "Du loggade in med en reservkod. Du har %(count)s reservkod kvar. "
                            "Ställ in appen igen om du har bytt telefon.",
                            "Du loggade in med en reservkod. Du har %(count)s reservkoder kvar. "
                            "Ställ in appen igen om du har bytt telefon.",
                            left,
                        )
                        % {"count": left},
                    )
                return redirect(next_url)
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": next_url},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol_view(request):
    """Set up the authenticator app: QR code and the key as text, then a code to confirm.

    Someone who already has a device must pass the second step first: a
    stolen password must not be enough to replace the device.
    """
    user = request.user
    next_url = _next_url(request)
    if not user.is_verified() and user_has_device(user):
        return redirect(f"{reverse('two-factor-verify')}?{urlencode({'next': next_url})}")
    device = two_factor_device_start(user=user)
    form = TwoFactorCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                device, codes = two_factor_enrol_confirm(
                    user=user, code=form.cleaned_data["code"], request=request
                )
            except TwoFactorThrottled as error:
                return _throttled(request, error)
            except TwoFactorCodeWrong as error:
                form.add_error("code", error.message)
            else:
                otp_login(request, device)
                request.session[SECOND_STEP_SESSION_KEY] = True
                # Shown this once: only this answer holds them (no-store, like every
                # signed-in page); the database keeps each until it is used.
                return render(
                    request,
                    "registration/two_factor_recovery_codes.html",
                    {"codes": codes, "next": next_url},
                )
    secret = b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "next": next_url,
            "required": two_factor_required(user),
            "replacing": user_has_device(user),
            "qr_svg": mark_safe(  # noqa: S308 - segno's own SVG markup, no user input in it
                segno.make(device.config_url, error="m").svg_inline(
                    scale=4, light="#fff", title=gettext("QR-kod för autentiseringsappen")
                )
            ),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
        status=status,
    )
