"""Read-side queries for certificate pages. Query counts stay constant however many rows."""

from dataclasses import dataclass

from django.db.models import Max

from accounts.models import OrgUnit
from common import clock
from courses.models import Enrollment

from .codes import code_normalize
from .models import Certificate


def certificate_by_code_get(*, code: str) -> Certificate | None:
    """The certificate with this code as typed (tolerant of case, separators, look-alikes).

    One query, none for text that cannot be a code.
    """
    normalized = code_normalize(code)
    if normalized is None:
        return None
    return Certificate.objects.with_newer().filter(code=normalized).first()


def certificates_by_codes_get(*, codes: list[str]) -> dict[str, Certificate]:
    """Certificates for already normalised codes, keyed by code. One query."""
    return {c.code: c for c in Certificate.objects.with_newer().filter(code__in=set(codes))}


def certificates_in_scope(*, user):
    """Certificates whose holder this user may see: all for administrators, their units'
    (and the units below) for managers, their own for everyone else."""
    if user.is_administrator:
        return Certificate.objects.all()
    if user.is_manager:
        units = OrgUnit.objects.subtree_of(user.managed_units.all())
        return Certificate.objects.filter(user__unit__in=units)
    return Certificate.objects.filter(user=user)


def certificate_download_allowed(*, user, certificate: Certificate) -> bool:
    """Holder, managers of the holder's units and administrators may download the PDF;
    once revoked, only administrators."""
    if not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    if certificate.revoked_at is not None:
        return False
    if certificate.user_id == user.pk:
        return True
    if user.is_manager:
        return certificates_in_scope(user=user).filter(pk=certificate.pk).exists()
    return False


@dataclass
class MyCertificate:
    certificate: Certificate
    # A later round of the course exists (renewal under way or done).
    has_later_round: bool

    @property
    def status(self) -> str:
        return self.certificate.status

    @property
    def can_renew(self) -> bool:
        opens_on = self.certificate.renewal_opens_on
        return opens_on is not None and not self.has_later_round and clock.today() >= opens_on


def my_certificates_get(*, user) -> list[MyCertificate]:
    """The user's certificates, newest first, with whether each can be renewed now.

    Queries: certificates with their enrollment (1), the latest round per course (1).
    """
    certificates = list(
        Certificate.objects.filter(user=user)
        .with_newer()
        .select_related("enrollment", "course")
        .order_by("-issued_at", "-pk")
    )
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
        )
        for certificate in certificates
    ]
