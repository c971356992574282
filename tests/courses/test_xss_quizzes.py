"""No authored quiz text (questions, choices, feedback, explanations) can put active markup on
the quiz page, the result page or the trainer's preview."""

import pytest
from django.urls import reverse

from courses.models import Step
from courses.services import enrollment_start, step_complete
from quizzes.models import Choice, MatchingPair, OrderingItem, Question, Quiz
from tests.courses.xss_payloads import PAYLOADS, active_markup
from tests.factories import CourseBuilder
from tests.quizzes.factories import attempt_post, quiz_open

pytestmark = pytest.mark.django_db


def quiz_with_every_field(payload: str) -> Quiz:
    course = CourseBuilder.published(modules=[["lesson", "quiz"]], slug="xss-quiz")
    quiz = Quiz.objects.get(module__course=course)
    Quiz.objects.filter(pk=quiz.pk).update(title=payload, intro=payload)
    Question.objects.filter(quiz=quiz).update(scenario=payload, text=payload, explanation=payload)
    Choice.objects.filter(question__quiz=quiz).update(text=payload, feedback=payload)
    OrderingItem.objects.filter(question__quiz=quiz).update(text=payload)
    MatchingPair.objects.filter(question__quiz=quiz).update(prompt=payload, match=payload)
    return Quiz.objects.get(pk=quiz.pk)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_every_quiz_field_renders_inert(client, learner, trainer, payload):
    from quizzes.models import Attempt

    quiz = quiz_with_every_field(payload)
    course = quiz.module.course
    enrollment = enrollment_start(user=learner, course=course)
    step_complete(enrollment=enrollment, step=Step.objects.get(module=quiz.module, position=0))
    client.force_login(learner)
    pages = {"quiz": quiz_open(client, quiz)}
    attempt = Attempt.objects.get(enrollment=enrollment, quiz=quiz)
    submitted = client.post(
        reverse("quizzes:attempt-submit", kwargs={"attempt_id": attempt.pk}),
        attempt_post(attempt, right=False),
    )
    assert submitted.status_code == 302
    pages["result"] = client.get(submitted["Location"])
    client.force_login(trainer)
    pages["preview"] = client.get(reverse("courses:preview-step", args=[course.slug, quiz.pk]))
    for name, response in pages.items():
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "<fieldset" in html or name == "result", name
        assert active_markup(html) == [], (name, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_question_form_refuses_markup_in_every_markdown_field(client, trainer, payload):
    from django.contrib.contenttypes.models import ContentType

    from common.html import markdown_problems
    from quizzes.models import SingleChoiceQuestion

    course = CourseBuilder.build(modules=[["lesson", "quiz"]])
    quiz = Quiz.objects.get(module__course=course)
    before = Question.objects.count()
    ct = ContentType.objects.get_for_model(SingleChoiceQuestion)
    client.force_login(trainer)
    fields = {
        "scenario": "Ett fall.",
        "text": "Fråga?",
        "explanation": "Förklaring.",
        "choices-0-text": "Rätt",
        "choices-0-feedback": "",
        "choices-1-text": "Fel",
        "choices-1-feedback": "",
    }
    for field in fields:
        data = {**fields, field: payload}
        response = client.post(
            reverse("admin:quizzes_question_add") + f"?ct_id={ct.pk}&quiz={quiz.pk}",
            {
                "quiz": quiz.pk,
                "position": 9,
                "points": 1,
                "choices-TOTAL_FORMS": 2,
                "choices-INITIAL_FORMS": 0,
                "choices-0-position": 0,
                "choices-0-is_correct": "on",
                "choices-1-position": 1,
                **data,
            },
        )
        if markdown_problems(payload):
            assert response.status_code == 200, field
            assert Question.objects.count() == before, field
        else:
            assert response.status_code == 302, field
