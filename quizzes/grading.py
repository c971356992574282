"""Pure grading helpers shared by the question types. Nothing here touches the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError

CENT = Decimal("0.01")

# What a learner answered, as stored in Response.answer (JSON):
# single choice: a choice key; multiple choice: a sorted list of choice keys;
# true/false: a bool; ordering: item keys in the learner's order;
# matching: {prompt key: match key}.
Answer = Any


class AnswerMissing(ValidationError):
    """The learner can put it right on the form: nothing chosen, a place used twice."""


class MalformedAnswer(ValidationError):
    """Input the quiz form cannot produce (a forged value, another question's choice): a 400."""


@dataclass(frozen=True)
class Grade:
    points: Decimal
    max_points: Decimal
    is_correct: bool

    @property
    def is_partial(self) -> bool:
        return not self.is_correct and self.points > 0


def grade_share(share: Fraction, max_points: int) -> Grade:
    """A grade worth `share` (clamped to 0…1) of `max_points`.

    Partial points are rounded down to the cent, so a nearly right answer
    never rounds up to full points; only an exact share of 1 is correct.
    """
    share = min(max(share, Fraction(0)), Fraction(1))
    exact = Decimal(share.numerator * max_points) / Decimal(share.denominator)
    return Grade(
        points=exact.quantize(CENT, rounding=ROUND_DOWN),
        max_points=Decimal(max_points).quantize(CENT),
        is_correct=share == 1,
    )


def score_percent(points: Decimal, max_points: Decimal) -> Decimal:
    """Points as a percentage of the maximum, rounded down to the cent (0 for an empty quiz)."""
    if not max_points:
        return Decimal("0.00")
    return (Decimal(points) * 100 / Decimal(max_points)).quantize(CENT, rounding=ROUND_DOWN)


def is_passing(points: Decimal, max_points: Decimal, pass_mark: int) -> bool:
    """Compared without rounding: 79.999 % is not 80 %."""
    return max_points > 0 and Decimal(points) * 100 >= Decimal(pass_mark) * Decimal(max_points)


def values_of(data: Mapping, name: str) -> list[str]:
    """All values posted under `name`, from a QueryDict or a plain dict (tests)."""
    if hasattr(data, "getlist"):
        values = data.getlist(name)
    else:
        raw = data.get(name)
        values = [] if raw is None else list(raw) if isinstance(raw, list | tuple) else [raw]
    return [v for v in values if isinstance(v, str)]
