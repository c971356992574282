"""Reuse: copies of a course, a module or a step are complete and independent of the original."""

from __future__ import annotations

import pytest
import yaml
from django.core.files.base import ContentFile

from courses.coursefile import course_export_text
from courses.models import (
    ContentBlock,
    Course,
    CourseStatus,
    DownloadBlock,
    Enrollment,
    ImageBlock,
    Lesson,
    Module,
    Step,
    TextBlock,
    VideoBlock,
)
from courses.publishing import course_publish
from courses.reuse import course_duplicate, module_duplicate, step_duplicate
from quizzes.models import Choice, MatchingPair, OrderingItem, Question, Quiz
from tests.factories import CourseBuilder, make_user

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHej\n"
PDF = b"%PDF-1.4\n" + b"%" * 200


def full_course(**fields) -> Course:
    """Lessons with every block type (media included) and a quiz with every question type."""
    course = CourseBuilder.published(modules=[["lesson", "quiz"], ["lesson:optional"]], **fields)
    lesson = Lesson.objects.filter(module__course=course).order_by("module__position").first()
    ImageBlock.objects.create(
        lesson=lesson, position=10, image=ContentFile(PNG, name="bild.png"), alt="En bild"
    )
    VideoBlock.objects.create(
        lesson=lesson,
        position=11,
        title="Film",
        url="https://example.org/film.mp4",
        captions=ContentFile(VTT, name="film.vtt"),
    )
    DownloadBlock.objects.create(
        lesson=lesson, position=12, title="Checklista", file=ContentFile(PDF, name="lista.pdf")
    )
    return course


def _file_without_identity(course: Course) -> dict:
    data = yaml.safe_load(course_export_text(course))
    del data["slug"], data["title"]
    return data


def _rows(course: Course) -> dict[str, set[int]]:
    return {
        "modules": set(Module.objects.filter(course=course).values_list("pk", flat=True)),
        "steps": set(Step.objects.filter(module__course=course).values_list("pk", flat=True)),
        "blocks": set(
            ContentBlock.objects.filter(lesson__module__course=course).values_list("pk", flat=True)
        ),
        "questions": set(
            Question.objects.filter(quiz__module__course=course).values_list("pk", flat=True)
        ),
        "options": {
            (model.__name__, pk)
            for model in (Choice, OrderingItem, MatchingPair)
            for pk in model.objects.filter(question__quiz__module__course=course).values_list(
                "pk", flat=True
            )
        },
    }


def test_course_copy_is_a_new_draft_whose_course_file_equals_the_original():
    original = full_course(slug="grundkurs", title="Grundkurs")
    copy = course_duplicate(course=original)
    assert (copy.slug, copy.title) == ("grundkurs-kopia", "Grundkurs (kopia)")
    assert (copy.status, copy.version) == (CourseStatus.DRAFT, 0)
    # Every module, step, block, question and option, with the same content and media.
    assert _file_without_identity(copy) == _file_without_identity(original)
    mine, theirs = _rows(copy), _rows(original)
    for kind in mine:
        assert len(mine[kind]) == len(theirs[kind]) > 0, kind
        assert not mine[kind] & theirs[kind], kind


def test_course_copy_has_its_own_media_files_and_no_learner_records():
    original = full_course()
    Enrollment.objects.create(user=make_user(), course=original)
    copy = course_duplicate(course=original)
    copied = ImageBlock.objects.get(lesson__module__course=copy)
    source = ImageBlock.objects.get(lesson__module__course=original)
    assert copied.image.name != source.image.name
    copied.image.delete(save=False)  # removing the copy's file leaves the original's
    assert source.image.read() == PNG
    assert not Enrollment.objects.filter(course=copy).exists()
    assert not copy.versions.exists()


def test_editing_the_copy_leaves_the_original_unchanged():
    original = full_course()
    before = course_export_text(original)
    copy = course_duplicate(course=original)
    TextBlock.objects.filter(lesson__module__course=copy).update(body="Ändrad text")
    Choice.objects.filter(question__quiz__module__course=copy).update(text="Ändrat svar")
    Step.objects.filter(module__course=copy).update(title="Ändrat steg")
    Module.objects.filter(course=copy, position=1).delete()
    copy.summary = "Ny sammanfattning"
    copy.save()
    original.refresh_from_db()
    assert course_export_text(original) == before


def test_the_copy_publishes():
    copy = course_duplicate(course=full_course())
    published = course_publish(course=copy)
    assert (published.status, published.version) == (CourseStatus.PUBLISHED, 1)


def test_each_further_copy_gets_the_next_free_slug():
    original = full_course(slug="kurs")
    assert course_duplicate(course=original).slug == "kurs-kopia"
    assert course_duplicate(course=original).slug == "kurs-kopia-2"


def test_a_long_slug_and_title_stay_within_their_columns():
    original = CourseBuilder.build(modules=[["lesson"]], slug="s" * 100, title="T" * 200)
    copy = course_duplicate(course=original)
    assert len(copy.slug) == 100 and copy.slug.endswith("-kopia")
    assert len(copy.title) == 200 and copy.title.endswith(" (kopia)")


def test_module_copy_within_its_course_is_appended_with_a_marked_title():
    course = full_course()
    module = Module.objects.get(course=course, position=0)
    copy = module_duplicate(module=module)
    assert copy.course == course and copy.title == f"{module.title} (kopia)"
    assert copy.position == 2
    assert [s.title for s in copy.steps.order_by("position")] == [
        s.title for s in module.steps.order_by("position")
    ]
    assert Quiz.objects.get(module=copy).question_pool()


def test_module_copy_into_another_course_keeps_its_title_and_the_source_course_unchanged():
    source = full_course()
    before = course_export_text(source)
    target = CourseBuilder.build(modules=[["lesson"]])
    module = Module.objects.get(course=source, position=0)
    copy = module_duplicate(module=module, course=target)
    assert copy.course == target and copy.title == module.title and copy.position == 1
    source_data = yaml.safe_load(before)["modules"][0]
    assert yaml.safe_load(course_export_text(target))["modules"][1] == source_data
    assert course_export_text(source) == before


def test_lesson_copy_is_appended_to_its_module_with_its_blocks():
    course = full_course()
    lesson = Lesson.objects.filter(module__course=course).order_by("module__position").first()
    copy = step_duplicate(step=lesson)
    assert isinstance(copy, Lesson) and copy.module_id == lesson.module_id
    assert copy.title == f"{lesson.title} (kopia)"
    assert copy.position == 2
    assert ContentBlock.objects.filter(lesson=copy).count() == (
        ContentBlock.objects.filter(lesson=lesson).count()
    )


def test_quiz_copy_has_its_own_questions_and_option_keys():
    course = full_course()
    quiz = Quiz.objects.get(module__course=course)
    copy = step_duplicate(step=Step.objects.non_polymorphic().get(pk=quiz.pk))
    assert isinstance(copy, Quiz) and copy.pass_mark == quiz.pass_mark
    original_keys = set(Choice.objects.filter(question__quiz=quiz).values_list("key", flat=True))
    copy_keys = set(Choice.objects.filter(question__quiz=copy).values_list("key", flat=True))
    assert len(copy_keys) == len(original_keys) and not copy_keys & original_keys
    assert Question.objects.filter(quiz=copy).count() == Question.objects.filter(quiz=quiz).count()
