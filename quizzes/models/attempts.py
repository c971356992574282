"""A learner's attempts at a quiz and the graded response to each question."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from courses.api import Enrollment


class Attempt(models.Model):
    """One go at a quiz by one learner in one round of the course.

    At most one attempt per learner and quiz is open (not yet submitted),
    enforced by the database; submitting closes it exactly once.
    """

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey("quizzes.Quiz", on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveIntegerField(_("försök nummer"))
    # Copied from the quiz when the attempt starts, so a trainer who changes
    # the pass mark later does not change how an attempt under way is judged.
    pass_mark = models.PositiveSmallIntegerField(_("gräns för godkänt (procent)"))
    # The drawn questions and the order of questions and options, fixed
    # when the attempt starts so that a reload does not reshuffle.
    layout = models.JSONField(default=dict)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(
        _("resultat (procent)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("godkänt"), null=True, blank=True)

    class Meta:
        verbose_name = _("försök")
        verbose_name_plural = _("försök")
        ordering = ["enrollment", "quiz", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "quiz"],
                condition=models.Q(submitted_at__isnull=True),
                name="one_open_attempt_per_quiz",
            ),
            models.UniqueConstraint(
                fields=["enrollment", "quiz", "number"], name="attempt_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    submitted_at__isnull=True,
                    score__isnull=True,
                    passed__isnull=True,
                    points__isnull=True,
                )
                | models.Q(
                    submitted_at__isnull=False,
                    score__isnull=False,
                    passed__isnull=False,
                    points__isnull=False,
                    max_points__isnull=False,
                ),
                name="submitted_attempt_is_graded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.number} ({self.enrollment_id})"

    def get_absolute_url(self) -> str:
        return reverse("quizzes:attempt-detail", kwargs={"attempt_id": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def question_ids(self) -> list[int]:
        return list(self.layout.get("questions", []))


class Response(models.Model):
    """A learner's answer to one question in one attempt, graded on the server."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(
        "quizzes.Question", on_delete=models.PROTECT, related_name="responses"
    )
    answer = models.JSONField()
    # The choices picked (single and multiple choice), so that item
    # analysis can count wrong picks in SQL.
    chosen = models.ManyToManyField("quizzes.Choice", blank=True, related_name="responses")
    points = models.DecimalField(max_digits=8, decimal_places=2)
    max_points = models.DecimalField(max_digits=8, decimal_places=2)
    is_correct = models.BooleanField()

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="one_response_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(points__gte=0, points__lte=models.F("max_points")),
                name="response_points_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.question_id}"

    @property
    def is_partial(self) -> bool:
        return not self.is_correct and self.points > 0


class MatchPick(models.Model):
    """Which match a learner chose for one prompt of a matching question (for item analysis)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="match_picks")
    pair = models.ForeignKey("quizzes.MatchingPair", on_delete=models.CASCADE, related_name="+")
    chosen = models.ForeignKey(
        "quizzes.MatchingPair", on_delete=models.CASCADE, related_name="picks"
    )

    class Meta:
        verbose_name = _("vald matchning")
        verbose_name_plural = _("valda matchningar")
        constraints = [
            models.UniqueConstraint(fields=["response", "pair"], name="one_match_pick_per_prompt")
        ]

    def __str__(self) -> str:
        return f"{self.response_id}: {self.pair_id} → {self.chosen_id}"
