"""The course-file importer refuses what the admin forms refuse, naming the place in the file.

Each case is a small valid course with one bad value. The import must fail
with a CourseFileError whose errors include the path to the bad value,
write nothing (no rows, no media files) and never surface a database error
— on SQLite, and on PostgreSQL where over-long values and out-of-range
numbers used to raise DataError (the `postgres` tests; CI runs the whole
suite there too).
"""

from __future__ import annotations

import base64
import copy
import hashlib
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from courses.coursefile import CourseFileError, course_import
from courses.models import ContentBlock, Course, Module, Step

pytestmark = pytest.mark.django_db

BASE = yaml.safe_load((Path(__file__).parent.parent / "data_small_course.yaml").read_text())

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
PDF = b"%PDF-1.4\n" + b"%" * 200
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHej\n"
LESSON = "$.modules[0].steps[0]"
NEW_BLOCK = f"{LESSON}.blocks[0]"


def _media(content: bytes) -> dict:
    return {
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "data": base64.encodebytes(content).decode(),
    }


def _file(**changes) -> str:
    """The small course, with top-level keys replaced (a value of None removes the key)."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _with_block(block: dict, **media: bytes) -> str:
    """The small course with `block` first in its first lesson and `media` embedded."""
    data = copy.deepcopy(BASE)
    data["modules"][0]["steps"][0]["blocks"].insert(0, block)
    if media:
        data["media"] = {f"media/{name}": _media(content) for name, content in media.items()}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _with_step(step: dict) -> str:
    data = copy.deepcopy(BASE)
    data["modules"][0]["steps"].insert(0, step)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _quiz(question: dict, **settings_) -> dict:
    return {
        "type": "quiz",
        "title": "Kunskapskontroll",
        **settings_,
        "questions": [question],
    }


SINGLE = {
    "type": "single_choice",
    "text": "Vilket?",
    "explanation": "Därför.",
    "choices": [{"text": "A", "correct": True}, {"text": "B", "correct": False}],
}
VIDEO = {"type": "video", "title": "Film", "captions": "media/film.vtt"}

CASES = [
    ("language 11 characters", lambda: _file(language="sv-SE-extra"), "$.language"),
    ("title 201 characters", lambda: _file(title="T" * 201), "$.title"),
    ("slug 101 characters", lambda: _file(slug="s" * 101), "$.slug"),
    ("audience 301 characters", lambda: _file(audience="a" * 301), "$.audience"),
    (
        "module title 201 characters",
        lambda: _file(modules=[{**BASE["modules"][0], "title": "M" * 201}]),
        "$.modules[0].title",
    ),
    ("title a list", lambda: _file(title=["a", "b"]), "$.title"),
    ("minutes a float", lambda: _file(estimated_minutes=2.5), "$.estimated_minutes"),
    (
        "minutes beyond any integer column",
        lambda: _file(estimated_minutes=10**20),
        "$.estimated_minutes",
    ),
    ("order not a choice", lambda: _file(order="random"), "$.order"),
    ("nul character", lambda: _file(title="Kurs\x00"), "$.title"),
    (
        "text body a number",
        lambda: _with_block({"type": "text", "body": 42}),
        f"{NEW_BLOCK}.body",
    ),
    (
        "case title 201 characters",
        lambda: _with_block({"type": "case", "title": "C" * 201, "body": "x"}),
        f"{NEW_BLOCK}.title",
    ),
    (
        "pdf as image",
        lambda: _with_block(
            {"type": "image", "file": "media/a.pdf", "alt": "Bild"}, **{"a.pdf": PDF}
        ),
        f"{NEW_BLOCK}.file",
    ),
    (
        "image alt 501 characters",
        lambda: _with_block(
            {"type": "image", "file": "media/a.png", "alt": "x" * 501}, **{"a.png": PNG}
        ),
        f"{NEW_BLOCK}.alt",
    ),
    (
        "image without alt",
        lambda: _with_block({"type": "image", "file": "media/a.png", "alt": ""}, **{"a.png": PNG}),
        f"{NEW_BLOCK}.alt",
    ),
    (
        "pdf as captions",
        lambda: _with_block(
            {**VIDEO, "url": "https://example.org/v.mp4", "captions": "media/a.pdf"},
            **{"a.pdf": PDF},
        ),
        f"{NEW_BLOCK}.captions",
    ),
    (
        "vtt as download",
        lambda: _with_block(
            {"type": "download", "title": "Fil", "file": "media/a.vtt"}, **{"a.vtt": VTT}
        ),
        f"{NEW_BLOCK}.file",
    ),
    (
        "javascript: video url",
        lambda: _with_block({**VIDEO, "url": "javascript:alert(1)"}, **{"film.vtt": VTT}),
        f"{NEW_BLOCK}.url",
    ),
    (
        "data: video url",
        lambda: _with_block(
            {**VIDEO, "url": "data:text/html;base64,PHNjcmlwdD4="}, **{"film.vtt": VTT}
        ),
        f"{NEW_BLOCK}.url",
    ),
    (
        "ftp video url (never shown)",
        lambda: _with_block({**VIDEO, "url": "ftp://example.org/v.mp4"}, **{"film.vtt": VTT}),
        f"{NEW_BLOCK}.url",
    ),
    (
        "video without file or url",
        lambda: _with_block(dict(VIDEO), **{"film.vtt": VTT}),
        NEW_BLOCK,
    ),
    (
        "download description 501 characters",
        lambda: _with_block(
            {"type": "download", "title": "Fil", "file": "media/a.pdf", "description": "d" * 501},
            **{"a.pdf": PDF},
        ),
        f"{NEW_BLOCK}.description",
    ),
    (
        "quiz pass mark as text",
        lambda: _with_step(_quiz(SINGLE, pass_mark="80")),
        "$.modules[0].steps[0].pass_mark",
    ),
    (
        "question points beyond a small integer",
        lambda: _with_step(_quiz({**SINGLE, "points": 10**20})),
        "$.modules[0].steps[0].questions[0].points",
    ),
    (
        "reveal_answers not a choice",
        lambda: _with_step(_quiz(SINGLE, reveal_answers="ibland")),
        "$.modules[0].steps[0].reveal_answers",
    ),
    (
        "ordering item 301 characters",
        lambda: _with_step(
            _quiz(
                {
                    "type": "ordering",
                    "text": "Ordna",
                    "explanation": "x",
                    "items": ["kort", "o" * 301],
                }
            )
        ),
        "$.modules[0].steps[0].questions[0].items[1]",
    ),
    (
        "matching prompt 301 characters",
        lambda: _with_step(
            _quiz(
                {
                    "type": "matching",
                    "text": "Para ihop",
                    "explanation": "x",
                    "pairs": [{"prompt": "p" * 301, "match": "a"}, {"prompt": "q", "match": "b"}],
                }
            )
        ),
        "$.modules[0].steps[0].questions[0].pairs[0].prompt",
    ),
]


def _assert_nothing_written() -> None:
    assert not Course.objects.exists()
    assert not Module.objects.exists() and not Step.objects.exists()
    assert not ContentBlock.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def _refused(text: str, where: str) -> list[tuple[str, str]]:
    with pytest.raises(CourseFileError) as error:
        course_import(text=text)
    errors = error.value.errors
    assert where in [place for place, _message in errors], errors
    assert all(message.strip() for _place, message in errors)
    assert error.value.status == 400
    _assert_nothing_written()
    return errors


@pytest.mark.parametrize(("label", "text", "where"), CASES, ids=[c[0] for c in CASES])
def test_import_refuses_what_a_form_refuses_with_the_path(label, text, where):
    _refused(text(), where)


def test_the_base_file_and_a_valid_video_import():
    course = course_import(
        text=_with_block({**VIDEO, "url": "https://example.org/v.mp4"}, **{"film.vtt": VTT})
    )
    assert course.slug == "liten-kurs"


def test_the_message_says_what_is_wrong_in_swedish():
    errors = dict(_refused(_file(language="sv-SE-extra"), "$.language"))
    assert "10" in errors["$.language"] and "11" in errors["$.language"]
    errors = dict(
        _refused(
            _with_block({"type": "image", "file": "media/a.pdf", "alt": "Bild"}, **{"a.pdf": PDF}),
            f"{NEW_BLOCK}.file",
        )
    )
    assert "pdf" in errors[f"{NEW_BLOCK}.file"]


def test_each_problem_is_reported_once_and_all_at_once():
    data = copy.deepcopy(BASE)
    data["title"] = "T" * 201
    data["language"] = "x" * 11
    data["modules"][0]["steps"][0]["title"] = ["inte", "text"]
    with pytest.raises(CourseFileError) as error:
        course_import(text=yaml.safe_dump(data, allow_unicode=True))
    places = [place for place, _message in error.value.errors]
    assert places.count("$.title") == 1
    assert "$.language" in places and f"{LESSON}.title" in places
    assert places.count(f"{LESSON}.title") == 1


def test_import_command_names_the_place_and_writes_nothing(tmp_path):
    path = tmp_path / "kurs.yaml"
    path.write_text(
        _with_block({**VIDEO, "url": "javascript:alert(1)"}, **{"film.vtt": VTT}), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="inget har sparats") as error:
        call_command("import_course", str(path), stdout=StringIO())
    assert f"{NEW_BLOCK}.url" in str(error.value)
    _assert_nothing_written()


def test_admin_import_page_lists_the_paths_with_400(client, trainer):
    client.force_login(trainer)
    text = _file(language="sv-SE-extra", title="T" * 201)
    response = client.post(
        reverse("admin:courses_course_import"),
        {"file": SimpleUploadedFile("kurs.yaml", text.encode(), content_type="application/yaml")},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "$.language" in html and "$.title" in html
    _assert_nothing_written()


# --- PostgreSQL: CI runs every test above there too; these add what differs there -------------

PG_ONLY = [
    # integer columns are 32 bits on PostgreSQL (64 on SQLite)
    ("minutes beyond an integer column", lambda: _file(estimated_minutes=3_000_000_000)),
    ("points beyond a smallint column", lambda: _with_step(_quiz({**SINGLE, "points": 40_000}))),
]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("label", "text", "where"),
    [
        (*PG_ONLY[0], "$.estimated_minutes"),
        (*PG_ONLY[1], "$.modules[0].steps[0].questions[0].points"),
    ],
    ids=[c[0] for c in PG_ONLY],
)
def test_postgresql_integer_ranges_are_checked_before_writing(label, text, where):
    _refused(text(), where)


@pytest.mark.postgres
def test_postgresql_admin_import_page_answers_400_not_500(client, trainer):
    client.force_login(trainer)
    text = _with_block({**VIDEO, "url": "javascript:alert(1)"}, **{"film.vtt": VTT})
    text = text.replace("title: Liten kurs", f"title: {'T' * 201}")
    response = client.post(
        reverse("admin:courses_course_import"),
        {"file": SimpleUploadedFile("kurs.yaml", text.encode(), content_type="application/yaml")},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"{NEW_BLOCK}.url" in html and "$.title" in html
    _assert_nothing_written()
