import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import clock
from common.models import BackgroundJob, JobState
from common.net import absolute_url

from .codes import code_format
from .storage import certificate_storage

# From this many days before expiry the holder may take the course again.
RENEWAL_WINDOW = timedelta(days=60)


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Giltigt")
    EXPIRED = "expired", _("Utgånget")
    REVOKED = "revoked", _("Återkallat")
    # The holder has a newer certificate for the same course (a later round).
    SUPERSEDED = "superseded", _("Ersatt av ett nyare certifikat")


class RevocationReason(models.TextChoices):
    """Why a certificate was revoked: told to the holder, never shown on the public page."""

    ISSUED_BY_MISTAKE = "mistake", _("Utfärdat av misstag")
    NOT_TAKEN_BY_HOLDER = "not_holder", _("Kursen gjordes inte av innehavaren")
    WRONG_PERSON = "wrong_person", _("Utfärdat till fel person")
    OTHER = "other", _("Annat skäl")


def _pdf_path(instance, filename: str) -> str:
    # A random name, not the code: whoever can read the media directory must
    # not be able to find a certificate from a code seen on a verification page.
    return f"certificates/{secrets.token_hex(16)}.pdf"


class CertificateQuerySet(models.QuerySet):
    def valid(self, *, on=None):
        """Not revoked and not expired on `on` (today by default)."""
        on = on or clock.today()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=on)
        )

    def expired(self, *, on=None):
        on = on or clock.today()
        return self.filter(revoked_at__isnull=True, expires_on__lt=on)

    def revoked(self):
        return self.filter(revoked_at__isnull=False)

    def with_newer(self):
        """Annotate `has_newer`: the holder has a later, unrevoked certificate for the course."""
        newer = Certificate.objects.filter(
            user=models.OuterRef("user"),
            course=models.OuterRef("course"),
            issued_at__gt=models.OuterRef("issued_at"),
            revoked_at__isnull=True,
        )
        return self.annotate(has_newer=models.Exists(newer))


class Certificate(models.Model):
    """Proof that a learner completed one round of a course.

    Issued once per completed enrollment (the unique enrollment backs that).
    The holder, course and dates are snapshots: later edits of the user or
    the course must not change what was certified.
    """

    enrollment = models.OneToOneField(
        "courses.Enrollment", on_delete=models.PROTECT, related_name="certificate"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    course = models.ForeignKey("courses.Course", on_delete=models.PROTECT, related_name="+")
    # Stored without hyphens in upper-case Crockford base32; shown in groups.
    code = models.CharField(_("verifieringskod"), max_length=32, unique=True)
    # Snapshot: the holder's name when issued (changed only by a logged name correction).
    holder_name = models.CharField(_("innehavare"), max_length=300)
    # Snapshot: the course as it was completed, so later edits do not change what was certified.
    course_title = models.CharField(_("kurs"), max_length=200)
    course_version = models.PositiveIntegerField(_("kursversion"))
    modules = models.JSONField(_("moduler"), default=list)
    estimated_hours = models.DecimalField(_("timmar"), max_digits=5, decimal_places=1)
    # Snapshot: the issuing organisation's name (settings.LARSPAR_ISSUER_NAME at issue time).
    issuer_name = models.CharField(_("utfärdare"), max_length=300)
    # Snapshot: the course was taken in a facilitated group (the group track),
    # and the organisation of the group's facilitator; both set at issue time.
    taken_in_group = models.BooleanField(_("genomförd i grupp"), default=False)
    group_organisation = models.CharField(
        _("samtalsledarens organisation"), max_length=300, blank=True
    )
    completed_on = models.DateField(_("slutförd"))
    issued_at = models.DateTimeField(_("utfärdad"), default=timezone.now)
    # Computed once from the course's validity when issued; a later change of
    # the course's validity does not move an issued certificate's expiry.
    expires_on = models.DateField(_("giltigt till och med"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_reason = models.TextField(_("skäl till återkallelse"), blank=True)
    revoked_reason_category = models.CharField(
        _("typ av skäl"), max_length=20, choices=RevocationReason.choices, blank=True
    )
    pdf = models.FileField(_("PDF"), upload_to=_pdf_path, storage=certificate_storage, blank=True)
    # The LARSPAR_BASE_URL the stored PDF's QR code and link were made with;
    # a PDF made for another address is rendered again on its next download.
    pdf_base_url = models.CharField(max_length=200, blank=True, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certifikat")
        verbose_name_plural = _("certifikat")
        indexes = [
            models.Index(fields=["course", "expires_on"]),
            # "Has a newer certificate?" (with_newer) looks up one holder's certificates
            # of one course by date; without it SQLite walked every certificate of the
            # course per row and the dashboard took minutes at 20,000 learners.
            models.Index(fields=["user", "course", "issued_at"], name="certificate_holder_course"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(code=""), name="certificate_code_not_empty"),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revoked_reason=""),
                name="certificate_revocation_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revoked_reason_category=""),
                name="certificate_revocation_has_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} – {self.course_title} ({self.display_code})"

    def get_absolute_url(self) -> str:
        """The public verification page (what the QR code points to, relative)."""
        return reverse("certificates:verify-code", kwargs={"code": self.display_code})

    @property
    def display_code(self) -> str:
        return code_format(self.code)

    @property
    def verification_url(self) -> str:
        """The absolute URL of the public verification page, from LARSPAR_BASE_URL."""
        return absolute_url(self.get_absolute_url())

    def status_on(self, day) -> str:
        """The one status of this certificate on `day`, used on every page that shows it.

        Revoked before anything else; then superseded (when the row was read
        through `with_newer()`), expired, valid.
        """
        if self.revoked_at is not None:
            return CertificateStatus.REVOKED
        if getattr(self, "has_newer", False):
            return CertificateStatus.SUPERSEDED
        if self.expires_on is not None and day > self.expires_on:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    @property
    def status(self) -> str:
        return self.status_on(clock.today())

    @property
    def status_label(self) -> str:
        return CertificateStatus(self.status).label

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID

    @property
    def renewal_opens_on(self):
        """The first day the holder may take the course again; None if it never expires.

        A revoked certificate can be earned again from the day it was revoked:
        taking the course oneself is the way forward the holder is offered.
        """
        if self.revoked_at is not None:
            return clock.local_date(self.revoked_at)
        if self.expires_on is None:
            return None
        return self.expires_on - RENEWAL_WINDOW

    @property
    def revoked_reason_label(self) -> str:
        if not self.revoked_reason_category:
            return ""
        return RevocationReason(self.revoked_reason_category).label


class CertificateEventKind(models.TextChoices):
    REVOKED = "revoked", _("Återkallat")
    REINSTATED = "reinstated", _("Återställt")
    RENAMED = "renamed", _("Namn rättat")


class CertificateEvent(models.Model):
    """Audit log of administrators' changes to an issued certificate: who, when, why, old value."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="events", verbose_name=_("certifikat")
    )
    kind = models.CharField(_("händelse"), max_length=20, choices=CertificateEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utförd av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Kept as text too, so the log still says who after the account is removed.
    actor_name = models.CharField(_("utförd av (namn)"), max_length=300)
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    reason = models.TextField(_("skäl"))
    old_value = models.CharField(_("tidigare värde"), max_length=300, blank=True)
    new_value = models.CharField(_("nytt värde"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certifikathändelse")
        verbose_name_plural = _("certifikathändelser")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="certificate_event_reason")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M} ({self.actor_name})"


def _export_path(instance, filename: str) -> str:
    # Random, like the PDFs: the name must not be guessable from the course or the manager.
    return f"exports/{secrets.token_hex(16)}.zip"


class CertificateExport(BackgroundJob):
    """A manager's ZIP of the valid certificate PDFs of their units for one course.

    Built by the task worker (certificates/tasks.py) into private storage;
    only the requester sees its status and downloads it, and it is deleted
    after LARSPAR_JOB_RETENTION_HOURS (`manage.py jobs_expire`).
    """

    course = models.ForeignKey(
        "courses.Course", verbose_name=_("kurs"), on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(
        _("ZIP-fil"), upload_to=_export_path, storage=certificate_storage, blank=True
    )
    certificates = models.PositiveIntegerField(_("antal certifikat"), default=0)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("export av certifikat")
        verbose_name_plural = _("exporter av certifikat")
        constraints = [
            *BackgroundJob.Meta.constraints,
            models.CheckConstraint(
                condition=~models.Q(state=JobState.DONE) | ~models.Q(file=""),
                name="certificate_export_done_has_file",
            ),
            # Asking twice while one is under way gives the same job, not a second ZIP.
            models.UniqueConstraint(
                fields=["requester", "course"],
                condition=models.Q(state__in=[JobState.QUEUED, JobState.RUNNING]),
                name="certificate_export_one_unfinished_per_course",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} ({self.get_state_display()})"
