"""Published course content, loaded once per version instead of on every request.

A published version's structure (modules and steps), a lesson's blocks and a
quiz's questions are the same for every learner, but loading them through
django-polymorphic costs one query per type present. They are kept in the
`content` cache (settings.CACHES; per-process memory by default) under a key
holding the course's id, its version and the time it was last saved, so:

- publishing (`course_publish` raises the version and saves the course) makes
  every app server load the new version on its next request, with no
  cross-process invalidation needed (a per-process cache stays correct);
- edits to a published course reach learners when the course is published
  again, like every other change to it;
- the preview never uses the cache (it shows the draft as it is now).

What is personal — progress, gating, the learner's own answers and attempts
— is never cached; it is read per request and combined with the cached content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches

CACHE_ALIAS = "content"
# Nothing is lost if an entry expires: it is loaded again from the database.
_MISSING = object()
T = TypeVar("T")


def content_key(course, *parts: object) -> str:
    """The cache key of a piece of `course`'s published content in its current version."""
    stamp = course.updated_at.timestamp() if course.updated_at else 0
    tail = ":".join(str(p) for p in parts)
    return f"course:{course.pk}:v{course.version}:{stamp:.6f}:{tail}"


def content_cached(course, parts: tuple, load: Callable[[], T]) -> T:
    """`load()` once per course version and process (or shared cache); afterwards from the cache.

    The cache hands back a copy (it pickles), so callers may set attributes
    on what they get without touching another request's objects.
    """
    cache = caches[CACHE_ALIAS]
    key = content_key(course, *parts)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = load()
        cache.set(key, value)
    return value


def content_cached_many(courses, part: str, load_missing: Callable[[list[int]], dict]) -> dict:
    """One value per course from the cache; `load_missing(course_ids)` loads the rest at once.

    Returns {course id: value}. At most one load for any number of courses.
    """
    cache = caches[CACHE_ALIAS]
    keys = {content_key(course, part): course.pk for course in courses}
    found = cache.get_many(list(keys))
    values = {keys[key]: value for key, value in found.items()}
    missing = [pk for key, pk in keys.items() if key not in found]
    if missing:
        loaded = load_missing(missing)
        for key, pk in keys.items():
            if pk in missing:
                values[pk] = loaded[pk]
                cache.set(key, loaded[pk])
    return values
