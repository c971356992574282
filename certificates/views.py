from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from audit.api import AuditAction, audit_event_record
from common import clock
from common.csv import csv_response
from common.jobs import job_status
from common.models import JobState
from courses.api import Course

from . import services
from .codes import code_format
from .forms import BulkVerifyForm, VerifyForm
from .models import Certificate, CertificateExport
from .policies import certificate_policy
from .ratelimit import bulk_verify_over_limit, lookup_over_limit
from .selectors import (
    certificate_by_code_get,
    certificate_exports_of_user,
    certificates_by_codes_get,
    my_certificates_get,
)

NOINDEX = "noindex, nofollow, noarchive"


def _public(response):
    """Verification answers: never indexed, never cached (a revocation shows at once)."""
    response["X-Robots-Tag"] = NOINDEX
    response["Cache-Control"] = "no-store"
    return response


def _too_many(request, *, as_json: bool = False):
    message = _(
        "För många kontroller på kort tid. Vänta en minut och försök igen. "
        "Behöver du kontrollera många certifikat, logga in som chef och använd "
        "kontrollen av flera koder."
    )
    window = str(settings.LARSPAR_VERIFY_RATE_WINDOW)
    if as_json:
        response = JsonResponse({"error": "rate_limited", "message": message}, status=429)
    else:
        response = render(
            request, "certificates/verify_rate_limited.html", {"message": message}, status=429
        )
    response["Retry-After"] = window
    return _public(response)


def _require(user, action: str) -> None:
    """Managers' pages (bulk verification, the ZIP export): refused to everyone else."""
    if not certificate_policy.user_can(user, action):
        raise PermissionDenied(_("Sidan är till för chefer och administratörer."))


def certificate_facts(certificate: Certificate) -> dict:
    """What the public may know about a certificate: the same facts on the page and in JSON."""
    return {
        "code": certificate.display_code,
        "status": certificate.status,
        "status_label": str(certificate.status_label),
        "holder_name": certificate.holder_name,
        "course_title": certificate.course_title,
        "course_version": certificate.course_version,
        "modules": list(certificate.modules),
        "estimated_hours": str(certificate.estimated_hours),
        "completed_on": certificate.completed_on.isoformat(),
        "issued_on": clock.local_date(certificate.issued_at).isoformat(),
        "expires_on": certificate.expires_on.isoformat() if certificate.expires_on else None,
        "revoked_on": (
            clock.local_date(certificate.revoked_at).isoformat() if certificate.revoked_at else None
        ),
        "issuer": certificate.issuer_name,
        "taken_in_group": certificate.taken_in_group,
        "group_organisation": certificate.group_organisation or None,
        "verification_url": certificate.verification_url,
    }


@require_safe
def verify(request):
    """The public form: a code in any tolerated spelling leads to its verification page."""
    if "code" not in request.GET:
        return _public(render(request, "certificates/verify_form.html", {"form": VerifyForm()}))
    form = VerifyForm(request.GET)
    if not form.is_valid():
        return _public(render(request, "certificates/verify_form.html", {"form": form}, status=400))
    return redirect("certificates:verify-code", code=code_format(form.cleaned_data["code"]))


@never_cache
@require_safe
def verify_code(request, code):
    """The page the QR code opens: status, holder, course and dates, nothing more."""
    if lookup_over_limit(request):
        return _too_many(request)
    certificate = certificate_by_code_get(code=code)
    if certificate is None:
        response = render(
            request,
            "certificates/verify_unknown.html",
            {"code": code[:64], "form": VerifyForm()},
            status=404,
        )
        return _public(response)
    return _public(
        render(
            request,
            "certificates/verify_detail.html",
            {"certificate": certificate, "status": certificate.status},
        )
    )


@never_cache
@require_safe
def verify_code_json(request, code):
    """The same facts for machines."""
    if lookup_over_limit(request):
        return _too_many(request, as_json=True)
    certificate = certificate_by_code_get(code=code)
    if certificate is None:
        return _public(
            JsonResponse(
                {
                    "error": "not_found",
                    "message": _("Det finns inget certifikat med den här koden."),
                },
                status=404,
            )
        )
    return _public(JsonResponse(certificate_facts(certificate)))


@login_required
@require_safe
def certificate_download(request, pk):
    """The stored PDF (rendered first if missing) for the holder, their managers, administrators."""
    certificate = get_object_or_404(Certificate, pk=pk)
    if not certificate_policy.user_can(request.user, "download", certificate):
        if certificate.user_id == request.user.pk:
            message = _("Certifikatet är återkallat och kan inte längre laddas ner.")
        else:
            message = _("Du har inte behörighet att ladda ner det här certifikatet.")
        return render(request, "403.html", {"message": message}, status=403)
    return FileResponse(
        services.certificate_pdf_get(certificate=certificate),
        as_attachment=True,
        filename=f"certifikat-{certificate.display_code}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_safe
def my_certificates(request):
    return render(
        request,
        "certificates/certificate_list.html",
        {
            "rows": my_certificates_get(user=request.user),
            "certificate_contact": settings.LARSPAR_CERTIFICATE_CONTACT,
        },
    )


@login_required
@require_POST
def certificate_renew(request, pk):
    """Start the course again to renew a certificate (from 60 days before expiry)."""
    certificate = get_object_or_404(
        certificate_policy.filter_queryset(
            request.user, "renew", Certificate.objects.select_related("enrollment", "course")
        ),
        pk=pk,
    )
    try:
        services.certificate_renew(certificate=certificate, user=request.user)
    except services.RenewalNotOpen:
        return render(
            request,
            "400.html",
            {"message": _("Det här certifikatet kan inte förnyas ännu.")},
            status=400,
        )
    messages.success(
        request, _("En ny omgång av kursen har börjat. Ditt gamla certifikat finns kvar.")
    )
    return redirect("courses:course-continue", slug=certificate.course.slug)


@login_required
@require_http_methods(["GET", "POST"])
def verify_bulk(request):
    """Managers check many codes at once: pasted or from a CSV; the table downloads as CSV."""
    _require(request.user, "verify_many")
    if request.method == "POST" and bulk_verify_over_limit(request.user):
        message = _("Du har kontrollerat många listor på kort tid. Vänta en stund och försök igen.")
        response = render(
            request, "certificates/verify_rate_limited.html", {"message": message}, status=429
        )
        response["Retry-After"] = str(settings.LARSPAR_BULK_VERIFY_RATE_WINDOW)
        return response
    form = BulkVerifyForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "certificates/verify_bulk.html", {"form": form}, status=status)
    lines = form.cleaned_data["lines"]
    found = certificates_by_codes_get(codes=[line.code for line in lines if line.code])
    malformed = [line for line in lines if line.code is None]
    results = [{"line": line, "certificate": found.get(line.code)} for line in lines if line.code]
    if request.POST.get("format") == "csv":
        audit_event_record(
            action=AuditAction.PERSONAL_DATA_EXPORTED,
            request=request,
            target=_("Kontroll av flera certifikat (CSV)"),
            detail={"export": "certificates_verify_csv", "codes": len(results)},
        )
        return _bulk_csv(results, malformed)
    return render(
        request,
        "certificates/verify_bulk.html",
        {"form": form, "results": results, "malformed": malformed},
    )


def _bulk_csv(results, malformed):
    """The checked codes in the export dialect of `common.csv` (semicolons, BOM, formula guard)."""
    header = [
        _("rad"),
        _("kod"),
        _("innehavare"),
        _("kurs"),
        _("kursversion"),
        _("status"),
        _("utfärdat"),
        _("giltigt till och med"),
        _("återkallat"),
    ]
    rows = [header]
    for result in results:
        certificate = result["certificate"]
        if certificate is None:
            row = [result["line"].number, code_format(result["line"].code)]
            row += ["", "", "", _("Okänd kod"), "", "", ""]
        else:
            facts = certificate_facts(certificate)
            row = [
                result["line"].number,
                facts["code"],
                facts["holder_name"],
                facts["course_title"],
                facts["course_version"],
                facts["status_label"],
                facts["issued_on"],
                facts["expires_on"] or "",
                facts["revoked_on"] or "",
            ]
        rows.append(row)
    for line in malformed:
        rows.append([line.number, line.text, "", "", "", _("Felaktig kod")])
    return csv_response(rows, filename="verifierade-certifikat.csv")


def _course_choices(user):
    """The courses a manager may ask a ZIP for: those with valid certificates in their units."""
    scope = certificate_policy.filter_queryset(user, "export", Certificate.objects.all())
    return Course.objects.filter(pk__in=scope.valid().values("course_id")).order_by("title")


@login_required
@require_http_methods(["GET", "POST"])
def certificate_zip(request):
    """Managers ask for the PDFs of their units' valid certificates for one course as a ZIP.

    The worker builds it; the manager is sent to its status page.
    """
    _require(request.user, "export")
    courses = _course_choices(request.user)
    context = {"courses": courses, "exports": certificate_exports_of_user(user=request.user)}
    if request.method == "GET":
        return render(request, "certificates/certificate_zip.html", context)
    course_id = request.POST.get("course", "")
    course = courses.filter(pk=course_id if course_id.isdigit() else None).first()
    if course is None:
        context["error"] = _("Välj en kurs i listan.")
        return render(request, "certificates/certificate_zip.html", context, status=400)
    export = services.certificate_export_request(requester=request.user, course=course)
    return redirect("certificates:certificate-zip-status", pk=export.pk)


def _own_export(request, pk) -> CertificateExport:
    """The export, for the manager who asked for it only (others: 403 or 404)."""
    _require(request.user, "export")
    return get_object_or_404(
        CertificateExport.objects.select_related("course"), pk=pk, requester=request.user
    )


def _export_status(export: CertificateExport) -> dict:
    download = reverse("certificates:certificate-zip-download", args=[export.pk])
    return job_status(export, download_url=download)


@never_cache
@login_required
@require_safe
def certificate_zip_status(request, pk):
    """The export's progress (queued, running, done, failed) and, when done, the download."""
    export = _own_export(request, pk)
    return render(
        request,
        "certificates/certificateexport_status.html",
        {
            "export": export,
            "status": _export_status(export),
            "status_url": reverse("certificates:certificate-zip-status-json", args=[pk]),
            "refresh_url": request.path,
        },
    )


@never_cache
@login_required
@require_safe
def certificate_zip_status_json(request, pk):
    """The same status for the page's script, which polls it."""
    return JsonResponse(_export_status(_own_export(request, pk)))


@login_required
@require_safe
def certificate_zip_download(request, pk):
    """The finished ZIP; each download is logged as an export of personal data."""
    export = _own_export(request, pk)
    if export.state != JobState.DONE:
        raise Http404(_("ZIP-filen är inte klar."))
    audit_event_record(
        action=AuditAction.PERSONAL_DATA_EXPORTED,
        request=request,
        target=_("Certifikat för %(course)s (ZIP)") % {"course": export.course.title},
        detail={
            "export": "certificates_zip",
            "course": export.course.slug,
            "certificates": export.certificates,
        },
    )
    day = clock.local_date(export.created_at).isoformat()
    return FileResponse(
        export.file.storage.open(export.file.name, "rb"),
        as_attachment=True,
        filename=f"certifikat-{export.course.slug}-{day}.zip",
        content_type="application/zip",
    )
