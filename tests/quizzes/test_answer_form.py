"""The answer form is a Django form built from the attempt's questions, one field set per type."""

import pytest
from django.http import QueryDict

from quizzes.forms import AnswerForm
from quizzes.models import OrderingQuestion
from quizzes.selectors import attempt_questions_get
from quizzes.services import attempt_start
from tests.quizzes.factories import attempt_post

pytestmark = pytest.mark.django_db


def as_query_dict(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    return query


def test_each_question_contributes_its_fields_and_a_full_post_parses(enrollment, quiz):
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    questions = attempt_questions_get(attempt=attempt)
    form = AnswerForm(questions, as_query_dict(attempt_post(attempt)))
    assert form.is_valid() and form.malformed is None
    assert set(form.answers) == {q.pk for q in questions}
    ordering = next(q for q in questions if isinstance(q, OrderingQuestion))
    # One select per item, named by the item's key, id by its place on the page.
    assert {name for name in form.fields if name.startswith(f"q-{ordering.pk}-")} == {
        f"q-{ordering.pk}-{item.key}" for item in ordering.options
    }
    entry = next(e for e in form.entries if e.question == ordering)
    assert [row.field.id_for_label for row in entry.rows] == [
        f"q-{ordering.pk}-{index}" for index in range(len(ordering.options))
    ]


def test_a_missing_answer_is_an_error_on_the_questions_first_field(enrollment, quiz):
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    questions = attempt_questions_get(attempt=attempt)
    data = attempt_post(attempt)
    first = questions[0]
    data.pop(first.field_name, None)
    form = AnswerForm(questions, as_query_dict(data))
    assert not form.is_valid() and form.malformed is None
    [entry] = [e for e in form.entries if e.error]
    assert entry.question == first and entry.number == 1
    assert entry.first_field_id == f"q-{first.pk}-0"
    # The other answers are refilled from the bound fields.
    others = [e for e in form.entries if e.question != first]
    assert all(e.field.value() not in (None, "", []) for e in others)


def test_a_field_of_another_question_is_malformed_not_a_form_error(enrollment, quiz):
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    questions = attempt_questions_get(attempt=attempt)
    data = {**attempt_post(attempt), "q-999999": "x"}
    form = AnswerForm(questions, as_query_dict(data))
    form.is_valid()
    assert form.malformed is not None and form.malformed.code == "foreign"
