"""A significant change to a course: recorded with its version, shown to holders of older ones."""

import pytest
from django.urls import reverse

from courses.models import CourseVersion
from courses.publishing import course_publish

pytestmark = [pytest.mark.django_db]


def test_publishing_records_each_version_with_who_and_what(course, trainer):
    course_publish(course=course, user=trainer, summary="Ny lag om socialtjänst")
    course.refresh_from_db()
    latest = CourseVersion.objects.get(course=course, version=course.version)
    assert (latest.published_by, latest.summary, latest.significant) == (
        trainer,
        "Ny lag om socialtjänst",
        False,
    )


def test_a_significant_change_needs_a_summary_and_publishes_nothing_without(course, trainer):
    version = course.version
    with pytest.raises(ValueError, match="summary"):
        course_publish(course=course, user=trainer, significant=True, summary="  ")
    course.refresh_from_db()
    assert course.version == version
    assert not CourseVersion.objects.filter(course=course, version=version + 1).exists()


def test_holders_of_older_versions_are_told_to_repeat_with_the_summary(
    client, certificate, holder, course, trainer
):
    client.force_login(holder)
    assert "repetition rekommenderas" not in client.get("/certifikat/").content.decode()

    course_publish(course=course, user=trainer, summary="Stavfel rättade")
    assert "repetition rekommenderas" not in client.get("/certifikat/").content.decode()

    course_publish(
        course=course, user=trainer, significant=True, summary="Nya regler om skyddat boende"
    )
    html = client.get("/certifikat/").content.decode()
    assert "Kursen har uppdaterats – repetition rekommenderas" in html
    assert "Nya regler om skyddat boende" in html
    # The public page keeps showing the version that was certified.
    verify = client.get(certificate.get_absolute_url()).content.decode()
    assert f"version {certificate.course_version}" in verify


def test_the_publish_page_asks_for_a_summary_of_a_significant_change(client, course, trainer):
    client.force_login(trainer)
    url = reverse("admin:courses_course_publish", args=[course.pk])
    response = client.post(url, {"significant": "on", "summary": ""})
    assert response.status_code == 400
    assert "Skriv vad som har ändrats" in response.content.decode()
    response = client.post(url, {"significant": "on", "summary": "Ny modul om skydd"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Versionshistorik" in page and "Ny modul om skydd" in page
