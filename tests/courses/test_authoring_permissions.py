"""Who may enter the authoring area (Django admin), and what each role can do there."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from courses.models import Course, Enrollment, Lesson, StepProgress
from tests.factories import CourseBuilder, make_user

pytestmark = pytest.mark.django_db


def test_migration_gives_trainer_content_permissions_only():
    perms = set(Group.objects.get(name="trainer").permissions.values_list("codename", flat=True))
    for model in ("course", "module", "lesson", "textblock", "imageblock", "videoblock"):
        for action in ("add", "change", "delete", "view"):
            assert f"{action}_{model}" in perms
    for forbidden in (
        "view_enrollment",
        "view_stepprogress",
        "view_reflectionanswer",
        "view_user",
        "change_user",
        "view_courserequirement",
    ):
        assert forbidden not in perms


def test_migration_gives_administrator_every_permission():
    from django.contrib.auth.models import Permission

    granted = set(Group.objects.get(name="administrator").permissions.all())
    # Except two-factor devices: set up by their owner only, reset with the user admin's
    # action; their admin pages are not offered (they would show others' keys).
    every = Permission.objects.exclude(content_type__app_label__in=["otp_totp", "otp_static"])
    assert set(every) == granted


@pytest.mark.parametrize("role", ["learner", "manager"])
@pytest.mark.parametrize("is_staff", [False, True])
def test_learners_and_managers_cannot_reach_the_authoring_area(client, role, is_staff):
    user = make_user(roles=[role], is_staff=is_staff)
    client.force_login(user)
    for url in ("/admin/", "/admin/courses/course/", "/admin/courses/course/add/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_admin_sign_in_form_refuses_a_staff_learner(client):
    make_user("staffy", roles=["learner"], is_staff=True)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "staffy", "password": "pw-test-123"}
    )
    assert response.status_code == 200
    assert "behörighet att redigera kurser" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_trainer_without_staff_flag_enters_by_role(client):
    trainer = make_user(roles=["trainer"], is_staff=False)
    client.force_login(trainer)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/courses/course/").status_code == 200


def test_trainer_sees_and_edits_courses(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"]])
    client.force_login(trainer)
    page = client.get(reverse("admin:courses_course_change", args=[course.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Förhandsvisa som deltagare" in html and "Publicera" in html and "Exportera" in html
    assert reverse("quizzes:item-analysis", kwargs={"slug": course.slug}) in html
    lesson = Lesson.objects.get(module__course=course)
    assert client.get(reverse("admin:courses_lesson_change", args=[lesson.pk])).status_code == 200
    assert client.get(reverse("admin:courses_step_change", args=[lesson.pk])).status_code == 200


def test_trainer_cannot_see_learner_data_users_or_certificates(client, trainer, learner):
    course = CourseBuilder.published(modules=[["lesson"]])
    Enrollment.objects.create(user=learner, course=course)
    client.force_login(trainer)
    index = client.get("/admin/").content.decode()
    assert "Kursdeltagande" not in index and "Användare" not in index
    for url in (
        "/admin/accounts/user/",
        "/admin/courses/enrollment/",
        "/admin/courses/reflectionanswer/",
        "/admin/courses/stepprogress/",
        "/admin/certificates/certificate/",
        "/admin/auth/group/",
    ):
        assert client.get(url).status_code in (403, 404), url


def test_trainer_can_create_a_course_through_the_admin(client, trainer):
    client.force_login(trainer)
    response = client.post(
        reverse("admin:courses_course_add"),
        {
            "title": "Ny kurs",
            "slug": "ny-kurs",
            "summary": "Om **våld**.",
            "audience": "",
            "language": "sv",
            "estimated_minutes": 10,
            "content_note": "",
            "order": "sequential",
            "certificate_validity_months": "",
            "modules-TOTAL_FORMS": 1,
            "modules-INITIAL_FORMS": 0,
            "modules-0-position": 0,
            "modules-0-title": "Modul ett",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    course = Course.objects.get(slug="ny-kurs")
    assert course.status == "draft" and course.modules.get().title == "Modul ett"


def test_status_cannot_be_set_by_editing_the_form(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"]])
    client.force_login(trainer)
    client.post(
        reverse("admin:courses_course_change", args=[course.pk]),
        {
            "title": course.title,
            "slug": course.slug,
            "status": "published",
            "version": 99,
            "language": "sv",
            "estimated_minutes": 1,
            "order": "sequential",
            "modules-TOTAL_FORMS": 0,
            "modules-INITIAL_FORMS": 0,
        },
    )
    course.refresh_from_db()
    assert course.status == "draft" and course.version == 1


def test_progress_rows_are_not_visible_in_admin_even_for_module_pages(
    client, trainer, learner, now
):
    course = CourseBuilder.published(modules=[["lesson"]])
    lesson = Lesson.objects.get(module__course=course)
    enrollment = Enrollment.objects.create(user=learner, course=course)

    StepProgress.objects.create(
        enrollment=enrollment, step=lesson, first_visited_at=now, last_visited_at=now
    )
    client.force_login(trainer)
    html = client.get(reverse("admin:courses_module_change", args=[lesson.module_id])).content
    assert learner.username.encode() not in html


def test_administrator_role_manages_users_and_courses_without_superuser(client):
    admin_user = make_user(roles=["administrator"], is_staff=False)
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/courses/course/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


@pytest.mark.parametrize(
    ("roles", "is_staff", "shown"),
    [(["trainer"], False, True), (["administrator"], False, True), (["manager"], True, False)],
)
def test_the_authoring_link_is_shown_to_those_who_may_author(client, roles, is_staff, shown):
    client.force_login(make_user(roles=roles, is_staff=is_staff))
    html = client.get("/").content.decode()
    assert ('href="/admin/"' in html) is shown
