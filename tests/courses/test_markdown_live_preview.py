"""The live Markdown preview: authors only, rendered by the learner pages' sanitising renderer."""

import re

import pytest
from django.urls import reverse

from courses.models import Lesson, TextBlock
from tests.factories import CourseBuilder, make_user

pytestmark = pytest.mark.django_db

URL = reverse("courses:markdown-preview")


def _preview(client, text: str):
    return client.post(URL, {"text": text})


def test_a_trainer_gets_the_text_rendered_as_learners_will_see_it(client, trainer):
    client.force_login(trainer)
    response = _preview(client, "## Skydd\n\nBarnet har **rätt** till [stöd](https://example.org).")
    assert response.status_code == 200
    html = response.json()["html"]
    assert "<h2>Skydd</h2>" in html
    assert "<strong>rätt</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">stöd</a>' in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>Hej",
        "[klicka](javascript:alert(1))",
        '<a href="javascript:alert(1)">klicka</a>',
        '<img src="x" onerror="alert(1)">',
        '<p onclick="alert(1)">Hej</p>',
        "<iframe src='https://example.org'></iframe>",
    ],
)
def test_scripts_and_javascript_links_never_come_back(client, trainer, text):
    client.force_login(trainer)
    html = _preview(client, text).json()["html"].lower()
    assert "<script" not in html
    # A refused link may stay as plain text; it must never be a link.
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", html)
    assert "onerror" not in html and "onclick" not in html
    assert "<iframe" not in html and "<img" not in html


def test_learners_and_managers_are_refused(client):
    for roles in (["learner"], ["manager"]):
        client.force_login(make_user(roles=roles, is_staff=True))
        assert _preview(client, "**Hej**").status_code == 403


def test_signed_out_callers_are_refused_not_redirected(client):
    assert _preview(client, "**Hej**").status_code == 403


def test_only_post_is_answered(client, trainer):
    client.force_login(trainer)
    assert client.get(URL, {"text": "Hej"}).status_code == 405


def test_an_overlong_text_is_refused_with_a_reason(client, trainer):
    client.force_login(trainer)
    response = _preview(client, "x" * 50_001)
    assert response.status_code == 400
    assert "för lång" in response.json()["error"]


def test_the_preview_writes_nothing(client, trainer, django_assert_max_num_queries):
    client.force_login(trainer)
    before = TextBlock.objects.count()
    # Session, user and role look-ups only; no writes.
    with django_assert_max_num_queries(6):
        _preview(client, "Text")
    assert TextBlock.objects.count() == before


def test_text_fields_announce_the_live_preview_to_the_script(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"]])
    lesson = Lesson.objects.get(module__course=course)
    client.force_login(trainer)
    html = client.get(reverse("admin:courses_lesson_change", args=[lesson.pk])).content.decode()
    assert f'data-markdown-preview="{URL}"' in html
    assert "js/markdown-preview" in html
    # Without JavaScript the saved preview is still on the page.
    assert "Förhandsgranskning (sparad)" in html
