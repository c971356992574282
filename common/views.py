import sys
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from common import clock
from common.context_processors import TEXT_SIZE_COOKIE, TEXT_SIZES, text_size_from
from common.net import absolute_url

TEXT_SIZE_COOKIE_AGE = 365 * 24 * 60 * 60


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability.

    Expires is required and must lie less than a year ahead: always 180 days
    from now, so the file never goes stale while the site runs.
    """
    expires = (clock.now() + timedelta(days=180)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.LARSPAR_SECURITY_CONTACT}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: sv, en",
        f"Canonical: {absolute_url('/.well-known/security.txt')}",
    ]
    if settings.LARSPAR_SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.LARSPAR_SECURITY_POLICY_URL}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def support(request):
    """Where to get help: always one click away from every page."""
    return render(request, "common/support.html")


@require_safe
def accessibility(request):
    """The accessibility statement (tillgänglighetsredogörelse) required by law."""
    return render(request, "common/accessibility.html")


@require_POST
def text_size(request):
    """Make the text one step larger or smaller (A+ / A−) and go back to the page.

    The choice is kept in a cookie that the layout reads on the server, so it
    works without JavaScript and for visitors who are not signed in.
    """
    step = {"larger": 1, "smaller": -1}.get(request.POST.get("change", ""), 0)
    size = min(max(text_size_from(request) + step, TEXT_SIZES[0]), TEXT_SIZES[-1])
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if size:
        response.set_cookie(
            TEXT_SIZE_COOKIE,
            str(size),
            max_age=TEXT_SIZE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE, samesite="Lax")
    return response


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page, or the 503 page when the exception is the database being unreachable.

    Django calls this for any exception no view handled, from any layer:
    the session or user look-up in a middleware fails first when the
    database is down, before a view runs.
    """
    if _database_unreachable(sys.exc_info()[1]):
        return database_unavailable()
    return render(request, "500.html", status=500)


def _database_unreachable(exc: BaseException | None) -> bool:
    """True when `exc`, or an exception it was raised from, is a lost or refused connection."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def database_unavailable() -> HttpResponse:
    """503 with Retry-After, rendered without the request: no context processor, no query."""
    retry_after = settings.LARSPAR_DB_UNAVAILABLE_RETRY_AFTER
    html = loader.render_to_string(
        "503.html", {"retry_after": retry_after, "LANGUAGE_CODE": translation.get_language()}
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
