"""Quizzes and every question type in the course file: export, import, validation with paths."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from courses.coursefile import CourseFileError, course_export, course_import, course_read
from quizzes.models import (
    MatchingQuestion,
    MultipleChoiceQuestion,
    OrderingQuestion,
    Question,
    Quiz,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from tests.factories import CourseBuilder

pytestmark = pytest.mark.django_db

DEFAULT_COURSES = sorted((Path(settings.BASE_DIR) / "fixtures" / "courses").glob("*.yaml"))


def question_summary(quiz: Quiz) -> list:
    out = []
    for q in Question.objects.filter(quiz=quiz).order_by("position"):
        options = [
            (getattr(o, "text", ""), getattr(o, "is_correct", None), getattr(o, "feedback", ""))
            if not hasattr(o, "prompt")
            else (o.prompt, o.match)
            for o in q.options
        ]
        out.append(
            (type(q).__name__, q.scenario, q.text, q.explanation, q.points, options)
            + ((q.scoring,) if isinstance(q, MultipleChoiceQuestion) else ())
            + ((q.correct,) if isinstance(q, TrueFalseQuestion) else ())
        )
    return out


def test_a_quiz_with_every_question_type_survives_export_and_import(tmp_path):
    course = CourseBuilder.published(modules=[["lesson", "quiz"]])
    quiz = Quiz.objects.get(module__course=course)
    quiz.max_attempts = 3
    quiz.draw_count = 4
    quiz.shuffle_questions = True
    quiz.reveal_answers = "after_pass"
    quiz.pass_mark = 70
    quiz.save()
    text, _media = course_export(course)
    data = yaml.safe_load(text)
    data["slug"] = "kopia"
    path = tmp_path / "kurs.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    copy = course_import(path=path)
    imported = Quiz.objects.get(module__course=copy)
    for field in (
        "title",
        "intro",
        "pass_mark",
        "max_attempts",
        "draw_count",
        "shuffle_questions",
        "shuffle_choices",
        "reveal_answers",
        "estimated_minutes",
        "required",
    ):
        assert getattr(imported, field) == getattr(quiz, field), field
    assert question_summary(imported) == question_summary(quiz)
    assert {type(q) for q in imported.questions.all()} == {
        SingleChoiceQuestion,
        MultipleChoiceQuestion,
        TrueFalseQuestion,
        OrderingQuestion,
        MatchingQuestion,
    }


QUIZ = {
    "type": "quiz",
    "title": "Kontroll",
    "pass_mark": 80,
    "questions": [],
}


def course_file(tmp_path, questions, **quiz_settings) -> Path:
    data = {
        "format": "larspar.course/1",
        "slug": "test",
        "title": "Test",
        "order": "sequential",
        "modules": [
            {
                "title": "M",
                "steps": [
                    {"type": "lesson", "title": "L", "blocks": [{"type": "text", "body": "x"}]},
                    {**QUIZ, **quiz_settings, "questions": questions},
                ],
            }
        ],
    }
    path = tmp_path / "kurs.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def errors_of(path) -> dict:
    with pytest.raises(CourseFileError) as raised:
        course_read(path)
    return dict(raised.value.errors)


Q = "$.modules[0].steps[1]"


def single(**fields):
    return {
        "type": "single_choice",
        "text": "Fråga?",
        "explanation": "Därför.",
        "choices": [{"text": "A", "correct": True}, {"text": "B", "correct": False}],
        **fields,
    }


def test_single_choice_needs_exactly_one_correct_choice(tmp_path):
    two = single(choices=[{"text": "A", "correct": True}, {"text": "B", "correct": True}])
    errors = errors_of(course_file(tmp_path, [single(), two]))
    assert errors == {f"{Q}.questions[1].choices": "exakt ett svarsalternativ ska vara rätt"}


def test_multiple_choice_needs_a_correct_choice_and_a_known_scoring(tmp_path):
    question = {
        "type": "multiple_choice",
        "text": "?",
        "explanation": "!",
        "scoring": "some",
        "choices": [{"text": "A"}, {"text": "B"}],
    }
    errors = errors_of(course_file(tmp_path, [question]))
    assert f"{Q}.questions[0].choices" in errors
    assert f"{Q}.questions[0].scoring" in errors


def test_ordering_and_matching_rules(tmp_path):
    ordering = {"type": "ordering", "text": "?", "explanation": "!", "items": ["bara en"]}
    matching = {
        "type": "matching",
        "text": "?",
        "explanation": "!",
        "pairs": [{"prompt": "a", "match": "x"}, {"prompt": "a", "match": "y"}],
    }
    errors = errors_of(course_file(tmp_path, [ordering, matching]))
    assert errors[f"{Q}.questions[0].items"] == "minst två steg att ordna"
    assert f"{Q}.questions[1].pairs" in errors


def test_unknown_type_missing_keys_and_bad_settings_are_reported_with_paths(tmp_path):
    questions = [
        {"type": "essay", "text": "?"},
        {"type": "true_false", "text": "?"},
        single(text="<script>alert(1)</script>"),
    ]
    errors = errors_of(course_file(tmp_path, questions, pass_mark=0, draw_count=9))
    assert f"{Q}.questions[0].type" in errors
    assert errors[f"{Q}.questions[1].correct"] == "saknas"
    assert errors[f"{Q}.questions[1].explanation"] == "saknas"
    assert "otillåten markering" in errors[f"{Q}.questions[2].text"]
    assert f"{Q}.pass_mark" in errors
    assert f"{Q}.draw_count" in errors


def test_a_quiz_needs_questions(tmp_path):
    assert errors_of(course_file(tmp_path, [])) == {f"{Q}.questions": "får inte vara tom"}


@pytest.mark.parametrize("path", DEFAULT_COURSES, ids=[p.stem for p in DEFAULT_COURSES])
def test_default_courses_import_with_their_quizzes(path):
    course = course_import(path=path)
    quizzes = Quiz.objects.filter(module__course=course)
    assert quizzes.exists()
    for quiz in quizzes:
        assert quiz.questions.exists()
        for question in quiz.questions.all():
            assert question.explanation.strip()


@pytest.mark.slow
@pytest.mark.parametrize("path", DEFAULT_COURSES, ids=[p.stem for p in DEFAULT_COURSES])
def test_every_quiz_of_the_default_courses_renders_and_can_be_passed(path, client, trainer):
    from django.urls import reverse

    from quizzes.selectors import question_options_load
    from tests.quizzes.factories import post_for, right_answer

    course = course_import(path=path)
    client.force_login(trainer)
    for quiz in Quiz.objects.filter(module__course=course):
        page = client.get(reverse("quizzes:preview", args=[quiz.pk]))
        assert page.status_code == 200
        questions = question_options_load(quiz.questions.filter(is_archived=False))
        data = post_for(questions, {q.pk: right_answer(q) for q in questions})
        data["preview_question"] = [str(q.pk) for q in questions]
        result = client.post(reverse("quizzes:preview-submit", args=[quiz.pk]), data)
        assert "100 % rätt" in result.content.decode(), quiz.title
