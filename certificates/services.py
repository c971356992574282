"""State changes of certificates: issue, revoke, reinstate, correct the name, render the PDF."""

import calendar
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from audit.api import AuditAction, audit_event_record
from common import clock
from common.errors import BadRequest, Forbidden
from common.jobs import job_run
from common.models import JobState
from common.net import absolute_url
from courses.api import Course, Enrollment, Module, Step, enrollment_renew

# Tasks enqueue these services and these services enqueue tasks: the module
# (not its names) is imported, and its tasks are looked up when enqueued.
from . import tasks
from .codes import code_generate
from .models import (
    Certificate,
    CertificateEvent,
    CertificateEventKind,
    CertificateExport,
    RevocationReason,
)
from .pdf import certificate_pdf_render
from .policies import certificate_policy
from .storage import certificate_storage


class CertificateNotDue(BadRequest):
    """The enrollment is not completed, so no certificate can be issued for it."""

    default_message = _("Kursen är inte klar, så det finns inget certifikat att utfärda.")


class RenewalNotOpen(BadRequest):
    """The certificate cannot be renewed (yet): revoked, never expires, or far from expiry."""

    default_message = _("Det här certifikatet kan inte förnyas ännu.")


# How an enrollment was taken, asked at issue time of apps above this one (the
# group track registers here, since certificates may not import it).
GroupTrackLookup = Callable[[Enrollment], "str | None"]
_group_track_lookups: list[GroupTrackLookup] = []


def group_track_lookup_register(lookup: GroupTrackLookup) -> GroupTrackLookup:
    """Register `lookup(enrollment)`: the facilitator's organisation if the enrollment was
    taken in a group ("" if that organisation is unknown), else None."""
    if lookup not in _group_track_lookups:
        _group_track_lookups.append(lookup)
    return lookup


def _group_track(enrollment: Enrollment) -> dict:
    for lookup in _group_track_lookups:
        organisation = lookup(enrollment)
        if organisation is not None:
            return {"taken_in_group": True, "group_organisation": organisation}
    return {"taken_in_group": False, "group_organisation": ""}


def add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months; the 31st becomes the month's last day when needed."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def _estimated_hours(course: Course) -> Decimal:
    """The course's own estimate; without one, the sum of its steps' estimates."""
    minutes = course.estimated_minutes
    if not minutes:
        minutes = (
            Step.objects.filter(module__course=course, is_archived=False).aggregate(
                total=Sum("estimated_minutes")
            )["total"]
            or 0
        )
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _actor_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _locked_for_change(certificate: Certificate, *, by, reason: str) -> Certificate:
    """The certificate's row, locked, once `by` is an administrator and gave a reason."""
    if not (by.is_authenticated and by.is_administrator):
        raise PermissionDenied("Only administrators may change an issued certificate.")
    if not reason:
        raise ValueError("A reason is required.")
    return Certificate.objects.select_for_update().get(pk=certificate.pk)


def _event_log(certificate: Certificate, kind: str, *, by, reason: str, **values) -> None:
    CertificateEvent.objects.create(
        certificate=certificate,
        kind=kind,
        actor=by,
        actor_name=_actor_name(by),
        reason=reason,
        **values,
    )


@transaction.atomic
def certificate_issue(*, enrollment: Enrollment) -> Certificate:
    """Issue the certificate for a completed enrollment (one round of a course).

    Idempotent: a second call, or a concurrent one, returns the certificate
    already issued; the unique enrollment makes a second one impossible.
    Snapshots the holder's name, the course (title, version, modules, hours),
    the issuer, and whether it was taken in a group (asked of the registered
    group-track lookups). Raises CertificateNotDue if the enrollment is not completed.
    """
    existing = Certificate.objects.filter(enrollment_id=enrollment.pk).first()
    if existing is not None:
        return existing
    enrollment = Enrollment.objects.select_related("user", "course").get(pk=enrollment.pk)
    if not enrollment.is_completed:
        raise CertificateNotDue(f"Enrollment {enrollment.pk} is not completed.")
    course = enrollment.course
    completed_on = clock.local_date(enrollment.completed_at)
    months = course.certificate_validity_months
    fields = {
        "enrollment": enrollment,
        "user": enrollment.user,
        "course": course,
        "holder_name": _actor_name(enrollment.user),
        "course_title": course.title,
        "course_version": enrollment.course_version,
        "modules": list(
            Module.objects.filter(course=course)
            .order_by("position", "pk")
            .values_list("title", flat=True)
        ),
        "estimated_hours": _estimated_hours(course),
        "issuer_name": settings.LARSPAR_ISSUER_NAME,
        **_group_track(enrollment),
        "completed_on": completed_on,
        "expires_on": add_months(completed_on, months) if months else None,
    }
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Certificate.objects.create(code=code_generate(), **fields)
        except IntegrityError:
            # Either another request issued it first (return that one) or,
            # astronomically rarely, the random code was taken (try another).
            existing = Certificate.objects.filter(enrollment_id=enrollment.pk).first()
            if existing is not None:
                return existing
    raise RuntimeError("Could not find a free verification code.")


@transaction.atomic
def certificate_revoke(
    *,
    certificate: Certificate,
    by,
    reason: str,
    category: str = RevocationReason.OTHER,
) -> Certificate:
    """Revoke a certificate: it verifies as revoked from now on and the holder cannot download it.

    `category` (a RevocationReason) is what the holder is told; `reason` is
    the administrator's note for the log. The holder is e-mailed once this
    commits. Idempotent: revoking a revoked certificate changes, logs and
    sends nothing. Raises PermissionDenied unless `by` is an administrator,
    ValueError without a reason or with an unknown category.
    """
    reason = (reason or "").strip()
    if category not in RevocationReason.values:
        raise ValueError(f"Unknown revocation category: {category!r}")
    certificate = _locked_for_change(certificate, by=by, reason=reason)
    if certificate.revoked_at is not None:
        return certificate
    now = clock.now()
    certificate.revoked_at, certificate.revoked_by, certificate.revoked_reason = now, by, reason
    certificate.revoked_reason_category = category
    certificate.save(
        update_fields=["revoked_at", "revoked_by", "revoked_reason", "revoked_reason_category"]
    )
    _event_log(certificate, CertificateEventKind.REVOKED, by=by, reason=reason, at=now)
    transaction.on_commit(lambda: _revocation_notify(certificate.pk))
    _audit(certificate, AuditAction.CERTIFICATE_REVOKED, by=by, reason=reason)
    return certificate


def _revocation_notify(certificate_pk: int) -> None:
    """Tell the holder by e-mail that their certificate was revoked, why, and whom to ask."""
    certificate = Certificate.objects.select_related("user", "course").get(pk=certificate_pk)
    if not certificate.user.email:
        return
    context = {
        "certificate": certificate,
        "category": RevocationReason(certificate.revoked_reason_category).label,
        "contact": settings.LARSPAR_CERTIFICATE_CONTACT,
        "my_certificates_url": absolute_url(reverse("certificates:my-certificates")),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("certificates/email/revoked_subject.txt", context)
        body = render_to_string("certificates/email/revoked.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        None,
        [certificate.user.email],
        fail_silently=False,
    )


@transaction.atomic
def certificate_reinstate(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Lift a revocation; the certificate verifies by its own dates again.

    Idempotent: reinstating a certificate that is not revoked changes and logs
    nothing. The revocation stays in the event log. Raises PermissionDenied
    unless `by` is an administrator, ValueError without a reason.
    """
    reason = (reason or "").strip()
    certificate = _locked_for_change(certificate, by=by, reason=reason)
    if certificate.revoked_at is None:
        return certificate
    certificate.revoked_at, certificate.revoked_by, certificate.revoked_reason = None, None, ""
    certificate.revoked_reason_category = ""
    certificate.save(
        update_fields=["revoked_at", "revoked_by", "revoked_reason", "revoked_reason_category"]
    )
    _event_log(certificate, CertificateEventKind.REINSTATED, by=by, reason=reason)
    _audit(certificate, AuditAction.CERTIFICATE_REINSTATED, by=by, reason=reason)
    return certificate


@transaction.atomic
def certificate_rename(
    *, certificate: Certificate, holder_name: str, by, reason: str
) -> Certificate:
    """Correct the holder's name on an issued certificate and render its PDF again.

    The code and dates stay; the old name is kept in the event log. Idempotent:
    the same name again changes and logs nothing. Raises PermissionDenied
    unless `by` is an administrator, ValueError for an empty name or reason.
    """
    holder_name, reason = (holder_name or "").strip(), (reason or "").strip()
    certificate = _locked_for_change(certificate, by=by, reason=reason)
    if not holder_name:
        raise ValueError("A name is required.")
    if certificate.holder_name == holder_name:
        return certificate
    _event_log(
        certificate,
        CertificateEventKind.RENAMED,
        by=by,
        reason=reason,
        old_value=certificate.holder_name,
        new_value=holder_name,
    )
    _audit(certificate, AuditAction.CERTIFICATE_RENAMED, by=by, reason=reason)
    certificate.holder_name = holder_name
    certificate.save(update_fields=["holder_name"])
    _pdf_discard(certificate)
    pk = certificate.pk
    transaction.on_commit(lambda: tasks.certificate_pdfs_render.enqueue(certificate_ids=[pk]))
    return certificate


def _audit(certificate: Certificate, action: AuditAction, *, by, reason: str) -> None:
    audit_event_record(
        action=action,
        actor=by,
        target=f"{certificate.display_code} ({certificate.holder_name})",
        detail={"certificate": certificate.pk, "reason": reason},
    )


def _pdf_store(certificate: Certificate) -> None:
    """Render the PDF and store it under a new name; the old file goes once this commits."""
    old_name = certificate.pdf.name
    content = ContentFile(certificate_pdf_render(certificate=certificate))
    certificate.pdf.save("certificate.pdf", content, save=False)
    certificate.pdf_base_url = settings.LARSPAR_BASE_URL
    Certificate.objects.filter(pk=certificate.pk).update(
        pdf=certificate.pdf.name, pdf_base_url=certificate.pdf_base_url
    )
    if old_name:
        storage = certificate.pdf.storage
        transaction.on_commit(lambda: storage.delete(old_name))


def _pdf_discard(certificate: Certificate) -> None:
    """Forget the stored PDF (it shows what changed); the file goes once this commits."""
    old_name = certificate.pdf.name
    Certificate.objects.filter(pk=certificate.pk).update(pdf="", pdf_base_url="")
    certificate.pdf, certificate.pdf_base_url = "", ""
    if old_name:
        storage = certificate_storage()
        transaction.on_commit(lambda: storage.delete(old_name))


def _pdf_is_current(certificate: Certificate) -> bool:
    return certificate.pdf_base_url == settings.LARSPAR_BASE_URL


def certificate_pdf_get(*, certificate: Certificate) -> File:
    """The certificate's PDF, opened for reading: the stored file, or rendered and stored first.

    Rendered once; two requests for a missing file render it once (the row is
    locked while rendering). A file whose QR code points at another address
    than LARSPAR_BASE_URL (the site moved) is rendered again the same way.
    The caller closes the file (FileResponse does).
    """
    if certificate.pdf and _pdf_is_current(certificate):
        try:
            return certificate.pdf.storage.open(certificate.pdf.name, "rb")
        except FileNotFoundError:
            pass
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        stored = locked.pdf and locked.pdf.storage.exists(locked.pdf.name)
        if not (stored and _pdf_is_current(locked)):
            _pdf_store(locked)
    certificate.pdf = locked.pdf
    return locked.pdf.storage.open(locked.pdf.name, "rb")


@transaction.atomic
def certificate_renew(*, certificate: Certificate, user) -> Enrollment:
    """Start a new round of the certificate's course for its holder (re-certification).

    Open from 60 days before expiry, also after it. Idempotent: a round
    already started is returned. The old certificate keeps its own dates.
    Raises PermissionDenied if `user` is not the holder, RenewalNotOpen otherwise.
    """
    if certificate.user_id != user.pk:
        raise PermissionDenied("Only the holder can renew a certificate.")
    opens_on = certificate.renewal_opens_on
    if opens_on is None:
        raise RenewalNotOpen("This certificate cannot be renewed.")
    if clock.today() < opens_on:
        raise RenewalNotOpen(f"Renewal opens on {opens_on}.")
    return enrollment_renew(enrollment=certificate.enrollment)


def certificate_pdfs_refresh(*, certificate_ids: list[int] | None = None) -> int:
    """Render again the PDFs that are out of date; returns how many were rendered.

    With `certificate_ids` (after a name correction): those certificates
    whose PDF is missing or made for another LARSPAR_BASE_URL. Without (the
    site moved, `manage.py certificates_render_pdfs`): every stored PDF made
    for another address. One transaction per certificate with its row
    locked, as in `certificate_pdf_get`, so a download meanwhile does not
    render it twice. Idempotent: a second run renders nothing.
    """
    candidates = Certificate.objects.exclude(pdf_base_url=settings.LARSPAR_BASE_URL)
    if certificate_ids is None:
        candidates = candidates.exclude(pdf="")
    else:
        candidates = Certificate.objects.filter(pk__in=certificate_ids).filter(
            models.Q(pdf="") | ~models.Q(pdf_base_url=settings.LARSPAR_BASE_URL)
        )
    rendered = 0
    for pk in candidates.order_by("pk").values_list("pk", flat=True).iterator():
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=pk)
            if locked.pdf and _pdf_is_current(locked):
                continue
            _pdf_store(locked)
            rendered += 1
    return rendered


def certificate_pdfs_refresh_enqueue(*, certificate_ids: list[int] | None = None) -> None:
    """Have the task worker run `certificate_pdfs_refresh` once the caller's transaction commits."""
    transaction.on_commit(
        lambda: tasks.certificate_pdfs_render.enqueue(certificate_ids=certificate_ids)
    )


@transaction.atomic
def certificate_export_request(*, requester, course: Course) -> CertificateExport:
    """Ask for the ZIP of the valid certificate PDFs in `requester`'s units for `course`.

    The task worker builds it (`certificate_export_build`), enqueued once this
    commits. Idempotent while one is under way: asking again for the same
    course returns the queued or running export (a partial unique
    constraint backs it). Raises Forbidden unless `requester` may export.
    """
    if not certificate_policy.user_can(requester, "export"):
        raise Forbidden(_("Sidan är till för chefer och administratörer."))
    unfinished = CertificateExport.objects.filter(
        requester=requester, course=course, state__in=[JobState.QUEUED, JobState.RUNNING]
    ).first()
    if unfinished is not None:
        return unfinished
    try:
        with transaction.atomic():
            export = CertificateExport.objects.create(
                requester=requester, course=course, created_at=clock.now()
            )
    except IntegrityError:
        # A second click raced this one: both get the one export.
        return CertificateExport.objects.get(
            requester=requester, course=course, state__in=[JobState.QUEUED, JobState.RUNNING]
        )
    transaction.on_commit(lambda: tasks.certificate_export_build.enqueue(export_id=export.pk))
    return export


def _export_zip_write(export: CertificateExport) -> dict:
    """Write the ZIP to a temporary file and store it whole, so no half-written ZIP is ever seen."""
    scope = certificate_policy.filter_queryset(
        export.requester, "export", Certificate.objects.all()
    )
    certificates = scope.valid().filter(course_id=export.course_id).order_by("holder_name", "pk")
    count = 0
    with tempfile.TemporaryFile() as archive:
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
            for certificate in certificates:
                count += 1
                holder = slugify(certificate.holder_name) or "certifikat"
                with certificate_pdf_get(certificate=certificate) as pdf:
                    zf.writestr(f"{holder}-{certificate.display_code}.pdf", pdf.read())
        archive.seek(0)
        name = export.file.field.generate_filename(export, "certifikat.zip")
        name = certificate_storage().save(name, File(archive))
    return {"file": name, "certificates": count}


EXPORT_FAILED = _(
    "Det gick inte att skapa ZIP-filen, och ingen fil sparades. Försök igen om en stund; "
    "kontakta supporten om det händer igen."
)


def certificate_export_build(*, export_id: int) -> CertificateExport | None:
    """Build a requested ZIP in private storage (the task worker calls this).

    The certificates are those the requester may export when it runs (a
    manager who lost the role gets an empty ZIP, never someone else's).
    Idempotent: an export no longer queued is left alone (None). When
    rendering fails the export is marked failed with a message for the
    manager, no file is kept, and the error is raised again.
    """
    return job_run(
        model=CertificateExport,
        job_id=export_id,
        work=_export_zip_write,
        failure_message=EXPORT_FAILED,
    )
