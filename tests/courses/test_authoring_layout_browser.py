"""The authoring forms fit the window: no sideways scrolling at 1,280 px (a laptop) nor at 320 px.

At 1,280 px the question page once was 1,862 px wide, hiding the feedback
column of its options; at 320 px a trainer on a phone makes a quick fix.
"""

import pytest
from django.urls import reverse

from courses.models import Lesson, Module
from quizzes.models import Question, Quiz
from tests.browser import requires_chromium
from tests.factories import CourseBuilder

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 320)


def _too_wide(page) -> tuple[int, int, list[str]]:
    return page.evaluate(
        """() => {
            const limit = window.innerWidth;
            const wide = [...document.body.querySelectorAll('*')]
                .filter(el => el.getBoundingClientRect().right > limit + 1)
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''));
            return [document.documentElement.scrollWidth, limit, wide];
        }"""
    )


def test_edit_pages_fit_a_laptop_and_a_phone(page, login, administrator):
    import tests.quizzes.factories  # noqa: F401 - registers the "quiz" step kind

    # An administrator: transaction=True flushes the groups' permissions between tests.
    course = CourseBuilder.build(modules=[["lesson", "quiz"]], title="Våld i nära relationer")
    module = Module.objects.get(course=course)
    lesson = Lesson.objects.get(module=module)
    quiz = Quiz.objects.get(module=module)
    question = Question.objects.filter(quiz=quiz).order_by("position").first().get_real_instance()
    pages = {
        "course": reverse("admin:courses_course_change", args=[course.pk]),
        "module": reverse("admin:courses_module_change", args=[module.pk]),
        "lesson": reverse("admin:courses_lesson_change", args=[lesson.pk]),
        "quiz": reverse("admin:quizzes_quiz_change", args=[quiz.pk]),
        "question": reverse(
            f"admin:quizzes_{question._meta.model_name}_change", args=[question.pk]
        ),
    }
    login(administrator)
    failures = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for name, url in pages.items():
            page.goto(url)
            scroll_width, inner_width, widest = _too_wide(page)
            if scroll_width > inner_width:
                failures.append(f"{name} at {width} px: {scroll_width} px wide; {widest}")
    assert not failures, "\n".join(failures)
