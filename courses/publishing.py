"""Authoring state changes: publish, archive and reorder course content.

Each content type owns its own publish checks (`publish_problems()` on steps,
blocks and — in quizzes — questions); this module only collects them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext as _

from common import clock
from common.errors import BadRequest

from .models import Course, CourseStatus, CourseVersion, Module, Step


@dataclass(frozen=True)
class PublishProblem:
    where: str
    what: str
    # The course, module or step to open to fix it.
    obj: models.Model | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


class CourseNotPublishable(BadRequest):
    """Publishing was refused; `problems` lists every reason, each with its place in the course."""

    def __init__(self, problems: list[PublishProblem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def course_publish_problems(*, course: Course) -> list[PublishProblem]:
    """Every reason `course` cannot be published yet (empty when it can).

    Queries: modules with their visible steps (1 + 1 per step type), then
    each step's own checks.
    """
    problems: list[PublishProblem] = []
    modules = list(
        Module.objects.filter(course=course)
        .order_by("position", "pk")
        .prefetch_related(
            models.Prefetch(
                "steps", queryset=Step.objects.filter(is_archived=False).order_by("position", "pk")
            )
        )
    )
    if not modules:
        problems.append(PublishProblem(course.title, _("kursen har inga moduler"), course))
    for m_index, module in enumerate(modules, start=1):
        module_name = _("Modul %(n)s ”%(title)s”") % {"n": m_index, "title": module.title}
        steps = list(module.steps.all())
        if not steps:
            problems.append(PublishProblem(module_name, _("modulen har inga steg"), module))
        for s_index, step in enumerate(steps, start=1):
            where = _("%(module)s › steg %(n)s ”%(title)s”") % {
                "module": module_name,
                "n": s_index,
                "title": step.title,
            }
            for what in step.publish_problems():
                problems.append(PublishProblem(where, str(what), step))
    return problems


def course_publish_warnings(*, course: Course) -> list[PublishProblem]:
    """What the author should look at before publishing (item-writing checks and the like).

    Warnings never stop publishing. Queries: modules and steps (1 + 1 per
    step type), then each step's own checks.
    """
    warnings: list[PublishProblem] = []
    modules = Module.objects.filter(course=course).order_by("position", "pk")
    steps = Step.objects.filter(module__in=modules, is_archived=False).order_by(
        "module__position", "position", "pk"
    )
    numbers = {module.pk: n for n, module in enumerate(modules, start=1)}
    for step in steps.select_related("module"):
        for what in step.publish_warnings():
            where = _("Modul %(n)s ”%(title)s” › ”%(step)s”") % {
                "n": numbers[step.module_id],
                "title": step.module.title,
                "step": step.title,
            }
            warnings.append(PublishProblem(where, str(what), step))
    return warnings


@transaction.atomic
def course_publish(
    *,
    course: Course,
    user=None,
    summary: str = "",
    significant: bool = False,
    changes: list[dict] | None = None,
) -> Course:
    """Check and publish `course`, incrementing its version and recording it in its history.

    Raises CourseNotPublishable listing every problem; nothing changes then.
    Publishing an already published course publishes the edits made since:
    the version goes up again, so certificates issued before keep the
    version they were issued for. A `significant` change needs a `summary`
    (ValueError otherwise): holders of certificates for earlier versions
    are shown it with a recommendation to repeat the course. `changes` is
    what changed since the previous version, when known (a published draft:
    courses/revisions.py); it goes into the history.
    """
    summary = " ".join((summary or "").split())
    if significant and not summary:
        raise ValueError("A significant change needs a summary.")
    course = Course.objects.select_for_update().get(pk=course.pk)
    problems = course_publish_problems(course=course)
    if problems:
        raise CourseNotPublishable(problems)
    course.status = CourseStatus.PUBLISHED
    course.version += 1
    course.save(update_fields=["status", "version", "updated_at"])
    CourseVersion.objects.create(
        course=course,
        version=course.version,
        published_at=clock.now(),
        published_by=user if user is not None and user.is_authenticated else None,
        summary=summary,
        significant=significant,
        changes=changes or [],
    )
    return course


@transaction.atomic
def course_status_set(*, course: Course, status: str) -> Course:
    """Take a course back to draft or archive it (learners then no longer see it).

    Publishing goes through `course_publish`, never through here. Idempotent.
    """
    if status == CourseStatus.PUBLISHED:
        raise ValueError("Use course_publish to publish a course.")
    Course.objects.filter(pk=course.pk).update(status=status)
    course.status = status
    return course


@transaction.atomic
def position_move(*, item: models.Model, siblings: models.QuerySet, delta: int) -> None:
    """Move `item` up (delta=-1) or down (+1) among `siblings`, renumbering them 0, 1, 2, ….

    Idempotent at the ends: the first item cannot move up, the last not down.
    """
    ordered = list(siblings.select_for_update().order_by("position", "pk"))
    index = next(i for i, other in enumerate(ordered) if other.pk == item.pk)
    target = index + delta
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, other in enumerate(ordered):
        if other.position != position:
            siblings.model._base_manager.filter(pk=other.pk).update(position=position)
            other.position = position
    item.position = next(o.position for o in ordered if o.pk == item.pk)
