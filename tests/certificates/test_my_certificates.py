"""The learner's certificates, the course-completed page, and re-certification by a new round."""

from datetime import timedelta

import pytest
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import certificate_revoke
from courses.models import Enrollment, StepProgress

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

MINE = "/certifikat/"


def expire_in(certificate, days: int) -> None:
    """Let the certificate expire `days` after the day it was earned (the frozen today)."""
    certificate.refresh_from_db()
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=certificate.completed_on + timedelta(days=days)
    )


def test_my_certificates_lists_status_download_and_verification_link(client, certificate, holder):
    client.force_login(holder)
    html = client.get(MINE).content.decode()
    assert "Våld i nära relationer – grundkurs" in html
    assert "Giltigt" in html
    assert reverse("certificates:certificate-download", args=[certificate.pk]) in html
    assert f'value="{certificate.verification_url}"' in html
    # Far from expiry: nothing to renew yet.
    assert "Gå kursen igen" not in html


def test_my_certificates_shows_only_my_own(client, certificate, other_learner):
    client.force_login(other_learner)
    html = client.get(MINE).content.decode()
    assert certificate.display_code not in html
    assert "inga certifikat" in html


def test_expired_certificate_is_marked_and_offers_the_course_again(client, certificate, holder):
    expire_in(certificate, -3)
    client.force_login(holder)
    html = client.get(MINE).content.decode()
    assert "Utgånget" in html
    assert reverse("certificates:certificate-renew", args=[certificate.pk]) in html


def test_renewal_opens_60_days_before_expiry(client, certificate, holder):
    client.force_login(holder)
    renew = reverse("certificates:certificate-renew", args=[certificate.pk])
    expire_in(certificate, 61)
    assert renew not in client.get(MINE).content.decode()
    response = client.post(renew)
    assert response.status_code == 400
    assert Enrollment.objects.filter(user=holder).count() == 1

    expire_in(certificate, 60)
    assert renew in client.get(MINE).content.decode()
    assert client.post(renew).status_code == 302


def test_renewing_starts_a_new_round_keeping_the_old_one_and_its_certificate(
    client, certificate, holder, course, complete
):
    old_round = certificate.enrollment
    old_progress = list(StepProgress.objects.filter(enrollment=old_round).values())
    old_certificate = Certificate.objects.values().get(pk=certificate.pk)
    expire_in(certificate, 10)
    old_certificate["expires_on"] = certificate.completed_on + timedelta(days=10)
    client.force_login(holder)

    response = client.post(reverse("certificates:certificate-renew", args=[certificate.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:course-continue", args=[course.slug])
    # Idempotent: a second press does not start a third round.
    client.post(reverse("certificates:certificate-renew", args=[certificate.pk]))
    new_round = Enrollment.objects.current_for(holder, course)
    assert new_round.round == 2 and not new_round.is_completed
    assert Enrollment.objects.filter(user=holder, course=course).count() == 2
    assert list(StepProgress.objects.filter(enrollment=old_round).values()) == old_progress
    # The course page now shows the new round's (empty) progress.
    assert "0 %" in client.get(course.get_absolute_url()).content.decode().replace("\xa0", " ")

    complete(holder, course)
    new_certificate = Certificate.objects.get(enrollment=new_round)
    assert new_certificate.code != certificate.code
    assert new_certificate.expires_on > old_certificate["expires_on"]
    assert Certificate.objects.values().get(pk=certificate.pk) == old_certificate
    html = client.get(MINE).content.decode()
    assert new_certificate.display_code in html and certificate.display_code in html


def test_only_the_holder_can_renew(client, certificate, other_learner):
    expire_in(certificate, -1)
    client.force_login(other_learner)
    response = client.post(reverse("certificates:certificate-renew", args=[certificate.pk]))
    assert response.status_code == 404
    assert Enrollment.objects.count() == 1


def test_revoked_certificate_is_listed_as_revoked_without_download(
    client, certificate, holder, administrator
):
    certificate_revoke(certificate=certificate, by=administrator, reason="Fel kurs registrerad")
    client.force_login(holder)
    html = client.get(MINE).content.decode()
    assert "Återkallat" in html
    assert reverse("certificates:certificate-download", args=[certificate.pk]) not in html
    response = client.get(reverse("certificates:certificate-download", args=[certificate.pk]))
    assert response.status_code == 403
    assert "återkallat" in response.content.decode()


def test_course_completed_page_offers_the_certificate(client, certificate, holder, course):
    client.force_login(holder)
    html = client.get(reverse("courses:course-completed", args=[course.slug])).content.decode()
    assert reverse("certificates:certificate-download", args=[certificate.pk]) in html
    assert certificate.verification_url in html
    assert certificate.display_code in html


def test_navigation_links_to_my_certificates(client, holder):
    client.force_login(holder)
    html = client.get(MINE).content.decode()
    assert 'href="/certifikat/">Mina certifikat' in html
    assert reverse("certificates:verify-bulk") not in html


def test_my_certificates_page_costs_the_same_with_one_or_many(
    client, holder, complete, django_assert_num_queries
):
    from tests.factories import CourseBuilder

    client.force_login(holder)
    complete(holder, CourseBuilder.published(modules=[["lesson"]]))
    # Session, the user with their roles (nav), certificates with enrollment and
    # course (1), significant course versions (1), the latest round per course (1).
    with django_assert_num_queries(5):
        assert client.get(MINE).status_code == 200
    for _ in range(3):
        complete(holder, CourseBuilder.published(modules=[["lesson"]]))
    with django_assert_num_queries(5):
        assert client.get(MINE).status_code == 200
