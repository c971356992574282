"""Quizzes: a `Quiz` step, its polymorphic questions, and the learner's graded attempts.

Each question type owns how it is shown (`template_name`, `result_template_name`),
how a posted answer is read (`parse_answer`), how it is graded (`grade`, a pure
method that makes no queries: the options are loaded beforehand by
`question_options_load`). How a type reads and writes its part of the
course file is its codec (`quizzes.codecs`); how its result is shown is its
review detail (`quizzes.review`).
"""

from .attempts import Attempt, MatchPick, Response
from .options import Choice, MatchingPair, OrderingItem, new_key
from .questions import (
    ChoiceQuestionMixin,
    MultipleChoiceQuestion,
    MultipleChoiceScoring,
    Question,
    SingleChoiceQuestion,
    TrueFalseQuestion,
    question_options_load,
)
from .quiz import AfterFailures, Quiz, RevealAnswers
from .rows import MatchingQuestion, OneChoicePerRow, OrderingQuestion

__all__ = [
    "AfterFailures",
    "Attempt",
    "Choice",
    "ChoiceQuestionMixin",
    "MatchPick",
    "MatchingPair",
    "MatchingQuestion",
    "MultipleChoiceQuestion",
    "MultipleChoiceScoring",
    "OneChoicePerRow",
    "OrderingItem",
    "OrderingQuestion",
    "Question",
    "Quiz",
    "Response",
    "RevealAnswers",
    "SingleChoiceQuestion",
    "TrueFalseQuestion",
    "new_key",
    "question_options_load",
]
