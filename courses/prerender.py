"""Parts of the learner's pages that are the same for everyone, rendered once per course version."""

from __future__ import annotations

from dataclasses import replace

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .content_cache import content_cached
from .models import Lesson
from .selectors import BoundBlock


def blocks_prerender(blocks: list[BoundBlock], *, lesson: Lesson) -> list[BoundBlock]:
    """Give every block that is the same for all learners its HTML, rendered once.

    Rendered per course version and language and kept in the content cache
    (courses/content_cache.py); a personal block (`is_personal`: a reflection
    with the learner's answer and a form) is left to render per request.
    """
    course = lesson.module.course

    def render_shared() -> dict[int, str]:
        return {
            bound.block.pk: render_to_string(
                bound.template_name, {"block": bound.block, "course": course}
            )
            for bound in blocks
            if not bound.block.is_personal
        }

    html = content_cached(course, ("blocks-html", lesson.pk, get_language()), render_shared)
    return [
        replace(bound, html=mark_safe(html[bound.block.pk]))  # noqa: S308 - our own templates
        if bound.block.pk in html
        else bound
        for bound in blocks
    ]
