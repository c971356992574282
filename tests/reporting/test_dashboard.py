"""Every figure of the dashboard against the hand-built organisation in conftest.py."""

import datetime

import pytest
from django.urls import reverse

from reporting.selectors import Figures, dashboard_get, reporting_scope_get
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

DASHBOARD = reverse("reporting:dashboard")


def figures(**counts) -> Figures:
    return Figures(**counts)


def rows_by_name(summary):
    return {(row.kind, row.unit.name): row.figures for row in summary.rows}


def test_manager_sees_every_figure_of_their_units(manager_client, org):
    response = manager_client.get(DASHBOARD)
    assert response.status_code == 200
    summaries = response.context["summaries"]
    assert [s.course.title for s in summaries] == ["A-kursen", "B-kursen"]  # no draft
    course_a, course_b = summaries

    # Without a unit chosen, a manager of one unit starts with that unit's breakdown.
    assert course_a.total.figures == figures(
        staff=7,
        required=5,
        not_started=1,
        in_progress=2,
        completed=4,
        cert_valid=2,
        cert_expiring=1,
        cert_expired=2,
        renewal_due=1,  # p6: required, certificate expired
        overdue=2,
    )
    assert [(r.kind, r.unit.name) for r in course_a.rows] == [
        ("total", "IFO Norr"),
        ("direct", "IFO Norr"),
        ("subtree", "Norr barn"),
        ("subtree", "Norr vuxen"),
    ]
    assert course_b.total.figures == figures(staff=7, not_started=6, in_progress=1)


def test_a_chosen_unit_is_split_into_its_own_staff_and_each_unit_below_it(manager_client, org):
    response = manager_client.get(DASHBOARD, {"unit": org.units.norr.pk})
    course_a = response.context["summaries"][0]
    rows = rows_by_name(course_a)
    assert list(rows) == [
        ("total", "IFO Norr"),
        ("direct", "IFO Norr"),
        ("subtree", "Norr barn"),
        ("subtree", "Norr vuxen"),
    ]
    # p7's certificate is revoked: neither valid nor expired; not required, so no renewal.
    assert rows[("direct", "IFO Norr")] == figures(staff=1, completed=1)
    assert rows[("subtree", "Norr barn")] == figures(
        staff=3, required=3, not_started=1, in_progress=1, completed=1, cert_valid=1, overdue=2
    )
    assert rows[("subtree", "Norr vuxen")] == figures(
        staff=3,
        required=2,
        in_progress=1,
        completed=2,
        cert_valid=1,
        cert_expiring=1,
        cert_expired=2,
        renewal_due=1,
    )


def test_filters_by_course_and_professional_group(manager_client, org):
    response = manager_client.get(
        DASHBOARD, {"course": org.course_a.pk, "group": "Socialsekreterare"}
    )
    [course_a] = response.context["summaries"]
    assert course_a.total.figures == figures(
        staff=4,
        required=4,
        not_started=1,
        in_progress=2,
        completed=1,
        cert_valid=1,
        cert_expiring=1,
        cert_expired=1,
        renewal_due=1,
        overdue=2,
    )


def test_administrator_sees_the_whole_organisation(client, org, administrator):
    client.force_login(administrator)
    response = client.get(DASHBOARD, {"course": org.course_a.pk})
    [course_a] = response.context["summaries"]
    # p1–p7, s1, v1 and the manager Maja (staff in SOC); the administrator has no unit.
    assert course_a.total.figures == figures(
        staff=10,
        required=6,
        not_started=4,
        in_progress=2,
        completed=4,
        cert_valid=2,
        cert_expiring=1,
        cert_expired=2,
        renewal_due=1,
        overdue=3,
    )
    # One root (the city): its breakdown by administration.
    assert [r.unit.name for r in course_a.rows[1:]] == ["Socialförvaltningen", "Vård och omsorg"]


def test_each_figure_links_to_the_people_behind_it(manager_client, org):
    html = manager_client.get(DASHBOARD, {"unit": org.units.norr.pk}).content.decode()
    overdue_link = (
        f"/uppfoljning/personer/?unit={org.units.norr_a.pk}&amp;course={org.course_a.pk}"
        "&amp;status=overdue"
    )
    assert overdue_link in html
    assert (
        f"unit={org.units.norr.pk}&amp;course={org.course_a.pk}&amp;status=completed&amp;direct=1"
        in html
    )


def test_dashboard_queries_do_not_grow_with_staff(manager_client, org, django_assert_num_queries):
    url = DASHBOARD + f"?unit={org.units.norr.pk}"
    # session (1), the user with their roles (1), managed units (1),
    # units in scope (1), published courses (1), professional groups (1),
    # requirements of all courses (1), staff per unit and professional group (1),
    # one grouped count of everyone who started, for all courses (1),
    # holders of certificates before a significant change, grouped (1),
    # completions per month (1), study groups with a participant in scope (1; the
    # group track's section, empty here: tests/groups/test_dashboard.py counts a full one).
    with django_assert_num_queries(12):
        assert manager_client.get(url).status_code == 200
    for n in range(30):
        make_user(f"extra{n}", unit=org.units.norr_b, professional_group="Kurator")
    with django_assert_num_queries(12):
        response = manager_client.get(url)
    assert response.context["summaries"][0].total.figures.staff == 37


def test_dashboard_selector_counts_all_courses_at_once(org, django_assert_num_queries):
    scope = reporting_scope_get(user=org.manager)
    # The courses' requirements, staff per unit and group, one grouped count of starters.
    with django_assert_num_queries(3):
        dashboard_get(scope=scope, unit=None, courses=[org.course_a, org.course_b])


def test_completions_per_month_chart_with_a_table(manager_client, org):
    response = manager_client.get(DASHBOARD, {"course": org.course_a.pk})
    [course_a] = response.context["summaries"]
    bars = course_a.chart.bars
    assert len(bars) == 12 and bars[-1].month.day == 1
    # Completed within the last 12 months by active staff in scope: p3 (40 days ago)
    # and p7 (10 days ago); p8 is deactivated, the others finished years ago.
    assert course_a.chart.total == 2
    html = response.content.decode()
    assert '<svg viewBox="0 0 600 200"' in html and 'aria-hidden="true"' in html
    assert "<caption>Slutförda per månad: A-kursen</caption>" in html
    tallest = max(bars, key=lambda b: b.value)
    assert tallest.height == 150  # the plot area: the largest month fills it


def test_completions_are_counted_in_the_local_calendar_month(org):
    from django.utils import timezone

    from courses.models import Enrollment
    from reporting.selectors import completions_by_month_get

    first = org.today.replace(day=1)
    # 00:30 on the 1st in Stockholm is still the previous day in UTC.
    just_after = timezone.make_aware(datetime.datetime.combine(first, datetime.time(0, 30)))
    just_before = just_after - datetime.timedelta(hours=1)
    Enrollment.objects.filter(user=org.people.p3, course=org.course_a).update(
        completed_at=just_after
    )
    Enrollment.objects.filter(user=org.people.p7, course=org.course_a).update(
        completed_at=just_before
    )
    months = completions_by_month_get(
        units=[org.units.norr], courses=[org.course_a], today=org.today
    )[org.course_a.pk]
    assert months[-1] == (first, 1)
    assert months[-2][1] == 1
