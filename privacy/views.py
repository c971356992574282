import json
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.api import AuditAction, audit_event_record
from common import clock

from .selectors import person_data_get


def _private(view):
    """Personal pages must not be kept by shared computers or proxies."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapper


@require_GET
@login_required
@_private
def person_data(request):
    """Mina uppgifter: everything held about the signed-in person, and nobody else."""
    return render(request, "privacy/person_data.html", {"data": person_data_get(user=request.user)})


@require_GET
@login_required
@_private
def person_data_print(request):
    """The same data as a page made for printing or saving as PDF (logged as an export)."""
    _audit_own_export(request, "person_data_print")
    return render(
        request,
        "privacy/person_data_print.html",
        {"data": person_data_get(user=request.user), "printed_at": clock.now()},
    )


@require_GET
@login_required
@_private
def person_data_export(request):
    """The same data as a JSON file to download (logged as an export)."""
    _audit_own_export(request, "person_data_json")
    payload = {"exported_at": clock.now(), **person_data_get(user=request.user)}
    response = HttpResponse(
        json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"mina-uppgifter-{clock.today():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _audit_own_export(request, export: str) -> None:
    audit_event_record(
        action=AuditAction.PERSONAL_DATA_EXPORTED,
        request=request,
        target=request.user.get_username(),
        detail={"export": export, "own_data": True},
    )


@require_GET
def privacy_notice(request):
    """Personuppgifter: what is kept, why, for how long, and the person's rights."""
    return render(
        request,
        "privacy/privacy_notice.html",
        {
            "retention_months": settings.LARSPAR_RETENTION_MONTHS,
            "contact": settings.LARSPAR_CERTIFICATE_CONTACT,
        },
    )
