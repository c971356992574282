"""The assessment-policy keys in the course file: read with safe defaults, written only when set."""

import pytest
import yaml

from courses.coursefile import course_export, course_import
from quizzes.models import Quiz, RevealAnswers
from tests.factories import CourseBuilder

pytestmark = pytest.mark.django_db

POLICY = {
    "final_test": True,
    "failures_before_wait": 3,
    "after_failures": "reread",
    "wait_hours": 48,
}


def _quiz_keys(course) -> dict:
    text, _media = course_export(course)
    data = yaml.safe_load(text)
    return data["modules"][0]["steps"][1]


def _import_copy(tmp_path, course, slug="kopia", **quiz_keys) -> Quiz:
    text, _media = course_export(course)
    data = yaml.safe_load(text)
    data["slug"] = slug
    quiz = data["modules"][0]["steps"][1]
    for key, value in quiz_keys.items():
        if value is None:
            quiz.pop(key, None)
        else:
            quiz[key] = value
    path = tmp_path / f"{slug}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return Quiz.objects.get(module__course=course_import(path=path))


def test_a_quiz_without_policy_settings_writes_no_policy_keys():
    course = CourseBuilder.published(modules=[["lesson", "quiz"]])
    assert not set(POLICY) & set(_quiz_keys(course))


def test_policy_settings_survive_export_and_import(tmp_path):
    course = CourseBuilder.published(modules=[["lesson", "quiz"]])
    Quiz.objects.filter(module__course=course).update(
        is_final=True,
        draw_count=2,
        reveal_answers=RevealAnswers.NEVER,
        failures_before_wait=3,
        after_failures="reread",
        wait_hours=48,
    )
    keys = _quiz_keys(course)
    assert {k: keys[k] for k in POLICY} == POLICY
    imported = _import_copy(tmp_path, course)
    assert imported.is_final and imported.reveal_answers == RevealAnswers.NEVER
    assert (imported.failures_before_wait, imported.after_failures, imported.wait_hours) == (
        3,
        "reread",
        48,
    )


def test_a_final_test_without_reveal_key_reveals_only_after_a_pass(tmp_path):
    course = CourseBuilder.published(modules=[["lesson", "quiz"]])
    imported = _import_copy(tmp_path, course, final_test=True, reveal_answers=None)
    assert imported.reveal_answers == RevealAnswers.AFTER_PASS
    ordinary = _import_copy(tmp_path, course, slug="kopia-2", reveal_answers=None)
    assert ordinary.reveal_answers == RevealAnswers.AFTER_EACH_ATTEMPT
