"""The question base and the choice question types.

Each type owns how it is shown (`template_name`, `result_template_name`), how a
posted answer is read (`parse_answer`) and how it is graded (`grade`, pure: the
options are loaded beforehand by `question_options_load`).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from fractions import Fraction
from random import Random
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from polymorphic.models import PolymorphicModel

from courses.api import MarkdownField

from ..checks import ItemFigures, right_is_longest
from ..grading import Answer, AnswerMissing, Grade, MalformedAnswer, grade_share, values_of
from ..review import ChoicesReview, OptionReview, TrueFalseReview
from .attempts import Response
from .options import Choice


def question_options_load(questions: Iterable[Question]) -> list[Question]:
    """Load the options of all `questions`: one query per option model present (at most 3)."""
    questions = list(questions)
    by_model: dict[type, list[Question]] = defaultdict(list)
    for question in questions:
        if question.option_model is None:
            question.options = []
        else:
            by_model[question.option_model].append(question)
    for model, group in by_model.items():
        found = defaultdict(list)
        for option in model.objects.filter(question__in=[q.pk for q in group]).order_by(
            "position", "pk"
        ):
            found[option.question_id].append(option)
        for question in group:
            question.options = found[question.pk]
    return questions


class Question(PolymorphicModel):
    """One question of a quiz. A question with a `scenario` is a scenario question."""

    quiz = models.ForeignKey(
        "quizzes.Quiz",
        verbose_name=_("kunskapskontroll"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)
    scenario = MarkdownField(
        _("fall"), blank=True, help_text=_("Ett kort fall som visas före frågan (frivilligt).")
    )
    text = MarkdownField(_("fråga"))
    explanation = MarkdownField(
        _("förklaring"), help_text=_("Visas efter att deltagaren har svarat. Ska lära ut något.")
    )
    points = models.PositiveSmallIntegerField(
        _("poäng"), default=1, validators=[MinValueValidator(1)]
    )
    # Archived instead of deleted once learners have answered it, so
    # their attempts stay readable.
    is_archived = models.BooleanField(_("arkiverad"), default=False)
    # The same across a course's versions, so the version diff follows the
    # question (courses/revisions.py).
    uid = models.UUIDField(_("identitet"), default=uuid.uuid4, editable=False, db_index=True)

    template_name = ""
    result_template_name = ""
    kind_label = _("Fråga")
    # The model that holds this type's options (choices, items, pairs), if any.
    option_model: type[models.Model] | None = None

    class Meta:
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(points__gte=1), name="question_points_min_1")
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def field_name(self) -> str:
        return f"q-{self.pk}"

    @property
    def is_scenario(self) -> bool:
        return bool(self.scenario.strip())

    @cached_property
    def options(self) -> list:
        """Choices, items or pairs in authored order.

        Pages load them for all questions at once (`question_options_load`),
        which sets this attribute; grading only ever reads it.
        """
        if self.option_model is None:
            return []
        return list(self.option_model.objects.filter(question=self).order_by("position", "pk"))

    def option_by_key(self) -> dict:
        return {option.key: option for option in self.options}

    def has_learner_records(self) -> bool:
        """True once any learner has answered it: it may then only be archived."""
        return self.responses.exists()

    def publish_problems(self) -> list[str]:
        """What stops this question from being graded and explained (empty when ready)."""
        problems = []
        if not self.text.strip():
            problems.append(str(_("saknar frågetext")))
        if not self.explanation.strip():
            problems.append(str(_("saknar förklaring")))
        return problems + self.option_problems()

    def option_problems(self) -> list[str]:
        return []

    def item_figures_add(self, figures: ItemFigures) -> None:
        """Add what the item-writing checks count about this question (`quizzes.checks`)."""

    def layout_options(self, rng: Random, shuffle: bool) -> list[str]:
        """The option keys in the order this attempt shows them."""
        keys = [option.key for option in self.options]
        if shuffle:
            rng.shuffle(keys)
        return keys

    def field_names(self) -> set[str]:
        """Every POST key this question's form part may send."""
        return {self.field_name}

    def layout_key(self, option) -> str:
        return option.key

    def arrange(self, keys: list[str] | None) -> None:
        """Set `display_options`: the options in the order this attempt shows them."""
        by_key = {self.layout_key(o): o for o in self.options}
        shown = [by_key.pop(k) for k in (keys or []) if k in by_key]
        self.display_options = shown + [o for o in self.options if self.layout_key(o) in by_key]

    def review_detail(self, answer: Answer, *, reveal: bool) -> Any:
        """The result view of `answer` (pure); `reveal` shows the right answers too.

        The base reviews choices, in the order the attempt showed them.
        """
        chosen = set(self.chosen_choice_keys(answer))
        options = []
        for option in getattr(self, "display_options", self.options):
            options.append(
                OptionReview(
                    text=option.text,
                    feedback=option.feedback if reveal else "",
                    chosen=option.key in chosen,
                    show_correct=reveal and option.is_correct,
                    # Feedback on a wrong pick often names the right one, so it
                    # waits for the reveal like the key itself.
                    show_feedback=bool(option.feedback) and reveal,
                )
            )
        return ChoicesReview(options=tuple(options))

    def parse_answer(self, data: Mapping) -> Answer:
        """Read this question's answer from posted data.

        Raises AnswerMissing (the learner can fix it) or MalformedAnswer
        (input the form cannot produce).
        """
        raise NotImplementedError

    def grade(self, answer: Answer) -> Grade:
        """Grade a parsed answer. Pure: reads only `self` and `self.options`."""
        raise NotImplementedError

    def chosen_choice_keys(self, answer: Answer) -> list[str]:
        """Keys of the Choice rows the answer picked (for item analysis)."""
        return []

    def pick_rows(self, response: Response, answer: Answer) -> list[models.Model]:
        """Unsaved rows recording what the answer picked, so item analysis can count in SQL."""
        by_key = self.option_by_key()
        through = Response.chosen.through
        return [
            through(response_id=response.pk, choice_id=by_key[key].pk)
            for key in self.chosen_choice_keys(answer)
            if key in by_key
        ]

    def _read_common(self, data: Mapping) -> list[str]:
        return values_of(data, self.field_name)

    def _single_value(self, data: Mapping) -> str | None:
        values = self._read_common(data)
        if len(values) > 1:
            raise MalformedAnswer(_("Frågan tar bara emot ett svar."), code="many")
        return values[0] if values and values[0] != "" else None


class ChoiceQuestionMixin:
    """Kept for the migration history only (it named this class among a model's bases).

    Reading and writing `choices:` is `quizzes.codecs.ChoiceQuestionCodec`'s job now.
    """


class SingleChoiceQuestion(Question):
    option_model = Choice
    template_name = "quizzes/questions/single_choice.html"
    result_template_name = "quizzes/results/choices.html"
    kind_label = _("Ett svar")

    class Meta:
        verbose_name = _("fråga med ett rätt svar")
        verbose_name_plural = _("frågor med ett rätt svar")

    def parse_answer(self, data: Mapping) -> str:
        key = self._single_value(data)
        if key is None:
            raise AnswerMissing(_("Välj ett svar."), code="missing")
        if key not in self.option_by_key():
            raise MalformedAnswer(_("Svaret hör inte till frågan."), code="foreign")
        return key

    def grade(self, answer: Answer) -> Grade:
        correct = {o.key for o in self.options if o.is_correct}
        right = isinstance(answer, str) and answer in correct
        return grade_share(Fraction(int(right)), self.points)

    def chosen_choice_keys(self, answer: Answer) -> list[str]:
        return [answer] if isinstance(answer, str) else []

    def item_figures_add(self, figures: ItemFigures) -> None:
        figures.single_choice += 1
        figures.right_longest += right_is_longest(self.options)

    def option_problems(self) -> list[str]:
        problems = []
        if len(self.options) < 2:
            problems.append(str(_("har färre än två alternativ")))
        correct = sum(1 for o in self.options if o.is_correct)
        if correct == 0:
            problems.append(str(_("saknar rätt svar")))
        elif correct > 1:
            problems.append(str(_("har mer än ett rätt svar (ska ha exakt ett)")))
        return problems


class MultipleChoiceScoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("Allt eller inget")
    PARTIAL = "partial", _("Delpoäng")


class MultipleChoiceQuestion(Question):
    scoring = models.CharField(
        _("poängsättning"),
        max_length=20,
        choices=MultipleChoiceScoring.choices,
        default=MultipleChoiceScoring.ALL_OR_NOTHING,
    )

    option_model = Choice
    template_name = "quizzes/questions/multiple_choice.html"
    result_template_name = "quizzes/results/choices.html"
    kind_label = _("Flera svar")

    class Meta:
        verbose_name = _("fråga med flera rätta svar")
        verbose_name_plural = _("frågor med flera rätta svar")

    def parse_answer(self, data: Mapping) -> list[str]:
        keys = [k for k in self._read_common(data) if k != ""]
        if not keys:
            raise AnswerMissing(_("Kryssa för minst ett svar."), code="missing")
        if len(set(keys)) != len(keys):
            raise MalformedAnswer(_("Samma svar skickades flera gånger."), code="duplicate")
        if not set(keys) <= set(self.option_by_key()):
            raise MalformedAnswer(_("Svaret hör inte till frågan."), code="foreign")
        return sorted(keys)

    def grade(self, answer: Answer) -> Grade:
        """All or nothing: the picked set must be exactly the right set.

        Partial: the share of right choices picked minus the share of wrong
        choices picked, never below 0. Ticking every box therefore scores 0
        whenever the question has a wrong choice at all.
        """
        picked = set(answer) if isinstance(answer, list | tuple | set | frozenset) else set()
        correct = {o.key for o in self.options if o.is_correct}
        wrong = {o.key for o in self.options if not o.is_correct}
        picked &= correct | wrong
        if self.scoring != MultipleChoiceScoring.PARTIAL or not correct:
            return grade_share(Fraction(int(picked == correct and bool(correct))), self.points)
        share = Fraction(len(picked & correct), len(correct))
        if wrong:
            share -= Fraction(len(picked & wrong), len(wrong))
        return grade_share(share, self.points)

    def chosen_choice_keys(self, answer: Answer) -> list[str]:
        return list(answer) if isinstance(answer, list) else []

    def option_problems(self) -> list[str]:
        problems = []
        if len(self.options) < 2:
            problems.append(str(_("har färre än två alternativ")))
        if not any(o.is_correct for o in self.options):
            problems.append(str(_("saknar rätt svar")))
        return problems


class TrueFalseQuestion(Question):
    correct = models.BooleanField(_("påståendet är sant"))

    template_name = "quizzes/questions/true_false.html"
    result_template_name = "quizzes/results/true_false.html"
    kind_label = _("Sant eller falskt")

    class Meta:
        verbose_name = _("sant eller falskt-fråga")
        verbose_name_plural = _("sant eller falskt-frågor")

    def layout_options(self, rng: Random, shuffle: bool) -> list[str]:
        return []

    def parse_answer(self, data: Mapping) -> bool:
        value = self._single_value(data)
        if value is None:
            raise AnswerMissing(_("Välj sant eller falskt."), code="missing")
        if value not in ("true", "false"):
            raise MalformedAnswer(_("Svaret ska vara sant eller falskt."), code="invalid")
        return value == "true"

    def grade(self, answer: Answer) -> Grade:
        right = isinstance(answer, bool) and answer == self.correct
        return grade_share(Fraction(int(right)), self.points)

    def item_figures_add(self, figures: ItemFigures) -> None:
        figures.true_false += 1
        figures.true_statements += bool(self.correct)

    def review_detail(self, answer: Answer, *, reveal: bool) -> TrueFalseReview:
        given = answer if isinstance(answer, bool) else None
        return TrueFalseReview(given=given, correct=self.correct if reveal else None)
