"""A manager sees their units and everything below them, nothing else; others see nothing."""

from pathlib import Path

import pytest
from django.urls import reverse

from courses.models import ReflectionAnswer, ReflectionBlock
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

URLS = [
    "reporting:dashboard",
    "reporting:people",
    "reporting:people-export",
    "reporting:dashboard-export",
    "reporting:requirement-list",
]


@pytest.mark.parametrize("name", URLS)
def test_learners_and_trainers_get_403(client, org, trainer, name):
    for user in (org.people.p1, trainer):
        client.force_login(user)
        response = client.get(reverse(name), {"course": org.course_a.pk})
        assert response.status_code == 403


@pytest.mark.parametrize("name", URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, org, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_manager_of_a_district_sees_its_units_not_the_sibling_district(manager_client, org):
    html = manager_client.get(reverse("reporting:dashboard")).content.decode()
    assert "Norr barn" in html and "Norr vuxen" in html
    assert "IFO Syd" not in html and "Vård och omsorg" not in html
    for unit in (org.units.syd, org.units.soc, org.units.stad, org.units.vo):
        for name in ("reporting:dashboard", "reporting:people", "reporting:people-export"):
            response = manager_client.get(
                reverse(name), {"unit": unit.pk, "course": org.course_a.pk}
            )
            assert response.status_code == 404, (name, unit.code)


def test_people_lists_never_include_anyone_outside_the_scope(manager_client, org):
    response = manager_client.get(
        reverse("reporting:people"), {"course": org.course_a.pk, "status": "staff"}
    )
    names = {row["first_name"] for row in response.context["page"].object_list}
    assert names == {"P1", "P2", "P3", "P4", "P5", "P6", "P7"}
    csv_text = b"".join(
        manager_client.get(reverse("reporting:people-export")).streaming_content
    ).decode()
    assert "Efternamnp1" in csv_text
    assert "Efternamns1" not in csv_text and "Efternamnv1" not in csv_text


def test_a_manager_of_two_districts_sees_both(client, org):
    both = make_user("bo", roles=["manager"])
    both.managed_units.set([org.units.norr, org.units.syd])
    client.force_login(both)
    summaries = client.get(reverse("reporting:dashboard"), {"course": org.course_a.pk}).context[
        "summaries"
    ]
    assert [r.unit.name for r in summaries[0].rows[1:]] == ["IFO Norr", "IFO Syd"]
    assert summaries[0].total.figures.staff == 8


def test_manager_never_sees_reflection_answers(manager_client, org):
    block = ReflectionBlock.objects.filter(lesson__module__course=org.course_a).first()
    ReflectionAnswer.objects.create(user=org.people.p3, block=block, text="HEMLIGT-SVAR-4711")
    pages = [
        manager_client.get(reverse("reporting:dashboard")).content,
        manager_client.get(
            reverse("reporting:people"), {"course": org.course_a.pk, "unit": org.units.norr_a.pk}
        ).content,
        b"".join(manager_client.get(reverse("reporting:people-export")).streaming_content),
    ]
    for content in pages:
        assert "HEMLIGT-SVAR-4711" not in content.decode()
    # Nor can they reach them in the admin: managers are not staff.
    assert manager_client.get("/admin/courses/").status_code == 302


def test_reporting_reads_neither_reflection_answers_nor_quiz_answers():
    """What a manager sees comes only from reporting's selectors: they never touch
    reflection answers or any quiz data (attempts, responses)."""
    root = Path(__file__).resolve().parents[2] / "reporting"
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for forbidden in ("ReflectionAnswer", "reflection_answers", "quizzes", "Attempt"):
            assert forbidden not in source, f"{path.name} mentions {forbidden}"


def test_csv_columns_are_exactly_the_reported_ones(manager_client, org):
    content = b"".join(
        manager_client.get(
            reverse("reporting:people-export"), {"course": org.course_a.pk}
        ).streaming_content
    ).decode("utf-8-sig")
    header = content.splitlines()[0].split(";")
    assert header == [
        "Kurs",
        "Efternamn",
        "Förnamn",
        "Anställningsnummer",
        "Enhet",
        "Yrkesgrupp",
        "Status",
        "Påbörjad",
        "Klar",
        "Klar senast",
        "Försenad",
        "Certifikat",
        "Certifikatstatus",
        "Giltigt till och med",
        "Genomförd",
    ]
