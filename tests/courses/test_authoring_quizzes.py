"""Authoring quizzes in the admin: permissions, adding by type, publish checks, protection."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from courses.models import Module
from courses.publishing import course_publish_problems
from quizzes.models import (
    Choice,
    Question,
    Quiz,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from tests.factories import CourseBuilder
from tests.quizzes.factories import make_quiz, quiz_open  # noqa: F401 - registers the "quiz" step kind

pytestmark = pytest.mark.django_db


def test_trainer_may_author_quiz_content_but_not_see_attempts():
    perms = set(Group.objects.get(name="trainer").permissions.values_list("codename", flat=True))
    assert {"add_quiz", "change_singlechoicequestion", "delete_choice", "add_matchingpair"} <= perms
    assert not {"view_attempt", "view_response", "change_attempt"} & perms


def test_trainer_cannot_open_attempts_in_the_admin(client, trainer):
    client.force_login(trainer)
    for url in ("/admin/quizzes/attempt/", "/admin/quizzes/response/"):
        assert client.get(url).status_code == 404


def test_trainer_adds_a_quiz_by_choosing_its_type_then_questions_of_three_types(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"]])
    module = Module.objects.get(course=course)
    client.force_login(trainer)

    # Adding a step starts with the choice of type.
    choose = client.get(reverse("admin:courses_step_add") + f"?module={module.pk}")
    assert choose.status_code == 200 and "kunskapskontroll" in choose.content.decode().lower()
    quiz_ct = ContentType.objects.get_for_model(Quiz)
    response = client.post(
        reverse("admin:courses_step_add") + f"?ct_id={quiz_ct.pk}&module={module.pk}",
        {
            "module": module.pk,
            "position": 1,
            "title": "Kunskapskontroll 1",
            "intro": "Svara på **tre** frågor.",
            "estimated_minutes": 5,
            "required": "on",
            "pass_mark": 80,
            "max_attempts": "",
            "shuffle_choices": "on",
            "draw_count": "",
            "reveal_answers": "after_each_attempt",
            "after_failures": "wait",
            "wait_hours": 24,
            "questions-TOTAL_FORMS": 0,
            "questions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    quiz = Quiz.objects.get(module=module)
    assert any("inga frågor" in str(p) for p in course_publish_problems(course=course))

    add = reverse("admin:quizzes_question_add")
    common = {"quiz": quiz.pk, "scenario": "", "points": 1}
    single_ct = ContentType.objects.get_for_model(SingleChoiceQuestion)
    response = client.post(
        f"{add}?ct_id={single_ct.pk}&quiz={quiz.pk}",
        {
            **common,
            "position": 0,
            "text": "Vad är digitalt våld?",
            "explanation": "Digitalt våld sker via telefon och nätet.",
            "choices-TOTAL_FORMS": 2,
            "choices-INITIAL_FORMS": 0,
            "choices-0-position": 0,
            "choices-0-text": "Att läsa någons meddelanden",
            "choices-0-is_correct": "on",
            "choices-1-position": 1,
            "choices-1-text": "Att ringa ofta för att fråga hur det går",
            "choices-1-feedback": "Omtanke är inte våld.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tf_ct = ContentType.objects.get_for_model(TrueFalseQuestion)
    response = client.post(
        f"{add}?ct_id={tf_ct.pk}&quiz={quiz.pk}",
        {
            **common,
            "position": 1,
            "text": "Våld är alltid fysiskt.",
            "explanation": "Våld kan också vara psykiskt, sexuellt och ekonomiskt.",
            "correct": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from quizzes.models import OrderingQuestion

    ordering_ct = ContentType.objects.get_for_model(OrderingQuestion)
    response = client.post(
        f"{add}?ct_id={ordering_ct.pk}&quiz={quiz.pk}",
        {
            **common,
            "position": 2,
            "text": "Ordna stegen.",
            "explanation": "Först förbereder man sig.",
            "ordering_items-TOTAL_FORMS": 2,
            "ordering_items-INITIAL_FORMS": 0,
            "ordering_items-0-position": 0,
            "ordering_items-0-text": "Förbered",
            "ordering_items-1-position": 1,
            "ordering_items-1-text": "Fråga",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Question.objects.filter(quiz=quiz).count() == 3
    assert course_publish_problems(course=course) == []
    page = client.get(reverse("admin:quizzes_quiz_change", args=[quiz.pk])).content.decode()
    assert "Vad är digitalt våld?" in page and "Lägg till fråga" in page


def test_publish_refuses_a_question_without_correct_answer_or_explanation():
    course = CourseBuilder.build(modules=[["lesson", "quiz"]])
    quiz = Quiz.objects.get(module__course=course)
    single = SingleChoiceQuestion.objects.filter(quiz=quiz).get()
    Choice.objects.filter(question=single).update(is_correct=False)
    Question.objects.filter(pk=single.pk).update(explanation="")
    problems = [str(p) for p in course_publish_problems(course=course)]
    assert any("fråga 1" in p and "rätt svar" in p for p in problems), problems
    assert any("fråga 1" in p and "förklaring" in p for p in problems), problems


def test_answered_question_cannot_be_deleted_only_archived(client, trainer, learner):
    from courses.models import Step
    from courses.services import enrollment_start, step_complete
    from quizzes.models import Attempt
    from tests.quizzes.factories import attempt_post

    course = CourseBuilder.published(modules=[["lesson", "quiz"]])
    quiz = Quiz.objects.get(module__course=course)
    enrollment = enrollment_start(user=learner, course=course)
    step_complete(enrollment=enrollment, step=Step.objects.get(module__course=course, position=0))
    client.force_login(learner)
    quiz_open(client, quiz)
    attempt = Attempt.objects.get(enrollment=enrollment)
    client.post(
        reverse("quizzes:attempt-submit", kwargs={"attempt_id": attempt.pk}),
        attempt_post(attempt),
    )
    question = Question.objects.filter(quiz=quiz).first()
    assert question.responses.exists()

    client.force_login(trainer)
    real = question.get_real_instance_class()._meta
    response = client.post(
        reverse(f"admin:quizzes_{real.model_name}_delete", args=[question.pk]),
        {"post": "yes"},
        follow=True,
    )
    assert Question.objects.filter(pk=question.pk).exists()
    assert "kan inte tas bort" in response.content.decode()
    client.post(
        reverse("admin:quizzes_question_changelist"),
        {"action": "archive", "_selected_action": [question.pk]},
    )
    question.refresh_from_db()
    assert question.is_archived and question.responses.exists()
