"""Revocation: a category the holder is told, an e-mail to the holder, one status everywhere."""

import pytest
from django.core import mail

from certificates.models import Certificate, CertificateStatus, RevocationReason
from certificates.services import certificate_reinstate, certificate_revoke
from courses.services import enrollment_renew

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def holder_with_mail(holder):
    holder.email = "asa@example.org"
    holder.save()
    return holder


def test_the_holder_is_emailed_the_category_and_whom_to_contact(
    certificate, holder_with_mail, administrator, settings, django_capture_on_commit_callbacks
):
    settings.LARSPAR_CERTIFICATE_CONTACT = "utbildning@exempelstad.se"
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(
            certificate=certificate,
            by=administrator,
            reason="Provet gjordes av en kollega",
            category=RevocationReason.NOT_TAKEN_BY_HOLDER,
        )
    [message] = mail.outbox
    assert message.to == ["asa@example.org"]
    assert message.subject == (
        "Ditt certifikat för Våld i nära relationer – grundkurs har återkallats"
    )
    assert "Kursen gjordes inte av innehavaren" in message.body
    assert "utbildning@exempelstad.se" in message.body
    assert certificate.display_code in message.body
    # The administrator's own note is for the log, not for the e-mail.
    assert "kollega" not in message.body


def test_revoking_twice_sends_one_email_and_logs_once(
    certificate, holder_with_mail, administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, by=administrator, reason="Fel")
        certificate_revoke(certificate=certificate, by=administrator, reason="Fel igen")
    assert len(mail.outbox) == 1
    assert certificate.events.count() == 1


def test_an_unknown_category_is_refused_and_nothing_changes(certificate, administrator):
    with pytest.raises(ValueError, match="category"):
        certificate_revoke(certificate=certificate, by=administrator, reason="x", category="oops")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_reinstating_clears_the_category(certificate, administrator):
    certificate_revoke(
        certificate=certificate, by=administrator, reason="x", category=RevocationReason.OTHER
    )
    certificate_reinstate(certificate=certificate, by=administrator, reason="Rätt ändå")
    certificate.refresh_from_db()
    assert (certificate.revoked_reason_category, certificate.status) == ("", "valid")


def test_the_database_refuses_a_revocation_without_category(certificate, now):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(
            revoked_at=now, revoked_reason="x", revoked_reason_category=""
        )


def test_a_certificate_from_an_earlier_round_is_superseded_by_the_newer_one(
    certificate, holder, course, complete, clock
):
    clock.shift(3600 * 24 * 700)
    enrollment_renew(enrollment=certificate.enrollment)
    complete(holder, course)
    old, new = Certificate.objects.with_newer().filter(user=holder).order_by("issued_at")
    assert old.status == CertificateStatus.SUPERSEDED
    assert new.status == CertificateStatus.VALID
    # Read without the annotation, the old one is judged by its own dates.
    assert Certificate.objects.get(pk=old.pk).status == CertificateStatus.VALID


def test_my_certificates_says_when_why_whom_to_ask_and_offers_a_new_round(
    client, certificate, holder, administrator, settings
):
    settings.LARSPAR_CERTIFICATE_CONTACT = "utbildning@exempelstad.se"
    certificate_revoke(
        certificate=certificate,
        by=administrator,
        reason="Provet gjordes av en kollega",
        category=RevocationReason.NOT_TAKEN_BY_HOLDER,
    )
    client.force_login(holder)
    html = client.get("/certifikat/").content.decode()
    assert "Återkallat" in html
    assert "Skäl: Kursen gjordes inte av innehavaren." in html
    assert "utbildning@exempelstad.se" in html
    assert "kollega" not in html
    renew = f"/certifikat/{certificate.pk}/fornya/"
    assert renew in html
    response = client.post(renew)
    assert response.status_code == 302
    assert holder.enrollments.filter(course=certificate.course, round=2).exists()


def test_the_verification_page_of_a_superseded_certificate_says_so(
    client, certificate, holder, course, complete, clock
):
    clock.shift(3600 * 24 * 700)
    enrollment_renew(enrollment=certificate.enrollment)
    complete(holder, course)
    html = client.get(certificate.get_absolute_url()).content.decode()
    assert "Ersatt" in html
    assert "nyare certifikat" in html
    assert client.get(f"/verify/{certificate.display_code}.json").json()["status"] == "superseded"
