"""Managers see group progress per group and per unit on the dashboard, for their own units."""

import re

import pytest
from django.urls import reverse

from groups import services
from tests.factories import CourseBuilder, OrgUnitFactory, make_user

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reporting:dashboard")


def section(html: str) -> str:
    match = re.search(r'<section class="report-groups".*?</section>', html, flags=re.S)
    return match.group(0) if match else ""


def cells(row_html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row_html, re.S)
    ]


@pytest.fixture
def manager(unit):
    user = make_user("maja", roles=["manager"], unit=unit)
    user.managed_units.set([unit])
    return user


def test_the_dashboard_counts_each_groups_participants_attendance_and_completions(
    client, manager, group, open_meeting, participant, later
):
    services.attendance_register(code=open_meeting.attendance_code, user=participant)
    services.meeting_create(
        group=group, module=group.course.modules.get(position=1), starts_at=later
    )
    client.force_login(manager)
    html = section(client.get(DASHBOARD).content.decode())
    assert html, "no group section"
    group_row = next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if "Norrgruppen" in r)
    # Meetings held, planned; participants; attended at least once; completed the course.
    assert cells(group_row)[3:] == ["1", "1", "2", "1", "0"]
    unit_row = next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if "Enhet Norr" in r)
    assert cells(unit_row)[1:] == ["2", "1", "0"]


def test_a_manager_of_other_units_sees_no_one_elses_group(client, group):
    other = OrgUnitFactory(name="Enhet Syd")
    manager = make_user("mats", roles=["manager"], unit=other)
    manager.managed_units.set([other])
    client.force_login(manager)
    html = client.get(DASHBOARD).content.decode()
    assert "Norrgruppen" not in html and not section(html)


def test_the_group_section_costs_the_same_queries_for_more_groups(
    client, manager, group, module_meeting, facilitator, participant, unit
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(manager)
    client.get(DASHBOARD)  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        client.get(DASHBOARD)
    course = CourseBuilder.published(modules=[["lesson"]])
    for n in range(3):
        extra = services.group_create(
            course=course,
            name=f"Grupp {n}",
            facilitator=facilitator,
            participants=[participant, make_user(f"p{n}", roles=["learner"], unit=unit)],
        )
        services.meeting_create(
            group=extra, module=course.modules.get(), starts_at=module_meeting.starts_at
        )
    with CaptureQueriesContext(connection) as four:
        html = client.get(DASHBOARD).content.decode()
    assert "Grupp 2" in section(html)
    assert len(four) == len(one)
