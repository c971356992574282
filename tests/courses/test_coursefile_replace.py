"""Importing with --replace updates a course in place and keeps every learner record."""

from io import StringIO

import pytest
import yaml
from django.core.management import call_command

from courses.coursefile import CourseFileError, course_export_text, course_import
from courses.models import (
    ContentBlock,
    Course,
    Enrollment,
    Lesson,
    Module,
    ReflectionAnswer,
    ReflectionBlock,
    Step,
    StepProgress,
    TextBlock,
)
from tests.factories import CourseBuilder

pytestmark = pytest.mark.django_db


@pytest.fixture
def used(learner, now):
    """Published course, module 1: lessons 1.1, 1.2, 1.3; the learner completed 1.1 and 1.3."""
    course = CourseBuilder.published(modules=[["lesson", "lesson", "lesson"]], slug="ersatt")
    steps = list(Lesson.objects.filter(module__course=course).order_by("position"))
    enrollment = Enrollment.objects.create(user=learner, course=course)
    for step in (steps[0], steps[2]):
        StepProgress.objects.create(
            enrollment=enrollment,
            step=step,
            status="completed",
            first_visited_at=now,
            last_visited_at=now,
            completed_at=now,
        )
    ReflectionAnswer.objects.create(
        user=learner, block=ReflectionBlock.objects.get(lesson=steps[0]), text="Privat svar"
    )
    return course, steps


def _edited(course, edit) -> str:
    data = yaml.safe_load(course_export_text(course))
    edit(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_replace_keeps_progress_archives_used_and_deletes_unused(tmp_path, used, learner):
    course, (first, second, third) = used

    def edit(data):
        steps = data["modules"][0]["steps"]
        steps[0]["blocks"][0]["body"] = "Ny text i första lektionen."
        new = {
            "type": "lesson",
            "title": "Ny inledning",
            "estimated_minutes": 5,
            "required": True,
            "blocks": [{"type": "text", "body": "Välkommen."}],
        }
        # Insert a lesson first, drop 1.2 (unused) and 1.3 (completed by the learner).
        data["modules"][0]["steps"] = [new, steps[0]]

    path = tmp_path / "k.yaml"
    path.write_text(_edited(course, edit), encoding="utf-8")
    version_before = Course.objects.get(pk=course.pk).version
    call_command("import_course", str(path), "--replace", stdout=StringIO())

    course.refresh_from_db()
    assert course.status == "published" and course.version == version_before + 1
    # 1.1 matched by title, updated in place: same row, progress and answer kept.
    first.refresh_from_db()
    assert not first.is_archived and first.position == 1
    assert TextBlock.objects.filter(lesson=first, body="Ny text i första lektionen.").exists()
    assert StepProgress.objects.filter(step=first).exists()
    assert ReflectionAnswer.objects.filter(block__lesson=first, text="Privat svar").exists()
    # 1.2 had no learner records: deleted. 1.3 had: archived, progress kept.
    assert not Step.objects.filter(pk=second.pk).exists()
    third.refresh_from_db()
    assert third.is_archived and StepProgress.objects.filter(step=third).exists()
    visible = Step.objects.filter(module__course=course, is_archived=False).order_by("position")
    assert [s.title for s in visible] == ["Ny inledning", first.title]
    # Exporting again gives exactly the imported file's content (archived steps are not in it).
    again = yaml.safe_load(course_export_text(course))
    assert again == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_replace_archives_an_answered_block_that_disappears(tmp_path, used):
    course, (first, _second, _third) = used
    reflection = ReflectionBlock.objects.get(lesson=first)

    def edit(data):
        blocks = data["modules"][0]["steps"][0]["blocks"]
        data["modules"][0]["steps"][0]["blocks"] = [b for b in blocks if b["type"] != "reflection"]

    path = tmp_path / "k.yaml"
    path.write_text(_edited(course, edit), encoding="utf-8")
    course_import(path=path, replace=True)
    reflection.refresh_from_db()
    assert reflection.is_archived
    assert ReflectionAnswer.objects.filter(block=reflection).exists()
    assert not ContentBlock.objects.filter(lesson=first, is_archived=False, pk=reflection.pk)


def test_replace_with_an_invalid_file_changes_nothing(tmp_path, used):
    course, (first, _second, _third) = used

    def edit(data):
        data["modules"][0]["steps"][0]["title"] = "Ändrad titel"
        data["modules"][0]["steps"][1]["blocks"][0]["body"] = "<script>x</script>"

    path = tmp_path / "k.yaml"
    path.write_text(_edited(course, edit), encoding="utf-8")
    with pytest.raises(CourseFileError):
        course_import(path=path, replace=True)
    first.refresh_from_db()
    assert first.title != "Ändrad titel"


def test_replacing_a_published_course_with_one_that_fails_the_checks_writes_nothing(tmp_path, used):
    course, _steps = used

    def edit(data):
        data["modules"].append(
            {"title": "Tom modul", "steps": [{"type": "lesson", "title": "x", "blocks": []}]}
        )

    path = tmp_path / "k.yaml"
    path.write_text(_edited(course, edit), encoding="utf-8")
    with pytest.raises(CourseFileError) as error:
        course_import(path=path, replace=True)
    assert "inget innehåll" in str(error.value) or "blocks" in str(error.value)
    assert Module.objects.filter(course=course).count() == 1


def test_replacing_a_draft_keeps_it_a_draft(tmp_path):
    course = CourseBuilder.build(modules=[["lesson"]], slug="utkast")
    path = tmp_path / "k.yaml"
    path.write_text(_edited(course, lambda d: d.update(title="Ny titel")), encoding="utf-8")
    course_import(path=path, replace=True)
    course.refresh_from_db()
    assert course.title == "Ny titel" and course.status == "draft" and course.version == 1


def test_replace_keeps_answered_questions_and_their_option_keys(tmp_path, learner, client):
    from django.urls import reverse

    from courses.services import enrollment_start, step_complete
    from quizzes.models import Attempt, Choice, Question, Quiz, SingleChoiceQuestion
    from tests.quizzes.factories import attempt_post, quiz_open

    course = CourseBuilder.published(modules=[["lesson", "quiz"]], slug="quizersatt")
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
    single = SingleChoiceQuestion.objects.get(quiz=quiz)
    keys_before = list(Choice.objects.filter(question=single).values_list("pk", "key"))
    answered = Question.objects.filter(quiz=quiz).exclude(pk=single.pk).first()

    def edit(data):
        questions = data["modules"][0]["steps"][1]["questions"]
        questions[0]["explanation"] = "En bättre förklaring."
        data["modules"][0]["steps"][1]["questions"] = [
            q for q in questions if q["text"] != answered.text
        ]

    path = tmp_path / "k.yaml"
    path.write_text(_edited(course, edit), encoding="utf-8")
    course_import(path=path, replace=True)

    single.refresh_from_db()
    assert single.explanation == "En bättre förklaring."
    assert list(Choice.objects.filter(question=single).values_list("pk", "key")) == keys_before
    answered.refresh_from_db()
    assert answered.is_archived and answered.responses.exists()
    attempt.refresh_from_db()
    assert attempt.passed


def test_removing_an_option_of_an_answered_question_is_refused_with_its_place(
    tmp_path, learner, client
):
    from django.urls import reverse

    from courses.services import enrollment_start, step_complete
    from quizzes.models import Attempt, Choice, Quiz, SingleChoiceQuestion
    from tests.quizzes.factories import attempt_post, quiz_open

    course = CourseBuilder.published(modules=[["lesson", "quiz"]], slug="valersatt")
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
    single = SingleChoiceQuestion.objects.get(quiz=quiz)
    index = list(quiz.questions.order_by("position", "pk")).index(single)

    def edit(data):
        data["title"] = "Ändrad titel"
        data["modules"][0]["steps"][1]["questions"][index]["choices"].pop()

    path = tmp_path / "k.yaml"
    path.write_text(_edited(course, edit), encoding="utf-8")
    with pytest.raises(CourseFileError) as error:
        course_import(path=path, replace=True)
    [(where, message)] = error.value.errors
    assert where == f"$.modules[0].steps[1].questions[{index}].choices"
    assert "svarat" in message
    course.refresh_from_db()
    assert course.title != "Ändrad titel"
    assert Choice.objects.filter(question=single).count() == 3
