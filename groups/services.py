"""State changes of the group track: groups, memberships, meetings and attendance.

Each service runs in one transaction and raises the errors of `groups.errors`.
Progress is written only through the courses services (`enrollment_start`,
`step_complete`), never by writing progress rows here.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction

from accounts.api import Role, user_has_any_role
from common import clock
from courses.api import (
    Course,
    CourseStatus,
    Lesson,
    Module,
    course_outline_get,
    enrollment_start,
    records_repoint,
    step_complete,
)

from .errors import (
    AttendanceCodeExpired,
    AttendanceCodeUnknown,
    CourseNotPublished,
    JoinCodeUnknown,
    MeetingHasAttendance,
    MeetingModuleNotInCourse,
    NotAFacilitator,
    NotAParticipant,
)
from .models import (
    ATTENDANCE_CODE_LENGTH,
    CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    Attendance,
    AttendanceHow,
    Meeting,
    Membership,
    StudyGroup,
)

# A code shown at a meeting stays usable at least this long after it is opened,
# also when the facilitator opens a meeting late or runs over time.
ATTENDANCE_CODE_MIN_VALIDITY = timedelta(minutes=30)


def _code(length: int, rng: random.Random) -> str:
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(length))


def _unique_code(model, field: str, length: int, rng: random.Random) -> str:
    # 31^6 ≈ 887 million codes: a clash is rare; try again rather than fail.
    for _attempt in range(10):
        code = _code(length, rng)
        if not model.objects.filter(**{field: code}).exists():
            return code
    raise RuntimeError("no free code found")  # pragma: no cover - astronomically unlikely


@transaction.atomic
def group_create(
    *,
    course: Course,
    name: str,
    facilitator,
    participants: Iterable = (),
    rng: random.Random | None = None,
) -> StudyGroup:
    """Create a group for a published course, led by `facilitator`, with its first participants.

    Raises NotAFacilitator if `facilitator` holds neither the facilitator nor the
    administrator role, CourseNotPublished for a draft or archived course.
    """
    if not user_has_any_role(facilitator, (Role.FACILITATOR, Role.ADMINISTRATOR)):
        raise NotAFacilitator
    if course.status != CourseStatus.PUBLISHED:
        raise CourseNotPublished
    rng = rng or clock.system_rng()
    group = StudyGroup.objects.create(
        course=course,
        name=name.strip(),
        facilitator=facilitator,
        join_code=_unique_code(StudyGroup, "join_code", JOIN_CODE_LENGTH, rng),
    )
    for user in participants:
        group_member_add(group=group, user=user)
    return group


@transaction.atomic
def group_member_add(*, group: StudyGroup, user) -> Membership:
    """Make `user` a participant of `group`. Idempotent."""
    try:
        with transaction.atomic():
            membership, _ = Membership.objects.get_or_create(
                group=group, user=user, defaults={"joined_at": clock.now()}
            )
    except IntegrityError:
        membership = Membership.objects.get(group=group, user=user)
    return membership


@transaction.atomic
def group_update(*, group: StudyGroup, name: str, participants: Iterable) -> StudyGroup:
    """Rename `group` and make `participants` exactly its members. Idempotent.

    New people are added, those left out removed. A removed person's attendance
    stays on record and the lessons it completed stay done: progress, once
    recorded, is the learner's.
    """
    group = StudyGroup.objects.select_for_update().get(pk=group.pk)
    group.name = name.strip()
    group.save(update_fields=["name"])
    wanted = {user.pk: user for user in participants}
    Membership.objects.filter(group=group).exclude(user_id__in=wanted).delete()
    for user in wanted.values():
        group_member_add(group=group, user=user)
    return group


@transaction.atomic
def group_join(*, user, join_code: str) -> StudyGroup:
    """Join the group whose join code this is (letter case and spaces do not count). Idempotent.

    Raises JoinCodeUnknown.
    """
    code = "".join(join_code.split()).upper()
    group = StudyGroup.objects.filter(join_code=code).first() if code else None
    if group is None:
        raise JoinCodeUnknown
    group_member_add(group=group, user=user)
    return group


@transaction.atomic
def meeting_create(
    *,
    group: StudyGroup,
    starts_at: datetime,
    module: Module | None = None,
    title: str = "",
    duration_minutes: int = 90,
) -> Meeting:
    """Plan a meeting of `group`, about one of its course's modules or under a free title.

    Raises MeetingModuleNotInCourse if `module` is another course's; a meeting
    with neither module nor title is refused by the database constraint
    (the form asks for one of them).
    """
    if module is not None and module.course_id != group.course_id:
        raise MeetingModuleNotInCourse
    return Meeting.objects.create(
        group=group,
        module=module,
        title=title.strip(),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
    )


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    starts_at: datetime,
    module: Module | None = None,
    title: str = "",
    duration_minutes: int = 90,
) -> Meeting:
    """Move or re-plan a meeting. Raises MeetingModuleNotInCourse, and MeetingHasAttendance
    when the module would change after people were registered present (their lessons
    were completed for the old module)."""
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if module is not None and module.course_id != meeting.group.course_id:
        raise MeetingModuleNotInCourse
    new_module_id = module.pk if module is not None else None
    if new_module_id != meeting.module_id and meeting.attendances.exists():
        raise MeetingHasAttendance
    meeting.module = module
    meeting.title = title.strip()
    meeting.starts_at = starts_at
    meeting.duration_minutes = duration_minutes
    meeting.save(update_fields=["module", "title", "starts_at", "duration_minutes"])
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting) -> None:
    """Remove a planned meeting. Raises MeetingHasAttendance once anyone was registered
    present: the attendance is the participants' record and stays."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.attendances.exists():
        raise MeetingHasAttendance
    meeting.delete()


@transaction.atomic
def meeting_open(*, meeting: Meeting, rng: random.Random | None = None) -> Meeting:
    """Give the meeting a short attendance code valid until the meeting ends. Idempotent.

    A code still valid is kept (a reload of the facilitator's page shows the
    same QR code). A new code is valid until the meeting's planned end, and at
    least ATTENDANCE_CODE_MIN_VALIDITY from now.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    now = clock.now()
    if meeting.code_is_valid_at(now):
        return meeting
    rng = rng or clock.system_rng()
    meeting.attendance_code = _unique_code(Meeting, "attendance_code", ATTENDANCE_CODE_LENGTH, rng)
    meeting.attendance_code_expires_at = max(meeting.ends_at, now + ATTENDANCE_CODE_MIN_VALIDITY)
    meeting.save(update_fields=["attendance_code", "attendance_code_expires_at"])
    return meeting


def meeting_for_code(code: str) -> Meeting:
    """The meeting whose attendance code this is, if the code is still valid.

    Raises AttendanceCodeUnknown or AttendanceCodeExpired (410).
    """
    code = "".join(code.split()).upper()
    meeting = (
        Meeting.objects.select_related("group__course", "module")
        .filter(attendance_code=code)
        .first()
        if code
        else None
    )
    if meeting is None:
        raise AttendanceCodeUnknown
    if not meeting.code_is_valid_at(clock.now()):
        raise AttendanceCodeExpired
    return meeting


@transaction.atomic
def attendance_register(*, code: str, user) -> Attendance:
    """The participant `user` registers as present with the meeting's code. Idempotent.

    Raises AttendanceCodeUnknown, AttendanceCodeExpired (410) or
    NotAParticipant (403). Present at a module's meeting, the participant's
    lessons of that module are complete (see meeting_attendance_apply).
    """
    meeting = meeting_for_code(code)
    if not Membership.objects.filter(group_id=meeting.group_id, user=user).exists():
        raise NotAParticipant
    return _attendance_record(meeting=meeting, participant=user, how=AttendanceHow.SELF, by=user)


@transaction.atomic
def attendance_tick(*, meeting: Meeting, participant, present: bool, by) -> Attendance | None:
    """The facilitator marks `participant` present (or not). Idempotent.

    Unticking removes the attendance row but leaves the lessons it completed
    done: progress, once recorded, is the learner's. Raises NotAParticipant.
    """
    if not Membership.objects.filter(group_id=meeting.group_id, user=participant).exists():
        raise NotAParticipant
    if not present:
        Attendance.objects.filter(meeting=meeting, participant=participant).delete()
        return None
    return _attendance_record(
        meeting=meeting, participant=participant, how=AttendanceHow.TICKED, by=by
    )


def _attendance_record(*, meeting: Meeting, participant, how: str, by) -> Attendance:
    try:
        with transaction.atomic():
            attendance, created = Attendance.objects.get_or_create(
                meeting=meeting,
                participant=participant,
                defaults={"how": how, "registered_at": clock.now(), "registered_by": by},
            )
    except IntegrityError:
        # The participant scanned while the facilitator ticked them: one row either way.
        attendance, created = (
            Attendance.objects.get(meeting=meeting, participant=participant),
            False,
        )
    if created:
        # An attendance row and its lessons are written in the same transaction, so a
        # row that exists already has its lessons done (meeting_attendance_apply repairs
        # a module that gained lessons since).
        _lessons_complete(meeting=meeting, participant=participant)
    return attendance


def _lessons_complete(*, meeting: Meeting, participant) -> int:
    """Complete the meeting's module lessons for one participant; the number of lessons."""
    group = meeting.group
    if meeting.module_id is None or not group.attendance_completes_lessons:
        return 0
    lessons = list(
        Lesson.objects.filter(module_id=meeting.module_id, is_archived=False).order_by(
            "position", "pk"
        )
    )
    if not lessons:
        return 0
    enrollment = enrollment_start(user=participant, course=group.course)
    # One outline for all the lessons: step_complete then re-reads only the progress.
    outline = course_outline_get(course=group.course, enrollment=enrollment)
    for lesson in lessons:
        # Not gated: the group covered the lesson together, even if this
        # participant has an earlier quiz to take on their own.
        step_complete(enrollment=enrollment, step=lesson, outline=outline, gated=False)
    return len(lessons)


@transaction.atomic
def meeting_attendance_apply(*, meeting: Meeting) -> int:
    """Complete the module's lessons for everyone present at `meeting`. Idempotent.

    Registering and ticking attendance already do this for each person; this
    repairs a meeting whose module gained lessons afterwards. Returns the
    number of participants present.
    """
    present = [a.participant for a in meeting.attendances.select_related("participant")]
    for participant in present:
        _lessons_complete(meeting=meeting, participant=participant)
    return len(present)


@transaction.atomic
def meetings_follow_content(*, modules: dict[int, int]) -> int:
    """Point meetings about a module that a new course version replaced at its successor.

    `modules` maps old module pk → new (`ContentReplacement.modules`).
    Meetings about a removed module keep it. Returns the number moved.
    """
    return records_repoint(Meeting.objects.all(), "module_id", modules)
