"""A facilitator changes a group after creating it: its name, its participants, its meetings."""

import datetime
import re

import pytest
from django.urls import reverse

from courses.models import StepProgress
from groups import services
from groups.models import Attendance, Meeting, Membership
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def edit_url(group):
    return reverse("groups:group-edit", args=[group.pk])


def meeting_url(meeting, name):
    return reverse(name, args=[meeting.group_id, meeting.pk])


def test_facilitator_renames_and_changes_participants(
    client, facilitator, participant, second_participant, group, unit
):
    newcomer = make_user("nora", roles=["learner"], unit=unit)
    client.force_login(facilitator)
    page = client.get(edit_url(group)).content.decode()
    # Present members come ticked; others from the unit are offered unticked.
    boxes = {
        int(value): "checked" in tag
        for tag, value in re.findall(r'(<input[^>]*name="participants" value="(\d+)"[^>]*>)', page)
    }
    assert boxes[participant.pk] and boxes[second_participant.pk]
    assert boxes[newcomer.pk] is False
    response = client.post(
        edit_url(group), {"name": " Norrgruppen HT ", "participants": [participant.pk, newcomer.pk]}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Norrgruppen HT"
    members = set(Membership.objects.filter(group=group).values_list("user_id", flat=True))
    assert members == {participant.pk, newcomer.pk}


def test_a_member_who_joined_with_the_code_from_elsewhere_can_be_kept(
    client, facilitator, group, participant, outsider
):
    services.group_join(user=outsider, join_code=group.join_code)
    client.force_login(facilitator)
    assert f'value="{outsider.pk}"' in client.get(edit_url(group)).content.decode()
    client.post(edit_url(group), {"name": group.name, "participants": [outsider.pk]})
    assert set(group.participants.all()) == {outsider}


def test_removing_a_participant_keeps_what_they_did(
    facilitator, participant, second_participant, group, open_meeting
):
    services.attendance_register(code=open_meeting.attendance_code, user=participant)
    done = StepProgress.objects.filter(enrollment__user=participant).count()
    services.group_update(group=group, name=group.name, participants=[second_participant])
    assert not Membership.objects.filter(group=group, user=participant).exists()
    assert Attendance.objects.filter(participant=participant).exists()
    assert StepProgress.objects.filter(enrollment__user=participant).count() == done


def test_a_blank_name_is_refused_with_400_and_nothing_changes(client, facilitator, group):
    client.force_login(facilitator)
    response = client.post(edit_url(group), {"name": "", "participants": []})
    assert response.status_code == 400
    assert group.memberships.count() == 2


@pytest.mark.parametrize("who", ["participant", "outsider", "other_facilitator"])
def test_only_the_groups_facilitator_may_edit(client, who, group, participant, outsider):
    user = {
        "participant": participant,
        "outsider": outsider,
        "other_facilitator": make_user("fia", roles=["facilitator"]),
    }[who]
    client.force_login(user)
    expected = 403 if who == "participant" else 404
    assert client.get(edit_url(group)).status_code == expected
    assert client.post(edit_url(group), {"name": "x"}).status_code == expected
    group.refresh_from_db()
    assert group.name == "Norrgruppen"


def test_facilitator_moves_a_meeting(client, facilitator, module_meeting):
    client.force_login(facilitator)
    url = meeting_url(module_meeting, "groups:meeting-edit")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "module": module_meeting.module_id,
            "title": "",
            "starts_at": "2026-05-20T13:00",
            "duration_minutes": 60,
        },
    )
    assert response.status_code == 302
    module_meeting.refresh_from_db()
    local = module_meeting.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=2)))
    assert (local.day, local.hour, module_meeting.duration_minutes) == (20, 13, 60)


def test_a_meeting_with_attendance_keeps_its_module_and_cannot_be_removed(
    client, facilitator, participant, open_meeting
):
    services.attendance_register(code=open_meeting.attendance_code, user=participant)
    other_module = open_meeting.group.course.modules.get(position=1)
    client.force_login(facilitator)
    response = client.post(
        meeting_url(open_meeting, "groups:meeting-edit"),
        {"module": other_module.pk, "starts_at": "2026-05-20T13:00", "duration_minutes": 60},
    )
    assert response.status_code == 400
    assert "registrerats som närvarande" in response.content.decode()
    open_meeting.refresh_from_db()
    assert open_meeting.module.position == 0
    response = client.post(meeting_url(open_meeting, "groups:meeting-delete"))
    assert response.status_code == 400
    assert Meeting.objects.filter(pk=open_meeting.pk).exists()


def test_a_planned_meeting_is_removed(client, facilitator, module_meeting, participant):
    client.force_login(participant)
    assert client.post(meeting_url(module_meeting, "groups:meeting-delete")).status_code == 403
    client.force_login(facilitator)
    response = client.post(meeting_url(module_meeting, "groups:meeting-delete"))
    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=module_meeting.pk).exists()
    assert client.get(meeting_url(module_meeting, "groups:meeting-delete")).status_code == 405
