"""The issue's acceptance path, end to end through the real views.

The learner finishes the course and downloads the PDF; its QR code opens the
verification page showing it valid; an administrator revokes it and the same
page shows it revoked; a manager verifies a list of codes at once.
"""

import shutil
import subprocess
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from certificates.models import Certificate
from tests.certificates.conftest import steps_in_order

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
    reason="poppler-utils and zbar-tools are needed to read the QR code from the PDF",
)
def test_learner_to_verifier_to_revocation_to_bulk_check(
    client, holder, course, administrator, manager_north, tmp_path,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    client.force_login(holder)
    client.post(reverse("courses:course-start", args=[course.slug]))
    with django_capture_on_commit_callbacks(execute=True):
        for step in steps_in_order(course):
            response = client.post(reverse("courses:step-complete", args=[course.slug, step.pk]))
    assert response["Location"] == reverse("courses:course-completed", args=[course.slug])
    completed = client.get(response["Location"]).content.decode()
    certificate = Certificate.objects.get(user=holder)
    download_url = reverse("certificates:certificate-download", args=[certificate.pk])
    assert download_url in completed

    pdf = b"".join(client.get(download_url).streaming_content)
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", tmp_path / "c.pdf", tmp_path / "c"],
        check=True,
    )
    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", tmp_path / "c.png"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()

    client.logout()
    verification_path = urlsplit(scanned).path
    page = client.get(verification_path)
    assert page.status_code == 200
    assert "Giltigt" in page.content.decode()

    client.force_login(administrator)
    client.post(
        reverse("admin:certificates_certificate_revoke", args=[certificate.pk]),
        {"reason": "Utfärdat till fel person", "category": "wrong_person"},
    )
    client.logout()
    assert "Återkallat" in client.get(verification_path).content.decode()

    client.force_login(manager_north)
    result = client.post(
        reverse("certificates:verify-bulk"),
        {"codes": f"{certificate.display_code}\n0000-0000-0000-0000"},
    ).content.decode()
    assert "Åsa Öberg-Ängström" in result and "Återkallat" in result and "Okänd kod" in result
