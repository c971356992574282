"""Mina uppgifter: a person sees and downloads everything held about them, and nothing else."""

import json

import pytest
from django.urls import reverse

from privacy.selectors import person_data_get
from tests.factories import make_user


def test_person_data_holds_profile_learning_certificates_and_reminders(person, history):
    history(person, courses=1)

    data = person_data_get(user=person)

    profile = data["profile"]
    assert (profile["first_name"], profile["last_name"]) == ("Åsa", "Öberg")
    assert profile["email"] == "asa.oberg@example.se"
    assert profile["employee_id"] == "E-4711"
    assert profile["professional_group"] == "Socialsekreterare"
    assert profile["unit"] == {"code": "NORR", "name": "Norr"}
    assert profile["managed_units"] == [{"code": "NORR", "name": "Norr"}]
    assert [role["code"] for role in profile["roles"]] == ["learner", "manager"]
    assert [role["label"] for role in profile["roles"]] == ["Deltagare", "Chef"]
    [enrollment] = data["enrollments"]
    assert enrollment["completed_at"] is not None
    assert {row["status"] for row in enrollment["progress"]} == {"completed"}
    assert [a["passed"] for a in enrollment["attempts"]] == [False, True]
    assert all(a["responses"] for a in enrollment["attempts"])
    passed_answers = [r["answer_text"] for r in enrollment["attempts"][1]["responses"]]
    assert passed_answers == [
        "Digitalt våld",
        "Fysiskt, Psykiskt",
        "Falskt",
        "1. Förbered, 2. Fråga, 3. Bedöm, 4. Dokumentera",
        "Slår → Fysiskt våld; Hånar → Psykiskt våld; Tar lönen → Ekonomiskt våld",
    ]
    assert data["reflections"][0]["text"] == "Min hemliga reflektion asa"
    [certificate] = data["certificates"]
    assert certificate["holder_name"] == "Åsa Öberg"
    assert certificate["status"] == "valid"
    assert len(data["reminders"]) == 1


def test_person_data_query_count_does_not_grow_with_data(
    person, stranger, history, django_assert_num_queries
):
    history(person, courses=1)
    history(stranger, courses=3)
    # unit and dates (1), managed units (1), roles (1), progress (1), chosen options (1),
    # ordering items (1), matching pairs (1), responses (1), attempts (1), enrollments (1),
    # reflections (1), certificates (1), certificate events (1), reminders (1), audit events (1),
    # group memberships, attendance and groups led (3)
    with django_assert_num_queries(18):
        small = person_data_get(user=person)
    with django_assert_num_queries(18):
        large = person_data_get(user=stranger)
    assert len(small["enrollments"]) == 1
    assert len(large["enrollments"]) == 3


def test_page_shows_own_data_and_nobody_elses(client, person, stranger, history):
    history(person, courses=1)
    history(stranger, courses=1)
    client.force_login(person)

    response = client.get(reverse("privacy:person-data"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    body = response.content.decode()
    assert "asa.oberg@example.se" in body
    assert "Min hemliga reflektion asa" in body
    for marker in ("zxstranger", "Xylofon", "zx@example.se"):
        assert marker not in body


def test_json_export_is_an_attachment_with_own_data_only(client, person, stranger, history):
    history(person, courses=1)
    history(stranger, courses=2)
    client.force_login(person)

    response = client.get(reverse("privacy:person-data-export"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["profile"]["username"] == "asa"
    assert len(data["enrollments"]) == 1
    assert "zxstranger" not in response.content.decode()


def test_print_version_shows_own_data(client, person, history):
    history(person, courses=1)
    client.force_login(person)

    response = client.get(reverse("privacy:person-data-print"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Min hemliga reflektion asa" in response.content.decode()


@pytest.mark.parametrize("name", ["person-data", "person-data-export", "person-data-print"])
def test_signed_out_visitors_are_sent_to_sign_in(client, db, name):
    response = client.get(reverse(f"privacy:{name}"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_nav_links_to_my_data_for_signed_in_users(client, db):
    client.force_login(make_user("lisa", roles=["learner"]))
    body = client.get(reverse("privacy:privacy-notice")).content.decode()
    assert reverse("privacy:person-data") in body


def test_privacy_page_is_public_and_linked_from_the_footer(client, db):
    response = client.get(reverse("privacy:privacy-notice"))
    assert response.status_code == 200
    assert "Uppgift raderad" in response.content.decode()
    assert reverse("privacy:privacy-notice") in client.get(reverse("support")).content.decode()


def test_person_data_lists_audit_events_about_them_and_not_others(client, person, stranger):
    from audit.api import AuditAction, audit_event_record

    audit_event_record(action=AuditAction.ROLES_CHANGED, actor=None, target=person.get_username())
    audit_event_record(
        action=AuditAction.SIGN_IN_FAILED, actor=None, target=stranger.get_username()
    )
    client.force_login(person)
    client.get(reverse("privacy:person-data-export"))  # logged: the person exported their data

    events = person_data_get(user=person)["audit_events"]

    assert [e["action"] for e in events] == [
        AuditAction.ROLES_CHANGED,
        AuditAction.PERSONAL_DATA_EXPORTED,
    ]
    page = client.get(reverse("privacy:person-data")).content.decode()
    assert "Roller eller behörigheter ändrade" in page
    assert "Misslyckad inloggning" not in page
