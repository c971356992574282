from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from common import clock


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
        f"Canonical: {settings.LARSPAR_BASE_URL.rstrip('/')}/.well-known/security.txt",
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


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
