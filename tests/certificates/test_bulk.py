"""Managers verify many codes at once (pasted or CSV) and download their units' PDFs as a ZIP."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates.models import Certificate, CertificateExport
from certificates.services import certificate_revoke
from tests.factories import make_user
from tests.tasks import run_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

BULK = "/certifikat/verifiera/"


def test_manager_verifies_pasted_codes_and_malformed_lines_are_reported_one_by_one(
    client, certificate, manager_north, administrator, holder, course, complete, units
):
    other = make_user(roles=["learner"], unit=units["syd"], first_name="Bo", last_name="Ek")
    complete(other, course)
    revoked = Certificate.objects.get(user=other)
    certificate_revoke(certificate=revoked, by=administrator, reason="Fel")
    client.force_login(manager_north)
    text = "\n".join(
        [
            certificate.code.lower(),
            "hej hopp",
            "",
            revoked.display_code,
            "0000-0000-0000-0000",
            "7K3Q-9XMD",
        ]
    )
    response = client.post(BULK, {"codes": text})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rad 2:" in html and "hej hopp" in html
    assert "Rad 6:" in html and "7K3Q-9XMD" in html
    # The other lines are still checked.
    assert "Åsa Öberg-Ängström" in html and "Giltigt" in html
    assert "Bo Ek" in html and "Återkallat" in html
    assert "Okänd kod" in html


def test_bulk_result_downloads_as_csv(client, certificate, manager_north):
    client.force_login(manager_north)
    response = client.post(
        BULK, {"codes": f"{certificate.display_code}\nfel\n0000000000000000", "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:6] == ["rad", "kod", "innehavare", "kurs", "kursversion", "status"]
    by_line = {row[0]: row for row in rows[1:]}
    assert by_line["1"][1:6] == [
        certificate.display_code,
        "Åsa Öberg-Ängström",
        "Våld i nära relationer – grundkurs",
        "1",
        "Giltigt",
    ]
    assert by_line["1"][7] == certificate.expires_on.isoformat()
    assert by_line["3"][5] == "Okänd kod"
    assert by_line["2"][1:2] == ["fel"] and by_line["2"][5] == "Felaktig kod"


def test_bulk_csv_upload_with_header_semicolons_and_windows_encoding(
    client, certificate, manager_north
):
    content = f"Kod;Namn\r\n{certificate.display_code};Åsa\r\nXYZ;Någon\r\n".encode("cp1252")
    upload = SimpleUploadedFile("koder.csv", content, content_type="text/csv")
    client.force_login(manager_north)
    response = client.post(BULK, {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Åsa Öberg-Ängström" in html
    assert "Rad 3:" in html and "XYZ" in html
    assert "Rad 1:" not in html


def test_a_formula_in_a_name_is_not_run_by_the_spreadsheet(client, certificate, manager_north):
    Certificate.objects.filter(pk=certificate.pk).update(holder_name="=HYPERLINK(1)")
    client.force_login(manager_north)
    response = client.post(BULK, {"codes": certificate.code, "format": "csv"})
    assert "'=HYPERLINK(1)" in response.getvalue().decode("utf-8-sig")


def test_empty_submission_says_what_is_missing(client, manager_north):
    client.force_login(manager_north)
    response = client.post(BULK, {"codes": "  \n "})
    assert response.status_code == 400
    assert "minst en kod" in response.content.decode()


def test_bulk_verification_is_for_managers_and_administrators(client, learner, administrator):
    client.force_login(learner)
    assert client.get(BULK).status_code == 403
    client.force_login(administrator)
    assert client.get(BULK).status_code == 200


def zip_names(response) -> list[str]:
    data = b"".join(response.streaming_content)
    return sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())


def zip_export(client, capture, course):
    """Ask for the ZIP as the form does, let the worker build it; the download's response."""
    with capture(execute=True):
        response = client.post(reverse("certificates:certificate-zip"), {"course": course.pk})
    assert response.status_code == 302
    export = CertificateExport.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    assert response["Location"] == reverse("certificates:certificate-zip-status", args=[export.pk])
    run_tasks()
    return client.get(reverse("certificates:certificate-zip-download", args=[export.pk]))


def test_manager_downloads_the_valid_certificates_of_their_units_as_zip(
    client,
    certificate,
    manager_north,
    administrator,
    course,
    complete,
    units,
    django_capture_on_commit_callbacks,
):
    colleague = make_user(roles=["learner"], unit=units["norr"], first_name="Cai", last_name="Al")
    revoked_holder = make_user(roles=["learner"], unit=units["norr"])
    outsider = make_user(roles=["learner"], unit=units["syd"], first_name="Ute", last_name="Syd")
    for user in (colleague, revoked_holder, outsider):
        complete(user, course)
    certificate_revoke(
        certificate=Certificate.objects.get(user=revoked_holder), by=administrator, reason="Fel"
    )
    client.force_login(manager_north)
    page = client.get(reverse("certificates:certificate-zip")).content.decode()
    assert course.title in page

    response = zip_export(client, django_capture_on_commit_callbacks, course)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    names = zip_names(response)
    colleague_code = Certificate.objects.get(user=colleague).display_code
    assert names == sorted(
        [
            f"asa-oberg-angstrom-{certificate.display_code}.pdf",
            f"cai-al-{colleague_code}.pdf",
        ]
    )


def test_zip_of_a_course_without_certificates_in_scope_is_refused(
    client, certificate, manager_south, course
):
    client.force_login(manager_south)
    response = client.post(reverse("certificates:certificate-zip"), {"course": course.pk})
    assert response.status_code == 400
    assert not CertificateExport.objects.exists()


def test_learners_cannot_download_zips(client, certificate, holder, course):
    client.force_login(holder)
    response = client.post(reverse("certificates:certificate-zip"), {"course": course.pk})
    assert response.status_code == 403
    assert client.get(reverse("certificates:certificate-zip")).status_code == 403
    assert not CertificateExport.objects.exists()
