"""Read-side queries of the group pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from accounts.api import OrgUnit, Role, User, user_has_any_role
from courses.api import (
    PRESENTATION,
    BoundBlock,
    Course,
    DiscussionBlock,
    Enrollment,
    Lesson,
    Module,
    Step,
    lesson_blocks_get,
)

from .models import Attendance, AttendanceHow, Meeting, Membership, StudyGroup
from .policies import study_group_policy


def groups_for_user(*, user) -> QuerySet[StudyGroup]:
    """The groups `user` may see (leads or takes part in), with their course and size.

    Queries: 1.
    """
    queryset = StudyGroup.objects.select_related("course", "facilitator").annotate(
        participant_count=Count("memberships", distinct=True)
    )
    return study_group_policy.filter_queryset(user, "view", queryset).order_by("name", "pk")


def participant_candidates(*, user) -> QuerySet:
    """The people a facilitator may put in a group: active people of their own unit and
    the units they manage (and the units below them); everyone for administrators.
    """
    people = User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")
    if user_has_any_role(user, (Role.ADMINISTRATOR,)):
        return people
    roots = list(user.managed_units.all())
    if user.unit_id is not None:
        roots.append(user.unit)
    if not roots:
        return people.none()
    return people.filter(unit__in=OrgUnit.objects.subtree_of(roots))


@dataclass(frozen=True)
class AttendanceRow:
    participant: object
    attendance: Attendance | None

    @property
    def is_present(self) -> bool:
        return self.attendance is not None


def meeting_attendance_get(*, meeting: Meeting) -> list[AttendanceRow]:
    """Every participant of the meeting's group with their attendance (or None). Queries: 2."""
    attendances = {a.participant_id: a for a in meeting.attendances.all()}
    members = (
        Membership.objects.filter(group_id=meeting.group_id)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    return [AttendanceRow(m.user, attendances.get(m.user_id)) for m in members]


def group_edit_candidates(*, group: StudyGroup, user) -> QuerySet:
    """Whom `user` may list on `group`'s edit page: their candidates and its present members
    (also those who joined with the code from other units, so they can be kept or removed)."""
    candidates = participant_candidates(user=user)
    return (
        User.objects.filter(Q(pk__in=candidates.values("pk")) | Q(group_memberships__group=group))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


@dataclass(frozen=True)
class Slide:
    """One screen of the presentation: a lesson's blocks, or the module's discussion questions."""

    number: int
    title: str
    blocks: list[BoundBlock]
    is_discussion: bool = False


def presentation_slides_get(*, meeting: Meeting) -> list[Slide]:
    """The module's lessons one per slide, then its discussion questions on a last slide.

    Shows no one's answers (the presentation mode records and reveals nothing).
    A meeting without a module has no slides.
    Queries: lessons (1), then per lesson its blocks (1 + 1 per block type present).
    """
    if meeting.module_id is None:
        return []
    lessons = Lesson.objects.filter(module_id=meeting.module_id, is_archived=False).order_by(
        "position", "pk"
    )
    slides: list[Slide] = []
    discussion: list[BoundBlock] = []
    for lesson in lessons:
        bound = lesson_blocks_get(lesson=lesson, user=AnonymousUser(), mode=PRESENTATION)["blocks"]
        discussion += [b for b in bound if isinstance(b.block, DiscussionBlock)]
        content = [b for b in bound if not isinstance(b.block, DiscussionBlock)]
        slides.append(Slide(len(slides) + 1, lesson.title, content))
    if discussion:
        slides.append(Slide(len(slides) + 1, "", discussion, is_discussion=True))
    return slides


def meeting_discussion_blocks(*, meeting: Meeting) -> list[DiscussionBlock]:
    """The discussion blocks of the meeting's module, for the facilitator's own page."""
    if meeting.module_id is None:
        return []
    return list(
        DiscussionBlock.objects.filter(
            Q(lesson__module_id=meeting.module_id),
            lesson__is_archived=False,
            is_archived=False,
        ).order_by("lesson__position", "position", "pk")
    )


@dataclass(frozen=True)
class GuideStep:
    title: str
    minutes: int
    # The group covers a module's lessons at its meeting; quizzes are taken one by one.
    covered_at_meeting: bool


@dataclass(frozen=True)
class GuideModule:
    number: int
    title: str
    steps: list[GuideStep]
    discussions: list[DiscussionBlock]

    @property
    def minutes(self) -> int:
        return sum(step.minutes for step in self.steps)


@dataclass(frozen=True)
class FacilitatorGuide:
    """A course's facilitator guide: its structure and every module's discussion questions."""

    course: Course
    modules: list[GuideModule]

    @property
    def minutes(self) -> int:
        return sum(module.minutes for module in self.modules)


def facilitator_guide_get(*, course: Course) -> FacilitatorGuide:
    """The guide of `course`, built from its modules, steps and discussion blocks.

    Queries: modules (1), steps (1 + 1 per step type), discussion blocks (1),
    however many modules the course has.
    """
    modules = list(Module.objects.filter(course=course).order_by("position", "pk"))
    steps = Step.objects.filter(module__course=course, is_archived=False).order_by(
        "module__position", "position", "pk"
    )
    blocks = DiscussionBlock.objects.filter(
        lesson__module__course=course, lesson__is_archived=False, is_archived=False
    ).order_by("lesson__position", "position", "pk")
    steps_of: dict[int, list[GuideStep]] = {module.pk: [] for module in modules}
    for step in steps:
        steps_of[step.module_id].append(
            GuideStep(step.title, step.estimated_minutes, isinstance(step, Lesson))
        )
    discussions_of: dict[int, list[DiscussionBlock]] = {module.pk: [] for module in modules}
    for block in blocks.select_related("lesson"):
        discussions_of[block.lesson.module_id].append(block)
    return FacilitatorGuide(
        course=course,
        modules=[
            GuideModule(number, module.title, steps_of[module.pk], discussions_of[module.pk])
            for number, module in enumerate(modules, start=1)
        ],
    )


def group_organisation_for(enrollment) -> str | None:
    """The facilitator's organisation if `enrollment` was taken in a group, else None.

    Taken in a group: the holder attended at least one meeting of a group for the
    course since their previous round ended. The organisation is the facilitator's unit and the
    top of its tree ("IFO Nord, Exempelstad"); "" if the facilitator has no unit.
    Asked by the certificates app when it issues (registered in GroupsConfig.ready).
    """
    attendances = Attendance.objects.filter(
        participant_id=enrollment.user_id, meeting__group__course_id=enrollment.course_id
    )
    if enrollment.round > 1:
        # A meeting attended for an earlier round does not make this one a group round.
        # (Attendance is registered just before the first round starts, so that
        # round has no lower bound.)
        previous_end = (
            Enrollment.objects.filter(
                user_id=enrollment.user_id,
                course_id=enrollment.course_id,
                round=enrollment.round - 1,
            )
            .values_list("completed_at", flat=True)
            .first()
        )
        if previous_end is not None:
            attendances = attendances.filter(registered_at__gt=previous_end)
    attendance = (
        attendances.select_related("meeting__group__facilitator__unit")
        .order_by("-meeting__starts_at", "-pk")
        .first()
    )
    if attendance is None:
        return None
    unit = attendance.meeting.group.facilitator.unit
    if unit is None:
        return ""
    root_id = unit.path.strip("/").split("/")[0] if unit.path else ""
    if root_id and root_id != str(unit.pk):
        root = OrgUnit.objects.filter(pk=root_id).values_list("name", flat=True).first()
        if root:
            return f"{unit.name}, {root}"
    return unit.name


def person_group_data_get(*, user) -> dict:
    """The group track's data about `user`, for "Mina uppgifter": the groups they belong
    to, the meetings they attended (and how it was registered), and the groups they lead.

    Only `user`'s own rows; the other participants are not named. Queries: 3.
    """
    memberships = [
        {
            "group": row["group__name"],
            "course": row["group__course__title"],
            "facilitator": " ".join(
                part
                for part in (
                    row["group__facilitator__first_name"],
                    row["group__facilitator__last_name"],
                )
                if part
            ),
            "joined_at": row["joined_at"],
        }
        for row in Membership.objects.filter(user=user)
        .order_by("joined_at", "pk")
        .values(
            "group__name",
            "group__course__title",
            "group__facilitator__first_name",
            "group__facilitator__last_name",
            "joined_at",
        )
    ]
    attendances = [
        {
            "group": attendance.meeting.group.name,
            "meeting": attendance.meeting.display_title,
            "starts_at": attendance.meeting.starts_at,
            "registered_at": attendance.registered_at,
            "how": attendance.how,
            "how_label": str(AttendanceHow(attendance.how).label),
        }
        for attendance in Attendance.objects.filter(participant=user)
        .select_related("meeting__group", "meeting__module")
        .order_by("meeting__starts_at", "pk")
    ]
    led = list(
        StudyGroup.objects.filter(facilitator=user)
        .order_by("created_at", "pk")
        .values("name", "course__title", "created_at")
    )
    return {"memberships": memberships, "attendances": attendances, "led": led}
