"""Screenshots at 390×844 of the pages people meet most, kept as CI artifacts.

The start page, a lesson and a quiz result of a default course, and the
manager's dashboard, each as the first screen and as the whole page, in
`build/screenshots/` (or the folder named by LARSPAR_SCREENSHOTS). Each page
must fit the phone's width and show what it is for on the first screen.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from courses.models import Course, Step
from courses.services import enrollment_start, step_complete
from quizzes.models import Quiz
from quizzes.services import attempt_start, attempt_submit
from tests.a11y.vnu import ROOT
from tests.browser import requires_chromium
from tests.quizzes.factories import answers_for

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True), pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
FOLDER = Path(os.environ.get("LARSPAR_SCREENSHOTS") or ROOT / "build" / "screenshots")

IN_FIRST_SCREEN = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.bottom <= innerHeight;
}"""


def shoot(page, name: str, *, first_screen: str) -> None:
    """Save the first screen and the whole page; the page fits and `first_screen` is on it."""
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), name
    FOLDER.mkdir(parents=True, exist_ok=True)
    for suffix, full in (("", False), ("-full", True)):
        path = FOLDER / f"{name}-390x844{suffix}.png"
        page.screenshot(path=str(path), full_page=full)
        assert path.stat().st_size > 10_000
    assert page.evaluate(IN_FIRST_SCREEN, first_screen), f"{name}: {first_screen} below the fold"


@pytest.fixture
def default_course(db):
    call_command("load_default_courses", verbosity=0)
    return Course.objects.get(slug="vald-i-nara-relationer")


def test_learner_pages_at_390_px(page, login, learner, default_course):
    steps = list(
        Step.objects.filter(module__course=default_course).order_by("module__position", "position")
    )
    quiz = Quiz.objects.filter(module__course=default_course).order_by("module__position").first()
    enrollment = enrollment_start(user=learner, course=default_course)
    for step in steps[: steps.index(next(s for s in steps if s.pk == quiz.pk))]:
        step_complete(enrollment=enrollment, step=step)
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    with transaction.atomic():
        attempt_submit(attempt=attempt, answers=answers_for(attempt, wrong_from=3))

    page.set_viewport_size(PHONE)
    login(learner)
    page.goto("/")
    shoot(page, "start-page", first_screen=".card .button")
    page.goto(steps[0].get_absolute_url())
    shoot(page, "lesson", first_screen="h1")
    page.goto(attempt.get_absolute_url())
    shoot(page, "quiz-result", first_screen=".result-verdict")


def test_the_manager_dashboard_at_390_px(page, login, org):
    page.set_viewport_size(PHONE)
    login(org.manager)
    page.goto("/uppfoljning/")
    shoot(page, "dashboard", first_screen=".report-course h2")
