"""The group track: a facilitator takes a workplace group through a course together.

A `StudyGroup` meets (`Meeting`), usually once per module; participants register
their `Attendance` on their phones with the meeting's short code, or the
facilitator ticks them present. Attending a module's meeting completes that
module's lessons for those present (groups.services).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from courses.api import Course, Module

# Letters and digits that cannot be mistaken for each other when read off a
# projector or typed on a phone (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ATTENDANCE_CODE_LENGTH = 6
JOIN_CODE_LENGTH = 8


class StudyGroup(models.Model):
    """A group of participants who take one course together with a facilitator.

    Named StudyGroup, not Group, so it is never confused with Django's auth
    groups, which hold the roles.
    """

    course = models.ForeignKey(
        Course, verbose_name=_("kurs"), on_delete=models.PROTECT, related_name="study_groups"
    )
    name = models.CharField(_("namn"), max_length=200)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("samtalsledare"),
        on_delete=models.PROTECT,
        related_name="facilitated_groups",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deltagare"),
        through="Membership",
        related_name="study_groups",
    )
    # Participants who are not picked from a unit join with this code.
    join_code = models.CharField(_("kod för att gå med"), max_length=16, unique=True)
    # The group covers the lessons at its meetings; quizzes stay individual.
    attendance_completes_lessons = models.BooleanField(
        _("närvaro på ett möte gör modulens lektioner klara"), default=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("grupp")
        verbose_name_plural = _("grupper")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:group-detail", kwargs={"group_id": self.pk})


class Membership(models.Model):
    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_at = models.DateTimeField()

    class Meta:
        verbose_name = _("gruppmedlemskap")
        verbose_name_plural = _("gruppmedlemskap")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.group_id}/{self.user_id}"


class Meeting(models.Model):
    """One meeting of a group: about a module (its lessons) or a free title."""

    group = models.ForeignKey(
        StudyGroup, verbose_name=_("grupp"), on_delete=models.CASCADE, related_name="meetings"
    )
    module = models.ForeignKey(
        Module,
        verbose_name=_("modul"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    title = models.CharField(_("rubrik"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("börjar"))
    duration_minutes = models.PositiveIntegerField(_("längd (minuter)"), default=90)
    # Set when the facilitator opens the meeting; valid until `attendance_code_expires_at`.
    attendance_code = models.CharField(max_length=16, unique=True, null=True, blank=True)
    attendance_code_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["group", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(module__isnull=False) | ~models.Q(title=""),
                name="meeting_has_module_or_title",
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse(
            "groups:meeting-detail", kwargs={"group_id": self.group_id, "meeting_id": self.pk}
        )

    @property
    def display_title(self) -> str:
        return self.title or (self.module.title if self.module_id else "")

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def code_is_valid_at(self, moment) -> bool:
        return bool(
            self.attendance_code
            and self.attendance_code_expires_at
            and moment < self.attendance_code_expires_at
        )


class AttendanceHow(models.TextChoices):
    SELF = "self", _("Registrerade sig själv")
    TICKED = "ticked", _("Markerad av samtalsledaren")


class Attendance(models.Model):
    """A participant was present at a meeting. One row per meeting and participant."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_attendances"
    )
    how = models.CharField(max_length=10, choices=AttendanceHow.choices)
    registered_at = models.DateTimeField()
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant"], name="one_attendance_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.participant_id}"
