"""Whole courses as one YAML file (docs/course-file-format.md): read, import, replace, export.

The services here walk a course through the codecs registered per model
(`courses.codec`); only a file without errors is written to the
database, in one transaction.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _
from polymorphic.models import PolymorphicModel
from polymorphic.utils import get_base_polymorphic_model

from common.errors import BadRequest

from .codec import (
    FORMAT,
    CourseFileError,
    FileMapped,
    Node,
    Reader,
    Writer,
    codec_for,
    codec_write,
    dump_yaml,
    load_yaml,
    read_embedded_media,
)
from .models import Course, CourseStatus
from .publishing import CourseNotPublishable, course_publish

logger = logging.getLogger(__name__)

__all__ = [
    "CourseExists",
    "CourseFileError",
    "FileMapped",
    "course_export",
    "course_export_text",
    "course_import",
    "course_read",
    "course_replace",
]


def course_read(path: Path | None = None, *, text: str | None = None) -> Node:
    """Parse and validate a course file. Raises CourseFileError listing every problem."""
    if text is None:
        text = path.read_text(encoding="utf-8")
    data = load_yaml(text)
    reader = Reader(path.parent if path is not None else Path("/nonexistent-course-dir"))
    if not isinstance(data, dict):
        raise CourseFileError([("$", _("filen ska innehålla en mappning"))])
    if data.get("format") != FORMAT:
        reader.error("$.format", _("ska vara %(format)s") % {"format": FORMAT})
    reader.embedded = read_embedded_media(data.get("media"), reader)
    node = codec_for(Course).read(data, reader, "$")
    reader.validate(node)
    for name in sorted(set(reader.embedded) - reader.used_media, key=str):
        reader.error(f"$.media[{name!r}]", _("används inte av något block"))
    if reader.errors:
        raise CourseFileError(reader.errors)
    return node


@transaction.atomic
def course_import(
    *,
    path: Path | None = None,
    text: str | None = None,
    status: str | None = None,
    replace: bool = False,
):
    """Create a course from a course file. Writes nothing if the file has any error.

    Raises CourseFileError (with the path to each bad field) or
    CourseExists if the slug is taken and `replace` is false. With `replace`
    an existing course is updated in place and learner records are kept:
    see `course_replace`. A new course is a draft unless `status` says
    otherwise.
    """
    node = course_read(path, text=text)
    existing = Course.objects.select_for_update().filter(slug=node.obj.slug).first()
    if existing is not None and not replace:
        raise CourseExists(node.obj.slug)
    try:
        # A savepoint, so that on PostgreSQL the caller's transaction stays usable.
        with transaction.atomic():
            if existing is not None:
                return course_replace(course=existing, node=node)
            if status:
                node.obj.status = status
            return node.save()
    except (DataError, IntegrityError) as exc:
        # `course_read` runs the models' validation, so this is a gap in it (or a
        # course with the same slug saved at the same moment): a clear refusal, not a 500.
        logger.exception("Course file passed validation but the database refused it")
        raise CourseFileError(
            [
                (
                    "$",
                    _("databasen tog inte emot kursen; inget har sparats (%(kind)s)")
                    % {"kind": type(exc).__name__},
                )
            ]
        ) from exc


# Never copied from a file onto an existing row: identity, lifecycle and bookkeeping.
_KEEP_ON_REPLACE = {"id", "status", "version", "created_at", "updated_at", "polymorphic_ctype"}


def course_replace(*, course, node: Node):
    """Make `course` match the course file read into `node`, keeping every learner record.

    Children are matched to the existing ones of the same type: first by
    title (so an inserted or moved step keeps its learners' progress), then
    by position. Matched rows are updated in place, keeping their ids and so
    their progress, answers and attempts. Rows missing from the file are
    deleted when no learner has used them, otherwise archived (hidden for new
    learners, history intact). A published course is checked and published
    again (new version); if the checks fail nothing is written.
    """
    _update_in_place(course, node.obj)
    course.save()
    _replace_children(course, node, "$")
    if course.status == CourseStatus.PUBLISHED:
        try:
            course = course_publish(course=course)
        except CourseNotPublishable as exc:
            raise CourseFileError(
                [
                    (
                        "$",
                        _("kursen är publicerad men kan inte publiceras: %(problem)s")
                        % {"problem": p},
                    )
                    for p in exc.problems
                ]
            ) from exc
    return course


def _update_in_place(existing, new) -> None:
    for model_field in new._meta.concrete_fields:
        # Non-editable fields are identity (e.g. the keys recorded answers refer to).
        if model_field.primary_key or model_field.name in _KEEP_ON_REPLACE:
            continue
        if not model_field.editable:
            continue
        if model_field.is_relation:
            continue  # parent links and the parent foreign key stay as they are
        value = getattr(new, model_field.attname)
        if model_field.get_internal_type() in ("FileField", "ImageField"):
            if _same_file(getattr(existing, model_field.attname), value):
                continue
        setattr(existing, model_field.attname, value)
    if hasattr(existing, "is_archived"):
        existing.is_archived = False


def _same_file(stored, incoming) -> bool:
    if not stored or not incoming:
        return not stored and not incoming
    try:
        with stored.open("rb") as handle:
            current = handle.read()
    except OSError:
        return False
    incoming.seek(0)
    same = current == incoming.read()
    incoming.seek(0)
    return same


def _existing_children(parent, child_node: Node) -> list:
    model = type(child_node.obj)
    if issubclass(model, PolymorphicModel):
        model = get_base_polymorphic_model(model) or model
    rows = model._default_manager.filter(**{child_node.parent_attr: parent})
    field_names = {f.name for f in model._meta.get_fields()}
    if "is_archived" in field_names:
        rows = rows.filter(is_archived=False)
    ordering = ["position", "pk"] if "position" in field_names else ["pk"]
    return list(rows.order_by(*ordering))


def _identity(obj) -> tuple | None:
    name = getattr(obj, "title", None) or getattr(obj, "text", None)
    return (type(obj), name) if name else None


def _replace_children(existing_parent, node: Node, path: str) -> None:
    groups: dict[str, list[Node]] = {}
    for child in node.children:
        groups.setdefault(child.parent_attr, []).append(child)
    for children in groups.values():
        existing = _existing_children(existing_parent, children[0])
        list_path = f"{path}.{_list_key(children[0])}"
        matched: dict[int, Any] = {}
        free = list(existing)
        # Same type and title first, so an inserted or moved item does not take over
        # another's learner records; then the same position for the rest.
        for index, child in enumerate(children):
            key = _identity(child.obj)
            same = [row for row in free if key is not None and _identity(row) == key]
            if same:
                matched[index] = same[0]
                free.remove(same[0])
        for index, child in enumerate(children):
            if index in matched or index >= len(existing):
                continue
            row = existing[index]
            if row in free and type(row) is type(child.obj):
                matched[index] = row
                free.remove(row)
        for row in free:
            if not row.has_learner_records():
                row.delete()
            elif hasattr(row, "is_archived"):
                row.is_archived = True
                row.save(update_fields=["is_archived"])
            elif not _archive_descendants(row):
                raise CourseFileError(
                    [
                        (
                            list_path,
                            _(
                                "”%(row)s” saknas i filen men deltagare har redan svarat på "
                                "det och det kan inte arkiveras; behåll det, eller arkivera "
                                "hela frågan och skapa en ny"
                            )
                            % {"row": row},
                        )
                    ]
                )
        for index, child in enumerate(children):
            row = matched.get(index)
            if row is None:
                child.save(existing_parent)
                continue
            _update_in_place(row, child.obj)
            row.save()
            _replace_children(row, child, f"{list_path}[{index}]")


def _list_key(child: Node) -> str:
    """The name of the child list, for messages (the reverse name of its parent link)."""
    field = type(child.obj)._meta.get_field(child.parent_attr)
    return field.remote_field.related_name or child.parent_attr


def _archive_descendants(row) -> bool:
    """Keep a row without an archive flag (a module) by archiving its children instead.

    Returns False when the row has no children that can be archived (a quiz option).
    """
    archived = False
    for relation in row._meta.related_objects:
        related_model = relation.related_model
        if relation.one_to_many and hasattr(related_model, "is_archived"):
            related_model._default_manager.filter(**{relation.field.name: row}).update(
                is_archived=True
            )
            archived = True
    return archived


class CourseExists(BadRequest):
    """A course with this slug is already installed; `slug` names it."""

    def __init__(self, slug: str):
        self.slug = slug
        message = _("Det finns redan en kurs med kortnamnet %(slug)s; inget har sparats.")
        super().__init__(message % {"slug": slug})


def course_export(course) -> tuple[str, dict]:
    """The course as course-file text, and the media files it refers to (name → file).

    The text refers to media by name only; `course_export_text` embeds them.
    """
    writer = Writer()
    return dump_yaml(codec_write(course, writer)), writer.media_files


def course_export_text(course) -> str:
    """The whole course as one self-contained course file, media embedded under `media:`.

    Deterministic: exporting the same content gives the same bytes, also
    after an import into another installation.
    """
    writer = Writer()
    data = codec_write(course, writer)
    media = writer.media_section()
    if media:
        data["media"] = media
    return dump_yaml(data)
