"""Copying in the authoring area: links, confirmation pages and actions, checked on the server."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from courses.models import Course, Lesson, Module, Step
from quizzes.models import Quiz
from tests.factories import CourseBuilder, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return CourseBuilder.build(modules=[["lesson", "quiz"]], slug="grund", title="Grundkurs")


def _take_from_trainers(*codenames: str) -> None:
    Group.objects.get(name="trainer").permissions.remove(
        *Permission.objects.filter(content_type__app_label="courses", codename__in=codenames)
    )


def test_trainer_copies_a_course_from_its_page(client, trainer, course):
    client.force_login(trainer)
    url = reverse("admin:courses_course_duplicate", args=[course.pk])
    page = client.get(reverse("admin:courses_course_change", args=[course.pk])).content.decode()
    assert url in page and "Kopiera kursen…" in page
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "nytt utkast" in confirm.content.decode()
    assert not Course.objects.filter(slug="grund-kopia").exists()  # reading copies nothing
    response = client.post(url)
    copy = Course.objects.get(slug="grund-kopia")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:courses_course_change", args=[copy.pk])
    assert copy.status == "draft" and copy.title == "Grundkurs (kopia)"


@pytest.mark.parametrize("role", ["learner", "manager"])
def test_only_authors_reach_the_copy_pages(client, course, role):
    client.force_login(make_user(roles=[role], is_staff=True))
    module = Module.objects.get(course=course)
    step = Step.objects.filter(module=module).first()
    for url in (
        reverse("admin:courses_course_duplicate", args=[course.pk]),
        reverse("admin:courses_module_duplicate", args=[module.pk]),
        reverse("admin:courses_step_duplicate", args=[step.pk]),
    ):
        response = client.post(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Course.objects.count() == 1 and Step.objects.count() == 2


def test_a_trainer_without_the_add_permission_is_refused(client, trainer, course):
    _take_from_trainers("add_course", "add_module", "add_step")
    client.force_login(trainer)
    module = Module.objects.get(course=course)
    step = Step.objects.filter(module=module).first()
    for url in (
        reverse("admin:courses_course_duplicate", args=[course.pk]),
        reverse("admin:courses_module_duplicate", args=[module.pk]),
        reverse("admin:courses_step_duplicate", args=[step.pk]),
    ):
        assert client.post(url, {"course": course.pk}).status_code == 403
    page = client.get(reverse("admin:courses_course_change", args=[course.pk])).content.decode()
    assert "Kopiera kursen…" not in page
    changelist = client.get(reverse("admin:courses_course_changelist")).content.decode()
    assert "duplicate_courses" not in changelist
    assert Course.objects.count() == 1 and Module.objects.count() == 1


def test_trainer_copies_a_module_into_another_course(client, trainer, course):
    other = CourseBuilder.build(modules=[["lesson"]], title="Fördjupning")
    module = Module.objects.get(course=course)
    client.force_login(trainer)
    course_page = client.get(reverse("admin:courses_course_change", args=[course.pk]))
    url = reverse("admin:courses_module_duplicate", args=[module.pk])
    assert url in course_page.content.decode()  # a link beside each module
    form = client.get(url).content.decode()
    assert "Kopiera till kursen" in form and "Fördjupning" in form
    response = client.post(url, {"course": other.pk})
    copy = Module.objects.get(course=other, position=1)
    assert response["Location"] == reverse("admin:courses_module_change", args=[copy.pk])
    assert copy.title == module.title
    assert [type(s) for s in copy.steps.order_by("position")] == [Lesson, Quiz]
    assert Module.objects.filter(course=course).count() == 1


def test_copying_a_module_into_a_course_one_may_not_change_is_refused(client, trainer, course):
    other = CourseBuilder.build(modules=[["lesson"]])
    _take_from_trainers("change_course")
    client.force_login(trainer)
    url = reverse("admin:courses_module_duplicate", args=[Module.objects.get(course=course).pk])
    assert client.post(url, {"course": other.pk}).status_code == 403
    assert Module.objects.filter(course=other).count() == 1


def test_module_copy_form_refuses_an_unknown_course_with_400(client, trainer, course):
    client.force_login(trainer)
    url = reverse("admin:courses_module_duplicate", args=[Module.objects.get(course=course).pk])
    assert client.post(url, {"course": 999_999}).status_code == 400
    assert Module.objects.count() == 1


def test_trainer_copies_a_quiz_from_the_module_page(client, trainer, course):
    module = Module.objects.get(course=course)
    quiz = Quiz.objects.get(module=module)
    client.force_login(trainer)
    url = reverse("admin:courses_step_duplicate", args=[quiz.pk])
    assert (
        url in client.get(reverse("admin:courses_module_change", args=[module.pk])).content.decode()
    )
    assert client.get(url).status_code == 200
    response = client.post(url)
    copy = Quiz.objects.exclude(pk=quiz.pk).get()
    assert response["Location"] == reverse("admin:quizzes_quiz_change", args=[copy.pk])
    assert copy.title == f"{quiz.title} (kopia)" and copy.module == module


def test_list_actions_copy_several_at_once(client, trainer, course):
    client.force_login(trainer)
    steps = list(Step.objects.filter(module__course=course))
    client.post(
        reverse("admin:courses_step_changelist"),
        {"action": "duplicate_steps", "_selected_action": [s.pk for s in steps]},
    )
    assert Step.objects.filter(module__course=course).count() == 4
    client.post(
        reverse("admin:courses_module_changelist"),
        {"action": "duplicate_modules", "_selected_action": [course.modules.get().pk]},
    )
    assert course.modules.count() == 2
    client.post(
        reverse("admin:courses_course_changelist"),
        {"action": "duplicate_courses", "_selected_action": [course.pk]},
    )
    assert Course.objects.filter(slug="grund-kopia").exists()
