"""Reuse: copy a course, a module (within or into another course) or a step.

A copy is made by writing the original with its course-file codecs and
reading the result back (`courses.codec`), exactly as an export and an
import would, but without YAML in between. So every step, block and
question type — also those of higher apps (quizzes) and fields added later
— is copied by its own codec, with no per-type code here, and the copy
passes the same validation as an imported file. Media files are copied
(new files with the same content), so a copy never shares a file with its
original. Archived steps, blocks and questions are not part of a course
file, so they are not copied; learner records never are.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from .codec import CourseFileError, Node, Reader, Writer, codec_for, codec_write
from .models import Course, Module, Step


def _copy(obj: Any, *, keep_identity: bool = False) -> Node:
    """An unsaved copy of `obj` and everything below it (a Node tree). Raises CourseFileError.

    A copy gets new identities (`uid`), so it is independent of its
    original; with `keep_identity` (a draft revision) every module, step,
    block and question keeps its original's.
    """
    writer = Writer(keep_identity=keep_identity)
    data = codec_write(obj, writer)
    # The copy reads its media from what the writer collected, never from a directory.
    reader = Reader(Path("/nonexistent-course-dir"), embedded=dict(writer.media_data))
    node = codec_for(type(obj)).read(data, reader, "$")
    reader.validate(node)
    if reader.errors:
        # Only a row written past validation (before a rule existed) gets here.
        raise CourseFileError(reader.errors)
    if keep_identity:
        _identities_copy(node, data)
    return node


_PATH_PART = re.compile(r"\.(\w+)\[(\d+)\]")


def _identities_copy(node: Node, data: dict) -> None:
    """Give each item of the tree the `uid` written at its place (`node.path`) in `data`."""
    if node.path and any(f.name == "uid" for f in node.obj._meta.concrete_fields):
        here: Any = data
        for key, index in _PATH_PART.findall(node.path):
            here = here[key][int(index)]
        if isinstance(here, dict) and "uid" in here:
            node.obj.uid = uuid.UUID(here["uid"])
    for child in node.children:
        _identities_copy(child, data)


def _copy_title(title: str, max_length: int) -> str:
    suffix = _(" (kopia)")
    return title[: max_length - len(suffix)] + suffix


def _free_slug(slug: str) -> str:
    """`<slug>-kopia`, or `-kopia-2`, `-kopia-3` … if taken; within the field's 100 characters."""
    max_length = Course._meta.get_field("slug").max_length
    for number in range(1, 1000):
        suffix = "-kopia" if number == 1 else f"-kopia-{number}"
        candidate = slug[: max_length - len(suffix)] + suffix
        if not Course.objects.filter(slug=candidate).exists():
            return candidate
    raise CourseFileError([("$.slug", _("hittade inget ledigt kortnamn för kopian"))])


def _next_position(queryset) -> int:
    last = queryset.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


@transaction.atomic
def course_duplicate(*, course: Course) -> Course:
    """Copy `course` as a new draft: new slug (`<slug>-kopia`), title "<title> (kopia)".

    Modules, steps, blocks, questions and their options are independent new
    rows; media files are copied. Status, version, version history,
    requirements and learner records are not copied. Raises CourseFileError
    if the original holds a value the current validation refuses.
    """
    node = _copy(course)
    node.obj.slug = _free_slug(course.slug)
    node.obj.title = _copy_title(course.title, Course._meta.get_field("title").max_length)
    return node.save()


@transaction.atomic
def module_duplicate(*, module: Module, course: Course | None = None) -> Module:
    """Copy `module` with its steps to the end of `course` (default: its own course).

    A copy in the same course is titled "<title> (kopia)"; a copy in another
    course keeps the title. The target course is locked so two copies do not
    take the same position.
    """
    target = Course.objects.select_for_update().get(pk=(course or module.course).pk)
    node = _copy(module)
    if target.pk == module.course_id:
        node.obj.title = _copy_title(module.title, Module._meta.get_field("title").max_length)
    node.obj.position = _next_position(Module.objects.filter(course=target))
    node.parent_attr = "course"
    return node.save(target)


@transaction.atomic
def step_duplicate(*, step: Step) -> Step:
    """Copy a lesson or a quiz, with its blocks or questions, to the end of its module.

    The copy is titled "<title> (kopia)". The module is locked so two copies
    do not take the same position.
    """
    step = step.get_real_instance() if type(step) is Step else step
    module = Module.objects.select_for_update().get(pk=step.module_id)
    node = _copy(step)
    node.obj.title = _copy_title(step.title, Step._meta.get_field("title").max_length)
    node.obj.position = _next_position(Step.objects.filter(module=module))
    node.parent_attr = "module"
    return node.save(module)
