from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from common.context_processors import TEXT_SIZE_COOKIE, TEXT_SIZES, text_size_from

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
    return render(request, "500.html", status=500)
