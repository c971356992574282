"""Required courses: who may set them, whom they apply to, and what learners see."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from courses.models import CourseRequirement, Enrollment
from courses.selectors import my_courses_get
from reporting.services import requirement_set
from tests.factories import CourseBuilder, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

REQUIREMENTS = reverse("reporting:requirement-list")


def test_manager_requires_a_course_for_a_unit_they_manage(manager_client, org):
    due = org.today + datetime.timedelta(days=45)
    response = manager_client.post(
        REQUIREMENTS,
        {"course": org.course_b.pk, "unit": org.units.norr_b.pk, "due_date": due.isoformat()},
    )
    assert response.status_code == 302
    requirement = CourseRequirement.objects.get(course=org.course_b)
    assert (requirement.unit, requirement.due_date, requirement.created_by) == (
        org.units.norr_b,
        due,
        org.manager,
    )
    # The same target again only moves the due date: still one requirement.
    later = due + datetime.timedelta(days=10)
    manager_client.post(
        REQUIREMENTS,
        {"course": org.course_b.pk, "unit": org.units.norr_b.pk, "due_date": later.isoformat()},
    )
    assert CourseRequirement.objects.filter(course=org.course_b).get().due_date == later


def test_manager_cannot_require_for_a_unit_outside_their_scope(manager_client, org):
    response = manager_client.post(
        REQUIREMENTS,
        {"course": org.course_b.pk, "unit": org.units.syd.pk, "due_date": "2030-01-01"},
    )
    # Not among the form's choices: refused like any other invalid choice.
    assert response.status_code == 400
    with pytest.raises(PermissionDenied):
        requirement_set(
            by=org.manager,
            course=org.course_b,
            unit=None,
            professional_group="Kurator",
            due_date=org.today,
        )
    assert not CourseRequirement.objects.filter(course=org.course_b).exists()


def test_bad_requirement_input_is_a_400_with_the_reason(manager_client, org, client, administrator):
    response = manager_client.post(
        REQUIREMENTS, {"course": org.course_b.pk, "unit": org.units.norr.pk, "due_date": "snart"}
    )
    assert response.status_code == 400
    client.force_login(administrator)
    response = client.post(REQUIREMENTS, {"course": org.course_b.pk, "due_date": "2030-01-01"})
    assert response.status_code == 400
    assert "Välj en enhet, en yrkesgrupp eller båda." in response.content.decode()
    with pytest.raises(ValidationError):
        requirement_set(
            by=administrator,
            course=org.course_b,
            unit=None,
            professional_group=" ",
            due_date=org.today,
        )


def test_administrator_requires_a_course_for_a_professional_group_everywhere(
    client, org, administrator
):
    client.force_login(administrator)
    response = client.post(
        REQUIREMENTS,
        {"course": org.course_b.pk, "professional_group": "Kurator", "due_date": "2030-01-01"},
    )
    assert response.status_code == 302
    summaries = client.get(reverse("reporting:dashboard"), {"course": org.course_b.pk}).context[
        "summaries"
    ]
    assert summaries[0].total.figures.required == 2  # p3 and p5


def test_manager_deletes_only_requirements_of_their_units(manager_client, org):
    own = CourseRequirement.objects.get(course=org.course_a, unit=org.units.norr_a)
    sibling = CourseRequirement.objects.get(course=org.course_a, unit=org.units.syd)
    html = manager_client.get(REQUIREMENTS).content.decode()
    assert "IFO Syd" not in html
    response = manager_client.post(reverse("reporting:requirement-delete", args=[sibling.pk]))
    assert response.status_code == 404
    response = manager_client.post(reverse("reporting:requirement-delete", args=[own.pk]))
    assert response.status_code == 302
    assert not CourseRequirement.objects.filter(pk=own.pk).exists()
    assert CourseRequirement.objects.filter(pk=sibling.pk).exists()


# --- What learners see on their course list --------------------------------------


def card_for(user, course):
    return next(card for card in my_courses_get(user=user) if card.course == course)


def test_requirements_apply_to_the_units_subtree_and_the_professional_group(org):
    p = org.people
    # NORR-A (due 10 days ago) beats NORR+Socialsekreterare (in 20 days): the earliest counts.
    assert card_for(p.p1, org.course_a).due_date == org.today - datetime.timedelta(days=10)
    # NORR-B Socialsekreterare: only the group requirement in NORR applies.
    assert card_for(p.p4, org.course_a).due_date == org.today + datetime.timedelta(days=20)
    # Kurator in NORR-B: unit NORR with group Socialsekreterare needs both to match.
    assert card_for(p.p5, org.course_a).due_date is None
    # Another district's requirement does not reach NORR.
    assert card_for(p.p7, org.course_a).due_date is None
    assert card_for(p.s1, org.course_a).due_date == org.today - datetime.timedelta(days=1)
    # A person without a unit only gets organisation-wide group requirements.
    nomad = make_user("nomad", professional_group="Socialsekreterare")
    assert card_for(nomad, org.course_a).due_date is None
    CourseRequirement.objects.create(
        course=org.course_a, professional_group="Socialsekreterare", due_date=org.today
    )
    assert card_for(nomad, org.course_a).due_date == org.today


def test_course_list_shows_required_by_and_overdue(client, org):
    client.force_login(org.people.p1)
    html = client.get(reverse("courses:my-courses")).content.decode()
    due = org.today - datetime.timedelta(days=10)
    assert "Obligatorisk – klar senast" in html
    assert "<strong>Försenad</strong>" in html
    assert str(due.year) in html
    client.force_login(org.people.p4)  # due in 20 days: required, not overdue
    html = client.get(reverse("courses:my-courses")).content.decode()
    assert "Obligatorisk – klar senast" in html and "Försenad" not in html


def test_a_completed_required_course_is_not_overdue(client, org):
    client.force_login(org.people.p3)  # completed A, whose NORR-A requirement has passed
    card = card_for(org.people.p3, org.course_a)
    assert card.due_date < org.today and card.is_completed and not card.is_overdue
    html = client.get(reverse("courses:my-courses")).content.decode()
    assert "Försenad" not in html


def test_course_list_queries_stay_constant_with_requirements(
    client, org, django_assert_num_queries
):
    client.force_login(org.people.p1)
    # session, the user with their unit and roles (2); courses, enrollments,
    # the requirements with their units (3); the order by urgency: the
    # learner's certificates (1); the required step counts of courses not yet
    # in the content cache (1). Was 10.
    with django_assert_num_queries(7):
        client.get(reverse("courses:my-courses"))
    for _ in range(3):
        course = CourseBuilder.published(modules=[["lesson"]])
        CourseRequirement.objects.create(course=course, unit=org.units.norr, due_date=org.today)
        Enrollment.objects.create(user=org.people.p1, course=course)
    with django_assert_num_queries(7):
        client.get(reverse("courses:my-courses"))
