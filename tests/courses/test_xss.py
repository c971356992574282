"""No authored text can put active markup on a learner page (render-time and save-time)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from common.html import markdown_problems
from courses.models import (
    CaseBlock,
    Course,
    DownloadBlock,
    FactBlock,
    ImageBlock,
    Lesson,
    Module,
    ReflectionBlock,
    SourcesBlock,
    TextBlock,
    VideoBlock,
)
from tests.courses.xss_payloads import PAYLOADS, active_markup
from tests.factories import CourseBuilder

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nHej\n"


def test_the_list_is_long_enough_and_the_checker_catches_raw_payloads():
    assert len(PAYLOADS) >= 30
    raw_caught = [p for p in PAYLOADS if active_markup(p)]
    # The checker itself must see most raw payloads as active, or it checks nothing.
    assert len(raw_caught) >= 30


def course_with_every_field(payload: str) -> Course:
    """A published course whose every authored field (text and Markdown) holds `payload`."""
    course = Course.objects.create(
        slug="xss",
        title=payload,
        summary=payload,
        audience=payload,
        content_note=payload,
        status="published",
        version=1,
    )
    module = Module.objects.create(course=course, position=0, title=payload, summary=payload)
    lesson = Lesson.objects.create(module=module, position=0, title=payload)
    blocks = [
        TextBlock(body=payload),
        CaseBlock(title=payload, body=payload),
        FactBlock(title=payload, body=payload),
        ReflectionBlock(prompt=payload),
        ImageBlock(image=ContentFile(PNG, name="a.png"), alt=payload, caption=payload),
        VideoBlock(
            title=payload,
            url=payload if ":" in payload else "javascript:alert(1)",
            captions=ContentFile(VTT, name="c.vtt"),
            transcript=payload,
        ),
        VideoBlock(
            title=payload,
            video_file=ContentFile(b"\x1a\x45\xdf\xa3" + b"\x00" * 32, name="v.webm"),
            captions=ContentFile(VTT, name="c.vtt"),
        ),
        DownloadBlock(
            title=payload, file=ContentFile(b"%PDF-1.4", name="d.pdf"), description=payload
        ),
        SourcesBlock(items=f"{payload}\nSocialstyrelsen {payload}"),
    ]
    for position, block in enumerate(blocks):
        block.lesson = lesson
        block.position = position
        block.save()
    Lesson.objects.create(module=module, position=1, title=payload)
    return course


def _learner_pages(client, course) -> dict[str, str]:
    lesson = Lesson.objects.filter(module__course=course).order_by("position").first()
    pages = {"my courses": client.get("/"), "course": client.get(course.get_absolute_url())}
    client.post(reverse("courses:course-start", args=[course.slug]))
    pages["lesson"] = client.get(lesson.get_absolute_url())
    following = Lesson.objects.filter(module__course=course, position=1).get()
    pages["locked step"] = client.get(following.get_absolute_url())
    for name, response in pages.items():
        assert response.status_code in (200, 403), (name, response.status_code)
    return {name: response.content.decode() for name, response in pages.items()}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_every_field_renders_inert_on_learner_pages(client, learner, trainer, payload):
    course = course_with_every_field(payload)
    client.force_login(learner)
    pages = _learner_pages(client, course)
    # Every block of the lesson is on the page (9 blocks), so every field was rendered.
    assert pages["lesson"].count('<div class="block') == 9
    client.force_login(trainer)
    lesson = Lesson.objects.filter(module__course=course, position=0).get()
    pages["preview course"] = client.get(
        reverse("courses:preview-course", args=[course.slug])
    ).content.decode()
    pages["preview lesson"] = client.get(
        reverse("courses:preview-step", args=[course.slug, lesson.pk])
    ).content.decode()
    for name, html in pages.items():
        assert active_markup(html) == [], (name, payload)


MARKDOWN_FORMS = [
    ("textblock", lambda lesson: {"lesson": lesson.pk, "position": 0}, "body"),
    ("caseblock", lambda lesson: {"lesson": lesson.pk, "position": 0, "title": "Fall"}, "body"),
    (
        "factblock",
        lambda lesson: {"lesson": lesson.pk, "position": 0, "title": "F", "variant": "fact"},
        "body",
    ),
    ("reflectionblock", lambda lesson: {"lesson": lesson.pk, "position": 0}, "prompt"),
    ("sourcesblock", lambda lesson: {"lesson": lesson.pk, "position": 0}, "items"),
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_admin_forms_refuse_markup_or_store_only_inert_text(client, trainer, payload):
    course = CourseBuilder.build(modules=[["lesson"]])
    lesson = Lesson.objects.get(module__course=course)
    client.force_login(trainer)
    must_refuse = bool(markdown_problems(payload))
    for model_name, base, field in MARKDOWN_FORMS:
        response = client.post(
            reverse(f"admin:courses_{model_name}_add") + f"?lesson={lesson.pk}",
            {**base(lesson), field: payload},
        )
        saved = response.status_code == 302
        if must_refuse:
            assert not saved, (model_name, payload)
            assert "inte är tillåten" in response.content.decode()
        block = lesson.blocks.order_by("-pk").first()
        if saved:
            from common.html import render_markdown

            assert active_markup(render_markdown(getattr(block, field))) == []


def test_most_payloads_are_refused_at_save_time():
    # The rest (e.g. an unclosed "<img … //") are not HTML to Markdown at all and show as text.
    refused = [p for p in PAYLOADS if markdown_problems(p)]
    assert len(refused) >= 30


@pytest.mark.parametrize("payload", PAYLOADS)
def test_course_form_refuses_markup_in_summary_and_content_note(client, trainer, payload):
    client.force_login(trainer)
    response = client.post(
        reverse("admin:courses_course_add"),
        {
            "title": "Titel",
            "slug": "titel",
            "summary": payload,
            "content_note": payload,
            "language": "sv",
            "estimated_minutes": 1,
            "order": "sequential",
            "modules-TOTAL_FORMS": 0,
            "modules-INITIAL_FORMS": 0,
        },
    )
    if markdown_problems(payload):
        assert response.status_code == 200 and not Course.objects.exists()
    else:
        assert response.status_code == 302
        course = Course.objects.get()
        client.get(reverse("admin:courses_course_change", args=[course.pk]))
