"""Item-writing checks: warnings a trainer sees when publishing and previewing, and the
figures command for the default courses."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from courses.publishing import course_publish, course_publish_warnings
from quizzes.checks import item_figures, item_warnings, right_is_longest
from quizzes.models import Choice, Quiz, SingleChoiceQuestion, TrueFalseQuestion
from tests.factories import CourseBuilder

SHORT, LONG = "Kort", "Ett betydligt längre och mer nyanserat svar"


def single(pk, right: str, wrong: str, text=None) -> SingleChoiceQuestion:
    question = SingleChoiceQuestion(pk=pk, text=text or f"Fråga {pk}?")
    question.options = [
        Choice(key="a", text=wrong, is_correct=False),
        Choice(key="b", text=right, is_correct=True),
        Choice(key="c", text="Annat", is_correct=False),
    ]
    return question


def statements(true: int, false: int) -> list[TrueFalseQuestion]:
    return [
        TrueFalseQuestion(pk=100 + i, text=f"Påstående {i}.", correct=i < true)
        for i in range(true + false)
    ]


def test_right_is_longest_only_when_strictly_longer():
    assert right_is_longest(single(1, LONG, SHORT).options)
    assert not right_is_longest(single(1, SHORT, LONG).options)
    assert not right_is_longest(single(1, "Lika", "Lika").options)


def test_a_pool_where_the_longest_option_wins_is_warned_about():
    pool = [single(i, LONG, SHORT) for i in range(3)] + [single(3, SHORT, LONG)]
    (warning,) = item_warnings(pool)
    assert "längsta i 3 av 4 frågor" in warning


def test_a_pool_at_chance_level_has_no_warning():
    pool = [single(i, LONG, SHORT) for i in range(2)] + [single(i, SHORT, LONG) for i in (2, 3)]
    assert item_warnings(pool) == []


@pytest.mark.parametrize(("true", "false", "guess"), [(1, 5, "falskt"), (5, 1, "sant")])
def test_one_sided_true_false_statements_are_warned_about(true, false, guess):
    (warning,) = item_warnings(statements(true, false))
    assert f"{true} av 6 påståenden är sanna" in warning and f"”{guess}”" in warning


def test_balanced_statements_have_no_warning():
    figures = item_figures(statements(3, 3))
    assert (figures.true_statements, figures.true_false) == (3, 6)
    assert item_warnings(statements(3, 3)) == []


def test_the_same_question_twice_in_a_pool_is_warned_about():
    pool = [
        single(1, SHORT, LONG, "Vad är våld?"),
        single(2, LONG, SHORT, "Vilken hjälp finns?"),
        single(3, SHORT, LONG, "vad  är VÅLD"),
    ]
    assert item_warnings(pool) == ["frågorna 1, 3 är samma fråga (samma fall och frågetext)"]


@pytest.mark.django_db
def test_publish_page_shows_the_warnings_and_still_publishes(client, trainer):
    course = CourseBuilder.build(modules=[["lesson", "quiz"]])
    quiz = Quiz.objects.get(module__course=course)
    for i in range(6):
        TrueFalseQuestion.objects.create(
            quiz=quiz,
            position=10 + i,
            text=f"Påstående {i}.",
            explanation="Så är det.",
            correct=False,
        )
    (warning,) = course_publish_warnings(course=course)
    assert "påståenden är sanna" in warning.what and warning.obj.pk == quiz.pk
    client.force_login(trainer)
    url = reverse("admin:courses_course_publish", args=[course.pk])
    page = client.get(url).content.decode()
    assert "Att se över före publicering" in page and "0 av 7 påståenden är sanna" in page
    preview = client.get(reverse("quizzes:preview", args=[quiz.pk])).content.decode()
    assert "0 av 7 påståenden är sanna" in preview
    assert course_publish(course=course).status == "published"


@pytest.mark.django_db
def test_a_final_test_that_reveals_after_each_attempt_is_warned_about():
    course = CourseBuilder.build(modules=[["lesson", "quiz"]])
    Quiz.objects.filter(module__course=course).update(is_final=True, draw_count=1)
    whats = [w.what for w in course_publish_warnings(course=course)]
    assert any("slutprovet visar rätt svar efter varje försök" in what for what in whats)


@pytest.mark.django_db
def test_figures_command_prints_the_three_default_courses():
    out = io.StringIO()
    call_command("quiz_item_figures", stdout=out)
    text = out.getvalue()
    assert text.count("single choice, right option longest:") == 3
    for title in ("FREDA", "Hedersrelaterat våld", "Våld i nära relationer"):
        assert title in text
