"""Reading a posted quiz form into answers. Each question type parses its own part."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from .grading import Answer, AnswerMissing, MalformedAnswer
from .models import Question

ANSWER_PREFIX = "q-"


def answers_parse(
    questions: list[Question], data: Mapping
) -> tuple[dict[int, Answer], dict[int, str]]:
    """Parse every question's answer from `data`.

    Returns (answers by question id, error message by question id) for what
    the learner can put right. Raises MalformedAnswer for input the form
    cannot produce, including fields of questions that are not in `questions`.
    """
    known = set().union(*(q.field_names() for q in questions)) if questions else set()
    for name in data:
        if name.startswith(ANSWER_PREFIX) and name not in known:
            raise MalformedAnswer(_("Svaret hör inte till någon fråga i försöket."), code="foreign")
    answers: dict[int, Answer] = {}
    errors: dict[int, str] = {}
    for question in questions:
        try:
            answers[question.pk] = question.parse_answer(data)
        except AnswerMissing as exc:
            errors[question.pk] = exc.messages[0]
    return answers, errors
