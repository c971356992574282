"""Drafts in the authoring area: the course page says which version is edited; create, publish
and discard a draft; the version history with its diff; only authors get there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import Course, CourseRevision, CourseVersion, TextBlock
from courses.revisions import draft_create, draft_get
from tests.factories import CourseBuilder, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return CourseBuilder.published(modules=[["lesson"]], slug="grund", title="Grundkurs")


def _change(course: Course) -> str:
    return reverse("admin:courses_course_change", args=[course.pk])


def test_the_published_course_page_offers_a_draft_and_the_draft_page_says_it_is_a_draft(
    client, trainer, course
):
    client.force_login(trainer)
    page = client.get(_change(course)).content.decode()
    assert "Du redigerar den publicerade versionen" in page and "Skapa utkast" in page

    response = client.post(reverse("admin:courses_course_draft_create", args=[course.pk]))
    draft = draft_get(course=course)
    assert response.status_code == 302 and response["Location"] == _change(draft)
    page = client.get(_change(draft)).content.decode()
    assert "Du redigerar ett utkast" in page
    assert "Publicera utkast" in page and "Kasta utkast" in page
    page = client.get(_change(course)).content.decode()
    assert "Redigera utkastet" in page and _change(draft) in page
    # The course list shows the course once, not its draft.
    listing = client.get(reverse("admin:courses_course_changelist")).content.decode()
    assert _change(course) in listing and _change(draft) not in listing


def test_creating_a_draft_needs_a_post(client, trainer, course):
    client.force_login(trainer)
    response = client.get(reverse("admin:courses_course_draft_create", args=[course.pk]))
    assert response.status_code == 405
    assert draft_get(course=course) is None


def test_publishing_the_draft_with_a_summary_from_the_admin(client, trainer, course):
    draft = draft_create(course=course)
    block = TextBlock.objects.filter(lesson__module__course=draft).first()
    block.body = "Ny lydelse efter lagändringen."
    block.save()
    client.force_login(trainer)
    url = reverse("admin:courses_course_draft_publish", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "Det här ändras" in page and "Ny lydelse efter lagändringen." in page

    response = client.post(url, {"summary": "Ny lydelse i lektion 1", "significant": "on"})

    assert response.status_code == 302 and response["Location"] == _change(course)
    course.refresh_from_db()
    assert course.version == 2
    record = CourseVersion.objects.get(course=course, version=2)
    assert record.published_by == trainer and record.significant
    assert record.summary == "Ny lydelse i lektion 1"
    history = client.get(reverse("admin:courses_course_history", args=[course.pk]))
    text = history.content.decode()
    assert history.status_code == 200
    assert "Version 2" in text and "Ny lydelse i lektion 1" in text
    assert "Ändrat:" in text and "Ny lydelse efter lagändringen." in text


def test_a_significant_change_without_summary_is_refused_and_nothing_is_published(
    client, trainer, course
):
    draft = draft_create(course=course)
    client.force_login(trainer)
    url = reverse("admin:courses_course_draft_publish", args=[draft.pk])
    response = client.post(url, {"summary": "", "significant": "on"})
    assert response.status_code == 400
    course.refresh_from_db()
    assert course.version == 1 and draft_get(course=course) == draft


def test_discarding_the_draft_from_the_admin(client, trainer, course):
    draft = draft_create(course=course)
    client.force_login(trainer)
    url = reverse("admin:courses_course_draft_discard", args=[draft.pk])
    assert client.get(url).status_code == 200
    assert Course.objects.filter(pk=draft.pk).exists()  # reading discards nothing
    response = client.post(url)
    assert response["Location"] == _change(course)
    assert not Course.objects.filter(pk=draft.pk).exists()


def test_draft_actions_on_the_wrong_kind_of_course_are_not_found(client, trainer, course):
    client.force_login(trainer)
    for name in ("courses_course_draft_publish", "courses_course_draft_discard"):
        assert client.post(reverse(f"admin:{name}", args=[course.pk])).status_code == 404
    draft = draft_create(course=course)
    url = reverse("admin:courses_course_draft_create", args=[draft.pk])
    assert client.post(url).status_code == 404
    assert Course.objects.filter(revision_kind=CourseRevision.DRAFT).count() == 1


@pytest.mark.parametrize("role", ["learner", "manager"])
def test_only_authors_reach_the_draft_and_history_pages(client, course, role):
    draft = draft_create(course=course)
    client.force_login(make_user(roles=[role], is_staff=True))
    urls = [
        reverse("admin:courses_course_history", args=[course.pk]),
        reverse("admin:courses_course_draft_publish", args=[draft.pk]),
        reverse("admin:courses_course_draft_discard", args=[draft.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code in (302, 403)
    assert client.post(urls[1], {"summary": "x"}).status_code in (302, 403)
    assert client.post(urls[2]).status_code in (302, 403)
    assert Course.objects.filter(pk=draft.pk).exists()
    course.refresh_from_db()
    assert course.version == 1
