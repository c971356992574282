"""Read and write whole courses as one YAML file (docs/course-file-format.md).

Each model type owns its part of the format: it declares `file_type` and
`file_fields`, and overrides `from_file` / `to_file` where a field does not
map one to one. Reading validates everything first and collects every error
with the path to the field; only a file without errors is written to the
database, in one transaction.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.files.base import ContentFile
from django.db import transaction

from common.html import markdown_problems

FORMAT = "larspar.course/1"
MAX_MEDIA_BYTES = 50 * 1024 * 1024


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
    """Collects errors while a file is read; knows where the file's media live."""

    def __init__(self, base_dir: Path):
        self.base_dir = base_dir.resolve()
        self.errors: list[tuple[str, str]] = []

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
        target = (self.base_dir / raw).resolve()
        if not target.is_relative_to(self.base_dir):
            self.error(where, "filen måste ligga bredvid kursfilen")
            return None
        if not target.is_file():
            self.error(where, f"filen {raw} finns inte")
            return None
        if target.stat().st_size > MAX_MEDIA_BYTES:
            self.error(where, "filen är för stor")
            return None
        return ContentFile(target.read_bytes(), name=target.name)


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
    """Collects the media files an export refers to."""

    def __init__(self):
        self.media_files: dict[str, Any] = {}

    def media(self, field_file) -> str:
        name = f"media/{posixpath.basename(field_file.name)}"
        self.media_files[name] = field_file
        return name


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


def course_read(path: Path) -> Node:
    """Parse and validate a course file. Raises CourseFileError listing every problem."""
    from .models import Course

    data = load_yaml(path.read_text(encoding="utf-8"))
    reader = Reader(path.parent)
    if not isinstance(data, dict):
        raise CourseFileError([("$", "filen ska innehålla en mappning")])
    if data.get("format") != FORMAT:
        reader.error("$.format", f"ska vara {FORMAT}")
    node = Course.from_file(data, reader, "$")
    if reader.errors:
        raise CourseFileError(reader.errors)
    return node


@transaction.atomic
def course_import(*, path: Path, status: str | None = None):
    """Create a course from a course file. Writes nothing if the file has any error.

    Raises CourseFileError (with the path to each bad field) or
    CourseExists if the slug is taken.
    """
    from .models import Course

    node = course_read(path)
    if Course.objects.filter(slug=node.obj.slug).exists():
        raise CourseExists(node.obj.slug)
    if status:
        node.obj.status = status
    return node.save()


class CourseExists(Exception):
    """A course with this slug is already installed."""


def course_export(course) -> tuple[str, dict]:
    """The course as course-file text, and the media files it refers to (name → file)."""
    writer = Writer()
    return dump_yaml(course.to_file(writer)), writer.media_files
