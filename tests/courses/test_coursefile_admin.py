"""Export and import from the authoring area behave like the commands."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.coursefile import course_export_text
from courses.models import Course, Step
from tests.factories import CourseBuilder, make_user

pytestmark = pytest.mark.django_db


def test_export_downloads_the_course_file(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"]], slug="exportkurs")
    client.force_login(trainer)
    response = client.get(reverse("admin:courses_course_export", args=[course.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="exportkurs.yaml"'
    assert response.content.decode("utf-8") == course_export_text(course)


def test_import_page_creates_a_draft(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"]], slug="importkurs")
    text = course_export_text(course)
    Course.objects.all().delete()
    client.force_login(trainer)
    response = client.post(
        reverse("admin:courses_course_import"),
        {"file": SimpleUploadedFile("k.yaml", text.encode("utf-8"))},
    )
    assert response.status_code == 302
    imported = Course.objects.get(slug="importkurs")
    assert imported.status == "draft"
    assert course_export_text(imported) == text


def test_import_page_lists_errors_with_their_place_and_writes_nothing(client, trainer):
    client.force_login(trainer)
    bad = (
        "format: larspar.course/1\nslug: x\n"
        "modules:\n  - title: M\n    steps:\n      - type: webinar\n"
    )
    response = client.post(
        reverse("admin:courses_course_import"),
        {"file": SimpleUploadedFile("k.yaml", bad.encode("utf-8"))},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "$.title" in html and "$.modules[0].steps[0].type" in html and "webinar" in html
    assert "inget har sparats" in html
    assert not Course.objects.exists() and not Step.objects.exists()


def test_import_page_refuses_non_utf8(client, trainer):
    client.force_login(trainer)
    response = client.post(
        reverse("admin:courses_course_import"),
        {"file": SimpleUploadedFile("k.yaml", "titel: å".encode("latin-1"))},
    )
    assert response.status_code == 400 and "UTF-8" in response.content.decode()


def test_import_page_asks_for_replace_when_the_slug_exists(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"]], slug="finns")
    text = course_export_text(course).replace(course.title, "Ny titel")
    client.force_login(trainer)
    upload = {"file": SimpleUploadedFile("k.yaml", text.encode("utf-8"))}
    response = client.post(reverse("admin:courses_course_import"), upload)
    assert response.status_code == 400 and "Ersätt" in response.content.decode()
    course.refresh_from_db()
    assert course.title != "Ny titel"
    upload = {"file": SimpleUploadedFile("k.yaml", text.encode("utf-8")), "replace": "on"}
    assert client.post(reverse("admin:courses_course_import"), upload).status_code == 302
    course.refresh_from_db()
    assert course.title == "Ny titel"


@pytest.mark.parametrize("role", ["learner", "manager"])
def test_learners_and_managers_cannot_export_or_import(client, role):
    course = CourseBuilder.build(modules=[["lesson"]])
    client.force_login(make_user(roles=[role], is_staff=True))
    export = client.get(reverse("admin:courses_course_export", args=[course.pk]))
    assert export.status_code == 302 and "/admin/login/" in export["Location"]
    response = client.post(reverse("admin:courses_course_import"), {})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_import_page_refuses_an_oversized_file(client, trainer, monkeypatch):
    monkeypatch.setattr("courses.admin.course.MAX_COURSE_FILE_BYTES", 10)
    client.force_login(trainer)
    response = client.post(
        reverse("admin:courses_course_import"),
        {"file": SimpleUploadedFile("k.yaml", b"format: larspar.course/1\n")},
    )
    assert response.status_code == 400 and "för stor" in response.content.decode()
