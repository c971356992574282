"""The group track's section of the managers' dashboard: progress per group and per unit.

Registered with reporting in GroupsConfig.ready; it sees exactly the people the
dashboard's filters cover (the manager's units, the chosen unit, course and
professional group), and counts only them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from common import clock
from courses.api import Enrollment
from reporting.api import DashboardPanel, ReportFilters, staff_in

from .models import Attendance, Meeting, Membership, StudyGroup


@dataclass
class GroupProgress:
    group: StudyGroup
    meetings_held: int
    meetings_planned: int
    participants: int = 0
    attended: int = 0
    completed: int = 0


@dataclass
class UnitProgress:
    unit_name: str
    participants: int = 0
    attended: int = 0
    completed: int = 0


def _meeting_count(**condition) -> Coalesce:
    meetings = (
        Meeting.objects.filter(group=OuterRef("pk"), **condition)
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(meetings), 0)


def group_progress_panel(filters: ReportFilters) -> DashboardPanel | None:
    """Per group and per unit: participants in scope, how many attended a meeting, how many
    completed the course. None when no group has a participant in scope.

    Queries: 4 however many groups, participants and units (1 when there is none).
    """
    people = staff_in(units=filters.units, professional_group=filters.group, direct=filters.direct)
    now = clock.now()
    groups = list(
        StudyGroup.objects.filter(
            course__in=filters.courses, memberships__user__in=people.values("pk")
        )
        .distinct()
        .select_related("course", "facilitator")
        .annotate(
            held=_meeting_count(starts_at__lte=now),
            planned=_meeting_count(starts_at__gt=now),
        )
        .order_by("course__title", "name", "pk")
    )
    if not groups:
        return None
    by_group = {g.pk: GroupProgress(g, g.held, g.planned) for g in groups}
    members = list(
        Membership.objects.filter(group__in=groups, user__in=people.values("pk")).values_list(
            "group_id", "user_id", "group__course_id", "user__unit__name"
        )
    )
    attended = set(
        Attendance.objects.filter(
            meeting__group__in=groups, participant__in=people.values("pk")
        ).values_list("meeting__group_id", "participant_id")
    )
    completed = set(
        Enrollment.objects.filter(
            Q(completed_at__isnull=False),
            user_id__in={user for _g, user, _c, _u in members},
            course_id__in={g.course_id for g in groups},
        ).values_list("user_id", "course_id")
    )
    by_unit: dict[str, UnitProgress] = defaultdict(lambda: UnitProgress(""))
    for group_id, user_id, course_id, unit_name in members:
        row = by_group[group_id]
        unit = by_unit[unit_name or ""]
        unit.unit_name = unit_name or ""
        for progress in (row, unit):
            progress.participants += 1
            progress.attended += (group_id, user_id) in attended
            progress.completed += (user_id, course_id) in completed
    return DashboardPanel(
        "groups/_dashboard_panel.html",
        {
            "groups": list(by_group.values()),
            "units": sorted(by_unit.values(), key=lambda unit: unit.unit_name),
        },
    )
