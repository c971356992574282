"""The outline and step pages cost the same number of queries however large the course."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Lesson, Module
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


def test_outline_and_step_pages_do_not_grow_with_the_course(
    client, learner, course_builder, django_assert_max_num_queries
):
    client.force_login(learner)
    small = make(course_builder, learner, modules=1, steps=2, blocks=5)
    large = make(course_builder, learner, modules=6, steps=4, blocks=12)

    small_outline = count_queries(client, small.get_absolute_url())
    large_outline = count_queries(client, large.get_absolute_url())
    assert small_outline == large_outline

    small_step = count_queries(client, steps_of(small)[1].get_absolute_url())
    large_step = count_queries(client, steps_of(large)[1].get_absolute_url())
    assert small_step == large_step

    # The step page: session + user (2), course (1), enrollment (1), modules (1),
    # steps (1 + 1 per step type present: 2), progress (1), step_visit (a select
    # and an update inside three savepoints: 2 + 6), blocks (1 + 1 per block type
    # present: 6), reflection answers (1), the user's groups for the menu (1).
    url = steps_of(large)[1].get_absolute_url()
    with django_assert_max_num_queries(22):
        client.get(url)


def test_my_courses_page_does_not_grow_with_the_number_of_courses(client, learner, course_builder):
    client.force_login(learner)
    course_builder.published(modules=[["lesson"]])
    one = count_queries(client, reverse("courses:my-courses"))
    for _ in range(4):
        course = course_builder.published(modules=[["lesson", "lesson"], ["lesson"]])
        enrollment_start(user=learner, course=course)
    assert count_queries(client, reverse("courses:my-courses")) == one
