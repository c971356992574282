"""Language of parts (WCAG 3.1.2): in the English interface Swedish content says lang="sv".

A screen reader reads each piece of text in the language of the nearest
`lang` above it; in the English interface (`<html lang="en">`) a Swedish
course's titles, lessons and questions must say `sv`, and in the Swedish
interface they need no mark of their own.
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.template import Context, Template
from django.utils import translation

from courses.models import Module, Step
from courses.services import enrollment_start, step_complete
from quizzes.models import Question, Quiz
from quizzes.services import attempt_start, attempt_submit
from tests.a11y.html_lang import languages_of
from tests.factories import CourseBuilder
from tests.quizzes.factories import answers_for

pytestmark = pytest.mark.django_db

TITLE = "Våld i nära relationer – fördjupning"


@pytest.fixture
def english(client, learner):
    client.force_login(learner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def course(db):
    return CourseBuilder.published(modules=[["lesson", "quiz"]], title=TITLE)


def get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html


def test_in_the_english_interface_course_titles_and_content_are_marked_swedish(
    english, learner, course, django_capture_on_commit_callbacks
):
    lesson = Step.objects.get(module__course=course, position=0)
    quiz = Quiz.objects.get(module__course=course)
    module = Module.objects.get(course=course)

    start_page = get(english, "/")
    assert '<html lang="en"' in start_page
    assert languages_of(start_page, TITLE) == {"sv"}
    assert languages_of(start_page, "Not started.") == {"en"}  # the interface stays English

    enrollment = enrollment_start(user=learner, course=course)
    outline_page = get(english, course.get_absolute_url())
    assert languages_of(outline_page, TITLE) == {"sv"}
    assert languages_of(outline_page, module.title) == {"sv"}
    assert languages_of(outline_page, lesson.title) == {"sv"}

    lesson_page = get(english, lesson.get_absolute_url())
    assert languages_of(lesson_page, lesson.title) == {"sv"}
    assert languages_of(lesson_page, "Ett påhittat fall.") == {"sv"}  # a case block's text
    assert languages_of(lesson_page, "Vad tänker du?") == {"sv"}  # the reflection prompt
    assert languages_of(lesson_page, "Reflect") == {"en"}  # the block's interface heading
    assert languages_of(lesson_page, quiz.title) == {"sv"}  # "next" and the outline

    step_complete(enrollment=enrollment, step=lesson)
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    quiz_page = get(english, quiz.get_absolute_url())
    question = Question.objects.filter(quiz=quiz).order_by("position").first()
    assert languages_of(quiz_page, quiz.title) == {"sv"}
    assert languages_of(quiz_page, question.text) == {"sv"}
    assert languages_of(quiz_page, "Digitalt våld") == {"sv"}  # an option
    assert languages_of(quiz_page, "Fysiskt våld") == {"sv"}  # a matching option
    assert languages_of(quiz_page, "Submit your answers") == {"en"}

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        attempt_submit(attempt=attempt, answers=answers_for(attempt))
    result_page = get(english, attempt.get_absolute_url())
    assert languages_of(result_page, quiz.title) == {"sv"}
    assert languages_of(result_page, "Förklaring till fråga 1.") == {"sv"}

    certificates_page = get(english, "/certifikat/")
    assert languages_of(certificates_page, TITLE) == {"sv"}


def test_in_the_swedish_interface_content_needs_no_mark_of_its_own(client, learner, course):
    client.force_login(learner)
    start_page = get(client, "/")
    assert '<html lang="sv"' in start_page
    assert languages_of(start_page, TITLE) == {"sv"}
    main = start_page.split("<main", 1)[1].split("</main>", 1)[0]
    assert ' lang="' not in main


@pytest.mark.parametrize(
    ("interface", "content", "expected"),
    [("en", "sv", '<h2 lang="sv">A</h2> <span lang="sv">A &amp; B</span>'),
     ("sv", "sv", "<h2>A</h2> A &amp; B"),
     ("sv", "sv-SE", "<h2>A</h2> A &amp; B"),
     ("sv", "en", '<h2 lang="en">A</h2> <span lang="en">A &amp; B</span>')],
)  # fmt: skip
def test_the_filters_mark_only_a_language_other_than_the_interfaces(interface, content, expected):
    template = Template(
        "{% load larspar %}<h2{{ code|lang_attr }}>A</h2> {{ text|lang_span:code }}"
    )
    with translation.override(interface):
        assert template.render(Context({"code": content, "text": "A & B"})) == expected
