from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    # Snapshot: the course as it was completed.
    course_title = models.CharField(_("kurs"), max_length=200)
    course_version = models.PositiveIntegerField(_("kursversion"))
    modules = models.JSONField(_("moduler"), default=list)
    estimated_hours = models.DecimalField(_("timmar"), max_digits=5, decimal_places=1)
    # Snapshot: the issuing organisation's name (settings.LARSPAR_ISSUER_NAME at issue time).
    issuer_name = models.CharField(_("utfärdare"), max_length=300)
    completed_on = models.DateField(_("slutförd"))
    issued_at = models.DateTimeField(_("utfärdad"), auto_now_add=True)
    expires_on = models.DateField(_("giltig till"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_reason = models.TextField(_("skäl till återkallelse"), blank=True)
    pdf = models.FileField(upload_to="certificates/", blank=True)

    class Meta:
        verbose_name = _("certifikat")
        verbose_name_plural = _("certifikat")
        indexes = [models.Index(fields=["course", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.holder_name} – {self.course_title} ({self.code})"
