"""A learner's rounds through a course, their progress and reflections, and the
requirements that make a course mandatory for them."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.api import professional_group_key
from common.hot import rows_where

from .blocks import ReflectionBlock
from .course import Course, Step


class ReflectionAnswer(models.Model):
    """A learner's private answer to a reflection prompt. Shown to nobody else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflection_answers"
    )
    block = models.ForeignKey(ReflectionBlock, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("ditt svar"), max_length=10_000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reflektionssvar")
        verbose_name_plural = _("reflektionssvar")
        constraints = [
            models.UniqueConstraint(fields=["user", "block"], name="one_reflection_answer")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.block_id}"


class EnrollmentQuerySet(models.QuerySet):
    def current_for(self, user, course):
        """The learner's latest round of the course, or None."""
        return self.filter(user=user, course=course).order_by("-round").first()

    def current_in_published(self, user, slug: str):
        """The published course `slug` and the learner's latest round of it (None: not started).

        Course is None if no published course has that slug. Two one-table
        lookups by index, without the ORM's query building (common.hot): every
        course page of a learner starts here.
        """
        course = Course.objects.published_by_slug(slug)
        if course is None:
            return None, None
        rounds = rows_where(
            Enrollment,
            "user_id = %s AND course_id = %s ORDER BY round DESC LIMIT 1",
            [user.pk, course.pk],
        )
        if not rounds:
            return course, None
        rounds[0].course = course
        return course, rounds[0]


class Enrollment(models.Model):
    """One round of one learner through one course.

    Re-certification starts a new round; the earlier round's progress rows
    stay as they were.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrollments")
    round = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The course version the learner started; certificates record the version completed.
    course_version = models.PositiveIntegerField(default=0)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("kursdeltagande")
        verbose_name_plural = _("kursdeltaganden")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "round"], name="one_enrollment_per_round"
            )
        ]
        indexes = [models.Index(fields=["course", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.course} ({self.round})"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class StepStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Påbörjad")
    COMPLETED = "completed", _("Klar")


class StepProgress(models.Model):
    """A learner's progress on one step in one round: the source of "continue" and reports."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="progress")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(
        max_length=20, choices=StepStatus.choices, default=StepStatus.IN_PROGRESS
    )
    first_visited_at = models.DateTimeField()
    last_visited_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    time_spent = models.DurationField(default=timedelta)

    class Meta:
        verbose_name = _("stegframsteg")
        verbose_name_plural = _("stegframsteg")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "step"], name="one_progress_per_step"),
            models.CheckConstraint(
                condition=models.Q(status="in_progress", completed_at__isnull=True)
                | models.Q(status="completed", completed_at__isnull=False),
                name="completed_progress_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}/{self.step_id}: {self.status}"

    @property
    def is_completed(self) -> bool:
        return self.status == StepStatus.COMPLETED


class CourseRequirement(models.Model):
    """A course that staff of a unit (and the units below it) and/or a professional group must take.

    With both a unit and a professional group set, it applies to that group within the unit.
    """

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="requirements")
    unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("enhet"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="course_requirements",
    )
    professional_group = models.CharField(_("yrkesgrupp"), max_length=100, blank=True)
    due_date = models.DateField(_("klar senast"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("obligatorisk kurs")
        verbose_name_plural = _("obligatoriska kurser")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | ~models.Q(professional_group=""),
                name="requirement_has_target",
            ),
            models.UniqueConstraint(
                fields=["course", "unit", "professional_group"], name="one_requirement_per_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} – {self.unit or self.professional_group} ({self.due_date})"

    @property
    def unit_path(self) -> str:
        """The path of the unit it targets ("" for none): the path read along with the row
        (`unit_path_loaded`, the start page), else the unit's own."""
        if self.unit_id is None:
            return ""
        loaded = self.__dict__.get("unit_path_loaded")
        return loaded if loaded is not None else self.unit.path

    def applies_to(self, *, unit_path: str, professional_group: str) -> bool:
        """Whether this requirement applies to people of the unit at `unit_path` in this group.

        Its unit's subtree and/or its professional group; groups match by their
        spelling-free key (letter case and spacing never count). Reads `unit_path`:
        load the unit (or its path) along. reporting.states holds the same rule as a
        filter of people.
        """
        if self.unit_id is not None and not unit_path.startswith(self.unit_path):
            return False
        return not self.professional_group or professional_group_key(
            self.professional_group
        ) == professional_group_key(professional_group)
