"""Published content is loaded and rendered once per course version; what is personal never is."""

import pytest
from django.test import Client
from django.utils import translation

from courses.models import ReflectionBlock, Step, TextBlock
from courses.publishing import course_publish
from courses.services import enrollment_start, reflection_answer_save, step_complete
from tests.conftest import SignInClient
from tests.courses.test_gating import steps_of

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = SignInClient()  # passes the second step for trainers, as a real sign-in does
    client.force_login(user)
    return client


def done_count(client, course) -> int:
    return client.get(course.get_absolute_url()).content.decode().count('class="step-done')


def test_each_learner_sees_their_own_progress_in_the_cached_outline(
    course_builder, learner, other_learner
):
    course = course_builder.published(modules=[["lesson", "lesson"], ["lesson"]])
    mine = enrollment_start(user=learner, course=course)
    enrollment_start(user=other_learner, course=course)
    for step in steps_of(course)[:2]:
        step_complete(enrollment=mine, step=step)
    me, other = signed_in(learner), signed_in(other_learner)
    assert done_count(me, course) == 2
    assert done_count(other, course) == 0
    step_complete(
        enrollment=enrollment_start(user=other_learner, course=course), step=steps_of(course)[0]
    )
    assert done_count(other, course) == 1
    assert done_count(me, course) == 2


def test_a_reflection_answer_is_shown_only_to_its_author(course_builder, learner, other_learner):
    course = course_builder.published(modules=[["lesson"]])
    lesson = steps_of(course)[0]
    block = ReflectionBlock.objects.get(lesson=lesson)
    reflection_answer_save(
        enrollment=enrollment_start(user=learner, course=course),
        block=block,
        text="Mitt eget svar 4711",
    )
    enrollment_start(user=other_learner, course=course)
    other = signed_in(other_learner)
    assert "Mitt eget svar 4711" not in other.get(lesson.get_absolute_url()).content.decode()
    mine = signed_in(learner).get(lesson.get_absolute_url()).content.decode()
    assert "Mitt eget svar 4711" in mine


def test_a_published_change_reaches_learners_with_the_new_version(course_builder, learner):
    course = course_builder.published(modules=[["lesson", "lesson"]])
    enrollment_start(user=learner, course=course)
    client = signed_in(learner)
    step = steps_of(course)[0]
    assert "Nytt stycke" not in client.get(step.get_absolute_url()).content.decode()
    TextBlock.objects.create(lesson=step, position=99, body="Nytt stycke.")
    Step.objects.filter(pk=step.pk).update(title="Ny rubrik")
    # Until it is published again, learners keep the version they have.
    assert "Nytt stycke" not in client.get(step.get_absolute_url()).content.decode()
    course_publish(course=course)
    page = client.get(step.get_absolute_url()).content.decode()
    assert "Nytt stycke" in page
    assert "Ny rubrik" in page
    assert "Ny rubrik" in client.get(course.get_absolute_url()).content.decode()


def test_the_preview_shows_the_draft_as_it_is_now(course_builder, learner, trainer):
    course = course_builder.published(modules=[["lesson"]])
    step = steps_of(course)[0]
    enrollment_start(user=learner, course=course)
    signed_in(learner).get(step.get_absolute_url())  # the learner's version is cached
    TextBlock.objects.create(lesson=step, position=99, body="Utkaststext.")
    preview = signed_in(trainer).get(f"/forhandsvisning/{course.slug}/steg/{step.pk}/")
    assert preview.status_code == 200
    assert "Utkaststext" in preview.content.decode()


def test_pages_in_english_are_cached_apart_from_swedish(course_builder, learner, settings):
    course = course_builder.published(modules=[["lesson"]])
    enrollment_start(user=learner, course=course)
    client = signed_in(learner)
    swedish = client.get(course.get_absolute_url()).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # The middleware activates English for the request; leave Swedish active after it.
    with translation.override("sv"):
        english = client.get(course.get_absolute_url()).content.decode()
    assert "tillgänglig" in swedish
    assert "tillgänglig" not in english
