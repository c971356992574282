"""The learner's own exports and erasures are in the audit log."""

import pytest

from audit.models import AuditAction, AuditEvent
from privacy.services import person_erase

pytestmark = pytest.mark.django_db


def test_the_learners_own_exports_are_logged(client, person):
    client.force_login(person)
    assert client.get("/mina-uppgifter/export.json").status_code == 200
    assert client.get("/mina-uppgifter/utskrift/").status_code == 200
    # Only looking at the page is not an export.
    assert client.get("/mina-uppgifter/").status_code == 200
    events = AuditEvent.objects.filter(action=AuditAction.PERSONAL_DATA_EXPORTED).order_by("pk")
    assert [(e.actor, e.detail["export"]) for e in events] == [
        (person, "person_data_json"),
        (person, "person_data_print"),
    ]


def test_an_erasure_is_logged_once_without_the_name(person, history, administrator):
    history(person)
    name = person.get_full_name()
    person_erase(user=person, by=administrator)
    person_erase(user=person, by=administrator)
    event = AuditEvent.objects.get(action=AuditAction.PERSON_ERASED)
    assert event.actor == administrator
    assert event.target == f"raderad-{person.pk}"
    assert event.detail == {"user_id": person.pk, "certificates": 1}
    assert name not in str(event.detail) + event.target
