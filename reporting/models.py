from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    OVERDUE = "overdue", _("Obligatorisk kurs försenad")
    EXPIRING = "expiring", _("Certifikat går snart ut")


class ReminderLog(models.Model):
    """One reminder e-mail sent: at most one per person, course, kind and period.

    The unique constraint is what makes `send_reminders` idempotent, also when
    two runs overlap.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("sort"), max_length=20, choices=ReminderKind.choices)
    # The calendar month ("2026-11") the reminder belongs to.
    period = models.CharField(_("period"), max_length=20)
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "kind", "period"], name="one_reminder_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.course_id}: {self.kind} {self.period}"
