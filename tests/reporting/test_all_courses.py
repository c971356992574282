"""'Alla kurser' never hides people: the list asks for a course, the CSV has them all."""

import csv
import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PEOPLE = reverse("reporting:people")


def test_people_list_without_a_course_asks_for_one_instead_of_showing_the_first(
    manager_client, org
):
    response = manager_client.get(PEOPLE, {"status": "overdue"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Personlistan visar en kurs i taget." in html
    assert "Ingen person matchar urvalet." not in html
    assert "page" not in response.context
    # The course filter offers "Alla kurser" as the current choice, and every course.
    assert '<option value="">Alla kurser</option>' in html
    for course in (org.course_a, org.course_b):
        assert f'<option value="{course.pk}">{course.title}</option>' in html


def test_the_all_courses_download_has_one_row_per_person_and_course(manager_client, org):
    response = manager_client.get(PEOPLE, {"status": "overdue"})
    export = response.context["export_query"]
    data = manager_client.get(reverse("reporting:people-export") + "?" + export)
    text = data.getvalue().decode("utf-8")[1:]
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    assert sorted((row[0], row[2]) for row in rows) == [("A-kursen", "P1"), ("A-kursen", "P2")]
