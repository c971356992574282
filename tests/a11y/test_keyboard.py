"""The whole learner path with the keyboard alone: Tab, Shift+Tab, Enter and Space, no clicks.

Sign in, start page, course, two lessons, a quiz answered and sent in,
its result, the completed course. Every element that takes focus on the
way must show it (the focus ring: an outline of at least 2 px or a box
shadow) and be on screen.
"""

import pytest

from quizzes.models import TrueFalseQuestion
from tests.browser import requires_chromium
from tests.factories import CourseBuilder
from tests.quizzes.factories import make_quiz

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True)]

TITLE = "Tangentbordskursen"

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return {
    tag: el.tagName.toLowerCase(),
    type: el.type || "",
    text: (el.innerText || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 80),
    label: label.trim().replace(/\\s+/g, " "),
    ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
          || style.boxShadow !== "none",
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
              && box.top < innerHeight && box.left < innerWidth,
  };
}"""


def focus_on(page, wanted, *, key="Tab", limit=120):
    """Press `key` until the focused element satisfies `wanted`; each stop must show its focus."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        seen.append(focused["text"] or focused["label"] or focused["tag"])
        assert focused["ring"], f"no visible focus on {focused} ({page.url})"
        assert focused["onScreen"], f"focused element off screen: {focused} ({page.url})"
        if wanted(focused):
            return focused
    raise AssertionError(f"never reached the element on {page.url}; focus went: {seen}")


def press_and_wait(page, key):
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state()


def text_starts(prefix):
    return lambda focused: focused["text"].startswith(prefix)


def label_is(text, type_):
    return lambda focused: focused["type"] == type_ and focused["label"] == text


@pytest.fixture
def course(db):
    """Two lessons, then a quiz of three questions a keyboard answers without arrow keys."""
    course = CourseBuilder.published(modules=[["lesson", "lesson"]], title=TITLE)
    quiz = make_quiz(
        module=course.modules.get(),
        position=2,
        kinds=("single", "multiple", "true_false"),
        shuffle_choices=False,
        pass_mark=100,
    )
    TrueFalseQuestion.objects.filter(quiz=quiz).update(correct=True)
    return course


def test_a_learner_goes_from_sign_in_to_a_completed_course_with_the_keyboard_alone(
    page, learner, course, settings
):
    settings.LARSPAR_QUICK_EXIT_URL = "https://neutral.example/"  # passed over, never followed
    page.goto("/accounts/login/")
    focus_on(page, lambda f: f["label"] == "Användarnamn")
    page.keyboard.type(learner.username)
    focus_on(page, lambda f: f["label"] == "Lösenord")
    page.keyboard.type("pw-test-123")
    press_and_wait(page, "Enter")

    # Start page → the course.
    assert page.url.endswith("/")
    focus_on(page, text_starts(f"Till kursen {TITLE}"))
    press_and_wait(page, "Enter")
    assert page.locator("h1").inner_text() == TITLE

    # The course page: start it with Space on the button.
    focus_on(page, text_starts("Starta kursen"))
    press_and_wait(page, "Space")
    assert page.locator("h1").inner_text() == "Lektion 1.1"

    # Two lessons, each finished with "Klar – nästa steg".
    for next_title in ("Lektion 1.2", "Kunskapskontroll 1"):
        focus_on(page, text_starts("Klar – nästa steg"))
        press_and_wait(page, "Enter")
        assert page.locator("h1").inner_text() == next_title

    # The quiz: start an attempt, then answer.
    focus_on(page, text_starts("Starta försöket"))
    press_and_wait(page, "Space")
    # Single choice: Tab enters the group at its first option ("Digitalt våld", the right one).
    focus_on(page, label_is("Digitalt våld", "radio"))
    page.keyboard.press("Space")
    # Multiple choice: every box is its own tab stop.
    focus_on(page, label_is("Fysiskt", "checkbox"))
    page.keyboard.press("Space")
    # True/false ("Sant" is right here, the group's first option).
    focus_on(page, label_is("Sant", "radio"))
    page.keyboard.press("Space")
    # At the button, go back with Shift+Tab for the second right box left unticked.
    focus_on(page, text_starts("Skicka in svaren"))
    focus_on(page, label_is("Psykiskt", "checkbox"), key="Shift+Tab", limit=4)
    page.keyboard.press("Space")
    assert page.locator("input:checked").count() == 4
    focus_on(page, text_starts("Skicka in svaren"))
    press_and_wait(page, "Enter")

    # The result, then on to the end of the course.
    assert page.locator("h1").inner_text() == "Resultat: Kunskapskontroll 1"
    assert "Godkänt." in page.locator(".result-summary").inner_text()
    focus_on(page, text_starts("Fortsätt kursen"))
    press_and_wait(page, "Enter")
    assert page.locator("h1").inner_text() == f"Du har gjort klart {TITLE}"
    focus_on(page, text_starts("Ladda ner certifikatet"))
