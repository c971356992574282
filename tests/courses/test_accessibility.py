"""The learner's pages pass axe-core (WCAG 2.1 A/AA) in headless Chromium."""

import pytest

from courses.models import Step
from tests.browser import assert_accessible, requires_chromium

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True)]


def test_learner_pages_have_no_axe_violations(page, login, learner, small_course):
    login(learner)
    assert_accessible(page, context="my courses")
    page.goto(small_course.get_absolute_url())
    assert_accessible(page, context="course start page with content note")
    page.click("button:has-text('Starta kursen')")
    assert_accessible(page, context="first lesson")
    steps = list(
        Step.objects.filter(module__course=small_course).order_by("module__position", "position")
    )
    page.goto(steps[-1].get_absolute_url())
    assert_accessible(page, context="locked step page")
    page.goto("/stod/")
    assert_accessible(page, context="support page")
    page.goto("/tillganglighet/")
    assert_accessible(page, context="accessibility statement")


def test_sign_in_page_has_no_axe_violations(page):
    page.goto("/accounts/login/")
    assert_accessible(page, context="sign-in page")
    page.goto("/accounts/losenord/")
    assert_accessible(page, context="password reset page")
