"""Results as immutable review objects, built from (question, response, reveal policy).

A results page reads these instead of attributes set on model instances.
Each question type builds its own `detail` (`Question.review_detail`, a
pure method); `reveal` says whether the right answers may be shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Question, Response


@dataclass(frozen=True)
class OptionReview:
    """One choice of a choice question as the learner sees it after answering."""

    text: str
    feedback: str
    chosen: bool
    show_correct: bool
    show_feedback: bool


@dataclass(frozen=True)
class ChoicesReview:
    options: tuple[OptionReview, ...]


@dataclass(frozen=True)
class TrueFalseReview:
    given: bool | None
    correct: bool | None


@dataclass(frozen=True)
class PlacedItem:
    text: str
    in_place: bool


@dataclass(frozen=True)
class OrderingReview:
    given: tuple[PlacedItem, ...]
    correct: tuple[str, ...]


@dataclass(frozen=True)
class MatchReview:
    prompt: str
    given: str
    match: str
    is_right: bool


@dataclass(frozen=True)
class MatchingReview:
    rows: tuple[MatchReview, ...]


@dataclass(frozen=True)
class QuestionReview:
    """One question of a result page: verdict, the learner's answer and, if revealed, the key."""

    question: Question
    number: int
    response: Response | None
    reveal: bool
    detail: Any
    # The question's explanation, only when the answers are revealed: an
    # explanation that teaches usually names the right answer.
    explanation: str = ""

    @property
    def template_name(self) -> str:
        return self.question.result_template_name


def reviews_build(
    questions: list[Question], responses: dict[int, Response], *, reveal: bool
) -> list[QuestionReview]:
    """The review of each question in the order shown, numbered from 1. Makes no queries."""
    reviews = []
    for number, question in enumerate(questions, start=1):
        response = responses.get(question.pk)
        answer = response.answer if response is not None else None
        reviews.append(
            QuestionReview(
                question=question,
                number=number,
                response=response,
                reveal=reveal,
                detail=question.review_detail(answer, reveal=reveal),
                explanation=question.explanation if reveal else "",
            )
        )
    return reviews
