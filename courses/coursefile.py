"""Read and write whole courses as one YAML file (docs/course-file-format.md).

Each model type owns its part of the format: it declares `file_type` and
`file_fields`, and overrides `from_file` / `to_file` where a field does not
map one to one. Reading validates everything first and collects every error
with the path to the field; only a file without errors is written to the
database, in one transaction.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.files.base import ContentFile
from django.db import transaction

from common.html import markdown_problems

from .uploads import MEDIA_TYPES, extension_of, media_problems

FORMAT = "larspar.course/1"


class CourseFileError(Exception):
    """The file is not a valid course file. `errors` lists (path, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("\n".join(f"{path}: {message}" for path, message in errors))


@dataclass
class Spec:
    """One scalar key of a type's mapping in the file."""

    key: str
    kind: str = "str"  # str | md | int | bool | choice | media
    required: bool = True
    default: Any = None
    attr: str | None = None  # model attribute, when it differs from the key
    choices: tuple[str, ...] = ()
    nullable: bool = False

    @property
    def model_attr(self) -> str:
        return self.attr or self.key


@dataclass
class Node:
    """An unsaved object and the unsaved children to attach to it after it is saved."""

    obj: Any
    parent_attr: str | None = None
    children: list[Node] = field(default_factory=list)

    def save(self, parent=None) -> Any:
        if parent is not None and self.parent_attr:
            setattr(self.obj, self.parent_attr, parent)
        self.obj.save()
        for child in self.children:
            child.save(self.obj)
        return self.obj


class Reader:
    """Collects errors while a file is read; knows where the file's media live.

    Media come from the file's own top-level `media:` map (what export
    writes), or else from files next to the course file (handy for
    hand-written fixtures).
    """

    def __init__(self, base_dir: Path, embedded: dict[str, bytes | None] | None = None):
        self.base_dir = base_dir.resolve()
        self.errors: list[tuple[str, str]] = []
        self.embedded = embedded or {}
        self.used_media: set[str] = set()

    def error(self, path: str, message: str) -> None:
        self.errors.append((path, message))

    def mapping(self, data: Any, path: str) -> dict:
        if not isinstance(data, dict):
            self.error(path, "ska vara en mappning (nyckel: värde)")
            return {}
        return data

    def items(self, data: dict, key: str, path: str, *, required: bool = True) -> list:
        value = data.get(key)
        if value is None:
            if required:
                self.error(f"{path}.{key}", "saknas")
            return []
        if not isinstance(value, list):
            self.error(f"{path}.{key}", "ska vara en lista")
            return []
        if required and not value:
            self.error(f"{path}.{key}", "får inte vara tom")
        return value

    def value(self, data: dict, spec: Spec, path: str) -> Any:
        where = f"{path}.{spec.key}"
        raw = data.get(spec.key)
        if raw is None or raw == "":
            if spec.required and not spec.nullable:
                self.error(where, "saknas")
            return None if spec.nullable else spec.default
        if spec.kind in ("str", "md"):
            if not isinstance(raw, str):
                self.error(where, "ska vara text")
                return spec.default
            if spec.kind == "md":
                problems = markdown_problems(raw)
                if problems:
                    self.error(where, f"otillåten markering: {', '.join(problems)}")
            return raw
        if spec.kind == "int":
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
                self.error(where, "ska vara ett heltal ≥ 0")
                return spec.default
            return raw
        if spec.kind == "bool":
            if not isinstance(raw, bool):
                self.error(where, "ska vara true eller false")
                return spec.default
            return raw
        if spec.kind == "choice":
            if raw not in spec.choices:
                self.error(where, f"ska vara ett av: {', '.join(spec.choices)}")
                return spec.default
            return raw
        if spec.kind == "media":
            return self.media(raw, where)
        raise ValueError(spec.kind)

    def media(self, raw: Any, where: str) -> ContentFile | None:
        if not isinstance(raw, str):
            self.error(where, "ska vara en filsökväg")
            return None
        if raw in self.embedded:
            self.used_media.add(raw)
            content = self.embedded[raw]
            return ContentFile(content, name=raw.rsplit("/", 1)[-1]) if content else None
        target = (self.base_dir / raw).resolve()
        if not target.is_relative_to(self.base_dir):
            self.error(where, "filen måste ligga bredvid kursfilen")
            return None
        if not target.is_file():
            self.error(where, f"filen {raw} finns inte")
            return None
        data = target.read_bytes()
        problems = media_problems(target.name, len(data), data[:512])
        if problems:
            self.error(where, "; ".join(problems))
            return None
        return ContentFile(data, name=target.name)


class FileMapped:
    """Mixin for models that appear in the course file."""

    file_type: str = ""
    file_fields: list[Spec] = []

    @classmethod
    def from_file(cls, data: dict, reader: Reader, path: str) -> Node:
        obj = cls()
        for spec in cls.file_fields:
            value = reader.value(data, spec, path)
            if value is not None or spec.nullable:
                setattr(obj, spec.model_attr, value)
        return Node(obj)

    def to_file(self, writer: Writer) -> dict:
        out: dict[str, Any] = {"type": self.file_type} if self.file_type else {}
        for spec in self.file_fields:
            value = getattr(self, spec.model_attr)
            if spec.kind == "media":
                value = writer.media(value) if value else None
            if value in (None, "") and not spec.required:
                continue
            out[spec.key] = value
        return out


def subclass_for(base: type, file_type: str) -> type | None:
    """The concrete subclass of `base` whose `file_type` is `file_type`."""
    pending = list(base.__subclasses__())
    while pending:
        candidate = pending.pop()
        if getattr(candidate, "file_type", None) == file_type and not candidate._meta.abstract:
            return candidate
        pending.extend(candidate.__subclasses__())
    return None


def file_types(base: type) -> list[str]:
    found, pending = [], list(base.__subclasses__())
    while pending:
        candidate = pending.pop()
        if getattr(candidate, "file_type", ""):
            found.append(candidate.file_type)
        pending.extend(candidate.__subclasses__())
    return sorted(found)


def read_typed(base: type, data: Any, reader: Reader, path: str) -> Node | None:
    """Read one item of a polymorphic list (steps, blocks, questions) by its `type`."""
    data = reader.mapping(data, path)
    if not data:
        return None
    kind = data.get("type")
    cls = subclass_for(base, kind) if isinstance(kind, str) else None
    if cls is None:
        reader.error(f"{path}.type", f"okänd typ {kind!r}; tillåtna: {', '.join(file_types(base))}")
        return None
    return cls.from_file(data, reader, path)


class Writer:
    """Collects the media files an export refers to.

    A file is named after a hash of its content (`media/<sha256:16>.<ext>`),
    so the name does not depend on where an installation stored it and a
    file only gets a new name when its content changes.
    """

    def __init__(self):
        self.media_files: dict[str, Any] = {}
        self.media_data: dict[str, bytes] = {}

    def media(self, field_file) -> str:
        with field_file.open("rb") as handle:
            data = handle.read()
        digest = hashlib.sha256(data).hexdigest()[:16]
        name = f"media/{digest}.{extension_of(field_file.name)}"
        self.media_files[name] = field_file
        self.media_data[name] = data
        return name

    def media_section(self) -> dict[str, dict]:
        section = {}
        for name in sorted(self.media_data):
            data = self.media_data[name]
            section[name] = {
                "content_type": MEDIA_TYPES[extension_of(name)].split(";")[0],
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "data": base64.encodebytes(data).decode("ascii"),
            }
        return section


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper, value: str):
    style = "|" if "\n" in value else None
    if style:
        value = "\n".join(line.rstrip() for line in value.splitlines()) + (
            "\n" if value.endswith("\n") else ""
        )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2)


def load_yaml(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"rad {mark.line + 1}" if mark else "filen"
        raise CourseFileError([(where, f"ogiltig YAML: {getattr(exc, 'problem', exc)}")]) from exc


def read_embedded_media(data: Any, reader: Reader) -> dict[str, bytes | None]:
    """Decode and check the file's `media:` map (name → content type, size, sha256, data)."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        reader.error("$.media", "ska vara en mappning (filnamn: fil)")
        return {}
    found: dict[str, bytes | None] = {}
    for name, entry in data.items():
        where = f"$.media[{name!r}]"
        found[name] = None
        entry = reader.mapping(entry, where)
        if not entry:
            continue
        raw = entry.get("data")
        if not isinstance(raw, str):
            reader.error(f"{where}.data", "saknas eller är inte base64-text")
            continue
        try:
            content = base64.b64decode("".join(raw.split()), validate=True)
        except (binascii.Error, ValueError):
            reader.error(f"{where}.data", "är inte giltig base64")
            continue
        if entry.get("sha256") != hashlib.sha256(content).hexdigest():
            reader.error(f"{where}.sha256", "stämmer inte med innehållet (filen är ändrad/trasig)")
            continue
        problems = media_problems(str(name), len(content), content[:512])
        if problems:
            reader.error(where, "; ".join(problems))
            continue
        found[name] = content
    return found


def course_read(path: Path | None = None, *, text: str | None = None) -> Node:
    """Parse and validate a course file. Raises CourseFileError listing every problem."""
    from .models import Course

    if text is None:
        text = path.read_text(encoding="utf-8")
    data = load_yaml(text)
    reader = Reader(path.parent if path is not None else Path("/nonexistent-course-dir"))
    if not isinstance(data, dict):
        raise CourseFileError([("$", "filen ska innehålla en mappning")])
    if data.get("format") != FORMAT:
        reader.error("$.format", f"ska vara {FORMAT}")
    reader.embedded = read_embedded_media(data.get("media"), reader)
    node = Course.from_file(data, reader, "$")
    for name in sorted(set(reader.embedded) - reader.used_media, key=str):
        reader.error(f"$.media[{name!r}]", "används inte av något block")
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
    from .models import Course

    node = course_read(path, text=text)
    existing = Course.objects.select_for_update().filter(slug=node.obj.slug).first()
    if existing is not None:
        if not replace:
            raise CourseExists(node.obj.slug)
        return course_replace(course=existing, node=node)
    if status:
        node.obj.status = status
    return node.save()


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
    from .models import CourseStatus

    _update_in_place(course, node.obj)
    course.save()
    _replace_children(course, node, "$")
    if course.status == CourseStatus.PUBLISHED:
        from .publishing import CourseNotPublishable, course_publish

        try:
            course = course_publish(course=course)
        except CourseNotPublishable as exc:
            raise CourseFileError(
                [("$", f"kursen är publicerad men kan inte publiceras: {p}") for p in exc.problems]
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
    from polymorphic.models import PolymorphicModel
    from polymorphic.utils import get_base_polymorphic_model

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
                            f"”{row}” saknas i filen men deltagare har redan svarat på det och "
                            "det kan inte arkiveras; behåll det, eller arkivera hela frågan "
                            "och skapa en ny",
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


class CourseExists(Exception):
    """A course with this slug is already installed."""


def course_export(course) -> tuple[str, dict]:
    """The course as course-file text, and the media files it refers to (name → file).

    The text refers to media by name only; `course_export_text` embeds them.
    """
    writer = Writer()
    return dump_yaml(course.to_file(writer)), writer.media_files


def course_export_text(course) -> str:
    """The whole course as one self-contained course file, media embedded under `media:`.

    Deterministic: exporting the same content gives the same bytes, also
    after an import into another installation.
    """
    writer = Writer()
    data = course.to_file(writer)
    media = writer.media_section()
    if media:
        data["media"] = media
    return dump_yaml(data)
