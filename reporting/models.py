from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    OVERDUE = "overdue", _("Obligatorisk kurs försenad")
    EXPIRING = "expiring", _("Certifikat går snart ut")
    RENEWAL = "renewal", _("Certifikat har upphört – förnyelse krävs")


class ReminderLog(models.Model):
    """One reminder e-mail sent.

    `occasion` names what the reminder is about: a certificate's expiry date, a
    lapse's renewal due date, or an overdue due date. A new occasion (a state
    change) may be reminded at once; the same occasion only again after the
    repeat interval, and only for overdue courses (`repeat` counts the
    reminders of one occasion). The unique constraint is what makes
    `reminders_send` idempotent, also when two runs overlap.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("sort"), max_length=20, choices=ReminderKind.choices)
    occasion = models.CharField(_("anledning"), max_length=40)
    repeat = models.PositiveSmallIntegerField(_("upprepning"), default=0)
    # The day the reminder run was for: the repeat interval is counted in days.
    sent_on = models.DateField(_("skickad dag"))
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "kind", "occasion", "repeat"],
                name="one_reminder_per_occasion_and_repeat",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.course_id}: {self.kind} {self.occasion} #{self.repeat}"
