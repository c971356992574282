"""A large HR import runs in the task worker; the administrator follows it on a status page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User, UserImport
from audit.models import AuditEvent
from common.models import JobState
from tests.accounts.test_user_import import HEADER
from tests.factories import make_user
from tests.tasks import queued_tasks, run_tasks

pytestmark = pytest.mark.django_db

IMPORT = "/admin/accounts/user/import/"


@pytest.fixture
def units(db):
    from accounts.services import org_unit_create

    city = org_unit_create(code="STAD", name="Stad")
    return {"NORR": org_unit_create(code="NORR", name="Norr", parent=city)}


@pytest.fixture
def threshold(settings):
    settings.LARSPAR_USER_IMPORT_BACKGROUND_ROWS = 3


def big_file(rows: int = 5, *, bad_line: int | None = None) -> bytes:
    lines = [HEADER]
    for n in range(1, rows + 1):
        unit = "OKÄND" if n + 1 == bad_line else "NORR"
        lines.append(f"E{n},Person {n} Svensson,p{n}@example.org,{unit},Socionom\n")
    return "".join(lines).encode()


def post(client, capture, data: bytes, **fields):
    with capture(execute=True):
        return client.post(IMPORT, {"file": SimpleUploadedFile("hr.csv", data), **fields})


def status_urls(job):
    return (
        reverse("admin:accounts_user_import_status", args=[job.pk]),
        reverse("admin:accounts_user_import_status_json", args=[job.pk]),
    )


@pytest.mark.usefixtures("threshold")
def test_a_large_file_is_imported_by_the_worker_and_row_errors_reach_the_admin(
    client, administrator, units, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    response = post(client, django_capture_on_commit_callbacks, big_file(5, bad_line=4))
    job = UserImport.objects.get()
    page_url, json_url = status_urls(job)
    assert response.status_code == 302 and response["Location"] == page_url
    assert queued_tasks() == ["user_import_run"]
    assert not User.objects.filter(employee_id__startswith="E").exists()
    page = client.get(page_url).content.decode()
    assert "I kö" in page and ">Uppdatera</a>" in page and 'aria-live="polite"' in page

    [task] = run_tasks()

    assert task.status == "SUCCESSFUL" and task.return_value == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE and bytes(job.data) == b""  # the file is not kept
    assert (job.created, job.updated, job.unchanged) == (4, 0, 0)
    assert User.objects.filter(employee_id__startswith="E").count() == 4
    page = client.get(page_url).content.decode()
    assert "Skapade 4, uppdaterade 0, oförändrade 0." in page
    assert "Rad 4: okänd enhet ”OKÄND”" in page
    assert client.get(json_url).json()["download_url"] == page_url
    event = AuditEvent.objects.get(action="import")
    assert (event.actor, event.target) == (administrator, "hr.csv")
    assert event.detail["created"] == 4 and event.detail["errors"] == 1


@pytest.mark.usefixtures("threshold")
def test_all_or_nothing_in_the_background_imports_nothing(
    client, administrator, units, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    post(client, django_capture_on_commit_callbacks, big_file(5, bad_line=3), all_or_nothing="on")
    run_tasks()
    job = UserImport.objects.get()
    assert job.state == JobState.DONE and not job.imported
    assert not User.objects.filter(employee_id__startswith="E").exists()
    page = client.get(status_urls(job)[0]).content.decode()
    assert "Ingenting importerades" in page and "Rad 3:" in page


@pytest.mark.usefixtures("threshold")
def test_an_unreadable_large_file_fails_with_its_message(
    client, administrator, units, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    data = "employee_id;namn\n" + "E1;Anna\n" * 10
    post(client, django_capture_on_commit_callbacks, data.encode("utf-16"))
    [task] = run_tasks()
    assert task.status == "FAILED"
    job = UserImport.objects.get()
    assert job.state == JobState.FAILED and job.error == "Filen måste vara sparad som UTF-8."
    status = client.get(status_urls(job)[1]).json()
    assert status["state"] == "failed" and status["message"] == job.error
    assert not AuditEvent.objects.filter(action="import").exists()


def test_a_small_file_is_still_imported_at_once(client, administrator, units):
    client.force_login(administrator)
    response = client.post(IMPORT, {"file": SimpleUploadedFile("hr.csv", big_file(3))})
    assert response.status_code == 200
    assert User.objects.filter(employee_id__startswith="E").count() == 3
    assert not UserImport.objects.exists() and queued_tasks() == []


@pytest.mark.usefixtures("threshold")
def test_only_the_administrator_who_started_it_sees_the_status(
    client, administrator, units, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    post(client, django_capture_on_commit_callbacks, big_file(5))
    job = UserImport.objects.get()
    other = make_user("admin2", roles=["administrator"], is_staff=True)
    client.force_login(other)
    for url in status_urls(job):
        assert client.get(url).status_code == 404
    trainer = make_user("trainer2", roles=["trainer"], is_staff=True)
    client.force_login(trainer)
    for url in status_urls(job):
        assert client.get(url).status_code == 403
