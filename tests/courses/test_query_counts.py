"""The outline and step pages cost the same number of queries however large the course."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Lesson, Module, StepProgress
from courses.services import enrollment_start, step_complete
from tests.courses.test_gating import steps_of
from tests.factories import CourseBuilder

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def make(course_builder, learner, modules, steps, blocks):
    course = course_builder.published(modules=[["lesson"] * steps for _ in range(modules)])
    # Rebuild each lesson with the wanted number of blocks.
    Lesson.objects.filter(module__course=course).delete()
    for module in Module.objects.filter(course=course):
        for position in range(steps):
            CourseBuilder.make_lesson(module=module, position=position, blocks=blocks)
    enrollment = enrollment_start(user=learner, course=course)
    step_complete(enrollment=enrollment, step=steps_of(course)[0])
    return course


# The ceiling for a learner page (lesson step, quiz step, outline,
# start page); the quiz page and the submission are pinned in
# tests/quizzes/test_query_counts.py.
PAGE_CEILING = 8
WRITES = ("INSERT", "UPDATE", "DELETE")


def test_outline_and_step_pages_do_not_grow_with_the_course(client, learner, course_builder, clock):
    client.force_login(learner)
    small = make(course_builder, learner, modules=1, steps=2, blocks=5)
    large = make(course_builder, learner, modules=6, steps=4, blocks=12)
    urls = [
        small.get_absolute_url(),
        large.get_absolute_url(),
        steps_of(small)[1].get_absolute_url(),
        steps_of(large)[1].get_absolute_url(),
    ]
    for url in urls:
        client.get(url)  # the first request of a course version loads it into the cache
    clock.shift(120)  # a later visit: it is recorded again

    small_outline, large_outline, small_step, large_step = (
        count_queries(client, url) for url in urls
    )
    assert small_outline == large_outline <= PAGE_CEILING
    # The step page: session (1), the user with their roles for the menu (1),
    # the course (1), the learner's round (1), their progress (1), the visit
    # upsert (1), reflection answers (1). Modules, steps and blocks come from
    # the content cache (they cost 14 queries per page before).
    assert small_step == large_step == 7


def test_my_courses_page_does_not_grow_with_the_number_of_courses(client, learner, course_builder):
    client.force_login(learner)
    start_page = reverse("courses:my-courses")
    course_builder.published(modules=[["lesson"]])
    cold = count_queries(client, start_page)
    one = count_queries(client, start_page)
    for _ in range(4):
        course = course_builder.published(modules=[["lesson", "lesson"], ["lesson"]])
        enrollment_start(user=learner, course=course)
    # New courses' required step counts: one query for all of them, once per version.
    assert count_queries(client, start_page) == cold == one + 1
    assert count_queries(client, start_page) == one <= PAGE_CEILING


def writes_of(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(WRITES)]


def test_reading_learner_pages_writes_at_most_the_visit(client, learner, course_builder, clock):
    course = make(course_builder, learner, modules=2, steps=2, blocks=5)
    client.force_login(learner)
    step = steps_of(course)[1]
    for url in (reverse("courses:my-courses"), course.get_absolute_url()):
        assert writes_of(client, url) == []
    first = writes_of(client, step.get_absolute_url())
    assert len(first) == 1 and "ON CONFLICT" in first[0].upper()
    # A reload within a minute writes nothing; later it is one upsert again.
    assert writes_of(client, step.get_absolute_url()) == []
    clock.shift(90)
    again = writes_of(client, step.get_absolute_url())
    assert len(again) == 1 and "ON CONFLICT" in again[0].upper()
    progress = StepProgress.objects.get(enrollment__user=learner, step=step)
    assert progress.last_visited_at - progress.first_visited_at == timedelta(seconds=90)


def test_a_repeated_done_press_takes_no_lock_and_writes_nothing(client, learner, course_builder):
    """Pressing "Klar"/"Gå vidare" again on a done lesson only leads on: the done state
    cannot change, so no transaction, no row lock and no write (5 queries, not 11)."""
    course = make(course_builder, learner, modules=1, steps=3, blocks=2)
    client.force_login(learner)
    done, following = steps_of(course)[0], steps_of(course)[1]
    url = reverse("courses:step-complete", kwargs={"slug": course.slug, "step_id": done.pk})
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == following.get_absolute_url()
    statements = [q["sql"].lstrip().upper() for q in captured]
    assert not [s for s in statements if s.startswith((*WRITES, "SAVEPOINT", "BEGIN"))]
    assert not [s for s in statements if "FOR UPDATE" in s]
    # session, the user with their roles, the course, the round, the progress.
    assert len(statements) == 5
    progress = StepProgress.objects.get(enrollment__user=learner, step=done)
    assert progress.is_completed


def test_the_first_done_press_still_locks_and_writes(client, learner, course_builder):
    course = make(course_builder, learner, modules=1, steps=3, blocks=2)
    client.force_login(learner)
    step = steps_of(course)[1]
    url = reverse("courses:step-complete", kwargs={"slug": course.slug, "step_id": step.pk})
    with CaptureQueriesContext(connection) as captured:
        assert client.post(url).status_code == 302
    statements = [q["sql"].upper() for q in captured]
    assert any("FOR UPDATE" in s for s in statements) or connection.vendor == "sqlite"
    assert any(s.lstrip().startswith(WRITES) for s in statements)
    assert StepProgress.objects.get(enrollment__user=learner, step=step).is_completed
