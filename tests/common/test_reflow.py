"""Pages reflow on phones (WCAG 1.4.10): no sideways scrolling at 320 and 390 px, no axe violations.

Screenshots at 320×640, 390×844 and 1280×800 go to the folder named by the
environment variable LARSPAR_SCREENSHOTS when it is set (kept as CI artifacts).
"""

import os
from pathlib import Path

import pytest
from django.db import transaction

from certificates.models import Certificate
from courses.models import SourcesBlock, Step, TextBlock
from courses.services import enrollment_start, step_complete
from tests.browser import assert_accessible, requires_chromium
from tests.factories import CourseBuilder

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True)]

PHONES = [(320, 640), (390, 844)]
DESKTOP = (1280, 800)
# Long words and addresses that once widened pages: a compound word in a
# heading and an unbroken source URL.
LONG_WORD = "Riskbedömningsinstrumentsanvändningsförutsättningar"
LONG_URL = (
    "https://www.socialstyrelsen.se/kunskapsstod-och-regler/omraden/vald-och-brott/"
    "vald-i-nara-relationer/metoder-och-verktyg/freda-standardiserade-bedomningsmetoder/"
)


def assert_reflows(page, name: str) -> None:
    """At each phone width the page is no wider than the screen; screenshots on request."""
    for width, height in [*PHONES, DESKTOP]:
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        page.wait_for_load_state()
        folder = os.environ.get("LARSPAR_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}-{width}x{height}.png"), full_page=True)
        if (width, height) == DESKTOP:
            continue
        scroll_width, client_width, too_wide = page.evaluate(
            """() => {
                const root = document.documentElement, limit = root.clientWidth;
                const wide = [...document.body.querySelectorAll('*')]
                    .filter(el => el.getBoundingClientRect().right > limit + 1)
                    .slice(0, 5)
                    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
                return [root.scrollWidth, limit, wide];
            }"""
        )
        assert scroll_width <= client_width, (
            f"{name} at {width} px is {scroll_width} px wide; widest: {too_wide}"
        )
    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page, context=f"{name} at 320 px")


@pytest.fixture
def course_with_long_words(db):
    """A lesson with a long compound heading and an unbroken URL, then a quiz of every type."""
    course = CourseBuilder.published(modules=[["lesson", "quiz"]])
    lesson = Step.objects.get(module__course=course, position=0)
    TextBlock.objects.create(
        lesson=lesson, position=50, body=f"## {LONG_WORD}\n\nLäs mer: [{LONG_URL}]({LONG_URL})"
    )
    SourcesBlock.objects.filter(lesson=lesson).update(items=f"Socialstyrelsen. {LONG_URL}")
    return course


@pytest.fixture
def enrolled(learner, course_with_long_words):
    enrollment = enrollment_start(user=learner, course=course_with_long_words)
    lesson, quiz = Step.objects.filter(module__course=course_with_long_words).order_by("position")
    return enrollment, lesson, quiz


def test_my_courses_reflows(page, login, learner, enrolled):
    login(learner)
    assert_reflows(page, "my-courses")


def test_a_lesson_with_long_words_and_urls_reflows(page, login, learner, enrolled):
    _, lesson, _ = enrolled
    login(learner)
    page.goto(lesson.get_absolute_url())
    assert page.get_by_role("heading", name=LONG_WORD, level=2).is_visible()
    assert_reflows(page, "lesson")


def test_a_quiz_reflows(page, login, learner, enrolled):
    enrollment, lesson, quiz = enrolled
    step_complete(enrollment=enrollment, step=lesson)
    login(learner)
    page.goto(quiz.get_absolute_url())
    assert_reflows(page, "quiz-start")
    page.get_by_role("button", name="Starta försöket").click()
    page.wait_for_load_state()
    assert page.locator("fieldset").count() >= 1
    assert_reflows(page, "quiz")


def test_the_certificate_list_and_the_verification_page_reflow(page, login, learner):
    course = CourseBuilder.published(modules=[["lesson"]], title=f"Kurs om {LONG_WORD}")
    enrollment = enrollment_start(user=learner, course=course)
    with transaction.atomic():
        step_complete(enrollment=enrollment, step=Step.objects.get(module__course=course))
    certificate = Certificate.objects.get(user=learner, course=course)
    login(learner)
    page.goto("/certifikat/")
    assert_reflows(page, "certificate-list")
    page.goto(certificate.get_absolute_url())
    assert_reflows(page, "verify-detail")


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/stod/", "support"),
        ("/tillganglighet/", "accessibility"),
        ("/accounts/login/", "sign-in"),
        ("/verify/", "verify-form"),
        ("/finns-inte/", "not-found"),
    ],
)
def test_public_pages_reflow(page, path, name):
    page.goto(path)
    assert_reflows(page, name)


def test_a_lesson_in_dark_mode_has_no_axe_violations(page, login, learner, enrolled):
    """The dark palette keeps the contrast axe checks (text 4.5:1) on a lesson with every block."""
    _, lesson, _ = enrolled
    page.emulate_media(color_scheme="dark")
    login(learner)
    page.goto(lesson.get_absolute_url())
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(18, 20, 23)"
    assert_accessible(page, context="lesson in dark mode")
