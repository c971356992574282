"""The quiz step: its settings, its question pool and how an attempt is laid out."""

from __future__ import annotations

import math
from collections.abc import Collection
from random import Random

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.api import MarkdownField, Step

from ..checks import item_warnings
from .questions import Question, question_options_load

# A final test's bank holds at least this many times the questions drawn per attempt.
FINAL_BANK_FACTOR = 1.5


class RevealAnswers(models.TextChoices):
    AFTER_EACH_ATTEMPT = "after_each_attempt", _("Efter varje försök")
    AFTER_PASS = "after_pass", _("Först när deltagaren har klarat kunskapskontrollen")
    NEVER = "never", _("Aldrig")


class AfterFailures(models.TextChoices):
    WAIT = "wait", _("Vänta innan nästa försök")
    REREAD = "reread", _("Öppna modulens lektioner igen innan nästa försök")


class Quiz(Step):
    intro = MarkdownField(_("inledning"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("gräns för godkänt (procent)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    max_attempts = models.PositiveIntegerField(
        _("antal försök"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Tomt betyder obegränsat."),
    )
    shuffle_questions = models.BooleanField(_("blanda frågorna"), default=False)
    shuffle_choices = models.BooleanField(_("blanda svarsalternativen"), default=True)
    draw_count = models.PositiveIntegerField(
        _("antal frågor per försök"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Dra så här många frågor ur frågebanken vid varje försök. Tomt betyder alla."),
    )
    reveal_answers = models.CharField(
        _("visa rätt svar"),
        max_length=30,
        choices=RevealAnswers.choices,
        default=RevealAnswers.AFTER_EACH_ATTEMPT,
    )

    # A final test ("slutprov") is held to stricter publish checks: it must
    # draw from a bank big enough that a retry meets other questions.
    is_final = models.BooleanField(
        _("slutprov"),
        default=False,
        help_text=_(
            "Ett slutprov ska dra frågor ur en större frågebank och visar normalt "
            "rätt svar först när deltagaren har klarat det."
        ),
    )

    failures_before_wait = models.PositiveSmallIntegerField(
        _("underkända försök före paus"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Efter så här många underkända försök i rad pausas kunskapskontrollen för "
            "deltagaren. Tomt betyder ingen paus."
        ),
    )
    after_failures = models.CharField(
        _("under pausen"),
        max_length=10,
        choices=AfterFailures.choices,
        default=AfterFailures.WAIT,
    )
    wait_hours = models.PositiveSmallIntegerField(
        _("väntetid (timmar)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
    )

    completed_by_learner = False
    template_name = "quizzes/_step_quiz.html"
    kind_label = _("Kunskapskontroll")

    class Meta:
        verbose_name = _("kunskapskontroll")
        verbose_name_plural = _("kunskapskontroller")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=1, pass_mark__lte=100),
                name="quiz_pass_mark_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(max_attempts__isnull=True) | models.Q(max_attempts__gte=1),
                name="quiz_max_attempts_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(draw_count__isnull=True) | models.Q(draw_count__gte=1),
                name="quiz_draw_count_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(failures_before_wait__isnull=True)
                | models.Q(failures_before_wait__gte=1),
                name="quiz_failures_before_wait_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(wait_hours__gte=1), name="quiz_wait_hours_positive"
            ),
        ]

    @property
    def reveals_after_each_attempt(self) -> bool:
        return self.reveal_answers == RevealAnswers.AFTER_EACH_ATTEMPT

    @property
    def rereads_after_failures(self) -> bool:
        return self.after_failures == AfterFailures.REREAD

    def reveals_for(self, *, has_passed: bool) -> bool:
        """Whether a result page may show the right answers to a learner who has (not) passed."""
        if self.reveal_answers == RevealAnswers.AFTER_EACH_ATTEMPT:
            return True
        if self.reveal_answers == RevealAnswers.AFTER_PASS:
            return has_passed
        return False

    def question_pool(self) -> list[Question]:
        """The questions not archived, with their options, in authored order.

        Queries: questions (1 + 1 per question type present), options (1 per option model present).
        """
        return question_options_load(
            Question.objects.filter(quiz=self, is_archived=False).order_by("position", "pk")
        )

    def has_learner_records(self) -> bool:
        """True once a learner has visited or attempted the quiz: it may then only be archived."""
        return self.attempts.exists() or super().has_learner_records()

    def publish_problems(self) -> list[str]:
        """The quiz needs questions, enough for its draw, and each question must be gradable."""
        questions = self.question_pool()
        if not questions:
            return [str(_("kunskapskontrollen har inga frågor"))]
        problems = []
        if self.draw_count and self.draw_count > len(questions):
            problems.append(
                str(_("fler frågor ska dras (%(draw)s) än det finns (%(count)s)"))
                % {"draw": self.draw_count, "count": len(questions)}
            )
        problems += self.final_test_problems(len(questions))
        for number, question in enumerate(questions, start=1):
            problems += [
                str(_("fråga %(n)s: %(what)s")) % {"n": number, "what": what}
                for what in question.publish_problems()
            ]
        return problems

    def publish_warnings(self) -> list[str]:
        """Item-writing warnings on the pool (`quizzes.checks`); they do not stop publishing."""
        warnings = item_warnings(self.question_pool())
        if self.is_final and self.reveals_after_each_attempt:
            warnings.append(
                str(
                    _(
                        "slutprovet visar rätt svar efter varje försök: den som inte klarar det "
                        "kan läsa av svaren och klara nästa försök utan att kunna mer"
                    )
                )
            )
        return warnings

    def final_test_problems(self, bank_size: int) -> list[str]:
        """A final test must draw, from a bank of at least 1.5 × the questions drawn.

        Otherwise a learner who fails meets the same questions again and can
        pass by remembering them.
        """
        if not self.is_final:
            return []
        if not self.draw_count:
            return [
                str(
                    _(
                        "ett slutprov ska dra frågor ur en större frågebank: ange ”antal frågor "
                        "per försök” och lägg till minst hälften så många frågor till"
                    )
                )
            ]
        needed = math.ceil(FINAL_BANK_FACTOR * self.draw_count)
        if bank_size < needed:
            return [
                str(
                    _(
                        "slutprovets frågebank har %(count)s frågor men ska ha minst %(needed)s "
                        "(1,5 × de %(draw)s som dras per försök): lägg till %(missing)s frågor "
                        "eller dra färre"
                    )
                )
                % {
                    "count": bank_size,
                    "needed": needed,
                    "draw": self.draw_count,
                    "missing": needed - bank_size,
                }
            ]
        return []

    def layout_new(
        self, questions: list[Question], rng: Random, seen: Collection[int] = ()
    ) -> dict:
        """Draw and order the questions and options of one attempt.

        With a draw, questions not in `seen` (the learner's previous attempt)
        are drawn first, so a retry meets as many other questions as the bank
        allows. Returns {"questions": [question ids], "options": {question id: [keys]}}.
        """
        chosen = list(questions)
        if self.draw_count and self.draw_count < len(chosen):
            fresh = [q for q in chosen if q.pk not in seen]
            if len(fresh) >= self.draw_count:
                drawn = rng.sample(fresh, self.draw_count)
            else:
                again = [q for q in chosen if q.pk in seen]
                drawn = fresh + rng.sample(again, self.draw_count - len(fresh))
            chosen = sorted(drawn, key=lambda q: chosen.index(q))
        if self.shuffle_questions:
            rng.shuffle(chosen)
        return {
            "questions": [q.pk for q in chosen],
            "options": {str(q.pk): q.layout_options(rng, self.shuffle_choices) for q in chosen},
        }
