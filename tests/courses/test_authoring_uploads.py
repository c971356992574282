"""Uploaded course media are checked for type, content and size, and served with safe headers."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from courses.models import DownloadBlock, ImageBlock, Lesson, VideoBlock
from courses.uploads import MAX_BYTES
from tests.factories import CourseBuilder

pytestmark = pytest.mark.django_db


def png_bytes(size=(4, 4)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def lesson(db):
    course = CourseBuilder.build(modules=[["lesson"]])
    return Lesson.objects.get(module__course=course)


def _add(client, model: str, lesson, data: dict, files: dict):
    url = reverse(f"admin:courses_{model}_add") + f"?lesson={lesson.pk}"
    return client.post(url, {"lesson": lesson.pk, "position": 0, **data, **files})


def test_a_real_image_with_alt_text_is_accepted(client, trainer, lesson):
    client.force_login(trainer)
    response = _add(
        client,
        "imageblock",
        lesson,
        {"alt": "En vit ruta"},
        {"image": SimpleUploadedFile("ruta.png", png_bytes(), content_type="image/png")},
    )
    assert response.status_code == 302
    assert ImageBlock.objects.filter(lesson=lesson).exists()


def test_an_image_without_alt_text_cannot_be_saved(client, trainer, lesson):
    client.force_login(trainer)
    response = _add(
        client,
        "imageblock",
        lesson,
        {"alt": ""},
        {"image": SimpleUploadedFile("ruta.png", png_bytes(), content_type="image/png")},
    )
    assert response.status_code == 200 and not ImageBlock.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'),
        ("bild.png", b"<html><script>alert(1)</script></html>"),
        ("bild.html", b"<html></html>"),
        ("bild.gif", png_bytes()),  # a PNG pretending to be a GIF
    ],
)
def test_images_of_the_wrong_type_or_content_are_refused(client, trainer, lesson, name, content):
    client.force_login(trainer)
    response = _add(
        client, "imageblock", lesson, {"alt": "x"}, {"image": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert not ImageBlock.objects.exists()


def test_too_large_images_are_refused(client, trainer, lesson, settings):
    big = png_bytes() + b"\x00" * MAX_BYTES["image"]
    client.force_login(trainer)
    response = _add(
        client, "imageblock", lesson, {"alt": "x"}, {"image": SimpleUploadedFile("s.png", big)}
    )
    assert response.status_code == 200 and "för stor" in response.content.decode()
    assert not ImageBlock.objects.exists()


def test_a_video_needs_a_captions_file_and_captions_must_be_webvtt(client, trainer, lesson):
    client.force_login(trainer)
    data = {"title": "Film", "url": "https://example.org/film.mp4", "transcript": ""}
    assert _add(client, "videoblock", lesson, data, {}).status_code == 200
    fake = SimpleUploadedFile("t.vtt", b"<script>alert(1)</script>")
    assert _add(client, "videoblock", lesson, data, {"captions": fake}).status_code == 200
    assert not VideoBlock.objects.exists()
    real = SimpleUploadedFile("t.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHej\n")
    assert _add(client, "videoblock", lesson, data, {"captions": real}).status_code == 302
    assert VideoBlock.objects.filter(lesson=lesson).exists()


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("lista.pdf", b"%PDF-1.4\n%\xe2\xe3\n", True),
        ("lista.pdf", b"<html><script>alert(1)</script>", False),
        ("lista.html", b"<html></html>", False),
        ("lista.exe", b"MZ\x90\x00", False),
        ("lista.txt", "Checklista: å ä ö".encode(), True),
        ("lista.docx", b"not a zip", False),
    ],
)
def test_downloads_are_checked(client, trainer, lesson, name, content, accepted):
    client.force_login(trainer)
    response = _add(
        client,
        "downloadblock",
        lesson,
        {"title": "Checklista", "description": ""},
        {"file": SimpleUploadedFile(name, content)},
    )
    assert (response.status_code == 302) is accepted
    assert DownloadBlock.objects.exists() is accepted


def test_media_are_served_with_allow_listed_types_and_nosniff(client, lesson):
    from django.core.files.base import ContentFile

    image = ImageBlock.objects.create(
        lesson=lesson, position=1, image=ContentFile(png_bytes(), name="a.png"), alt="a"
    )
    download = DownloadBlock.objects.create(
        lesson=lesson, position=2, title="d", file=ContentFile(b"%PDF-1.4", name="d.pdf")
    )
    response = client.get(image.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response.get("Content-Disposition", "")
    response = client.get(download.file.url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


def test_unlisted_types_and_paths_outside_media_are_not_served(client, settings):
    media = settings.MEDIA_ROOT
    media.mkdir(parents=True, exist_ok=True)
    (media / "x.svg").write_bytes(b"<svg onload=alert(1)></svg>")
    (media / "x.html").write_bytes(b"<script>alert(1)</script>")
    assert client.get("/media/x.svg").status_code == 404
    assert client.get("/media/x.html").status_code == 404
    assert client.get("/media/../../etc/passwd").status_code == 404
    assert client.get("/media/%2e%2e/%2e%2e/etc/hosts.txt").status_code == 404
    assert client.get("/media/finns-inte.png").status_code == 404
