"""Question types answered with one choice per row: ordering and matching."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from random import Random

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..grading import Answer, AnswerMissing, Grade, MalformedAnswer, grade_share, values_of
from ..review import MatchingReview, MatchReview, OrderingReview, PlacedItem
from .attempts import MatchPick, Response
from .options import MatchingPair, OrderingItem
from .questions import Question


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
