"""Draft revisions of a published course, publishing them, and what changed between versions.

A trainer who edits a published course works on a **draft revision**: a
course row (`revision_of` the course, `revision_kind` "draft") holding an
identity-keeping copy of the content, made like every other copy
(courses/reuse.py). Learners keep reading the published course's own rows,
which the draft never touches. Publishing the draft swaps the two trees of
modules in one transaction: the draft's modules become the course's, and
the course's earlier modules move to the draft row, which from then on is a
**retired revision** (the content of the earlier version). Learners' records
that point at content (progress, reflection answers; quiz attempts and group
meetings through `course_content_replaced`) follow the item with the same
`uid` into the new version; records of removed items stay with the retired
content, so nothing a learner did is lost and nothing removed counts against
them. Quiz attempts keep pointing at the questions they were given.
See docs/decisions/0019-draft-revisions-and-stable-identity.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from common.errors import BadRequest

from .codec import Writer, codec_write
from .models import (
    ContentBlock,
    Course,
    CourseRevision,
    CourseStatus,
    Module,
    ReflectionAnswer,
    Step,
    StepProgress,
)
from .publishing import CourseNotPublishable, course_publish, course_publish_problems
from .reuse import _copy
from .services import enrollments_complete_if_done
from .signals import ContentReplacement, course_content_replaced

# The course's own settings that a draft carries (everything a trainer edits on the course page).
COURSE_CONTENT_FIELDS = (
    "title",
    "summary",
    "audience",
    "language",
    "estimated_minutes",
    "order",
    "certificate_validity_months",
    "content_note",
)

# The lists of items in a course file that have a stable identity, and what each item is.
ITEM_KINDS = {"modules": "module", "steps": "step", "blocks": "block", "questions": "question"}


class RevisionRefused(BadRequest):
    """The draft action does not apply to this course (e.g. a draft of a draft)."""


def draft_get(*, course: Course) -> Course | None:
    """The draft revision of `course`, or None."""
    return Course.objects.filter(revision_of=course, revision_kind=CourseRevision.DRAFT).first()


def _free_slug(base: str, suffix: str) -> str:
    """`<base><suffix>`, numbered if taken, within the slug's 100 characters."""
    max_length = Course._meta.get_field("slug").max_length
    for number in range(1, 1000):
        tail = suffix if number == 1 else f"{suffix}-{number}"
        candidate = base[: max_length - len(tail)] + tail
        if not Course.objects.filter(slug=candidate).exists():
            return candidate
    raise RevisionRefused(_("Hittade inget ledigt kortnamn."))


@transaction.atomic
def draft_create(*, course: Course) -> Course:
    """Start a draft revision of the published `course`, or return the one it already has.

    Idempotent: a course has at most one draft (a unique constraint; the
    course row is locked while the draft is made). The draft holds a copy of
    the course's settings, modules, steps, blocks and questions (not
    archived ones), each keeping its stable `uid`; media files are copied.
    Raises RevisionRefused for a draft or retired revision or a course that
    is not published (edit an unpublished course directly), and
    CourseFileError if the content holds a value today's validation refuses.
    """
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.revision_kind:
        raise RevisionRefused(_("Det går bara att skapa utkast av en kurs, inte av ett utkast."))
    existing = draft_get(course=course)
    if existing is not None:
        return existing
    if course.status != CourseStatus.PUBLISHED:
        raise RevisionRefused(
            _("Kursen är inte publicerad: ändra den direkt, deltagarna ser den inte.")
        )
    node = _copy(course, keep_identity=True)
    draft = node.obj
    draft.slug = _free_slug(course.slug, "-utkast")
    draft.status = CourseStatus.DRAFT
    draft.version = course.version
    draft.revision_of = course
    draft.revision_kind = CourseRevision.DRAFT
    return node.save()


@transaction.atomic
def draft_discard(*, draft: Course) -> None:
    """Delete a draft revision with everything in it; the published course is unchanged.

    Idempotent: discarding a draft that is already gone does nothing.
    Raises RevisionRefused for anything but a draft.
    """
    draft = Course.objects.select_for_update().filter(pk=draft.pk).first()
    if draft is None:
        return
    if not draft.is_draft_revision:
        raise RevisionRefused(_("Det här är inget utkast."))
    draft.delete()


def _uids(model: type[models.Model], **where: Any) -> dict[str, int]:
    rows = model._base_manager.filter(**where).values_list("uid", "pk")
    return {str(uid): pk for uid, pk in rows}


def _successors(old: dict[str, int], new: dict[str, int]) -> dict[int, int]:
    """Old pk → new pk for every item that is in both versions (same uid)."""
    return {pk: new[uid] for uid, pk in old.items() if uid in new}


def records_repoint(queryset: models.QuerySet, field: str, moves: dict[int, int]) -> int:
    """Point `field` (a foreign key's attname) of the rows in `queryset` at the moved items.

    `moves` maps old pk → new pk (a `ContentReplacement` map). One UPDATE
    whatever the number of items; returns the number of rows moved.
    """
    if not moves:
        return 0
    target = Case(
        *[When(**{field: old}, then=Value(new)) for old, new in moves.items()],
        output_field=IntegerField(),
    )
    return queryset.filter(**{f"{field}__in": list(moves)}).update(**{field: target})


def content_snapshot(course: Course) -> dict:
    """The course's content as its course file with identities (what the version diff compares)."""
    return codec_write(course, Writer(keep_identity=True))


@transaction.atomic
def draft_publish(
    *, draft: Course, user=None, summary: str = "", significant: bool = False
) -> Course:
    """Publish a draft revision as the next version of its course; returns the course.

    In one transaction: the draft passes the publish checks (else
    CourseNotPublishable listing every problem, and nothing changes), the
    draft's content becomes the course's, learners' progress and reflection
    answers move to the items with the same identity (`course_content_replaced`
    lets quizzes and groups move theirs), the earlier content is kept as a
    retired revision, and `course_publish` raises the version and records
    who published it, the summary and what changed (`CourseVersion.changes`).
    Both rows are locked, so two publishes of one draft publish it once: the
    second raises RevisionRefused.
    """
    draft = Course.objects.select_for_update().filter(pk=draft.pk).first()
    if draft is None or not draft.is_draft_revision:
        raise RevisionRefused(_("Utkastet finns inte längre; det kan redan vara publicerat."))
    course = Course.objects.select_for_update().get(pk=draft.revision_of_id)
    problems = course_publish_problems(course=draft)
    if problems:
        raise CourseNotPublishable(problems)
    changes = content_changes(content_snapshot(course), content_snapshot(draft))

    replacement = ContentReplacement(
        course_id=course.pk,
        modules=_successors(_uids(Module, course=course), _uids(Module, course=draft)),
        steps=_successors(
            _uids(Step, module__course=course),
            _uids(Step, module__course=draft, is_archived=False),
        ),
        blocks=_successors(
            _uids(ContentBlock, lesson__module__course=course),
            _uids(ContentBlock, lesson__module__course=draft, is_archived=False),
        ),
    )
    old_modules = list(Module.objects.filter(course=course).values_list("pk", flat=True))
    Module.objects.filter(course=draft).update(course=course)
    Module.objects.filter(pk__in=old_modules).update(course=draft)

    previous = {field: getattr(course, field) for field in COURSE_CONTENT_FIELDS}
    for field in COURSE_CONTENT_FIELDS:
        setattr(course, field, getattr(draft, field))
        setattr(draft, field, previous[field])
    course.save(update_fields=[*COURSE_CONTENT_FIELDS, "updated_at"])
    draft.revision_kind = CourseRevision.RETIRED
    draft.status = CourseStatus.ARCHIVED
    draft.version = course.version
    draft.slug = _free_slug(course.slug, f"-version-{course.version}")
    draft.save()

    records_repoint(StepProgress.objects.all(), "step_id", replacement.steps)
    records_repoint(ReflectionAnswer.objects.all(), "block_id", replacement.blocks)
    course_content_replaced.send(sender=Course, replacement=replacement)
    course = course_publish(
        course=course, user=user, summary=summary, significant=significant, changes=changes
    )
    # A learner whose only missing required step was removed has now finished.
    enrollments_complete_if_done(course=course)
    return course


def step_successor_get(*, course: Course, step_id: int) -> Step | None:
    """The step of `course` now standing for step `step_id` of one of its earlier versions.

    A learner who had an earlier version's step open continues on the same
    step (same `uid`) in the published version. None if it was removed.
    """
    uid = (
        Step.objects.filter(
            pk=step_id,
            module__course__revision_of=course,
            module__course__revision_kind=CourseRevision.RETIRED,
        )
        .values_list("uid", flat=True)
        .first()
    )
    if uid is None:
        return None
    return Step.objects.filter(module__course=course, uid=uid, is_archived=False).first()


def _label(item: dict) -> str:
    for key in ("title", "text", "prompt", "body", "questions", "alt"):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= 80 else text[:79] + "…"
    items = item.get("items")
    if isinstance(items, list) and items:
        return _label({"title": str(items[0])})
    return ""


def _items(data: dict) -> dict[str, dict]:
    """Every item with an identity in a course snapshot: uid → its facts, in document order."""
    found: dict[str, dict] = {}

    def walk(node: dict, parent: str, trail: tuple[str, ...]) -> None:
        for key, kind in ITEM_KINDS.items():
            children = node.get(key)
            if not isinstance(children, list):
                continue
            order = []
            for child in children:
                if not isinstance(child, dict) or "uid" not in child:
                    continue
                own = {k: v for k, v in child.items() if k not in ITEM_KINDS and k != "uid"}
                label = _label(child)
                found[child["uid"]] = {
                    "kind": kind,
                    "type": child.get("type", ""),
                    "title": label,
                    "where": list(trail),
                    "parent": parent,
                    "own": own,
                }
                order.append(child["uid"])
                walk(child, child["uid"], (*trail, label) if kind in ("module", "step") else trail)
            if parent in found:
                found[parent].setdefault("order", []).extend(order)

    walk(data, "", ())
    return found


def content_changes(old: dict, new: dict) -> list[dict]:
    """What changed from snapshot `old` to `new`, item by item (matched by `uid`).

    Pure. Each change is {"kind": course|module|step|block|question,
    "change": added|removed|changed|moved|reordered, "type", "title",
    "where": [module title, step title]}: added, removed and changed items,
    items moved to another module or step, and items whose children were
    put in another order. New items come in the new version's order, then
    removed ones in the old version's.
    """
    changes: list[dict] = []
    # A draft has its own slug; the published course keeps its own.
    own_old = {k: v for k, v in old.items() if k not in ITEM_KINDS and k != "slug"}
    own_new = {k: v for k, v in new.items() if k not in ITEM_KINDS and k != "slug"}
    course = {"kind": "course", "type": "", "title": new.get("title", ""), "where": []}
    if own_old != own_new:
        changes.append({"change": "changed", **course})
    before, after = _items(old), _items(new)
    modules_before = [m["uid"] for m in old.get("modules", []) if m.get("uid") in after]
    modules_after = [m["uid"] for m in new.get("modules", []) if m.get("uid") in before]
    if modules_before != modules_after:
        changes.append({"change": "reordered", **course})

    def entry(item: dict, change: str) -> dict:
        keys = ("kind", "type", "title", "where")
        return {"change": change, **{key: item[key] for key in keys}}

    for uid, item in after.items():
        earlier = before.get(uid)
        if earlier is None:
            changes.append(entry(item, "added"))
            continue
        if earlier["own"] != item["own"]:
            changes.append(entry(item, "changed"))
        if earlier["parent"] != item["parent"]:
            changes.append(entry(item, "moved"))
        kept_before = [c for c in earlier.get("order", []) if c in after]
        kept_after = [c for c in item.get("order", []) if c in before]
        if set(kept_before) == set(kept_after) and kept_before != kept_after:
            changes.append(entry(item, "reordered"))
    changes += [entry(item, "removed") for uid, item in before.items() if uid not in after]
    return changes


def changes_count(changes: Iterable[dict]) -> dict[str, int]:
    """How many items were added, removed and changed (moved and reordered count as changed)."""
    counts = {"added": 0, "removed": 0, "changed": 0}
    for change in changes:
        kind = change["change"]
        counts["changed" if kind in ("moved", "reordered") else kind] += 1
    return counts
