"""The authoring pages a trainer works in: help text, previews, ordering, adding by type."""

import pytest
from django.urls import reverse

from courses.models import ContentBlock, Lesson, Module, ReflectionBlock, TextBlock
from tests.factories import CourseBuilder

pytestmark = pytest.mark.django_db


def test_markdown_fields_explain_the_allowed_formatting(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"]])
    client.force_login(trainer)
    html = client.get(reverse("admin:courses_course_change", args=[course.pk])).content.decode()
    assert "Markdown. Tillåtet: **fet**, *kursiv*" in html
    block = TextBlock.objects.filter(lesson__module__course=course).first()
    html = client.get(reverse("admin:courses_textblock_change", args=[block.pk])).content.decode()
    assert "Annan HTML, bilder och skript tas inte emot" in html


def test_saved_markdown_is_shown_rendered(client, trainer):
    course = CourseBuilder.build(
        modules=[["lesson"]], summary="Om **våld** i [nära](https://example.org)."
    )
    client.force_login(trainer)
    html = client.get(reverse("admin:courses_course_change", args=[course.pk])).content.decode()
    assert "Om <strong>våld</strong> i" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">nära</a>' in html


def test_lesson_page_previews_each_block_as_learners_see_it(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"]])
    lesson = Lesson.objects.get(module__course=course)
    client.force_login(trainer)
    html = client.get(reverse("admin:courses_lesson_change", args=[lesson.pk])).content.decode()
    assert "Text <strong>0</strong>." in html  # TextBlock body "Text **0**." rendered
    assert 'class="case"' in html and 'class="sources"' in html
    assert reverse("courses:preview-step", args=[course.slug, lesson.pk]) in html
    assert reverse("admin:courses_contentblock_add") + f"?lesson={lesson.pk}" in html


def test_a_reflection_preview_has_no_form_inside_the_admin_form(client, trainer):
    """A <form> inside the admin's form is dropped by the browser, so the learner's
    "Spara svaret" would submit (save) the whole lesson form instead."""
    course = CourseBuilder.build(modules=[["lesson"]])
    lesson = Lesson.objects.get(module__course=course)
    ReflectionBlock.objects.create(lesson=lesson, position=50, prompt="Vad tänker du?")
    client.force_login(trainer)
    html = client.get(reverse("admin:courses_lesson_change", args=[lesson.pk])).content.decode()
    main_form = html[html.index('<form enctype="multipart/form-data"') :]
    main_form = main_form[: main_form.index("</form>")]
    assert "Vad tänker du?" in main_form  # the preview is there
    assert "<form" not in main_form[1:]
    assert "Spara svaret" not in main_form


def test_adding_a_block_starts_by_choosing_its_type(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"]])
    lesson = Lesson.objects.get(module__course=course)
    client.force_login(trainer)
    page = client.get(reverse("admin:courses_contentblock_add") + f"?lesson={lesson.pk}")
    html = page.content.decode()
    assert page.status_code == 200
    for kind in ("textblock", "bild", "video", "faktaruta", "reflektion", "nedladdning"):
        assert kind in html.lower(), kind


def test_blocks_and_modules_move_up_and_down(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"], ["lesson"], ["lesson"]])
    client.force_login(trainer)
    modules = list(Module.objects.filter(course=course).order_by("position"))
    client.post(
        reverse("admin:courses_module_changelist"),
        {"action": "move_down", "_selected_action": [modules[0].pk]},
    )
    assert list(
        Module.objects.filter(course=course).order_by("position").values_list("pk", flat=True)
    ) == [modules[1].pk, modules[0].pk, modules[2].pk]

    lesson = Lesson.objects.filter(module=modules[0]).get()
    blocks = list(ContentBlock.objects.filter(lesson=lesson).order_by("position", "pk"))
    client.post(
        reverse("admin:courses_contentblock_changelist"),
        {"action": "move_up", "_selected_action": [blocks[-1].pk]},
    )
    order = list(
        ContentBlock.objects.filter(lesson=lesson).order_by("position").values_list("pk", flat=True)
    )
    assert order == [b.pk for b in blocks[:-2]] + [blocks[-1].pk, blocks[-2].pk]
    # Moving the first one up changes nothing.
    client.post(
        reverse("admin:courses_contentblock_changelist"),
        {"action": "move_up", "_selected_action": [order[0]]},
    )
    assert (
        list(
            ContentBlock.objects.filter(lesson=lesson)
            .order_by("position")
            .values_list("pk", flat=True)
        )
        == order
    )
