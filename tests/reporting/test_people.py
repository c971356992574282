"""The people behind each figure, on the page and as a streamed CSV file."""

import csv
import datetime
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from certificates.codes import code_format
from reporting.selectors import people_get
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

PEOPLE = reverse("reporting:people")
EXPORT = reverse("reporting:people-export")


def names(response):
    return sorted(row["first_name"] for row in response.context["page"].object_list)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("staff", ["P1", "P2", "P3", "P4", "P5", "P6", "P7"]),
        ("required", ["P1", "P2", "P3", "P4", "P6"]),
        ("not_started", ["P1"]),
        ("in_progress", ["P2", "P6"]),
        ("completed", ["P3", "P4", "P5", "P7"]),
        ("cert_valid", ["P3", "P4"]),
        ("cert_expiring", ["P4"]),
        ("cert_expired", ["P5", "P6"]),
        ("overdue", ["P1", "P2"]),
    ],
)
def test_each_figure_lists_the_people_behind_it(manager_client, org, status, expected):
    response = manager_client.get(PEOPLE, {"course": org.course_a.pk, "status": status})
    assert response.status_code == 200
    assert names(response) == expected


def test_a_row_carries_unit_status_dates_and_certificate_code(manager_client, org):
    response = manager_client.get(
        PEOPLE, {"course": org.course_a.pk, "status": "cert_expiring", "unit": org.units.norr.pk}
    )
    [row] = response.context["page"].object_list
    assert row["unit__name"] == "Norr vuxen"
    assert row["certificate_code"] == org.people.p4_cert.code
    assert row["certificate_expires_on"] == org.people.p4_cert.expires_on
    assert row["completed_at"] is not None
    html = response.content.decode()
    assert code_format(org.people.p4_cert.code) in html
    assert "Går snart ut" in html


def test_overdue_people_are_marked_with_their_due_date(manager_client, org):
    html = manager_client.get(PEOPLE, {"course": org.course_a.pk, "status": "overdue"}).content
    html = html.decode()
    assert html.count('<strong class="is-overdue">Försenad</strong>') == 2


def test_direct_lists_only_the_units_own_staff(manager_client, org):
    response = manager_client.get(
        PEOPLE, {"course": org.course_a.pk, "unit": org.units.norr.pk, "direct": "1"}
    )
    assert names(response) == ["P7"]


def test_people_list_needs_a_published_course_and_a_known_status(manager_client, org):
    # Without a course ("all courses") the list asks for one instead of showing the first.
    assert manager_client.get(PEOPLE).context["choose_course"] is True
    response = manager_client.get(PEOPLE, {"course": org.course_a.pk, "status": "everything"})
    assert response.status_code == 400
    assert manager_client.get(PEOPLE, {"course": org.course_c.pk}).status_code == 404
    assert manager_client.get(PEOPLE, {"course": "x"}).status_code == 404


def test_people_list_is_paginated_with_a_constant_number_of_queries(
    manager_client, org, django_assert_num_queries
):
    url = PEOPLE + f"?course={org.course_a.pk}"
    # session, the user with their roles, managed units, units in scope, published
    # courses, the course, requirements, professional groups, the group spellings
    # that requirements match (case and spacing ignored), count, the page of rows = 11.
    with django_assert_num_queries(11):
        manager_client.get(url)
    for n in range(120):
        make_user(f"many{n}", unit=org.units.norr_a, professional_group="Kurator")
    with django_assert_num_queries(11):
        response = manager_client.get(url)
    assert response.context["page"].paginator.count == 127
    assert len(response.context["page"].object_list) == 100


def read_csv(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_export_of_a_figure(manager_client, org):
    rows = read_csv(
        manager_client.get(EXPORT, {"course": org.course_a.pk, "status": "cert_expiring"})
    )
    assert len(rows) == 2
    header, row = rows
    record = dict(zip(header, row, strict=True))
    assert record["Kurs"] == "A-kursen"
    assert record["Efternamn"] == "Efternamnp4" and record["Förnamn"] == "P4"
    assert record["Enhet"] == "Norr vuxen" and record["Yrkesgrupp"] == "Socialsekreterare"
    assert record["Status"] == "Klar" and record["Certifikatstatus"] == "Går snart ut"
    assert record["Certifikat"] == code_format(org.people.p4_cert.code)
    assert record["Giltigt till och med"] == org.people.p4_cert.expires_on.isoformat()
    # The requirement for Socialsekreterare in NORR, due in 20 days.
    assert record["Klar senast"] == (org.today + datetime.timedelta(days=20)).isoformat()
    assert record["Försenad"] == ""


def test_csv_export_of_everyone_covers_every_course(manager_client, org):
    rows = read_csv(manager_client.get(EXPORT))
    courses = [row[0] for row in rows[1:]]
    assert courses.count("A-kursen") == 7 and courses.count("B-kursen") == 7
    overdue = [row[1] for row in rows[1:] if row[10] == "ja"]
    assert sorted(overdue) == ["Efternamnp1", "Efternamnp2"]


def test_csv_cells_that_look_like_formulas_are_neutralised(manager_client, org):
    org.people.p1.last_name = '=HYPERLINK("http://evil")'
    org.people.p1.save()
    rows = read_csv(
        manager_client.get(EXPORT, {"course": org.course_a.pk, "status": "not_started"})
    )
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'


def test_export_iterates_in_chunks(org, django_assert_num_queries):
    """The export's rows come from one streamed query per course, not from a list."""
    rows = people_get(units=[org.units.norr], course=org.course_a)
    with django_assert_num_queries(1):
        assert len(list(rows.iterator(chunk_size=2))) == 7


def test_dashboard_summary_csv(manager_client, org):
    rows = read_csv(
        manager_client.get(reverse("reporting:dashboard-export"), {"unit": org.units.norr.pk})
    )
    header = rows[0]
    assert header[:3] == ["Kurs", "Enhet", "Personal"]
    norr_a = next(r for r in rows if r[0] == "A-kursen" and r[1] == "Norr barn")
    assert dict(zip(header, norr_a, strict=True))["Försenad"] == "2"
