"""The course-completed page shows the certificate's one status: a revoked or expired
certificate is not presented as issued, with no download button."""

import datetime

import pytest
from django.urls import reverse

from certificates.models import RevocationReason
from certificates.services import certificate_revoke

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def _page(client, holder, certificate) -> str:
    client.force_login(holder)
    url = reverse("courses:course-completed", args=[certificate.course.slug])
    return client.get(url).content.decode()


def test_a_valid_certificate_is_offered_for_download(client, holder, certificate):
    html = _page(client, holder, certificate)
    assert "Du har fått ett certifikat" in html
    assert reverse("certificates:certificate-download", args=[certificate.pk]) in html


def test_a_revoked_certificate_shows_as_revoked_with_reason_and_contact(
    client, holder, certificate, administrator, settings
):
    settings.LARSPAR_CERTIFICATE_CONTACT = "utbildning@exempelstad.se"
    certificate_revoke(
        certificate=certificate,
        by=administrator,
        reason="Fel person",
        category=RevocationReason.NOT_TAKEN_BY_HOLDER,
    )
    html = _page(client, holder, certificate)
    assert "Du har fått ett certifikat" not in html
    assert reverse("certificates:certificate-download", args=[certificate.pk]) not in html
    assert certificate.display_code not in html
    assert "återkallades" in html and "Kursen gjordes inte av innehavaren" in html
    assert "utbildning@exempelstad.se" in html and "Fel person" not in html


def test_an_expired_certificate_shows_as_expired(client, holder, certificate, clock):
    clock.move_to(
        datetime.datetime.combine(
            certificate.expires_on + datetime.timedelta(days=1),
            datetime.time(12, 0),
            tzinfo=datetime.UTC,
        )
    )
    html = _page(client, holder, certificate)
    assert "Du har fått ett certifikat" not in html and "gick ut" in html
    assert reverse("certificates:certificate-download", args=[certificate.pk]) not in html
