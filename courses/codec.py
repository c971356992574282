"""The course-file codec: the pieces that read and write one model's part of the file.

Each model's part of the format (docs/course-file-format.md) is a `Codec`
registered for that model; `courses` registers its codecs and `quizzes`
its own, each from its `AppConfig.ready()`. Reading validates everything
first and collects every error with the path to the field. Nothing here
imports a model: whole-file reading and writing are the services in
`courses.coursefile`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from common.errors import BadRequest
from common.html import markdown_problems

from .uploads import MEDIA_TYPES, extension_of, media_problems

FORMAT = "larspar.course/1"


class CourseFileError(BadRequest):
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
    """An unsaved object and the unsaved children to attach to it after it is saved.

    `path` is where the object is in the file (`$.modules[0].steps[2]`) and
    `keys` maps a model attribute to its key there when the two differ ("" for
    the item itself, e.g. an ordering item's text), so a model-field error can
    name the place in the file (`Reader.validate`).
    """

    obj: Any
    parent_attr: str | None = None
    children: list[Node] = field(default_factory=list)
    path: str = ""
    keys: dict[str, str] = field(default_factory=dict)

    def where(self, attr: str) -> str:
        """The file path of model attribute `attr` (the node's own path for the whole object)."""
        if attr == NON_FIELD_ERRORS:
            return self.path
        key = self.keys.get(attr, attr)
        return f"{self.path}.{key}" if key else self.path

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
        # Markdown already checked against the allow-list while reading (the costly check).
        self.markdown_checked: set[str] = set()

    def error(self, path: str, message: str) -> None:
        self.errors.append((path, message))

    def mapping(self, data: Any, path: str) -> dict:
        if not isinstance(data, dict):
            self.error(path, _("ska vara en mappning (nyckel: värde)"))
            return {}
        return data

    def items(self, data: dict, key: str, path: str, *, required: bool = True) -> list:
        value = data.get(key)
        if value is None:
            if required:
                self.error(f"{path}.{key}", _("saknas"))
            return []
        if not isinstance(value, list):
            self.error(f"{path}.{key}", _("ska vara en lista"))
            return []
        if required and not value:
            self.error(f"{path}.{key}", _("får inte vara tom"))
        return value

    def value(self, data: dict, spec: Spec, path: str) -> Any:
        where = f"{path}.{spec.key}"
        raw = data.get(spec.key)
        if raw is None or raw == "":
            if spec.required and not spec.nullable:
                self.error(where, _("saknas"))
            return None if spec.nullable else spec.default
        if spec.kind in ("str", "md"):
            if not isinstance(raw, str):
                self.error(where, _("ska vara text"))
                return spec.default
            if "\x00" in raw:
                # A form refuses it too (Django's ProhibitNullCharactersValidator);
                # PostgreSQL cannot store it at all.
                self.error(where, _("får inte innehålla nolltecken (\\0)"))
                return spec.default
            if spec.kind == "md":
                self.markdown_checked.add(where)
                problems = markdown_problems(raw)
                if problems:
                    self.error(
                        where, _("otillåten markering: %(what)s") % {"what": ", ".join(problems)}
                    )
            return raw
        if spec.kind == "int":
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
                self.error(where, _("ska vara ett heltal ≥ 0"))
                return spec.default
            return raw
        if spec.kind == "bool":
            if not isinstance(raw, bool):
                self.error(where, _("ska vara true eller false"))
                return spec.default
            return raw
        if spec.kind == "choice":
            if raw not in spec.choices:
                self.error(
                    where, _("ska vara ett av: %(choices)s") % {"choices": ", ".join(spec.choices)}
                )
                return spec.default
            return raw
        if spec.kind == "media":
            return self.media(raw, where)
        raise ValueError(spec.kind)

    def media(self, raw: Any, where: str) -> ContentFile | None:
        if not isinstance(raw, str):
            self.error(where, _("ska vara en filsökväg"))
            return None
        if raw in self.embedded:
            self.used_media.add(raw)
            content = self.embedded[raw]
            return ContentFile(content, name=raw.rsplit("/", 1)[-1]) if content else None
        target = (self.base_dir / raw).resolve()
        if not target.is_relative_to(self.base_dir):
            self.error(where, _("filen måste ligga bredvid kursfilen"))
            return None
        if not target.is_file():
            self.error(where, _("filen %(name)s finns inte") % {"name": raw})
            return None
        data = target.read_bytes()
        problems = media_problems(target.name, len(data), data[:512])
        if problems:
            self.error(where, "; ".join(problems))
            return None
        return ContentFile(data, name=target.name)

    def validate(self, node: Node) -> None:
        """Run the models' own field validation on `node` and its children, as a form would.

        Max lengths, choices, validators (file types per field, URL schemes,
        number ranges), required values, the model's `clean()` and its check
        constraints: what the admin form or the database would refuse is
        reported here, with the place in the file, before anything is
        written. Relations to parents are not checked (they are not saved
        yet), nor uniqueness across the installation (the slug is handled by
        the import); a field that already has an error from reading is
        skipped so each problem is reported once, and so is Markdown the
        reader has already checked against the same allow-list.
        """
        reported = {path for path, _message in self.errors}
        obj = node.obj
        exclude = {f.name for f in obj._meta.concrete_fields if f.is_relation}
        exclude |= {
            f.name
            for f in obj._meta.concrete_fields
            if node.where(f.name) in reported or node.where(f.name) in self.markdown_checked
        }
        try:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=True)
        except ValidationError as exc:
            for attr, messages in exc.message_dict.items():
                where = node.where(attr)
                if where in reported:
                    continue
                for message in messages:
                    self.error(where, _lower_first(message))
        for child in node.children:
            if not child.path:
                child.path = node.path
            self.validate(child)


def _lower_first(message: str) -> str:
    """Model messages are sentences ("Säkerställ …."); the reader's are clauses after a colon."""
    message = message.rstrip(".")
    return message[:1].lower() + message[1:]


class FileMapped:
    """Kept for the migration history only (it named this class among a model's bases).

    The course-file behaviour of a model lives in its codec (`Codec`), not on the model.
    """


class Codec:
    """How one model appears in the course file: its `type` name and its keys.

    The default reads and writes the `fields` one to one; a codec overrides
    `read` / `write` (calling `super()`) where the file's shape differs from
    the model's, e.g. to read and write children. Codecs are registered per
    model (`codec_register`), each app in its `AppConfig.ready()`.
    """

    model: type
    file_type: str = ""
    fields: list[Spec] = []

    def new(self) -> Any:
        return self.model()

    def file_keys(self) -> dict[str, str]:
        """Model attribute → key in the file, where they differ."""
        return {spec.model_attr: spec.key for spec in self.fields if spec.attr}

    def read(self, data: dict, reader: Reader, path: str) -> Node:
        obj = self.new()
        for spec in self.fields:
            value = reader.value(data, spec, path)
            if value is not None or spec.nullable:
                setattr(obj, spec.model_attr, value)
        return Node(obj, path=path, keys=self.file_keys())

    def write(self, obj: Any, writer: Writer) -> dict:
        out: dict[str, Any] = {"type": self.file_type} if self.file_type else {}
        for spec in self.fields:
            value = getattr(obj, spec.model_attr)
            if spec.kind == "media":
                value = writer.media(value) if value else None
            if value in (None, "") and not spec.required:
                continue
            out[spec.key] = value
        return out

    def read_children(
        self,
        node: Node,
        data: dict,
        reader: Reader,
        path: str,
        *,
        key: str,
        base: type,
        parent: str,
    ) -> list:
        """Read the polymorphic list `key` (steps, blocks, questions) as children of `node`."""
        items = reader.items(data, key, path)
        for index, item in enumerate(items):
            child = read_typed(base, item, reader, f"{path}.{key}[{index}]")
            if child is not None:
                child.obj.position = index
                child.parent_attr = parent
                node.children.append(child)
        return items


_codecs: dict[type, Codec] = {}


def codec_register(codec: Codec) -> None:
    """Register the codec of `codec.model`. Registering a model again replaces its codec."""
    _codecs[codec.model] = codec


def codec_for(model: type) -> Codec:
    """The codec registered for `model` (a model class); LookupError if none."""
    try:
        return _codecs[model]
    except KeyError:
        raise LookupError(f"No course-file codec for {model.__name__}") from None


def codec_write(obj: Any, writer: Writer) -> dict:
    """`obj` as its mapping in the course file, by its registered codec.

    A writer that keeps identity adds each item's stable `uid` (never part
    of an exported file: only a draft revision copies it, courses/revisions.py).
    """
    out = codec_for(type(obj)).write(obj, writer)
    if writer.keep_identity and getattr(obj, "uid", None) is not None:
        out["uid"] = str(obj.uid)
    return out


def _typed_codecs(base: type) -> dict[str, Codec]:
    return {
        codec.file_type: codec
        for model, codec in _codecs.items()
        if codec.file_type and issubclass(model, base)
    }


def read_typed(base: type, data: Any, reader: Reader, path: str) -> Node | None:
    """Read one item of a polymorphic list (steps, blocks, questions) by its `type`."""
    data = reader.mapping(data, path)
    if not data:
        return None
    kind = data.get("type")
    codecs = _typed_codecs(base)
    codec = codecs.get(kind) if isinstance(kind, str) else None
    if codec is None:
        reader.error(
            f"{path}.type",
            _("okänd typ %(kind)r; tillåtna: %(allowed)s")
            % {"kind": kind, "allowed": ", ".join(sorted(codecs))},
        )
        return None
    return codec.read(data, reader, path)


class Writer:
    """Collects the media files an export refers to.

    A file is named after a hash of its content (`media/<sha256:16>.<ext>`),
    so the name does not depend on where an installation stored it and a
    file only gets a new name when its content changes.
    """

    def __init__(self, *, keep_identity: bool = False):
        self.media_files: dict[str, Any] = {}
        self.media_data: dict[str, bytes] = {}
        self.keep_identity = keep_identity

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
        where = _("rad %(line)s") % {"line": mark.line + 1} if mark else _("filen")
        raise CourseFileError(
            [(where, _("ogiltig YAML: %(problem)s") % {"problem": getattr(exc, "problem", exc)})]
        ) from exc


def read_embedded_media(data: Any, reader: Reader) -> dict[str, bytes | None]:
    """Decode and check the file's `media:` map (name → content type, size, sha256, data)."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        reader.error("$.media", _("ska vara en mappning (filnamn: fil)"))
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
            reader.error(f"{where}.data", _("saknas eller är inte base64-text"))
            continue
        try:
            content = base64.b64decode("".join(raw.split()), validate=True)
        except (binascii.Error, ValueError):
            reader.error(f"{where}.data", _("är inte giltig base64"))
            continue
        if entry.get("sha256") != hashlib.sha256(content).hexdigest():
            reader.error(
                f"{where}.sha256", _("stämmer inte med innehållet (filen är ändrad/trasig)")
            )
            continue
        problems = media_problems(str(name), len(content), content[:512])
        if problems:
            reader.error(where, "; ".join(problems))
            continue
        found[name] = content
    return found
