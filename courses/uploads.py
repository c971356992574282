"""Course media: which files are accepted, how they are checked, and how they are served.

One allow-list (extension → content type) decides everything: uploads and
imported course files are refused unless their extension is listed, their
size is within the limit and, for formats with a signature, their first
bytes match it. Media are served only with the listed content type and
`nosniff`, and anything that is not an image, a video or captions is sent as
an attachment. SVG and HTML are never accepted, so never served inline.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

MEDIA_TYPES: dict[str, str] = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "vtt": "text/vtt; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
# Shown inline (in <img>, <video>, <track>); everything else downloads.
INLINE_TYPES = {"png", "jpg", "jpeg", "gif", "webp", "mp4", "webm", "vtt"}

MAX_BYTES = {"image": 5 * 1024 * 1024, "video": 50 * 1024 * 1024, "other": 20 * 1024 * 1024}


def _starts(*prefixes: bytes):
    return lambda head: any(head.startswith(p) for p in prefixes)


def _is_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # The head may end inside a multi-byte character.
        text = head[:-3].decode("utf-8", errors="strict") if len(head) > 3 else ""
    lowered = text.lower()
    return "\x00" not in text and "<script" not in lowered and "<html" not in lowered


_ZIP = _starts(b"PK\x03\x04")
SIGNATURES = {
    "png": _starts(b"\x89PNG\r\n\x1a\n"),
    "jpg": _starts(b"\xff\xd8\xff"),
    "jpeg": _starts(b"\xff\xd8\xff"),
    "gif": _starts(b"GIF87a", b"GIF89a"),
    "webp": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
    "mp4": lambda head: head[4:8] == b"ftyp",
    "webm": _starts(b"\x1a\x45\xdf\xa3"),
    "vtt": lambda head: head.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT") and _is_text(head),
    "pdf": _starts(b"%PDF-"),
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "txt": _is_text,
    "csv": _is_text,
}


def extension_of(name: str) -> str:
    return posixpath.splitext(name)[1].lstrip(".").lower()


def size_limit(ext: str) -> int:
    kind = MEDIA_TYPES.get(ext, "").split("/")[0]
    return MAX_BYTES.get(kind, MAX_BYTES["other"])


def media_problems(name: str, size: int, head: bytes) -> list[str]:
    """Why a file may not be course media (empty when it may). `head`: its first 512 bytes."""
    ext = extension_of(name)
    if ext not in MEDIA_TYPES:
        return [str(_("filtypen .%(ext)s är inte tillåten") % {"ext": ext or "?"})]
    problems = []
    limit = size_limit(ext)
    if size > limit:
        problems.append(
            str(_("filen är för stor (högst %(mb)s MB)") % {"mb": limit // (1024 * 1024)})
        )
    if not SIGNATURES[ext](head):
        problems.append(str(_("innehållet är inte en giltig .%(ext)s-fil") % {"ext": ext}))
    return problems


@deconstructible
class MediaFileValidator:
    """Model-field validator: allowed type, size limit, and content matching the extension."""

    def __call__(self, value) -> None:
        # A file already stored was checked when it was uploaded.
        if not value or getattr(value, "_committed", False):
            return
        try:
            position = value.tell()
            value.seek(0)
            head = value.read(512)
            value.seek(position)
        except (OSError, ValueError):
            return
        problems = media_problems(value.name, value.size, head)
        if problems:
            raise ValidationError("; ".join(problems).capitalize() + ".", code="media")

    def __eq__(self, other) -> bool:
        return isinstance(other, MediaFileValidator)


validate_media_file = MediaFileValidator()


@require_safe
def media_serve(request, path: str):
    """Serve an uploaded file with its allow-listed content type; never HTML or SVG inline."""
    ext = extension_of(path)
    content_type = MEDIA_TYPES.get(ext)
    if content_type is None:
        raise Http404
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
    except Exception as exc:  # SuspiciousFileOperation: a path outside MEDIA_ROOT
        raise Http404 from exc
    if not full.is_file():
        raise Http404
    response = FileResponse(
        full.open("rb"),
        content_type=content_type,
        as_attachment=ext not in INLINE_TYPES,
        filename=full.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
