"""Groups, meetings and attendance: the rules the facilitator and participants rely on."""

import datetime
import random

import pytest

from courses.models import CourseStatus, Enrollment, StepProgress, StepStatus
from courses.publishing import course_publish
from groups import services
from groups.errors import (
    AttendanceCodeExpired,
    AttendanceCodeUnknown,
    CourseNotPublished,
    JoinCodeUnknown,
    MeetingModuleNotInCourse,
    NotAFacilitator,
    NotAParticipant,
)
from groups.models import Attendance, AttendanceHow, Membership
from tests.factories import CourseBuilder

from .conftest import lessons_of

pytestmark = pytest.mark.django_db


def completed_step_ids(user, course) -> set[int]:
    return set(
        StepProgress.objects.filter(
            enrollment__user=user, enrollment__course=course, status=StepStatus.COMPLETED
        ).values_list("step_id", flat=True)
    )


def test_group_create_makes_members_and_a_join_code(group, participant, second_participant):
    assert set(group.participants.all()) == {participant, second_participant}
    assert len(group.join_code) == 8


def test_group_create_refuses_a_person_without_the_facilitator_role(group_course, participant):
    with pytest.raises(NotAFacilitator):
        services.group_create(course=group_course, name="X", facilitator=participant)


def test_group_create_refuses_a_draft_course(facilitator):
    draft = CourseBuilder.build(modules=[["lesson"]], status=CourseStatus.DRAFT)
    with pytest.raises(CourseNotPublished):
        services.group_create(course=draft, name="X", facilitator=facilitator)


def test_group_join_with_code_in_any_case_and_spacing_is_idempotent(group, outsider):
    code = group.join_code.lower()
    spaced = f" {code[:4]} {code[4:]} "
    assert services.group_join(user=outsider, join_code=spaced) == group
    services.group_join(user=outsider, join_code=group.join_code)
    assert Membership.objects.filter(group=group, user=outsider).count() == 1


def test_group_join_with_an_unknown_code_is_refused(group, outsider):
    with pytest.raises(JoinCodeUnknown):
        services.group_join(user=outsider, join_code="NOSUCHCD")


def test_meeting_module_must_belong_to_the_groups_course(group, now):
    other = CourseBuilder.published(modules=[["lesson"]])
    with pytest.raises(MeetingModuleNotInCourse):
        services.meeting_create(group=group, module=other.modules.get(), starts_at=now)


def test_meeting_open_gives_a_code_valid_until_the_meeting_ends(module_meeting):
    meeting = services.meeting_open(meeting=module_meeting, rng=random.Random(1))
    assert len(meeting.attendance_code) == 6
    assert meeting.attendance_code_expires_at == meeting.ends_at


def test_meeting_open_again_keeps_the_same_code(open_meeting):
    again = services.meeting_open(meeting=open_meeting)
    assert again.attendance_code == open_meeting.attendance_code


def test_meeting_opened_late_keeps_its_code_for_half_an_hour(group, now):
    module = group.course.modules.get(position=0)
    meeting = services.meeting_create(
        group=group, module=module, starts_at=now - datetime.timedelta(hours=3)
    )
    meeting = services.meeting_open(meeting=meeting)
    assert meeting.attendance_code_expires_at == now + datetime.timedelta(minutes=30)


def test_attendance_register_completes_the_modules_lessons_but_not_the_quiz(
    open_meeting, participant, group_course
):
    module = group_course.modules.get(position=0)
    attendance = services.attendance_register(code=open_meeting.attendance_code, user=participant)
    assert attendance.how == AttendanceHow.SELF
    lessons = {lesson.pk for lesson in lessons_of(module)}
    assert completed_step_ids(participant, group_course) == lessons
    enrollment = Enrollment.objects.get(user=participant, course=group_course)
    assert enrollment.completed_at is None  # the quizzes are still the participant's own


def test_attendance_register_is_idempotent(open_meeting, participant, group_course):
    services.attendance_register(code=open_meeting.attendance_code, user=participant)
    services.attendance_register(code=open_meeting.attendance_code.lower(), user=participant)
    assert Attendance.objects.filter(meeting=open_meeting, participant=participant).count() == 1
    assert Enrollment.objects.filter(user=participant, course=group_course).count() == 1


def test_attendance_of_a_later_module_completes_its_lessons_even_before_earlier_quizzes(
    group, participant, now
):
    """Gating does not stop what the group covered; the quiz before it still waits."""
    module = group.course.modules.get(position=1)
    meeting = services.meeting_open(
        meeting=services.meeting_create(group=group, module=module, starts_at=now)
    )
    services.attendance_register(code=meeting.attendance_code, user=participant)
    assert completed_step_ids(participant, group.course) == {
        lesson.pk for lesson in lessons_of(module)
    }


def test_attendance_with_an_expired_code_is_refused_with_410(open_meeting, participant, clock):
    clock.move_to(open_meeting.attendance_code_expires_at + datetime.timedelta(seconds=1))
    with pytest.raises(AttendanceCodeExpired) as raised:
        services.attendance_register(code=open_meeting.attendance_code, user=participant)
    assert raised.value.status == 410
    assert not Attendance.objects.exists()


def test_attendance_with_an_unknown_code_is_refused(open_meeting, participant):
    with pytest.raises(AttendanceCodeUnknown):
        services.attendance_register(code="ZZZZZZ", user=participant)


def test_attendance_of_someone_outside_the_group_is_refused_and_writes_nothing(
    open_meeting, outsider
):
    with pytest.raises(NotAParticipant):
        services.attendance_register(code=open_meeting.attendance_code, user=outsider)
    assert not Attendance.objects.exists()
    assert not Enrollment.objects.filter(user=outsider).exists()


def test_ticking_present_completes_lessons_and_unticking_keeps_them(
    module_meeting, facilitator, participant, group_course
):
    module = group_course.modules.get(position=0)
    attendance = services.attendance_tick(
        meeting=module_meeting, participant=participant, present=True, by=facilitator
    )
    assert attendance.how == AttendanceHow.TICKED
    assert attendance.registered_by == facilitator
    services.attendance_tick(
        meeting=module_meeting, participant=participant, present=False, by=facilitator
    )
    assert not Attendance.objects.exists()
    assert completed_step_ids(participant, group_course) == {s.pk for s in lessons_of(module)}


def test_ticking_someone_outside_the_group_is_refused(module_meeting, facilitator, outsider):
    with pytest.raises(NotAParticipant):
        services.attendance_tick(
            meeting=module_meeting, participant=outsider, present=True, by=facilitator
        )


def test_a_group_that_does_not_count_attendance_leaves_progress_alone(
    open_meeting, participant, group
):
    group.attendance_completes_lessons = False
    group.save()
    services.attendance_register(code=open_meeting.attendance_code, user=participant)
    assert not Enrollment.objects.filter(user=participant).exists()


def test_a_meeting_with_a_free_title_records_attendance_only(group, participant, now):
    meeting = services.meeting_open(
        meeting=services.meeting_create(group=group, title="Uppstart", starts_at=now)
    )
    services.attendance_register(code=meeting.attendance_code, user=participant)
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    assert not StepProgress.objects.exists()


def test_meeting_attendance_apply_completes_lessons_added_after_the_meeting(
    open_meeting, participant, group_course
):
    services.attendance_register(code=open_meeting.attendance_code, user=participant)
    module = group_course.modules.get(position=0)
    new_lesson = CourseBuilder.make_lesson(module=module, position=5)
    # Learners see a change to a published course once it is published again.
    course_publish(course=group_course)
    assert services.meeting_attendance_apply(meeting=open_meeting) == 1
    assert new_lesson.pk in completed_step_ids(participant, group_course)


def test_registering_costs_a_bounded_number_of_queries(
    open_meeting, participant, second_participant, django_assert_max_num_queries
):
    # Module 1 has two lessons: the code and membership (2), the attendance row
    # (savepoint, insert: 3), the enrollment (2), the outline (4 + step types), then per
    # lesson step_complete: lock, progress re-read, get-or-create, update (about 10).
    with django_assert_max_num_queries(50):
        services.attendance_register(code=open_meeting.attendance_code, user=participant)
    # Again: the code, the membership, the existing row and savepoints; no progress work.
    with django_assert_max_num_queries(7):
        services.attendance_register(code=open_meeting.attendance_code, user=participant)
