"""A trainer previews any course as a learner sees it, and the preview writes nothing."""

import re

import pytest
from django.urls import reverse

from accounts.models import User
from courses.models import Enrollment, Lesson, ReflectionAnswer, StepProgress
from tests.factories import CourseBuilder

pytestmark = pytest.mark.django_db


def _counts():
    counts = [Enrollment.objects.count(), StepProgress.objects.count()]
    counts.append(ReflectionAnswer.objects.count())
    try:
        from quizzes.models import Attempt

        counts.append(Attempt.objects.count())
    except ImportError:
        pass
    try:
        from certificates.models import Certificate

        counts.append(Certificate.objects.count())
    except ImportError:
        pass
    return counts


@pytest.mark.parametrize("status", ["draft", "published", "archived"])
def test_trainer_previews_every_step_of_any_course_without_creating_records(
    client, trainer, status
):
    course = CourseBuilder.build(modules=[["lesson", "lesson"], ["lesson"]], status=status)
    client.force_login(trainer)
    before = _counts()
    page = client.get(reverse("courses:preview-course", args=[course.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Förhandsvisning" in html and course.title in html
    steps = Lesson.objects.filter(module__course=course).order_by("module__position", "position")
    for step in steps:
        response = client.get(reverse("courses:preview-step", args=[course.slug, step.pk]))
        assert response.status_code == 200
        body = response.content.decode()
        assert step.title in body and "Förhandsvisning" in body
        # Sequential gating is lifted: nothing is shown as locked.
        assert "state-locked" not in body
    assert _counts() == before


def test_preview_links_stay_in_the_preview_and_post_nowhere(client, trainer):
    course = CourseBuilder.build(modules=[["lesson", "lesson"]])
    first = Lesson.objects.filter(module__course=course).order_by("position").first()
    client.force_login(trainer)
    html = client.get(reverse("courses:preview-step", args=[course.slug, first.pk])).content
    html = html.decode()
    step_links = re.findall(r'href="(/kurser/[^"]*)"', html)
    assert step_links == [], step_links
    # No form in the step's content would record progress or answers.
    assert "step-complete" not in html and "/klart/" not in html and "/reflektion/" not in html
    assert 'method="post"' not in html.split('class="step-main"')[1].split("</article>")[0]


def test_learner_sees_the_same_content_as_the_preview(client, trainer, learner):
    course = CourseBuilder.published(modules=[["lesson"]])
    lesson = Lesson.objects.get(module__course=course)
    client.force_login(learner)
    client.post(reverse("courses:course-start", args=[course.slug]))
    learner_html = client.get(lesson.get_absolute_url()).content.decode()
    client.force_login(trainer)
    preview_html = client.get(
        reverse("courses:preview-step", args=[course.slug, lesson.pk])
    ).content.decode()
    for block in lesson.blocks.all():
        fragment = f'id="block-{block.pk}"'
        assert fragment in learner_html and fragment in preview_html
    prose = re.findall(r'<div class="prose">(.*?)</div>', learner_html, re.S)
    assert prose and prose == re.findall(r'<div class="prose">(.*?)</div>', preview_html, re.S)
    # The block wrappers match too, so the preview follows changes to the learner template.
    wrappers = re.findall(r'<div class="block[^"]*"[^>]*>', learner_html)
    assert wrappers and wrappers == re.findall(r'<div class="block[^"]*"[^>]*>', preview_html)


@pytest.mark.parametrize("role", ["learner", "manager"])
def test_learners_and_managers_cannot_preview(client, role):
    course = CourseBuilder.build(modules=[["lesson"]])
    lesson = Lesson.objects.get(module__course=course)
    user = User.objects.create_user(username=f"u-{role}", password="pw-test-123")
    from accounts.models import Role
    from accounts.services import user_role_grant

    user_role_grant(user=user, role=Role(role))
    client.force_login(user)
    assert client.get(reverse("courses:preview-course", args=[course.slug])).status_code == 403
    url = reverse("courses:preview-step", args=[course.slug, lesson.pk])
    assert client.get(url).status_code == 403


def test_anonymous_preview_goes_to_sign_in(client):
    course = CourseBuilder.build(modules=[["lesson"]])
    response = client.get(reverse("courses:preview-course", args=[course.slug]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_preview_of_a_step_from_another_course_is_404(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"]])
    other = CourseBuilder.build(modules=[["lesson"]])
    step = Lesson.objects.get(module__course=other)
    client.force_login(trainer)
    url = reverse("courses:preview-step", args=[course.slug, step.pk])
    assert client.get(url).status_code == 404


def test_preview_query_count_does_not_grow_with_the_course(client, trainer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = CourseBuilder.build(modules=[["lesson"]])
    large = CourseBuilder.build(modules=[["lesson"] * 4] * 5)
    client.force_login(trainer)
    counts = []
    for course in (small, large):
        lesson = Lesson.objects.filter(module__course=course).order_by("pk").first()
        url = reverse("courses:preview-step", args=[course.slug, lesson.pk])
        client.get(url)  # warm the session and content-type caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    # session, user with their roles (2); the trainer's verified two-factor device (1, django-otp's
    # middleware); course (1); modules (1); steps (1 + 1 per step type: 2);
    # blocks (1 + 1 per block type present: 6). The preview mode shows no reflection
    # answers, so it no longer reads the previewer's own (one query fewer than before).
    assert counts == [13, 13], counts
