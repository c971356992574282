from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    PERSONAL_DATA_EXPORTED = "export", _("Export av personuppgifter")
    USERS_IMPORTED = "import", _("Import av personal")
    CERTIFICATE_REVOKED = "certificate_revoke", _("Certifikat återkallat")
    CERTIFICATE_REINSTATED = "certificate_reinstate", _("Certifikat återställt")
    CERTIFICATE_RENAMED = "certificate_rename", _("Namn på certifikat ändrat")
    SIGN_IN_LOCKED_OUT = "sign_in_locked_out", _("Inloggning spärrad efter för många försök")
    SIGN_IN_FAILED = "sign_in_failed", _("Misslyckad inloggning")
    TWO_FACTOR_ENROLLED = "two_factor_enrol", _("Tvåstegsverifiering aktiverad")
    TWO_FACTOR_RESET = "two_factor_reset", _("Tvåstegsverifiering återställd")
    RECOVERY_CODE_USED = "recovery_code_used", _("Reservkod använd vid inloggning")
    ROLES_CHANGED = "roles_changed", _("Roller eller behörigheter ändrade")
    REQUIREMENT_DELETED = "requirement_delete", _("Kurskrav borttaget")
    PERSON_ERASED = "person_erase", _("Personuppgifter raderade")
    AUDIT_EXPIRED = "audit_expire", _("Gamla händelser gallrade ur granskningsloggen")
    SSO_SIGNED_IN = "sso_sign_in", _("Inloggning via organisationens konto")
    SSO_SIGN_IN_REFUSED = "sso_sign_in_refused", _("Inloggning via organisationens konto nekad")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One security- or privacy-relevant event: who, when, what and from where.

    Append-only: written by audit.services.audit_event_record, never changed
    or deleted through the ORM (the queryset refuses update/delete, the model
    refuses a second save) and read-only in the admin.
    """

    at = models.DateTimeField(_("tidpunkt"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utförd av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A copy, so the entry still says who it was if the account is later removed.
    actor_label = models.CharField(_("utförd av (namn)"), max_length=200)
    action = models.CharField(_("händelse"), max_length=40, choices=AuditAction.choices)
    target = models.CharField(_("gäller"), max_length=300, blank=True)
    detail = models.JSONField(_("detaljer"), default=dict, blank=True)
    client_address = models.CharField(_("från adress"), max_length=100, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("händelse i granskningsloggen")
        verbose_name_plural = _("granskningslogg")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")
