"""The preview pages (what a trainer checks before publishing) pass axe-core like learner pages."""

import pytest
from django.urls import reverse

from courses.models import Step
from tests.browser import assert_accessible, requires_chromium
from tests.factories import CourseBuilder

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True)]


def test_preview_pages_have_no_axe_violations(page, login, trainer):
    import tests.quizzes.factories  # noqa: F401 - registers the "quiz" step kind

    course = CourseBuilder.build(modules=[["lesson", "quiz"]])
    login(trainer)
    page.goto(reverse("courses:preview-course", args=[course.slug]))
    assert_accessible(page, context="course preview")
    for step in Step.objects.filter(module__course=course).order_by("position"):
        page.goto(reverse("courses:preview-step", args=[course.slug, step.pk]))
        assert page.locator(".preview-banner").count() == 1
        assert_accessible(page, context=f"preview of {step.title}")


def test_publish_page_lists_problems_accessibly(page, login, administrator):
    # An administrator: transaction=True flushes the groups' permissions between tests.
    course = CourseBuilder.build(modules=[["lesson"], []])
    login(administrator)
    page.goto(reverse("admin:courses_course_publish", args=[course.pk]))
    assert page.locator("ul.errorlist li").count() == 1
    assert_accessible(page, context="publish page with problems")
