"""Quick exit ("Lämna sidan snabbt"): on every page, first tab stop, and Back cannot return."""

import pytest

from courses.models import Step
from courses.services import enrollment_start
from tests.browser import requires_chromium

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True)]

NEUTRAL = "https://neutral.example/"


@pytest.fixture
def neutral_site(settings, page):
    """Point the quick exit at a stand-in neutral site; the browser never fetches it."""
    settings.LARSPAR_QUICK_EXIT_URL = NEUTRAL
    page.context.route(
        f"{NEUTRAL}**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Neutral</title><p>Sök"
        ),
    )
    return page


@pytest.fixture
def on_a_lesson(neutral_site, login, learner, small_course):
    """The learner on My courses, then on the first lesson (two history entries)."""
    enrollment_start(user=learner, course=small_course)
    lesson = Step.objects.filter(module__course=small_course).order_by(
        "module__position", "position"
    )[0]
    login(learner)
    neutral_site.goto(lesson.get_absolute_url())
    neutral_site.evaluate("sessionStorage.setItem('larspar-test', 'spår')")
    return neutral_site, lesson


def test_clicking_quick_exit_leaves_for_the_neutral_site_and_back_does_not_return(on_a_lesson):
    page, lesson = on_a_lesson
    page.click("text=Lämna sidan snabbt")
    page.wait_for_url(NEUTRAL)
    page.go_back()
    page.wait_for_load_state()
    assert lesson.get_absolute_url() not in page.url
    assert page.url.endswith("/")  # My courses, the page before the lesson


def test_escape_twice_leaves_and_clears_session_storage(on_a_lesson):
    page, lesson = on_a_lesson
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)
    page.go_back()
    page.wait_for_load_state()
    assert lesson.get_absolute_url() not in page.url
    assert page.evaluate("sessionStorage.getItem('larspar-test')") is None


def test_a_single_escape_does_not_leave(on_a_lesson):
    page, lesson = on_a_lesson
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.url.endswith(lesson.get_absolute_url())


def test_quick_exit_is_the_first_tab_stop_after_the_skip_link(neutral_site):
    page = neutral_site
    page.goto("/stod/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Lämna sidan snabbt"
    assert page.locator(".quick-exit").get_attribute("href") == NEUTRAL


@pytest.mark.parametrize("size", [{"width": 320, "height": 640}, {"width": 1280, "height": 800}])
def test_quick_exit_stays_in_view_and_uncovered_when_the_page_scrolls(neutral_site, size):
    page = neutral_site
    page.set_viewport_size(size)
    page.goto("/tillganglighet/")
    page.mouse.wheel(0, 2000)
    page.wait_for_function("window.scrollY > 0")
    box = page.locator(".quick-exit").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"]
    centre = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('.quick-exit') !== null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert centre


def test_without_javascript_quick_exit_is_a_plain_working_link(_browser, live_server, settings):
    settings.LARSPAR_QUICK_EXIT_URL = NEUTRAL
    context = _browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.route(
        f"{NEUTRAL}**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Neutral</title>"
        ),
    )
    page = context.new_page()
    try:
        page.goto("/stod/")
        page.click("text=Lämna sidan snabbt")
        page.wait_for_url(NEUTRAL)
        assert page.title() == "Neutral"
    finally:
        context.close()
