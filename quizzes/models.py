"""Quizzes: a `Quiz` step, its polymorphic questions, and the learner's graded attempts.

Each question type owns how it is shown (`template_name`, `result_template_name`),
how a posted answer is read (`parse_answer`), how it is graded (`grade`, a pure
method that makes no queries: the options are loaded beforehand by
`question_options_load`). How a type reads and writes its part of the
course file is its codec (`quizzes.codecs`); how its result is shown is its
review detail (`quizzes.review`).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from fractions import Fraction
from random import Random
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from polymorphic.models import PolymorphicModel

from courses.models import Enrollment, MarkdownField, Step

from .grading import (
    Answer,
    AnswerMissing,
    Grade,
    MalformedAnswer,
    grade_share,
    values_of,
)
from .review import (
    ChoicesReview,
    MatchingReview,
    MatchReview,
    OptionReview,
    OrderingReview,
    PlacedItem,
    TrueFalseReview,
)


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


def new_key() -> str:
    """An opaque, random identifier for an option shown to the learner.

    Options are posted back by key, never by database id: ids follow the
    order the author wrote them in, which would give the answer away.
    """
    return secrets.token_urlsafe(8)


class RevealAnswers(models.TextChoices):
    AFTER_EACH_ATTEMPT = "after_each_attempt", _("Efter varje försök")
    AFTER_PASS = "after_pass", _("Först när deltagaren har klarat kunskapskontrollen")


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
        ]

    @property
    def reveals_after_each_attempt(self) -> bool:
        return self.reveal_answers == RevealAnswers.AFTER_EACH_ATTEMPT

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
        for number, question in enumerate(questions, start=1):
            problems += [
                str(_("fråga %(n)s: %(what)s")) % {"n": number, "what": what}
                for what in question.publish_problems()
            ]
        return problems

    def layout_new(self, questions: list[Question], rng: Random) -> dict:
        """Draw and order the questions and options of one attempt.

        Returns {"questions": [question ids], "options": {question id: [keys]}}.
        """
        chosen = list(questions)
        if self.draw_count and self.draw_count < len(chosen):
            chosen = sorted(rng.sample(chosen, self.draw_count), key=lambda q: chosen.index(q))
        if self.shuffle_questions:
            rng.shuffle(chosen)
        return {
            "questions": [q.pk for q in chosen],
            "options": {str(q.pk): q.layout_options(rng, self.shuffle_choices) for q in chosen},
        }


class Question(PolymorphicModel):
    """One question of a quiz. A question with a `scenario` is a scenario question."""

    quiz = models.ForeignKey(
        Quiz, verbose_name=_("kunskapskontroll"), on_delete=models.CASCADE, related_name="questions"
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
            picked = option.key in chosen
            options.append(
                OptionReview(
                    text=option.text,
                    feedback=option.feedback,
                    chosen=picked,
                    show_correct=reveal and option.is_correct,
                    show_feedback=bool(option.feedback) and (reveal or picked),
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


class Choice(models.Model):
    """An answer option of a single or multiple choice question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    key = models.CharField(max_length=20, default=new_key, editable=False)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    text = MarkdownField(_("svarsalternativ"))
    is_correct = models.BooleanField(_("rätt svar"), default=False)
    feedback = MarkdownField(
        _("återkoppling"), blank=True, help_text=_("Visas efter svaret för den som valt detta.")
    )

    class Meta:
        verbose_name = _("svarsalternativ")
        verbose_name_plural = _("svarsalternativ")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="choice_key_unique")
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def has_learner_records(self) -> bool:
        return self.question.responses.exists()


class OrderingItem(models.Model):
    """A step to put in order. `position` is the correct place."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="ordering_items")
    key = models.CharField(max_length=20, default=new_key, editable=False)
    position = models.PositiveIntegerField(_("rätt plats"), default=0)
    text = models.CharField(_("text"), max_length=300)

    class Meta:
        verbose_name = _("steg att ordna")
        verbose_name_plural = _("steg att ordna")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="ordering_item_key_unique")
        ]

    def __str__(self) -> str:
        return self.text

    def has_learner_records(self) -> bool:
        return self.question.responses.exists()


class MatchingPair(models.Model):
    """A prompt and its correct match. The two sides carry different keys."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="matching_pairs")
    key = models.CharField(max_length=20, default=new_key, editable=False)
    match_key = models.CharField(max_length=20, default=new_key, editable=False)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    prompt = models.CharField(_("exempel"), max_length=300)
    match = models.CharField(_("hör ihop med"), max_length=300)

    class Meta:
        verbose_name = _("par")
        verbose_name_plural = _("par")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="matching_pair_key_unique"),
            models.UniqueConstraint(
                fields=["question", "match_key"], name="matching_pair_match_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prompt} → {self.match}"

    def has_learner_records(self) -> bool:
        return self.question.responses.exists()


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

    def review_detail(self, answer: Answer, *, reveal: bool) -> TrueFalseReview:
        given = answer if isinstance(answer, bool) else None
        return TrueFalseReview(given=given, correct=self.correct if reveal else None)


def _shuffled_unlike(keys: list[str], rng: Random) -> list[str]:
    """A shuffled copy that is never the given order, so the page does not show the answer."""
    if len(set(keys)) < 2:
        return list(keys)
    shuffled = list(keys)
    while shuffled == keys:
        rng.shuffle(shuffled)
    return shuffled


class OneChoicePerRow:
    """A question answered with one choice on each row of its options.

    Ordering picks a place for each item; matching picks a match for each
    prompt. Each row posts under `<field>-<option key>`; the choices are
    always shuffled (in their right order they would give the answer away).
    A subclass says what a row's value means in `row_value`.
    """

    many_message = _("Varje rad tar bara emot ett svar.")
    missing_message = _("Välj ett svar på varje rad.")

    def row_field(self, option) -> str:
        return f"{self.field_name}-{option.key}"

    def rows_shown(self) -> list:
        """The rows in the order the page lists them (the choices are shuffled instead)."""
        return list(self.options)

    def field_names(self) -> set[str]:
        return {self.row_field(option) for option in self.options}

    def layout_options(self, rng: Random, shuffle: bool) -> list[str]:
        return _shuffled_unlike([self.layout_key(option) for option in self.options], rng)

    def row_value(self, value: str):
        """The answer for one row from its posted value; raises MalformedAnswer if impossible."""
        raise NotImplementedError

    def parse_rows(self, data: Mapping) -> dict[str, object]:
        """{option key: row value} for every row. Raises AnswerMissing or MalformedAnswer."""
        rows = {}
        for option in self.options:
            values = values_of(data, self.row_field(option))
            if len(values) > 1:
                raise MalformedAnswer(self.many_message, code="many")
            if not values or values[0] == "":
                raise AnswerMissing(self.missing_message, code="missing")
            rows[option.key] = self.row_value(values[0])
        return rows


class OrderingQuestion(OneChoicePerRow, Question):
    """Put items in order. Partial credit: the share of items in their right place."""

    option_model = OrderingItem
    template_name = "quizzes/questions/ordering.html"
    result_template_name = "quizzes/results/ordering.html"
    kind_label = _("Ordna")

    class Meta:
        verbose_name = _("ordningsfråga")
        verbose_name_plural = _("ordningsfrågor")

    many_message = _("Varje steg tar bara emot en plats.")
    missing_message = _("Ge varje steg en plats.")

    def rows_shown(self) -> list:
        # The items are the rows, listed in the attempt's shuffled order.
        return list(getattr(self, "display_options", self.options))

    def row_value(self, value: str) -> int:
        try:
            place = int(value)
        except ValueError:
            raise MalformedAnswer(_("Platsen ska vara ett tal."), code="invalid") from None
        if not 1 <= place <= len(self.options):
            raise MalformedAnswer(_("Platsen finns inte."), code="range")
        return place

    def parse_answer(self, data: Mapping) -> list[str]:
        places = self.parse_rows(data)
        if len(set(places.values())) != len(self.options):
            raise AnswerMissing(_("Använd varje plats en gång."), code="duplicate")
        return sorted(places, key=places.__getitem__)

    def option_problems(self) -> list[str]:
        texts = [item.text for item in self.options]
        if len(texts) < 2:
            return [str(_("har färre än två steg att ordna"))]
        if len(set(texts)) != len(texts):
            return [str(_("har två likadana steg"))]
        return []

    @property
    def places(self) -> range:
        return range(1, len(self.options) + 1)

    def review_detail(self, answer: Answer, *, reveal: bool) -> OrderingReview:
        by_key = self.option_by_key()
        given = [by_key[k] for k in answer or [] if k in by_key]
        return OrderingReview(
            given=tuple(
                PlacedItem(text=item.text, in_place=item.position == self.options[place].position)
                for place, item in enumerate(given)
            ),
            # The key only when it may be shown: what is not revealed is not in the review.
            correct=tuple(item.text for item in self.options) if reveal else (),
        )

    def grade(self, answer: Answer) -> Grade:
        correct = [item.key for item in self.options]
        if not isinstance(answer, list | tuple) or not correct:
            return grade_share(Fraction(0), self.points)
        in_place = sum(1 for given, right in zip(answer, correct, strict=False) if given == right)
        return grade_share(Fraction(in_place, len(correct)), self.points)


class MatchingQuestion(OneChoicePerRow, Question):
    """Pair each prompt with its match. Partial credit: the share of prompts matched right."""

    option_model = MatchingPair
    template_name = "quizzes/questions/matching.html"
    result_template_name = "quizzes/results/matching.html"
    kind_label = _("Para ihop")

    class Meta:
        verbose_name = _("matchningsfråga")
        verbose_name_plural = _("matchningsfrågor")

    def layout_key(self, option) -> str:
        return option.match_key

    def pick_rows(self, response: Response, answer: Answer) -> list[models.Model]:
        if not isinstance(answer, Mapping):
            return []
        by_match = {pair.match_key: pair for pair in self.options}
        return [
            MatchPick(response_id=response.pk, pair_id=pair.pk, chosen_id=by_match[key].pk)
            for pair in self.options
            if (key := answer.get(pair.key)) in by_match
        ]

    def option_problems(self) -> list[str]:
        prompts = [pair.prompt for pair in self.options]
        matches = [pair.match for pair in self.options]
        if len(prompts) < 2:
            return [str(_("har färre än två par"))]
        if len(set(prompts)) != len(prompts) or len(set(matches)) != len(matches):
            return [str(_("har två likadana exempel eller svar"))]
        return []

    def review_detail(self, answer: Answer, *, reveal: bool) -> MatchingReview:
        answer = answer if isinstance(answer, Mapping) else {}
        matches = {pair.match_key: pair.match for pair in self.options}
        return MatchingReview(
            rows=tuple(
                MatchReview(
                    prompt=pair.prompt,
                    given=matches.get(answer.get(pair.key), ""),
                    match=pair.match if reveal else "",
                    is_right=answer.get(pair.key) == pair.match_key,
                )
                for pair in self.options
            )
        )

    def row_value(self, value: str) -> str:
        if value not in {pair.match_key for pair in self.options}:
            raise MalformedAnswer(_("Svaret hör inte till frågan."), code="foreign")
        return value

    def parse_answer(self, data: Mapping) -> dict[str, str]:
        return self.parse_rows(data)

    def grade(self, answer: Answer) -> Grade:
        if not isinstance(answer, Mapping) or not self.options:
            return grade_share(Fraction(0), self.points)
        right = sum(1 for pair in self.options if answer.get(pair.key) == pair.match_key)
        return grade_share(Fraction(right, len(self.options)), self.points)


class Attempt(models.Model):
    """One go at a quiz by one learner in one round of the course.

    At most one attempt per learner and quiz is open (not yet submitted),
    enforced by the database; submitting closes it exactly once.
    """

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
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
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="responses")
    answer = models.JSONField()
    # The choices picked (single and multiple choice), so that item
    # analysis can count wrong picks in SQL.
    chosen = models.ManyToManyField(Choice, blank=True, related_name="responses")
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
    pair = models.ForeignKey(MatchingPair, on_delete=models.CASCADE, related_name="+")
    chosen = models.ForeignKey(MatchingPair, on_delete=models.CASCADE, related_name="picks")

    class Meta:
        verbose_name = _("vald matchning")
        verbose_name_plural = _("valda matchningar")
        constraints = [
            models.UniqueConstraint(fields=["response", "pair"], name="one_match_pick_per_prompt")
        ]

    def __str__(self) -> str:
        return f"{self.response_id}: {self.pair_id} → {self.chosen_id}"
