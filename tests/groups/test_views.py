"""The group pages: who may open what, and what each status means."""

import datetime
import re

import pytest
from django.urls import reverse

from courses.models import Enrollment
from groups import services
from groups.models import Attendance, Meeting, StudyGroup
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def meeting_url(meeting, name="groups:meeting-detail"):
    return reverse(name, args=[meeting.group_id, meeting.pk])


def test_group_list_shows_own_groups_only(client, participant, outsider, group, group_course):
    services.group_create(
        course=group_course, name="Någon annans grupp", facilitator=make_user(roles=["facilitator"])
    )
    client.force_login(participant)
    body = client.get(reverse("groups:group-list")).content.decode()
    assert "Norrgruppen" in body
    assert "Någon annans grupp" not in body
    client.force_login(outsider)
    assert "Norrgruppen" not in client.get(reverse("groups:group-list")).content.decode()


def test_group_pages_require_sign_in(client, group):
    response = client.get(group.get_absolute_url())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_facilitator_creates_a_group_from_their_unit(
    client, facilitator, participant, outsider, group_course
):
    client.force_login(facilitator)
    page = client.get(reverse("groups:group-create")).content.decode()
    assert str(participant) in page
    assert str(outsider) not in page  # not in the facilitator's unit
    response = client.post(
        reverse("groups:group-create"),
        {"name": "Tisdagsgruppen", "course": group_course.pk, "participants": [participant.pk]},
    )
    group = StudyGroup.objects.get(name="Tisdagsgruppen")
    assert response.status_code == 302
    assert response["Location"] == group.get_absolute_url()
    assert group.facilitator == facilitator
    assert list(group.participants.all()) == [participant]


def test_a_participant_from_outside_the_units_cannot_be_posted(
    client, facilitator, outsider, group_course
):
    client.force_login(facilitator)
    response = client.post(
        reverse("groups:group-create"),
        {"name": "X", "course": group_course.pk, "participants": [outsider.pk]},
    )
    assert response.status_code == 400
    assert not StudyGroup.objects.filter(name="X").exists()


def test_a_learner_cannot_create_groups(client, participant):
    client.force_login(participant)
    assert client.get(reverse("groups:group-create")).status_code == 403


def test_facilitator_plans_a_meeting(client, facilitator, group, now):
    client.force_login(facilitator)
    module = group.course.modules.get(position=1)
    response = client.post(
        reverse("groups:meeting-create", args=[group.pk]),
        {"module": module.pk, "starts_at": "2026-05-19T13:00", "duration_minutes": 90},
    )
    meeting = Meeting.objects.get(group=group)
    assert response.status_code == 302
    assert meeting.module == module


def test_a_meeting_needs_a_module_or_a_title(client, facilitator, group):
    client.force_login(facilitator)
    response = client.post(
        reverse("groups:meeting-create", args=[group.pk]),
        {"starts_at": "2026-05-19T13:00", "duration_minutes": 90},
    )
    assert response.status_code == 400
    assert "Välj en modul eller skriv en rubrik." in response.content.decode()
    assert not Meeting.objects.exists()


def test_participant_sees_the_group_but_not_the_meeting_controls(
    client, participant, module_meeting
):
    client.force_login(participant)
    assert client.get(module_meeting.group.get_absolute_url()).status_code == 200
    for name in ("groups:meeting-detail", "groups:meeting-present"):
        assert client.get(meeting_url(module_meeting, name)).status_code == 403
    response = client.post(meeting_url(module_meeting, "groups:meeting-open"))
    assert response.status_code == 403
    assert not Meeting.objects.get().attendance_code


def test_someone_outside_the_group_gets_404(client, outsider, module_meeting):
    client.force_login(outsider)
    assert client.get(module_meeting.group.get_absolute_url()).status_code == 404
    assert client.get(meeting_url(module_meeting)).status_code == 404


def test_another_facilitator_cannot_manage_the_group(client, module_meeting):
    client.force_login(make_user(roles=["facilitator"]))
    assert client.get(meeting_url(module_meeting)).status_code == 404
    assert client.post(meeting_url(module_meeting, "groups:attendance-tick")).status_code == 404


def test_opening_a_meeting_shows_a_qr_code_and_the_short_code(client, facilitator, module_meeting):
    client.force_login(facilitator)
    response = client.post(meeting_url(module_meeting, "groups:meeting-open"))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    body = client.get(meeting_url(meeting)).content.decode()
    assert "<svg" in body
    assert meeting.attendance_code in body
    register_url = reverse("groups:attendance-register", args=[meeting.attendance_code])
    assert f"http://testserver{register_url}" in body


def test_attendance_page_reads_without_writing_and_registers_on_post(
    client, participant, open_meeting
):
    client.force_login(participant)
    url = reverse("groups:attendance-register", args=[open_meeting.attendance_code])
    page = client.get(url)
    assert page.status_code == 200
    assert "Jag är här" in page.content.decode()
    assert not Attendance.objects.exists()
    response = client.post(url)
    assert response.status_code == 200
    assert "Du är registrerad som närvarande." in response.content.decode()
    assert client.post(url).status_code == 200  # again: idempotent
    assert Attendance.objects.filter(participant=participant).count() == 1


def test_attendance_with_an_expired_code_answers_410(client, participant, open_meeting, clock):
    clock.move_to(open_meeting.attendance_code_expires_at + datetime.timedelta(minutes=1))
    client.force_login(participant)
    url = reverse("groups:attendance-register", args=[open_meeting.attendance_code])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 410
        assert "Koden har gått ut" in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_by_someone_outside_the_group_answers_403(client, outsider, open_meeting):
    client.force_login(outsider)
    url = reverse("groups:attendance-register", args=[open_meeting.attendance_code])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert not Attendance.objects.exists()


def test_an_unknown_code_answers_404(client, participant, open_meeting):
    client.force_login(participant)
    assert client.get(reverse("groups:attendance-register", args=["ABCDEF"])).status_code == 404


def test_typed_code_leads_to_the_attendance_page(client, participant, open_meeting):
    client.force_login(participant)
    code = open_meeting.attendance_code
    response = client.get(reverse("groups:attendance-code"), {"code": f" {code.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == reverse("groups:attendance-register", args=[code])


def test_facilitator_ticks_people_present(
    client, facilitator, participant, second_participant, module_meeting
):
    client.force_login(facilitator)
    url = meeting_url(module_meeting, "groups:attendance-tick")
    assert client.post(url, {"present": [participant.pk]}).status_code == 302
    assert set(Attendance.objects.values_list("participant", flat=True)) == {participant.pk}
    assert Enrollment.objects.filter(user=participant).exists()
    client.post(url, {"present": [second_participant.pk]})
    assert set(Attendance.objects.values_list("participant", flat=True)) == {second_participant.pk}


def test_join_with_code(client, outsider, group):
    client.force_login(outsider)
    response = client.post(reverse("groups:group-join"), {"code": group.join_code.lower()})
    assert response.status_code == 302
    assert group.participants.filter(pk=outsider.pk).exists()
    response = client.post(reverse("groups:group-join"), {"code": "WRONG123"})
    assert response.status_code == 404


def test_presentation_shows_lessons_one_per_slide_then_the_discussion(
    client, facilitator, module_meeting
):
    client.force_login(facilitator)
    first = client.get(meeting_url(module_meeting, "groups:meeting-present"))
    body = first.content.decode()
    assert first.status_code == 200
    assert "Lektion 1.1" in body and "Lektion 1.2" not in body
    assert "Bild 1 av 3" in body
    assert 'rel="next"' in body and 'rel="prev"' not in body
    # No personal data on the shared screen: not the facilitator's name, no sign-out menu.
    assert "Sara" not in body and "Logga ut" not in body
    # Quizzes are individual: they are not slides.
    assert "Kunskapskontroll" not in body
    assert "{{" not in body  # every block's template renders (the fact box's title did not)
    last = client.get(
        reverse(
            "groups:meeting-present-slide", args=[module_meeting.group_id, module_meeting.pk, 3]
        )
    ).content.decode()
    assert "Vad skulle du fråga?" in last
    assert "Att öva på att fråga om våld." in last
    assert "Påminn om att ingen" not in last  # the guidance is for the facilitator's own page
    assert 'rel="prev"' in last and 'rel="next"' not in last
    outside = reverse(
        "groups:meeting-present-slide", args=[module_meeting.group_id, module_meeting.pk, 4]
    )
    assert client.get(outside).status_code == 404


def test_presentation_has_no_inline_script(client, facilitator, module_meeting):
    client.force_login(facilitator)
    body = client.get(meeting_url(module_meeting, "groups:meeting-present")).content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", body) == []
    assert "js/presentation.js" in body


def test_meeting_page_shows_the_facilitator_guidance(client, facilitator, module_meeting):
    client.force_login(facilitator)
    body = client.get(meeting_url(module_meeting)).content.decode()
    assert "Påminn om att ingen behöver berätta om sig själv." in body


def test_my_data_lists_my_groups_attendance_and_the_groups_i_lead(
    client, participant, facilitator, second_participant, group, open_meeting
):
    services.attendance_register(code=open_meeting.attendance_code, user=participant)
    client.force_login(participant)
    html = client.get(reverse("privacy:person-data")).content.decode()
    assert "Norrgruppen" in html and "Registrerade sig själv" in html
    assert f"{facilitator.first_name} {facilitator.last_name}" in html
    # The other participants are not part of one's own data.
    assert f"{second_participant.first_name} {second_participant.last_name}" not in html
    data = client.get(reverse("privacy:person-data-export")).json()
    assert [m["group"] for m in data["groups"]["memberships"]] == ["Norrgruppen"]
    assert data["groups"]["attendances"][0]["how"] == "self"
    client.force_login(facilitator)
    data = client.get(reverse("privacy:person-data-export")).json()
    assert [g["name"] for g in data["groups"]["led"]] == ["Norrgruppen"]
