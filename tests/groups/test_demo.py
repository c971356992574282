"""The demo facilitator and group from `load_demo` (README lists them)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from courses.models import StepProgress, StepStatus
from groups.models import Attendance, Meeting, StudyGroup

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_group_with_two_past_meetings_and_one_to_come(client, now):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # a second run changes nothing
    group = StudyGroup.objects.get()
    assert group.facilitator.username == "samtalsledare"
    assert group.participants.count() == 5
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert [m.starts_at < now for m in meetings] == [True, True, False]
    assert Attendance.objects.filter(meeting=meetings[0]).count() == 4
    first_module_lessons = meetings[0].module.steps.filter(lesson__isnull=False).count()
    assert (
        StepProgress.objects.filter(
            enrollment__user__username="deltagare",
            step__module=meetings[0].module,
            status=StepStatus.COMPLETED,
        ).count()
        == first_module_lessons
    )

    assert client.login(username="samtalsledare", password="samtalsledare-demo-2026")
    assert "FREDA-gruppen Norr" in client.get(reverse("groups:group-list")).content.decode()
    assert client.get(meetings[2].get_absolute_url()).status_code == 200
