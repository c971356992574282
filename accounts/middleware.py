from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from .policies import two_factor_required

# Set at sign-in (accounts.signals): does this person need the second step?
SECOND_STEP_SESSION_KEY = "larspar_second_step"


def second_step_needed(user) -> bool:
    """Whether `user` must pass the second step: required of them, or they have a device."""
    return two_factor_required(user) or user_has_device(user)


# Pages a signed-in person may reach before the second step: the two-factor
# pages themselves, signing out, and pages that show nothing personal.
_EXEMPT_NAMES = (
    "two-factor-verify",
    "two-factor-enrol",
    "logout",
    "login",
    "healthz",
    "security-txt",
    "support",
    "accessibility",
    "text-size",
    "privacy:privacy-notice",
)
_EXEMPT_PREFIXES = ("/i18n/", "/admin/logout/", "/admin/jsi18n/")


class TwoFactorMiddleware:
    """Until the second step is passed, people who need it reach only the two-factor pages.

    Who needs it: administrators and trainers (`two_factor_required`), and
    anyone else who has set up a device (managers may choose to). That is
    worked out once at sign-in and kept in the session, so a request costs
    no query for it; staff and superuser flags are checked on every request
    as well (they are on the user row already loaded). A role given to
    someone without the staff flag during their session applies from their
    next sign-in. Runs after django-otp's OTPMiddleware
    (request.user.is_verified()). Covers every view, the admin included, so
    no view can forget the check; the two-factor views check on their own.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt_paths = None

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not self._exempt(request.path)
        ):
            needed = request.session.get(SECOND_STEP_SESSION_KEY)
            if needed is None:
                # A session signed in before this rule existed: work it out once.
                needed = request.session[SECOND_STEP_SESSION_KEY] = second_step_needed(user)
            if needed or (
                settings.LARSPAR_TWO_FACTOR_REQUIRED and (user.is_staff or user.is_superuser)
            ):
                return self._to_second_step(request)
        return self.get_response(request)

    def _exempt(self, path: str) -> bool:
        if self._exempt_paths is None:
            self._exempt_paths = frozenset(reverse(name) for name in _EXEMPT_NAMES)
        return (
            path in self._exempt_paths
            or path.startswith(_EXEMPT_PREFIXES)
            or path.startswith(settings.STATIC_URL)
        )

    @staticmethod
    def _to_second_step(request):
        has_device = user_has_device(request.user)
        target = reverse("two-factor-verify" if has_device else "two-factor-enrol")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
