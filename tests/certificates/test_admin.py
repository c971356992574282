"""Administrators revoke, reinstate and correct names in the admin; each change is logged."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from certificates.models import Certificate, CertificateStatus
from certificates.services import certificate_revoke
from courses.models import Course, Enrollment
from tests.factories import make_user
from tests.tasks import queued_tasks, run_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def url(name, certificate):
    return reverse(f"admin:certificates_certificate_{name}", args=[certificate.pk])


def test_administrator_revokes_with_a_reason_and_it_is_logged(client, certificate, administrator):
    client.force_login(administrator)
    assert client.get(url("revoke", certificate)).status_code == 200
    response = client.post(
        url("revoke", certificate),
        {"reason": "Intyget utfärdades av misstag", "category": "mistake"},
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revoked_by == administrator
    assert certificate.revoked_reason == "Intyget utfärdades av misstag"
    event = certificate.events.get()
    assert (event.kind, event.actor, event.actor_name) == ("revoked", administrator, "Ada Testsson")
    assert event.reason == "Intyget utfärdades av misstag"
    assert "Återkallat" in client.get(certificate.get_absolute_url()).content.decode()


def test_revoking_needs_a_reason(client, certificate, administrator):
    client.force_login(administrator)
    response = client.post(url("revoke", certificate), {"reason": "  ", "category": "mistake"})
    assert response.status_code == 400
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert not certificate.events.exists()


def test_revoking_twice_logs_once(certificate, administrator):
    certificate_revoke(certificate=certificate, by=administrator, reason="Ett")
    first = Certificate.objects.get(pk=certificate.pk).revoked_at
    certificate_revoke(certificate=certificate, by=administrator, reason="Två")
    certificate.refresh_from_db()
    assert certificate.revoked_at == first and certificate.revoked_reason == "Ett"
    assert certificate.events.count() == 1


def test_administrator_reinstates_and_both_events_stay_in_the_log(
    client, certificate, administrator
):
    certificate_revoke(certificate=certificate, by=administrator, reason="Misstag?")
    client.force_login(administrator)
    response = client.post(url("reinstate", certificate), {"reason": "Det var rätt person"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    assert [e.kind for e in certificate.events.all()] == ["revoked", "reinstated"]
    change_page = client.get(url("change", certificate)).content.decode()
    assert "Misstag?" in change_page and "Det var rätt person" in change_page


def test_administrator_corrects_the_name_in_the_admin(
    client, certificate, administrator, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    form = client.get(url("rename", certificate)).content.decode()
    assert 'value="Åsa Öberg-Ängström"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("rename", certificate), {"holder_name": "Åsa Ängström", "reason": "Bytt efternamn"}
        )
    assert response.status_code == 302
    assert queued_tasks() == ["certificate_pdfs_render"]
    run_tasks()
    certificate.refresh_from_db()
    assert certificate.holder_name == "Åsa Ängström"
    assert certificate.pdf  # rendered again with the new name, by the worker
    event = certificate.events.get()
    assert (event.old_value, event.new_value) == ("Åsa Öberg-Ängström", "Åsa Ängström")


@pytest.mark.parametrize("role", ["trainer", "manager", "learner"])
def test_only_administrators_may_revoke(client, certificate, role):
    user = make_user(roles=[role], is_staff=True)
    client.force_login(user)
    for name in ("revoke", "reinstate", "rename"):
        response = client.post(url(name, certificate), {"reason": "x", "holder_name": "X"})
        # Trainers enter the admin but are refused here; the others never enter it.
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or "/login/" in response["Location"]
    certificate.refresh_from_db()
    assert certificate.revoked_at is None and certificate.holder_name == "Åsa Öberg-Ängström"
    assert client.get(reverse("admin:certificates_certificate_changelist")).status_code in (
        302,
        403,
    )


def test_admin_search_finds_a_certificate_by_a_sloppily_typed_code(
    client, certificate, administrator, course, complete
):
    other = make_user(roles=["learner"])
    complete(other, course)
    client.force_login(administrator)
    response = client.get(
        reverse("admin:certificates_certificate_changelist"),
        {"q": certificate.code.lower()},
    )
    html = response.content.decode()
    assert certificate.display_code in html
    assert Certificate.objects.get(user=other).display_code not in html


def admin_urls(certificate):
    """Every admin route that shows or changes a certificate, including "view on site"."""
    content_type = ContentType.objects.get_for_model(Certificate)
    pk = certificate.pk
    return {
        "app index": "/admin/certificates/",
        "list": reverse("admin:certificates_certificate_changelist"),
        "record": url("change", certificate),
        "history": url("history", certificate),
        "delete": url("delete", certificate),
        "add": reverse("admin:certificates_certificate_add"),
        "revoke": url("revoke", certificate),
        "reinstate": url("reinstate", certificate),
        "rename": url("rename", certificate),
        "view on site": reverse("admin:view_on_site", args=[content_type.pk, pk]),
    }


# Status an administrator gets; nobody adds or deletes certificate rows.
ADMINISTRATOR_STATUS = {"add": 403, "delete": 403, "view on site": 302}
# A trainer is refused everywhere. The app index lists nothing for them (404); the
# history page finds no such certificate in what they may see and sends them to the
# admin's start page, like any missing object.
TRAINER_STATUS = {"app index": 404, "history": 302}


@pytest.mark.parametrize("role", ["learner", "manager", "trainer", "administrator"])
def test_every_certificate_admin_route_asks_the_certificate_policy(client, certificate, role):
    """Role × URL: only administrators reach a certificate (and its code) in the admin.

    Trainers enter the admin but get 403 (404 for the app index, which lists nothing
    for them), also through the "view on site" shortcut that once redirected anyone
    in the admin to the public verification page; learners and managers, staff flag
    or not, are sent to the admin's sign-in.
    """
    client.force_login(make_user(roles=[role], is_staff=True))
    for name, address in admin_urls(certificate).items():
        response = client.get(address)
        if role == "administrator":
            assert response.status_code == ADMINISTRATOR_STATUS.get(name, 200), name
        elif role == "trainer":
            assert response.status_code == TRAINER_STATUS.get(name, 403), name
            assert response.get("Location") in (None, "/admin/"), name
            assert certificate.display_code not in response.content.decode(), name
        else:
            assert response.status_code == 302, name
            assert response["Location"].startswith("/admin/login/"), name
    if role == "administrator":
        response = client.get(admin_urls(certificate)["view on site"])
        assert response["Location"].endswith(certificate.get_absolute_url())


def test_view_on_site_still_leads_a_trainer_to_a_course(client, trainer, course):
    """The checked shortcut keeps working where the model admin allows viewing."""
    client.force_login(trainer)
    content_type = ContentType.objects.get_for_model(Course)
    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, course.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(course.get_absolute_url())


def test_view_on_site_refuses_models_without_an_admin(client, administrator, certificate):
    """No shortcut to objects the admin does not manage (an enrollment), nor to missing ones."""
    client.force_login(administrator)
    enrollment_type = ContentType.objects.get_for_model(Enrollment)
    missing = reverse(
        "admin:view_on_site",
        args=[ContentType.objects.get_for_model(Certificate).pk, certificate.pk + 1000],
    )
    assert client.get(missing).status_code == 404
    response = client.get(
        reverse("admin:view_on_site", args=[enrollment_type.pk, certificate.enrollment_id])
    )
    assert response.status_code == 404


def test_trainer_admin_index_does_not_list_certificates(client, trainer):
    client.force_login(trainer)
    html = client.get("/admin/").content.decode()
    assert "/admin/certificates/" not in html
