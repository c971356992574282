"""Read-side queries for certificate pages. Query counts stay constant however many rows."""

from dataclasses import dataclass

from django.db.models import Max

from common import clock
from courses.api import CourseVersion, Enrollment

from .codes import code_normalize
from .models import Certificate, CertificateExport


def certificate_by_code_get(*, code: str) -> Certificate | None:
    """The certificate with this code as typed (tolerant of case, separators, look-alikes).

    One query, none for text that cannot be a code.
    """
    normalized = code_normalize(code)
    if normalized is None:
        return None
    # The course comes along for its language (the page marks the course title's `lang`).
    return Certificate.objects.with_newer().select_related("course").filter(code=normalized).first()


def certificate_for_enrollment_get(*, enrollment: Enrollment) -> Certificate | None:
    """The certificate issued for this enrollment (at most one), or None. One query.

    Read through `with_newer()`, so its `status` is the one every page shows
    (superseded included).
    """
    return Certificate.objects.with_newer().filter(enrollment=enrollment).first()


def certificates_by_codes_get(*, codes: list[str]) -> dict[str, Certificate]:
    """Certificates for already normalised codes, keyed by code. One query."""
    found = Certificate.objects.with_newer().select_related("course").filter(code__in=set(codes))
    return {c.code: c for c in found}


@dataclass
class MyCertificate:
    certificate: Certificate
    # A later round of the course exists (renewal under way or done).
    has_later_round: bool
    # The summary of the latest significant change published after the
    # certified version ("" when there is none): repeating is recommended.
    update_summary: str = ""

    @property
    def status(self) -> str:
        return self.certificate.status

    @property
    def can_renew(self) -> bool:
        opens_on = self.certificate.renewal_opens_on
        return opens_on is not None and not self.has_later_round and clock.today() >= opens_on


def my_certificates_get(*, user) -> list[MyCertificate]:
    """The user's certificates, newest first, with whether each can be renewed now.

    Queries: certificates with their enrollment (1), significant course versions (1),
    the latest round per course (1).
    """
    certificates = list(
        Certificate.objects.filter(user=user)
        .with_newer()
        .select_related("enrollment", "course")
        .order_by("-issued_at", "-pk")
    )
    significant = {}
    for version in CourseVersion.objects.filter(
        course__in={c.course_id for c in certificates}, significant=True
    ).order_by("version"):
        significant[version.course_id] = version
    latest_round = dict(
        Enrollment.objects.filter(user=user)
        .values("course_id")
        .annotate(latest=Max("round"))
        .values_list("course_id", "latest")
    )
    return [
        MyCertificate(
            certificate=certificate,
            has_later_round=latest_round.get(certificate.course_id, 0)
            > certificate.enrollment.round,
            update_summary=_update_summary(certificate, significant.get(certificate.course_id)),
        )
        for certificate in certificates
    ]


def _update_summary(certificate: Certificate, latest: CourseVersion | None) -> str:
    if latest is None or latest.version <= certificate.course_version:
        return ""
    return latest.summary


def certificate_exports_of_user(*, user, limit: int = 10) -> list[CertificateExport]:
    """The person's latest ZIP exports (those not yet expired), newest first. One query."""
    return list(
        CertificateExport.objects.filter(requester=user)
        .select_related("course")
        .order_by("-created_at", "-pk")[:limit]
    )
