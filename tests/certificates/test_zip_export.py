"""The certificate ZIP is built by the task worker: status page, permissions, failure, expiry."""

import datetime
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEvent
from certificates import services
from certificates.models import CertificateExport
from certificates.services import certificate_export_request
from common.models import JobState
from tests.factories import make_user
from tests.tasks import queued_tasks, run_tasks

pytestmark = pytest.mark.django_db


def status_url(export, *, json=False):
    name = "certificate-zip-status-json" if json else "certificate-zip-status"
    return reverse(f"certificates:{name}", args=[export.pk])


def download_url(export):
    return reverse("certificates:certificate-zip-download", args=[export.pk])


@pytest.fixture
def export(certificate, manager_north, course, django_capture_on_commit_callbacks):
    """A queued export of the course by the north manager (its task enqueued)."""
    with django_capture_on_commit_callbacks(execute=True):
        return certificate_export_request(requester=manager_north, course=course)


def test_the_request_enqueues_a_task_that_stores_the_zip_in_private_storage(
    export, settings, certificate
):
    assert export.state == JobState.QUEUED
    assert queued_tasks() == ["certificate_export_build"]

    [result] = run_tasks()

    assert result.status == "SUCCESSFUL" and result.return_value == 1
    export.refresh_from_db()
    assert export.state == JobState.DONE and export.finished_at is not None
    assert export.certificates == 1
    path = settings.LARSPAR_PRIVATE_ROOT / export.file.name
    assert path.is_file() and export.file.name.startswith("exports/")
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == [f"asa-oberg-angstrom-{certificate.display_code}.pdf"]
    with pytest.raises(ValueError):
        export.file.url  # noqa: B018 - private storage has no public URL


def test_status_page_shows_progress_then_the_download_without_javascript(client, export):
    client.force_login(export.requester)
    page = client.get(status_url(export)).content.decode()
    assert "I kö" in page
    assert f'href="{status_url(export)}">Uppdatera</a>' in page
    assert 'aria-live="polite"' in page
    assert 'http-equiv="refresh"' not in page
    assert client.get(status_url(export, json=True)).json() == {
        "state": "queued",
        "state_label": "I kö",
        "message": "Väntar på sin tur.",
        "finished": False,
        "download_url": "",
    }
    assert client.get(download_url(export)).status_code == 404

    run_tasks()

    page = client.get(status_url(export)).content.decode()
    assert "Klar" in page and f'href="{download_url(export)}"' in page
    assert ">Uppdatera</a>" not in page
    status = client.get(status_url(export, json=True)).json()
    assert status["state"] == "done" and status["download_url"] == download_url(export)
    response = client.get(download_url(export))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert 'filename="certifikat-' in response["Content-Disposition"]


def test_asking_twice_while_it_is_queued_gives_the_same_export(
    client, export, course, django_capture_on_commit_callbacks
):
    client.force_login(export.requester)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:certificate-zip"), {"course": course.pk})
    assert response["Location"] == status_url(export)
    assert CertificateExport.objects.count() == 1
    assert queued_tasks() == ["certificate_export_build"]


def test_only_the_manager_who_asked_sees_the_status_and_downloads(
    client, export, units, administrator, holder
):
    run_tasks()
    other_manager = make_user("mia", roles=["manager"], unit=units["top"])
    other_manager.managed_units.add(units["norr"])
    for user, status in ((other_manager, 404), (administrator, 404), (holder, 403)):
        client.force_login(user)
        for url in (status_url(export), status_url(export, json=True), download_url(export)):
            assert client.get(url).status_code == status, (user, url)
    client.logout()
    assert client.get(download_url(export)).status_code == 302  # to the sign-in page
    assert not AuditEvent.objects.filter(action="export").exists()


def test_each_download_is_audited_with_the_number_of_certificates(client, export, course):
    run_tasks()
    client.force_login(export.requester)
    b"".join(client.get(download_url(export)).streaming_content)
    event = AuditEvent.objects.get(action="export")
    assert event.actor == export.requester
    assert event.detail == {"export": "certificates_zip", "course": course.slug, "certificates": 1}


def test_a_failing_build_shows_failed_with_a_message_and_stores_nothing(
    client, export, monkeypatch, settings
):
    def broken(*, certificate):
        raise OSError("disk full")

    monkeypatch.setattr(services, "certificate_pdf_get", broken)
    [result] = run_tasks()

    assert result.status == "FAILED" and result.exception_class_path == "builtins.OSError"
    export.refresh_from_db()
    assert export.state == JobState.FAILED and export.finished_at is not None
    assert not export.file
    assert not (settings.LARSPAR_PRIVATE_ROOT / "exports").exists() or not any(
        (settings.LARSPAR_PRIVATE_ROOT / "exports").iterdir()
    )
    client.force_login(export.requester)
    page = client.get(status_url(export)).content.decode()
    assert "Misslyckades" in page and "Det gick inte att skapa ZIP-filen" in page
    assert "disk full" not in page
    status = client.get(status_url(export, json=True)).json()
    assert status["state"] == "failed" and status["finished"] is True
    assert client.get(download_url(export)).status_code == 404
    assert run_tasks() == []  # a failed export is not run again by itself


def test_exports_are_deleted_with_their_file_after_a_day(
    export, clock, settings, django_capture_on_commit_callbacks
):
    run_tasks()
    export.refresh_from_db()
    path = settings.LARSPAR_PRIVATE_ROOT / export.file.name
    clock.shift(datetime.timedelta(hours=23, minutes=59))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("jobs_expire")
    assert CertificateExport.objects.filter(pk=export.pk).exists() and path.is_file()

    clock.shift(datetime.timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("jobs_expire")
    assert not CertificateExport.objects.filter(pk=export.pk).exists()
    assert not path.exists()


def test_a_running_export_is_kept_until_its_worker_counts_as_gone(
    client, export, manager_north, clock
):
    CertificateExport.objects.filter(pk=export.pk).update(state=JobState.RUNNING)
    clock.shift(datetime.timedelta(hours=5, minutes=59))
    call_command("jobs_expire")
    export.refresh_from_db()
    assert export.state == JobState.RUNNING

    # Six hours on it still says "running": its worker died. The requester is told it
    # failed and may ask again; the row expires with the others.
    clock.shift(datetime.timedelta(minutes=2))
    call_command("jobs_expire")
    export.refresh_from_db()
    assert export.state == JobState.FAILED and export.finished_at is not None
    assert "avbröts" in export.error
    client.force_login(manager_north)
    status = client.get(status_url(export, json=True)).json()
    assert status["state"] == "failed" and status["finished"] and "avbröts" in status["message"]
    clock.shift(datetime.timedelta(days=1))
    call_command("jobs_expire")
    assert not CertificateExport.objects.filter(pk=export.pk).exists()
