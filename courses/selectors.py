"""Read-side queries for the learner's pages. Query counts stay constant as courses grow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db.models import Count, Prefetch

from accounts.api import OrgUnit
from common import clock
from common.hot import placeholders, rows_where

from .content_cache import content_cached, content_cached_many, content_key
from .errors import StepLocked, StepNotInCourse
from .models import (
    ContentBlock,
    Course,
    CourseRequirement,
    Enrollment,
    Lesson,
    Module,
    ReflectionAnswer,
    ReflectionBlock,
    Step,
    StepProgress,
    StepStatus,
)
from .modes import LEARNER, PageMode


class StepAccess(StrEnum):
    """Where a learner stands with one step. Renders as its value (CSS class `step-done`)."""

    DONE = "done"
    AVAILABLE = "available"
    LOCKED = "locked"


@dataclass
class StepState:
    step: Step
    module: Module
    state: StepAccess
    progress: StepProgress | None = None
    # The first earlier required step that is not done (why this step is locked).
    blocked_by: Step | None = None
    # Where the step's links lead in the outline's mode (learner or preview).
    url: str = ""

    @property
    def is_done(self) -> bool:
        return self.state == StepAccess.DONE

    @property
    def is_available(self) -> bool:
        return self.state == StepAccess.AVAILABLE

    @property
    def is_locked(self) -> bool:
        return self.state == StepAccess.LOCKED


@dataclass
class ModuleOutline:
    module: Module
    steps: list[StepState] = field(default_factory=list)


@dataclass
class CourseOutline:
    """The course's modules and steps with the learner's state: gating, decided once per request.

    Build it once (`course_outline_get`) and hand it to the services a
    request calls, so a page or a submission does not compute gating again.
    """

    course: Course
    enrollment: Enrollment | None
    modules: list[ModuleOutline]
    mode: PageMode = LEARNER

    @property
    def course_url(self) -> str:
        return self.mode.course_url(self.course.slug)

    @property
    def render_key(self) -> str:
        """What the rendered outline depends on: course version and every step's state.

        Empty in the preview (never cached). Learners at the same place share it.
        """
        if self.mode.is_preview:
            return ""
        states = "".join(state.state.value[0] for state in self.steps)
        return content_key(self.course, "outline", states)

    @property
    def steps(self) -> list[StepState]:
        return [state for module in self.modules for state in module.steps]

    @property
    def required_total(self) -> int:
        return sum(1 for s in self.steps if s.step.required)

    @property
    def required_done(self) -> int:
        return sum(1 for s in self.steps if s.step.required and s.is_done)

    @property
    def percent(self) -> int:
        total = self.required_total
        return round(100 * self.required_done / total) if total else 0

    @property
    def is_completed(self) -> bool:
        return self.required_total > 0 and self.required_done == self.required_total

    @property
    def has_optional_open(self) -> bool:
        """An optional step is still open (not done): worth offering after the course is done."""
        return any(s.is_available and not s.step.required for s in self.steps)

    @property
    def next_state(self) -> StepState | None:
        """The first step not yet done that the learner may open: where "continue" leads."""
        for state in self.steps:
            if state.is_available:
                return state
        return None

    def state_of(self, step_id: int) -> StepState | None:
        for state in self.steps:
            if state.step.pk == step_id:
                return state
        return None

    def require(self, step: Step | int) -> StepState:
        """The state of `step`; raises StepNotInCourse if it is not a visible step of the course."""
        state = self.state_of(getattr(step, "pk", step))
        if state is None:
            raise StepNotInCourse
        return state

    def require_open(self, step: Step | int) -> StepState:
        """The state of `step` if the learner may open it.

        Raises StepNotInCourse (404) or StepLocked (403, with the step that blocks it).
        """
        state = self.require(step)
        if state.is_locked:
            raise StepLocked(state.blocked_by)
        return state

    def neighbours(self, step_id: int) -> tuple[StepState | None, StepState | None]:
        steps = self.steps
        for index, state in enumerate(steps):
            if state.step.pk == step_id:
                previous = steps[index - 1] if index > 0 else None
                following = steps[index + 1] if index + 1 < len(steps) else None
                return previous, following
        return None, None

    def next_after(self, step: Step | int) -> StepState | None:
        """The first step after `step` in course order that is not done yet (None: none left)."""
        found = False
        step_id = getattr(step, "pk", step)
        for state in self.steps:
            if found and not state.is_done:
                return state
            found = found or state.step.pk == step_id
        return None

    def progress_record(self, progress: StepProgress) -> None:
        """Take a progress row just written into account: states (and gating) follow, no query."""
        rows = {state.step.pk: state.progress for state in self.steps if state.progress}
        rows[progress.step_id] = progress
        self._rebuild(rows)

    def _rebuild(self, progress: dict[int, StepProgress]) -> None:
        structure = [(m.module, [s.step for s in m.steps]) for m in self.modules]
        fresh = _outline_build(self.course, self.enrollment, structure, progress, self.mode)
        self.modules = fresh.modules

    def reload_progress(self) -> None:
        """Read the learner's progress again (1 query) and update the states in place.

        For a write under a lock: the structure loaded earlier in the request
        is kept, the progress is what the database holds now.
        """
        self._rebuild(_progress_of(self.enrollment))


def _progress_of(enrollment: Enrollment | None) -> dict[int, StepProgress]:
    if enrollment is None:
        return {}
    # Every course page reads it: one indexed lookup without the ORM's query building.
    rows = rows_where(StepProgress, "enrollment_id = %s", [enrollment.pk])
    return {p.step_id: p for p in rows}


# A course's modules, each with its visible steps in order.
Structure = list[tuple[Module, list[Step]]]


def _outline_build(
    course: Course,
    enrollment: Enrollment | None,
    structure: Structure,
    progress: dict[int, StepProgress],
    mode: PageMode,
) -> CourseOutline:
    blocker: Step | None = None
    outline = []
    for module, steps in structure:
        module_outline = ModuleOutline(module=module)
        for step in steps:
            step_progress = progress.get(step.pk)
            if mode.is_preview:
                state = StepState(step, module, StepAccess.AVAILABLE)
            elif step_progress is not None and step_progress.is_completed:
                state = StepState(step, module, StepAccess.DONE, step_progress)
            elif blocker is None or not course.is_sequential:
                state = StepState(step, module, StepAccess.AVAILABLE, step_progress)
            else:
                state = StepState(
                    step, module, StepAccess.LOCKED, step_progress, blocked_by=blocker
                )
            if not state.is_done and step.required and blocker is None:
                blocker = step
            # The URL was reversed when the structure was loaded (see _structure_load).
            state.url = getattr(step, "page_url", "") or mode.step_url(course.slug, step.pk)
            module_outline.steps.append(state)
        outline.append(module_outline)
    return CourseOutline(course=course, enrollment=enrollment, modules=outline, mode=mode)


def _structure_load(course: Course, mode: PageMode) -> Structure:
    """Modules and visible steps of `course`, each step with its `page_url` in `mode`.

    Queries: modules (1), steps (1 + 1 per step type present).
    """
    modules = list(
        Module.objects.filter(course=course)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=Step.objects.filter(is_archived=False).order_by("position", "pk"),
            )
        )
    )
    structure = [(module, list(module.steps.all())) for module in modules]
    for _module, steps in structure:
        for step in steps:
            step.page_url = mode.step_url(course.slug, step.pk)
    for module in modules:
        # The steps are held in `structure`; the prefetch would be cached twice.
        module._prefetched_objects_cache = {}
    return structure


def course_structure_get(*, course: Course, mode: PageMode = LEARNER) -> Structure:
    """The course's modules with their visible steps, each step's module and course set.

    For learners it comes from the content cache (courses/content_cache.py):
    no query once the course's version has been loaded. The preview reads
    the draft as it is now.
    """
    if mode.is_preview:
        structure = _structure_load(course, mode)
    else:
        structure = content_cached(
            course, ("structure", mode.name), lambda: _structure_load(course, mode)
        )
    for module, steps in structure:
        # Step URLs need module.course.slug: hand them the objects already loaded
        # (polymorphic child rows come from their own query without these caches).
        module.course = course
        for step in steps:
            step.module = module
    return structure


def course_outline_get(
    *, course: Course, enrollment: Enrollment | None, mode: PageMode = LEARNER
) -> CourseOutline:
    """Modules and visible steps of `course` with their state for `enrollment`.

    Queries: the learner's progress (1); the structure comes from the
    content cache (on a miss: modules, steps + 1 per step type present).
    Without an enrollment (not started yet) nothing is done, and gating applies.
    In the preview mode every step is open, and the steps link into the preview.
    """
    structure = course_structure_get(course=course, mode=mode)
    return _outline_build(course, enrollment, structure, _progress_of(enrollment), mode)


@dataclass(frozen=True)
class BoundBlock:
    """A content block ready for a page: the template it renders through and the learner's data."""

    block: ContentBlock
    template_name: str
    # This learner's own answer (reflection blocks only; never anyone else's).
    my_answer: ReflectionAnswer | None = None
    # The block rendered once for everyone (courses.pages.blocks_prerender); empty: render it.
    html: str = ""


def _blocks_load(lesson: Lesson) -> list[ContentBlock]:
    return list(
        ContentBlock.objects.filter(lesson=lesson, is_archived=False).order_by("position", "pk")
    )


def lesson_blocks_get(*, lesson: Lesson, user, mode: PageMode = LEARNER) -> dict:
    """The lesson's visible blocks, each reflection block bound to this user's own answer.

    Queries: the user's answers (1; none in the preview, which shows no
    answers, and none without reflection blocks). The blocks come from the
    content cache for learners (on a miss, and always in the preview:
    1 + 1 per block type present).
    """
    if mode.is_preview:
        loaded = _blocks_load(lesson)
    else:
        course = lesson.module.course
        loaded = content_cached(course, ("blocks", lesson.pk), lambda: _blocks_load(lesson))
    # Which blocks a page shows depends on its mode (discussion blocks: presentation and preview).
    blocks = [block for block in loaded if block.visible_in(mode)]
    reflection_ids = [b.pk for b in blocks if isinstance(b, ReflectionBlock)]
    answers = {}
    if reflection_ids and user.is_authenticated and not mode.is_preview:
        # On every lesson page with a reflection: one indexed lookup (common.hot).
        rows = rows_where(
            ReflectionAnswer,
            f"user_id = %s AND block_id IN ({placeholders(reflection_ids)})",
            [user.pk, *reflection_ids],
        )
        answers = {a.block_id: a for a in rows}
    return {
        "blocks": [
            BoundBlock(block, mode.template_for(block), answers.get(block.pk)) for block in blocks
        ]
    }


@dataclass
class CourseCard:
    course: Course
    enrollment: Enrollment | None
    required_total: int
    required_done: int
    # The earliest due date of the requirements that apply to the learner (None: not required).
    due_date: date | None = None

    @property
    def is_overdue(self) -> bool:
        return self.due_date is not None and not self.is_completed and self.due_date < clock.today()

    @property
    def percent(self) -> int:
        if not self.required_total:
            return 0
        return round(100 * self.required_done / self.required_total)

    @property
    def is_completed(self) -> bool:
        return self.enrollment is not None and self.enrollment.is_completed


# How the start page orders a learner's courses. Courses knows only titles;
# a higher app that knows requirements and certificates (reporting) installs
# its order from AppConfig.ready() through `course_list_order_register`.
_course_list_order: Callable[[object, list[CourseCard]], list[CourseCard]] | None = None


def course_list_order_register(order: Callable[[object, list[CourseCard]], list[CourseCard]]):
    """Install `order(user, cards) -> cards` as the start page's order of courses."""
    global _course_list_order
    _course_list_order = order


def my_courses_ordered_get(*, user) -> list[CourseCard]:
    """The learner's course cards in the start page's order (see course_list_order_register)."""
    cards = my_courses_get(user=user)
    return _course_list_order(user, cards) if _course_list_order else cards


def _required_totals_load(course_ids: list[int]) -> dict[int, int]:
    """How many required, visible steps each course has (1 query)."""
    counts = dict(
        Step.objects.filter(module__course_id__in=course_ids, required=True, is_archived=False)
        .values("module__course_id")
        .annotate(total=Count("pk"))
        .values_list("module__course_id", "total")
        .order_by()
    )
    return {pk: counts.get(pk, 0) for pk in course_ids}


def my_courses_get(*, user) -> list[CourseCard]:
    """Published courses with the learner's latest round and its progress.

    Queries: courses (1; their required step counts come from the content
    cache, 1 more for the courses not in it), the learner's enrollments with
    their done count (1), the courses' requirements with their units' paths (1), of
    which each card keeps those that apply to the learner
    (`CourseRequirement.applies_to`: the learner's unit or one above it, and/or
    their professional group) and the earliest due date among them. The
    learner's unit path comes along with the signed-in user (`User.unit_path`).
    """
    # The start page is every learner's first page: its lookups skip the ORM's
    # query building (common.hot).
    courses = Course.objects.published_by_title()
    if not courses:
        return []
    required_totals = content_cached_many(courses, "required-total", _required_totals_load)
    ids = [course.pk for course in courses]
    progress, step = StepProgress._meta.db_table, Step._meta.db_table
    enrollment = Enrollment._meta.db_table
    required_done = (
        f", (SELECT COUNT(*) FROM {progress} p JOIN {step} s ON s.id = p.step_id"  # noqa: S608
        f" WHERE p.enrollment_id = {enrollment}.id AND p.status = %s"
        f" AND s.required AND NOT s.is_archived) AS required_done"
    )
    latest: dict[int, Enrollment] = {}
    for row in rows_where(
        Enrollment,
        f"user_id = %s AND course_id IN ({placeholders(ids)}) ORDER BY course_id, round",
        [user.pk, *ids],
        columns=required_done,
        column_params=(StepStatus.COMPLETED,),
    ):
        latest[row.course_id] = row
    unit_path = user.unit_path
    unit_table = OrgUnit._meta.db_table
    unit_path_column = (
        f", (SELECT o.path FROM {unit_table} o WHERE o.id = unit_id) AS unit_path_loaded"  # noqa: S608
    )
    requirements = rows_where(
        CourseRequirement,
        f"course_id IN ({placeholders(ids)}) ORDER BY due_date, id",
        ids,
        columns=unit_path_column,
    )
    applying: dict[int, list[CourseRequirement]] = {pk: [] for pk in ids}
    for requirement in requirements:
        if requirement.applies_to(unit_path=unit_path, professional_group=user.professional_group):
            applying[requirement.course_id].append(requirement)
    cards = []
    for course in courses:
        enrollment = latest.get(course.pk)
        requirements = applying[course.pk]
        cards.append(
            CourseCard(
                course=course,
                enrollment=enrollment,
                required_total=required_totals[course.pk],
                required_done=enrollment.required_done if enrollment else 0,
                due_date=requirements[0].due_date if requirements else None,
            )
        )
    return cards


def course_authoring_outline_get(*, course: Course) -> list[Module]:
    """Every module of `course` in order with every step (archived too) as `module.step_list`.

    For the course's authoring page. Two queries; the steps are base rows
    (their type is `polymorphic_ctype_id`), so no query per step type.
    """
    steps = Step.objects.non_polymorphic().order_by("position", "pk")
    return list(
        course.modules.order_by("position", "pk").prefetch_related(
            Prefetch("steps", queryset=steps, to_attr="step_list")
        )
    )
