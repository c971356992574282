from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin

from common.sessions import session_touch


class SwedishFirstLocaleMiddleware:
    """Swedish unless the person chose another language (the language cookie).

    Django's LocaleMiddleware follows the browser's Accept-Language header;
    a Swedish public-sector service is Swedish first, whatever the browser
    says, and English only when asked for.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.get("Vary", "")
        if "Cookie" not in patch:
            response["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        return response


ADMIN_PREFIX = "/admin/"

# Responses of these types are personal whoever asks (certificates, reports, exports).
PERSONAL_CONTENT_TYPES = ("application/pdf", "text/csv", "application/zip")
PRIVATE_NO_STORE = "private, no-store"


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on everything that may show personal data.

    The rule, kept simple so that nothing personal slips through: every
    response to a signed-in person, and every PDF, CSV and ZIP to anyone.
    Exempt: course material under MEDIA_URL/course-media/ (the same for every
    learner; its view sends `private, max-age=3600`). Static files never get
    here (WhiteNoise answers them first, cacheable). Public pages for
    anonymous visitors keep whatever their view says (the verification page
    says no-store itself, so a revocation shows at once).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.course_media_prefix = f"{settings.MEDIA_URL}course-media/"

    def __call__(self, request):
        response = self.get_response(request)
        if self._personal(request, response):
            response["Cache-Control"] = PRIVATE_NO_STORE
            if "Expires" in response:
                del response["Expires"]
        return response

    def _personal(self, request, response) -> bool:
        if response.status_code == 503:
            # The database may be down: do not look up the user (the 503 page
            # already says no-store).
            return False
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type in PERSONAL_CONTENT_TYPES:
            return True
        if request.path.startswith(self.course_media_prefix):
            return False
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)


class SessionIdleMiddleware:
    """Extends a signed-in person's session while they are active (common/sessions.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        # Only sessions that hold a sign-in; reading the key loads the session
        # that AuthenticationMiddleware loads anyway.
        if session is not None and session.get("_auth_user_id") is not None:
            session_touch(session=session)
        return self.get_response(request)


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's one allowance.

    django-polymorphic's inline editor (admin only) builds its "add" menu
    with `style="display: none;"`. The admin's pages may use exactly the
    style attributes hashed in LARSPAR_ADMIN_STYLE_ATTRIBUTE_HASHES
    ('unsafe-hashes' + sha256); no other inline style, and nothing for the
    learners' pages.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX) and settings.LARSPAR_ADMIN_STYLE_ATTRIBUTE_HASHES:
            update = dict(parts.update or {})
            update["style-src"] = [
                *update.get("style-src", []),
                "'unsafe-hashes'",
                *settings.LARSPAR_ADMIN_STYLE_ATTRIBUTE_HASHES,
            ]
            parts.update = update
        return parts


# The widest integer key either database stores (SQLite INTEGER, PostgreSQL bigint).
ID_MIN, ID_MAX = -(2**63), 2**63 - 1


class OddIdMiddleware(MiddlewareMixin):
    """Answers 404 for ids in a URL that no row can have, before the view queries anything.

    One rule for every URL pattern instead of a converter per app: an `<int:…>`
    beyond 64 bits (SQLite raises OverflowError), a text argument with a NUL
    byte (PostgreSQL rejects it) and an admin object id its model's primary
    key cannot hold ("import", "%00", a 30-digit number) are all "no such page".
    An admin id that is well formed but missing keeps the admin's own answer.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not ID_MIN <= value <= ID_MAX:
                raise Http404
            if isinstance(value, str) and "\x00" in value:
                raise Http404
        model_admin = getattr(view_func, "model_admin", None)
        object_id = view_kwargs.get("object_id")
        if model_admin is not None and object_id is not None:
            self._check_admin_id(model_admin.model, unquote(object_id))
        return None

    @staticmethod
    def _check_admin_id(model, object_id: str) -> None:
        try:
            value = model._meta.pk.to_python(object_id)
        except (ValidationError, ValueError, TypeError) as exc:
            raise Http404 from exc
        if isinstance(value, int) and not ID_MIN <= value <= ID_MAX:
            raise Http404
