"""Professional groups are data: chosen from a list, matched whatever the case and spacing."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import ProfessionalGroup, User
from accounts.services import org_unit_create, professional_groups_ensure, users_import
from courses.models import CourseRequirement
from reporting.selectors import dashboard_get, people_get, reporting_scope_get
from reporting.services import requirement_set
from tests.factories import make_user

pytestmark = pytest.mark.django_db

REQUIREMENTS = reverse("reporting:requirement-list")


def test_a_requirement_for_a_group_applies_whatever_its_case_and_spacing(org, administrator):
    # Someone the HR system spells differently, in a unit no unit requirement covers.
    make_user("x1", unit=org.units.vo, professional_group="socialsekreterare ")
    requirement_set(
        by=administrator,
        course=org.course_b,
        unit=None,
        professional_group="Socialsekreterare",
        due_date=datetime.date(2099, 1, 1),
    )
    scope = reporting_scope_get(user=administrator)
    [summary] = dashboard_get(scope=scope, unit=None, courses=[org.course_b], today=org.today)
    required = people_get(
        units=scope.top_units, course=org.course_b, status="required", today=org.today
    )
    names = sorted(row["first_name"] for row in required)
    # p1 p2 p4 p6 (NORR), s1 (SYD), x1 (VO, "socialsekreterare "); p8 is deactivated.
    assert names == ["P1", "P2", "P4", "P6", "S1", "X1"]
    assert summary.total.figures.required == len(names)


def test_the_dashboard_group_filter_matches_every_spelling(manager_client, org):
    make_user("x2", unit=org.units.norr_a, professional_group="  KURATOR")
    response = manager_client.get(
        reverse("reporting:people"), {"course": org.course_a.pk, "group": "kurator"}
    )
    names = sorted(row["first_name"] for row in response.context["page"].object_list)
    assert names == ["P3", "P5", "X2"]
    # The filter offers each group once.
    assert response.context["groups"].count("Kurator") == 1
    assert "KURATOR" not in response.context["groups"]
    assert response.context["selected_group"] == "Kurator"
    assert '<option value="Kurator" selected>' in response.content.decode()


def test_a_requirement_chooses_its_group_from_the_list(client, org, administrator):
    ProfessionalGroup.objects.create(name="Skolkurator", key="skolkurator")
    client.force_login(administrator)
    form = client.get(REQUIREMENTS).context["form"]
    choices = [value for value, _label in form.fields["professional_group"].choices]
    assert {"Skolkurator", "Kurator", "Socialsekreterare"} <= set(choices)
    response = client.post(
        REQUIREMENTS,
        {"course": org.course_b.pk, "professional_group": "Ingen sådan", "due_date": "2030-01-01"},
    )
    assert response.status_code == 400
    assert not CourseRequirement.objects.filter(course=org.course_b).exists()


def test_one_requirement_per_group_whatever_the_spelling(org, administrator):
    professional_groups_ensure(names=["Kurator"])
    for spelling in ("kurator ", "KURATOR", " Kurator"):
        requirement_set(
            by=administrator,
            course=org.course_b,
            unit=None,
            professional_group=spelling,
            due_date=datetime.date(2030, 1, 1),
        )
    assert list(
        CourseRequirement.objects.filter(course=org.course_b).values_list(
            "professional_group", flat=True
        )
    ) == ["Kurator"]


def test_the_hr_import_keeps_the_list_of_groups_and_one_spelling(db):
    org_unit_create(code="E1", name="Enhet 1")
    professional_groups_ensure(names=["Socialsekreterare"])
    data = (
        "anställningsnummer;namn;e-post;enhet;yrkesgrupp\n"
        "1001;Anna Ek;anna@example.org;E1;socialsekreterare \n"
        "1002;Bo Ek;bo@example.org;E1;Skol  kurator\n"
        "1003;Cia Ek;cia@example.org;E1;skol kurator\n"
    )
    report = users_import(data=data)
    assert report.created == 3, report.errors
    groups = dict(User.objects.values_list("employee_id", "professional_group"))
    assert groups == {
        "1001": "Socialsekreterare",
        "1002": "Skol kurator",
        "1003": "Skol kurator",
    }
    assert sorted(ProfessionalGroup.objects.values_list("name", flat=True)) == [
        "Skol kurator",
        "Socialsekreterare",
    ]


def test_administrators_keep_the_list_and_a_second_spelling_is_refused(client, db):
    administrator = make_user("adm", roles=["administrator"], is_staff=True)
    client.force_login(administrator)
    url = reverse("admin:accounts_professionalgroup_add")
    assert client.post(url, {"name": " Skolsköterska "}).status_code == 302
    response = client.post(url, {"name": "SKOLSKÖTERSKA"})
    assert response.status_code == 200  # the form again, with the error
    assert "Yrkesgruppen finns redan" in response.content.decode()
    assert list(ProfessionalGroup.objects.values_list("name", "key")) == [
        ("Skolsköterska", "skolsköterska")
    ]
