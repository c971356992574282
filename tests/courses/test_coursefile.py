"""Course files: export → import → export is byte-identical; invalid files write nothing."""

import base64
import hashlib
import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from courses.coursefile import CourseFileError, course_export_text, course_import
from courses.models import (
    Course,
    DownloadBlock,
    ImageBlock,
    Lesson,
    Module,
    Step,
    VideoBlock,
)
from tests.factories import CourseBuilder

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3
VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nHej och välkommen\n".encode()
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 300
PDF = b"%PDF-1.4\n" + b"%" * 200


def rich_course() -> Course:
    """Every block type, media included, Swedish text and multi-line Markdown."""
    course = CourseBuilder.build(
        modules=[["lesson", "lesson:optional"], ["lesson"]],
        slug="rik-kurs",
        title="Rik kurs – å, ä, ö",
        summary="Första raden.\n\n- punkt ett\n- punkt två\n",
        certificate_validity_months=None,
    )
    lesson = Lesson.objects.filter(module__course=course).order_by("module__position").first()
    ImageBlock.objects.create(
        lesson=lesson,
        position=10,
        image=ContentFile(PNG, name="våldets former.png"),
        alt="Ett diagram över våldets former",
        caption="Källa: *Socialstyrelsen*",
    )
    VideoBlock.objects.create(
        lesson=lesson,
        position=11,
        title="Film om FREDA",
        video_file=ContentFile(MP4, name="freda.mp4"),
        captions=ContentFile(VTT, name="freda.sv.vtt"),
        transcript="Det här sägs i filmen.",
    )
    DownloadBlock.objects.create(
        lesson=lesson,
        position=12,
        title="Checklista",
        file=ContentFile(PDF, name="checklista.pdf"),
        description="En sida",
    )
    return course


def _export(slug: str) -> bytes:
    out = StringIO()
    call_command("export_course", slug, stdout=out)
    return out.getvalue().encode("utf-8")


def _empty_database_and_media() -> None:
    Course.objects.all().delete()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def test_round_trip_export_import_export_is_byte_identical(tmp_path):
    rich_course()
    first = _export("rik-kurs")
    path = tmp_path / "rik-kurs.yaml"
    path.write_bytes(first)
    _empty_database_and_media()
    assert not Course.objects.exists()

    call_command("import_course", str(path), stdout=StringIO())
    second = _export("rik-kurs")
    assert second == first
    course = Course.objects.get(slug="rik-kurs")
    image = ImageBlock.objects.get(lesson__module__course=course)
    assert image.image.read() == PNG and image.alt == "Ett diagram över våldets former"
    assert VideoBlock.objects.get().captions.read() == VTT


def test_export_command_writes_a_file_equal_to_stdout(tmp_path):
    rich_course()
    target = tmp_path / "ut.yaml"
    call_command("export_course", "rik-kurs", str(target), stderr=StringIO())
    assert target.read_bytes() == _export("rik-kurs")


def test_exported_file_is_readable_yaml_without_installation_ids():
    course = rich_course()
    text = _export("rik-kurs").decode("utf-8")
    data = yaml.safe_load(text)
    assert list(data)[:3] == ["format", "slug", "title"]
    assert "å, ä, ö" in text  # UTF-8, not escaped
    assert "- punkt ett" in text  # multi-line Markdown as a readable block
    for pk in Step.objects.filter(module__course=course).values_list("pk", flat=True):
        assert f"id: {pk}" not in text
    assert "\nid:" not in text and "pk:" not in text
    media = data["media"]
    assert len(media) == 4 and all(name.startswith("media/") for name in media)
    image_entry = next(e for e in media.values() if e["content_type"] == "image/png")
    assert base64.b64decode(image_entry["data"]) == PNG
    assert image_entry["sha256"] == hashlib.sha256(PNG).hexdigest()
    # Stable: exporting twice gives the same text.
    assert _export("rik-kurs").decode("utf-8") == text


def test_import_into_a_database_with_a_new_course_keeps_it_a_draft(tmp_path):
    rich_course()
    path = tmp_path / "k.yaml"
    path.write_bytes(_export("rik-kurs"))
    _empty_database_and_media()
    course = course_import(path=path)
    assert course.status == "draft"
    assert Module.objects.filter(course=course).count() == 2
    assert Step.objects.filter(module__course=course, required=False).count() == 1


def test_import_with_publish_runs_the_publish_checks(tmp_path):
    rich_course()
    path = tmp_path / "k.yaml"
    path.write_bytes(_export("rik-kurs"))
    _empty_database_and_media()
    call_command("import_course", str(path), "--publish", stdout=StringIO())
    course = Course.objects.get(slug="rik-kurs")
    assert course.status == "published" and course.version == 1


def test_existing_slug_needs_replace(tmp_path):
    rich_course()
    path = tmp_path / "k.yaml"
    path.write_bytes(_export("rik-kurs"))
    with pytest.raises(CommandError, match="--replace"):
        call_command("import_course", str(path), stdout=StringIO())
    assert Course.objects.count() == 1


# --- Validation: every error names the place in the file, nothing is written -----------


BASE = yaml.safe_load((Path(__file__).parent.parent / "data_small_course.yaml").read_text())


def _with(change) -> str:
    import copy

    data = copy.deepcopy(BASE)
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _set(path: str, value):
    def change(data):
        target = data
        keys = path.split(".")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        last = keys[-1]
        if value is _DELETE:
            del target[last]
        elif last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return change


_DELETE = object()
_PNG_B64 = base64.encodebytes(PNG).decode()


def _embedded(name, content: bytes, **overrides):
    entry = {
        "content_type": "image/png",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "data": base64.encodebytes(content).decode(),
    }
    entry.update(overrides)

    def change(data):
        block = {"type": "image", "file": name, "alt": "Bild"}
        data["modules"][0]["steps"][0]["blocks"].insert(0, block)
        data["media"] = {name: entry}

    return change


def _both(*changes):
    def change(data):
        for c in changes:
            c(data)

    return change


INVALID = [
    ("not yaml", lambda: "format: [unclosed", "rad"),
    ("not a mapping", lambda: "- a\n- b\n", "$"),
    ("wrong format", lambda: _with(_set("format", "other/1")), "$.format"),
    ("missing title", lambda: _with(_set("title", _DELETE)), "$.title"),
    ("bad slug", lambda: _with(_set("slug", "Med mellanslag")), "$.slug"),
    ("bad order", lambda: _with(_set("order", "random")), "$.order"),
    ("minutes not int", lambda: _with(_set("estimated_minutes", "tio")), "$.estimated_minutes"),
    ("no modules", lambda: _with(_set("modules", [])), "$.modules"),
    ("modules not a list", lambda: _with(_set("modules", "x")), "$.modules"),
    ("module not mapping", lambda: _with(_set("modules.0", "x")), "$.modules[0]"),
    (
        "unknown step type",
        lambda: _with(_set("modules.0.steps.0.type", "webinar")),
        "$.modules[0].steps[0].type",
    ),
    (
        "required not bool",
        lambda: _with(_set("modules.0.steps.0.required", "ja")),
        "$.modules[0].steps[0].required",
    ),
    (
        "unknown block type",
        lambda: _with(_set("modules.0.steps.0.blocks.0.type", "iframe")),
        "$.modules[0].steps[0].blocks[0].type",
    ),
    (
        "script in markdown",
        lambda: _with(_set("modules.0.steps.0.blocks.0.body", "<script>alert(1)</script>")),
        "$.modules[0].steps[0].blocks[0].body",
    ),
    (
        "javascript link",
        lambda: _with(
            _set("modules.0.steps.0.blocks.1.body", "<a href='javascript:alert(1)'>x</a>")
        ),
        "$.modules[0].steps[0].blocks[1].body",
    ),
    (
        "bad fact variant",
        lambda: _with(_set("modules.0.steps.0.blocks.2.variant", "warning")),
        "$.modules[0].steps[0].blocks[2].variant",
    ),
    (
        "missing media",
        lambda: _with(_embedded("media/a.png", PNG, data=None)),
        "$.media['media/a.png'].data",
    ),
    (
        "bad base64",
        lambda: _with(_embedded("media/a.png", PNG, data="!!! not base64 !!!")),
        "$.media['media/a.png'].data",
    ),
    (
        "sha mismatch",
        lambda: _with(_embedded("media/a.png", PNG, sha256="0" * 64)),
        "$.media['media/a.png'].sha256",
    ),
    (
        "svg media refused",
        lambda: _with(_embedded("media/a.svg", b"<svg onload=alert(1)></svg>")),
        "$.media['media/a.svg']",
    ),
    (
        "html disguised as png",
        lambda: _with(_embedded("media/a.png", b"<html><script>alert(1)</script>")),
        "$.media['media/a.png']",
    ),
    (
        "image without alt",
        lambda: _with(
            _both(_embedded("media/a.png", PNG), _set("modules.0.steps.0.blocks.0.alt", ""))
        ),
        "$.modules[0].steps[0].blocks[0].alt",
    ),
    (
        "unused media",
        lambda: _with(
            _both(
                _embedded("media/a.png", PNG),
                lambda d: d["media"].update({"media/b.png": {**d["media"]["media/a.png"]}}),
            )
        ),
        "$.media['media/b.png']",
    ),
    (
        "media file next to the course file missing",
        lambda: _with(
            lambda d: d["modules"][0]["steps"][0]["blocks"].insert(
                0, {"type": "image", "file": "media/finns-inte.png", "alt": "x"}
            )
        ),
        "$.modules[0].steps[0].blocks[0].file",
    ),
    (
        "path escaping the course directory",
        lambda: _with(
            lambda d: d["modules"][0]["steps"][0]["blocks"].insert(
                0, {"type": "download", "title": "x", "file": "../../etc/passwd"}
            )
        ),
        "$.modules[0].steps[0].blocks[0].file",
    ),
    (
        "video without captions",
        lambda: _with(
            lambda d: d["modules"][0]["steps"][0]["blocks"].insert(
                0, {"type": "video", "title": "Film", "url": "https://example.org/v.mp4"}
            )
        ),
        "$.modules[0].steps[0].blocks[0].captions",
    ),
    ("title not text", lambda: _with(_set("title", ["a", "b"])), "$.title"),
    ("negative minutes", lambda: _with(_set("estimated_minutes", -5)), "$.estimated_minutes"),
    (
        "media path not text",
        lambda: _with(
            lambda d: d["modules"][0]["steps"][0]["blocks"].insert(
                0, {"type": "image", "file": 123, "alt": "x"}
            )
        ),
        "$.modules[0].steps[0].blocks[0].file",
    ),
    ("media not a mapping", lambda: _with(lambda d: d.update(media="x")), "$.media"),
    (
        "media entry not a mapping",
        lambda: _with(lambda d: d.update(media={"media/a.png": "x"})),
        "$.media['media/a.png']",
    ),
    (
        "sources not a list",
        lambda: _with(_set("modules.0.steps.0.blocks.4.items", "en källa")),
        "$.modules[0].steps[0].blocks[4].items",
    ),
]


@pytest.mark.parametrize(("label", "text", "where"), INVALID, ids=[i[0] for i in INVALID])
def test_invalid_file_names_the_place_and_writes_nothing(tmp_path, label, text, where):
    path = tmp_path / "kurs.yaml"
    path.write_text(text(), encoding="utf-8")
    with pytest.raises(CourseFileError) as error:
        course_import(path=path)
    places = [place for place, _message in error.value.errors]
    assert any(place.startswith(where) for place in places), (label, error.value.errors)
    assert all(message for _place, message in error.value.errors)
    assert not Course.objects.exists() and not Step.objects.exists()
    with pytest.raises(CommandError, match="inget har sparats"):
        call_command("import_course", str(path), stdout=StringIO())
    assert not Course.objects.exists()


def test_valid_base_file_imports(tmp_path):
    path = tmp_path / "kurs.yaml"
    path.write_text(_with(lambda d: None), encoding="utf-8")
    assert course_import(path=path).slug == "liten-kurs"


def test_every_error_is_reported_at_once(tmp_path):
    path = tmp_path / "kurs.yaml"
    path.write_text(
        _with(_both(_set("title", _DELETE), _set("modules.0.steps.0.type", "webinar"))),
        encoding="utf-8",
    )
    with pytest.raises(CourseFileError) as error:
        course_import(path=path)
    places = {place for place, _ in error.value.errors}
    assert {"$.title", "$.modules[0].steps[0].type"} <= places


def test_text_export_of_file_without_media_has_no_media_section():
    course = CourseBuilder.build(modules=[["lesson"]])
    assert "media:" not in course_export_text(course)


DEFAULT_COURSES = sorted((Path(settings.BASE_DIR) / "fixtures" / "courses").glob("*.yaml"))


@pytest.mark.slow
@pytest.mark.parametrize("path", DEFAULT_COURSES, ids=[p.stem for p in DEFAULT_COURSES])
def test_default_courses_round_trip_byte_identical(path, tmp_path):
    import tests.quizzes.factories  # noqa: F401 - quizzes are part of the default courses

    course = course_import(path=path)
    first = course_export_text(course)
    exported = tmp_path / "export.yaml"
    exported.write_text(first, encoding="utf-8")
    _empty_database_and_media()
    course = course_import(path=exported)
    assert course_export_text(course) == first


def test_oversized_media_next_to_the_file_is_refused(tmp_path):
    from courses.uploads import MAX_BYTES

    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "stor.png").write_bytes(PNG + b"\0" * MAX_BYTES["image"])
    path = tmp_path / "kurs.yaml"
    path.write_text(
        _with(
            lambda d: d["modules"][0]["steps"][0]["blocks"].insert(
                0, {"type": "image", "file": "media/stor.png", "alt": "x"}
            )
        ),
        encoding="utf-8",
    )
    with pytest.raises(CourseFileError) as error:
        course_import(path=path)
    assert error.value.errors == [
        ("$.modules[0].steps[0].blocks[0].file", "filen är för stor (högst 5 MB)")
    ]
    assert not Course.objects.exists()
