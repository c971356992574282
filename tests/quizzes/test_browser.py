"""In a real browser: fail, review, retry, pass, the next module opens; axe-core on every page."""

import pytest
from playwright.sync_api import expect

from courses.models import Step
from courses.services import enrollment_start, step_complete
from quizzes.models import (
    Attempt,
    MatchingQuestion,
    MultipleChoiceQuestion,
    OrderingQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from quizzes.selectors import attempt_questions_get
from tests.browser import assert_accessible, requires_chromium
from tests.factories import CourseBuilder
from tests.quizzes.factories import right_answer, wrong_answer

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True)]


def fill(page, attempt, *, right: bool, keyboard: bool = False) -> None:
    """Answer every question the way a learner would: clicks, or keys where asked."""
    for question in attempt_questions_get(attempt=attempt):
        answer = right_answer(question) if right else wrong_answer(question)
        name = question.field_name
        if isinstance(question, SingleChoiceQuestion):
            page.check(f"input[name='{name}'][value='{answer}']")
        elif isinstance(question, MultipleChoiceQuestion):
            for key in answer:
                page.check(f"input[name='{name}'][value='{key}']")
        elif isinstance(question, TrueFalseQuestion):
            page.check(f"input[name='{name}'][value='{'true' if answer else 'false'}']")
        elif isinstance(question, OrderingQuestion):
            for place, key in enumerate(answer, start=1):
                selector = f"select[name='{name}-{key}']"
                if keyboard:
                    page.focus(selector)
                    page.keyboard.type(str(place))
                else:
                    page.select_option(selector, str(place))
        elif isinstance(question, MatchingQuestion):
            for prompt_key, match_key in answer.items():
                page.select_option(f"select[name='{name}-{prompt_key}']", match_key)


def test_learner_fails_reviews_retries_passes_and_the_next_module_opens(page, login, learner):
    course = CourseBuilder.published(modules=[["lesson", "quiz"], ["lesson"]])
    steps = list(
        Step.objects.filter(module__course=course).order_by("module__position", "position")
    )
    lesson, quiz, next_lesson = steps
    enrollment = enrollment_start(user=learner, course=course)
    step_complete(enrollment=enrollment, step=lesson)

    login(learner)
    page.goto(quiz.get_absolute_url())
    assert page.locator("fieldset").count() == 0  # reading the page starts nothing
    assert_accessible(page, context="quiz page before the attempt")
    page.focus("button:has-text('Starta försöket')")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # a plain form: keyboard, no JavaScript needed
    assert page.locator("fieldset legend").count() == 5
    assert_accessible(page, context="quiz page")

    with page.expect_navigation():
        page.click("button:has-text('Skicka in svaren')")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, context="quiz page with errors")
    page.click(".error-summary a >> nth=0")
    assert page.evaluate("document.activeElement.id").endswith("-0")

    attempt = Attempt.objects.get(enrollment=enrollment, submitted_at__isnull=True)
    fill(page, attempt, right=False)
    page.click("button:has-text('Skicka in svaren')")
    assert "Inte godkänt" in page.inner_text(".result-summary")
    assert_accessible(page, context="failed result page")
    assert page.locator(f"a[href='{lesson.get_absolute_url()}']").count() >= 1

    page.click("button:has-text('Försök igen')")
    second = Attempt.objects.get(enrollment=enrollment, submitted_at__isnull=True)
    assert second.number == 2
    fill(page, second, right=True, keyboard=True)
    page.click("button:has-text('Skicka in svaren')")
    assert "Godkänt" in page.inner_text(".result-summary")
    assert "100 % rätt" in page.inner_text(".result-summary")  # the keyboard ordering too
    assert_accessible(page, context="passed result page")

    page.click(f"a:has-text('Fortsätt: {next_lesson.title}')")
    assert page.url.endswith(next_lesson.get_absolute_url())
    assert page.locator("h1").inner_text() == next_lesson.title


def test_trainer_preview_and_item_analysis_have_no_axe_violations(page, login, trainer):
    course = CourseBuilder.build(modules=[["lesson", "quiz"]])
    quiz = Step.objects.get(module__course=course, position=1)
    login(trainer)
    page.goto(f"/kunskapskontroller/{quiz.pk}/forhandsgranska/")
    assert_accessible(page, context="quiz preview")
    page.goto(f"/kunskapskontroller/kurser/{course.slug}/fragoanalys/")
    assert_accessible(page, context="item analysis")


# One test per course, so the three spread over the test workers.
@pytest.mark.parametrize("slug", ["freda", "hedersrelaterat-vald", "vald-i-nara-relationer"])
def test_the_default_courses_quizzes_have_no_axe_violations(page, login, trainer, slug):
    from pathlib import Path

    from django.conf import settings

    from courses.coursefile import course_import
    from quizzes.models import Quiz

    login(trainer)
    path = Path(settings.BASE_DIR) / "fixtures" / "courses" / f"{slug}.yaml"
    course = course_import(path=path)
    for quiz in Quiz.objects.filter(module__course=course):
        page.goto(f"/kunskapskontroller/{quiz.pk}/forhandsgranska/")
        assert_accessible(page, context=f"{slug}: {quiz.title}")
