"""The issue's acceptance walk-through, through the real pages.

The demo trainer signs in, creates a course with a module, two lessons and a
quiz of three question types, previews it, fixes what publishing complains
about, publishes it; the demo learner takes it; the course is exported,
imported into an empty database and exported again unchanged.
"""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from courses.models import Course, Enrollment, Lesson, Module, Step, StepProgress
from quizzes.models import (
    Attempt,
    MultipleChoiceQuestion,
    Quiz,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from tests.courses.admin_form import form_data as _form_data
from tests.factories import totp_code
from tests.quizzes.factories import attempt_post

pytestmark = pytest.mark.django_db


def _sign_in(client, username: str, password: str) -> None:
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, f"{username} could not sign in"
    # The demo trainer's second step: the code their app shows (the README's demo key).
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is not None:
        response = client.post(reverse("two-factor-verify"), {"code": totp_code(device)})
        assert response.status_code == 302, f"{username} could not pass the second step"


def _lesson(client, module, position: int, title: str, body: str) -> Lesson:
    ct = ContentType.objects.get_for_model(Lesson)
    response = client.post(
        reverse("admin:courses_step_add") + f"?ct_id={ct.pk}&module={module.pk}",
        {
            "module": module.pk,
            "position": position,
            "title": title,
            "estimated_minutes": 5,
            "required": "on",
            "blocks-TOTAL_FORMS": 0,
            "blocks-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    lesson = Lesson.objects.get(module=module, title=title)
    response = client.post(
        reverse("admin:courses_textblock_add") + f"?lesson={lesson.pk}",
        {"lesson": lesson.pk, "position": 0, "body": body},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    return lesson


def _question(client, quiz, model, position: int, fields: dict) -> None:
    ct = ContentType.objects.get_for_model(model)
    response = client.post(
        reverse("admin:quizzes_question_add") + f"?ct_id={ct.pk}&quiz={quiz.pk}",
        {"quiz": quiz.pk, "position": position, "points": 1, "scenario": "", **fields},
    )
    assert response.status_code == 302, response.content.decode()[:1500]


def test_trainer_builds_previews_fixes_and_publishes_learner_takes_it_file_round_trips(
    client, tmp_path
):
    call_command("load_demo", "--skip-courses", stdout=StringIO())
    _sign_in(client, "utbildare", "utbildare-demo-2026")

    # A new course with one module.
    response = client.post(
        reverse("admin:courses_course_add"),
        {
            "title": "Att fråga om våld",
            "slug": "att-fraga-om-vald",
            "summary": "En kort kurs om **att fråga**.",
            "language": "sv",
            "estimated_minutes": 15,
            "content_note": "Kursen handlar om våld.",
            "order": "sequential",
            "certificate_validity_months": 24,
            "modules-TOTAL_FORMS": 1,
            "modules-INITIAL_FORMS": 0,
            "modules-0-position": 0,
            "modules-0-title": "Grunder",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    course = Course.objects.get(slug="att-fraga-om-vald")
    module = Module.objects.get(course=course)

    # Two lessons and a quiz.
    _lesson(client, module, 0, "Varför fråga?", "Många berättar först när någon frågar.")
    _lesson(client, module, 1, "Hur fråga?", "Fråga i enrum, *rakt* och lugnt.")
    ct = ContentType.objects.get_for_model(Quiz)
    response = client.post(
        reverse("admin:courses_step_add") + f"?ct_id={ct.pk}&module={module.pk}",
        {
            "module": module.pk,
            "position": 2,
            "title": "Kunskapskontroll",
            "intro": "Tre frågor.",
            "estimated_minutes": 5,
            "required": "on",
            "pass_mark": 60,
            "shuffle_choices": "on",
            "reveal_answers": "after_each_attempt",
            "after_failures": "wait",
            "wait_hours": 24,
            "questions-TOTAL_FORMS": 0,
            "questions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    quiz = Quiz.objects.get(module=module)
    publish = reverse("admin:courses_course_publish", args=[course.pk])
    refused = client.post(publish)
    assert refused.status_code == 400 and "inga frågor" in refused.content.decode()
    choices = {"choices-TOTAL_FORMS": 2, "choices-INITIAL_FORMS": 0}
    _question(
        client,
        quiz,
        SingleChoiceQuestion,
        0,
        {
            **choices,
            "text": "Var ställer du frågan?",
            "explanation": "I enrum kan personen svara utan risk.",
            # The right answer is forgotten: publishing must say so.
            "choices-0-position": 0,
            "choices-0-text": "I enrum",
            "choices-1-position": 1,
            "choices-1-text": "Med partnern närvarande",
        },
    )
    _question(
        client,
        quiz,
        MultipleChoiceQuestion,
        1,
        {
            **choices,
            "scoring": "all_or_nothing",
            "text": "Vilka är former av våld?",
            "explanation": "Både psykiskt och ekonomiskt våld är våld.",
            "choices-0-position": 0,
            "choices-0-text": "Psykiskt",
            "choices-0-is_correct": "on",
            "choices-1-position": 1,
            "choices-1-text": "Ekonomiskt",
            "choices-1-is_correct": "on",
        },
    )
    _question(
        client,
        quiz,
        TrueFalseQuestion,
        2,
        {"text": "Man behöver misstänka våld för att fråga.", "explanation": "Nej.", "correct": ""},
    )

    # Preview as a learner: every step, nothing recorded.
    steps = list(Step.objects.filter(module=module).order_by("position"))
    assert client.get(reverse("courses:preview-course", args=[course.slug])).status_code == 200
    for step in steps:
        page = client.get(reverse("courses:preview-step", args=[course.slug, step.pk]))
        assert page.status_code == 200 and step.title in page.content.decode()
    assert not Enrollment.objects.exists() and not Attempt.objects.exists()

    # Publishing complains about the missing right answer; the trainer fixes it in the form.
    refused = client.post(publish)
    assert refused.status_code == 400 and "rätt svar" in refused.content.decode()
    question = SingleChoiceQuestion.objects.get(quiz=quiz)
    url = reverse("admin:quizzes_singlechoicequestion_change", args=[question.pk])
    form = _form_data(client.get(url))
    form["choices-0-is_correct"] = "on"
    assert client.post(url, form).status_code == 302
    assert client.post(publish).status_code == 302
    course.refresh_from_db()
    assert course.status == "published" and course.version == 1

    # The demo learner takes the course.
    client.logout()
    _sign_in(client, "deltagare", "deltagare-demo-2026")
    assert "Att fråga om våld" in client.get("/").content.decode()
    client.post(reverse("courses:course-start", args=[course.slug]))
    for lesson in steps[:2]:
        assert client.get(lesson.get_absolute_url()).status_code == 200
        client.post(reverse("courses:step-complete", args=[course.slug, lesson.pk]))
    assert client.get(quiz.get_absolute_url()).status_code == 200
    client.post(reverse("quizzes:attempt-start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz)
    response = client.post(
        reverse("quizzes:attempt-submit", kwargs={"attempt_id": attempt.pk}),
        attempt_post(attempt),
    )
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(course=course)
    enrollment.refresh_from_db()
    assert enrollment.is_completed
    assert StepProgress.objects.filter(enrollment=enrollment, status="completed").count() == 3

    # Export, import into an empty database, export again: unchanged.
    first = StringIO()
    call_command("export_course", course.slug, stdout=first)
    path = tmp_path / "kurs.yaml"
    path.write_text(first.getvalue(), encoding="utf-8")
    Attempt.objects.all().delete()
    Enrollment.objects.all().delete()
    Course.objects.all().delete()
    call_command("import_course", str(path), stdout=StringIO())
    second = StringIO()
    call_command("export_course", course.slug, stdout=second)
    assert second.getvalue() == first.getvalue()
    assert "type: quiz" in first.getvalue() and "type: true_false" in first.getvalue()
