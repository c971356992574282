"""Erasure: personal data gone, learning records kept anonymous, certificates nameless."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import User
from certificates.models import Certificate, CertificateEvent
from courses.models import Enrollment, ReflectionAnswer, StepProgress
from privacy.services import ERASED_HOLDER_NAME, person_erase
from quizzes.models import Attempt, Response
from quizzes.selectors import item_analysis_get
from reporting.models import ReminderLog


def _learning_rows(user) -> tuple[int, int, int, int]:
    return (
        Enrollment.objects.filter(user=user).count(),
        StepProgress.objects.filter(enrollment__user=user).count(),
        Attempt.objects.filter(enrollment__user=user).count(),
        Response.objects.filter(attempt__enrollment__user=user).count(),
    )


def test_erased_person_has_no_name_email_or_reflections_left(person, history, administrator):
    history(person, courses=1)

    person_erase(user=person, by=administrator)

    person.refresh_from_db()
    assert person.get_full_name() == "Raderad person"
    assert person.username == f"raderad-{person.pk}"
    assert (person.email, person.employee_id, person.professional_group) == ("", None, "")
    assert person.unit is None
    assert not person.is_active
    assert not person.has_usable_password()
    assert not person.groups.exists()
    assert not person.managed_units.exists()
    assert not ReflectionAnswer.objects.filter(user=person).exists()
    assert not ReminderLog.objects.filter(user=person).exists()
    assert not User.objects.filter(first_name="Åsa").exists()
    assert not User.objects.filter(email="asa.oberg@example.se").exists()


def test_learning_records_stay_and_still_count_in_item_analysis(person, history, administrator):
    [course] = history(person, courses=1)
    rows_before = _learning_rows(person)
    [stats_before] = item_analysis_get(course=course)

    person_erase(user=person, by=administrator)

    assert _learning_rows(person) == rows_before
    [stats_after] = item_analysis_get(course=course)
    assert (stats_after.attempts, stats_after.passed, stats_after.learners) == (2, 1, 1)
    assert (stats_after.attempts, stats_after.learners) == (
        stats_before.attempts,
        stats_before.learners,
    )
    assert [q.answered for q in stats_after.questions] == [
        q.answered for q in stats_before.questions
    ]


def test_certificate_still_verifies_but_names_nobody(client, person, history, administrator):
    history(person, courses=1)
    certificate = Certificate.objects.get(user=person)

    person_erase(user=person, by=administrator)

    certificate.refresh_from_db()
    assert certificate.holder_name == ERASED_HOLDER_NAME
    assert certificate.revoked_at is None
    page = client.get(certificate.get_absolute_url())
    body = page.content.decode()
    assert page.status_code == 200
    assert ERASED_HOLDER_NAME in body
    assert certificate.course_title in body
    assert "Åsa" not in body and "Öberg" not in body
    # The rename log keeps no trace of the old name either.
    assert not CertificateEvent.objects.filter(old_value__contains="Åsa").exists()
    assert not CertificateEvent.objects.filter(new_value__contains="Åsa").exists()


def test_erasing_twice_changes_nothing(person, history, administrator):
    history(person, courses=1)
    person_erase(user=person, by=administrator)

    def snapshot():
        user = User.objects.values().get(pk=person.pk)
        certificate = Certificate.objects.values("holder_name", "pdf", "revoked_at").get(
            user=person
        )
        return user, certificate, CertificateEvent.objects.count(), _learning_rows(person)

    before = snapshot()
    person_erase(user=person, by=administrator)
    assert snapshot() == before


@pytest.mark.parametrize("role", ["learner", "manager", "trainer"])
def test_only_administrators_may_erase(person, role):
    from tests.factories import make_user

    actor = make_user(f"actor-{role}", roles=[role], is_staff=True)
    with pytest.raises(PermissionDenied):
        person_erase(user=person, by=actor)
    person.refresh_from_db()
    assert person.first_name == "Åsa"


def test_admin_action_asks_then_erases(client, person, history, administrator):
    history(person, courses=1)
    client.force_login(administrator)
    changelist = reverse("admin:accounts_user_changelist")
    form = {"action": "erase", "_selected_action": [person.pk]}

    confirm = client.post(changelist, form)
    assert confirm.status_code == 200
    assert "Åsa" in confirm.content.decode()
    person.refresh_from_db()
    assert person.first_name == "Åsa"

    done = client.post(changelist, {**form, "post": "yes"})
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.get_full_name() == "Raderad person"


def test_admin_action_refused_to_non_administrators(client, person):
    from tests.factories import make_user

    trainer = make_user("tilda", roles=["trainer"], is_staff=True)
    client.force_login(trainer)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "erase", "_selected_action": [person.pk], "post": "yes"},
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.first_name == "Åsa"
