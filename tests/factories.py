"""Test data builders. Fixtures/ holds the demo and default content, not test data."""

from __future__ import annotations

import itertools

from django.contrib.auth.models import Group

from accounts.models import User
from courses.models import (
    CaseBlock,
    Course,
    CourseStatus,
    FactBlock,
    Lesson,
    Module,
    ReflectionBlock,
    SourcesBlock,
    TextBlock,
)

_counter = itertools.count(1)


def make_user(username: str | None = None, *, roles=(), unit=None, **fields) -> User:
    username = username or f"user{next(_counter)}"
    fields.setdefault("first_name", username.capitalize())
    fields.setdefault("last_name", "Testsson")
    user = User.objects.create_user(username=username, password="pw-test-123", unit=unit, **fields)
    for role in roles:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    return user


class CourseBuilder:
    """Builds courses from a compact description: a list of modules, each a list of step kinds.

    Step kinds: "lesson" (text, case, fact, reflection and sources blocks), "lesson:optional".
    Other apps add kinds through `step_makers` (e.g. quizzes adds "quiz").
    """

    step_makers: dict = {}

    @classmethod
    def published(cls, *, modules, order="sequential", **fields) -> Course:
        return cls.build(modules=modules, order=order, status=CourseStatus.PUBLISHED, **fields)

    @classmethod
    def build(cls, *, modules, status=CourseStatus.DRAFT, order="sequential", **fields) -> Course:
        n = next(_counter)
        fields.setdefault("slug", f"kurs-{n}")
        fields.setdefault("title", f"Kurs {n}")
        fields.setdefault("content_note", "Kursen handlar om våld.")
        fields.setdefault("certificate_validity_months", 24)
        course = Course.objects.create(status=status, order=order, version=1, **fields)
        for m_index, kinds in enumerate(modules):
            module = Module.objects.create(
                course=course, position=m_index, title=f"Modul {m_index + 1}"
            )
            for s_index, kind in enumerate(kinds):
                base, _, flag = kind.partition(":")
                maker = cls.step_makers.get(base, cls.make_lesson)
                maker(module=module, position=s_index, required=(flag != "optional"))
        return course

    @staticmethod
    def make_lesson(*, module, position, required=True, blocks=5) -> Lesson:
        lesson = Lesson.objects.create(
            module=module,
            position=position,
            title=f"Lektion {module.position + 1}.{position + 1}",
            required=required,
            estimated_minutes=5,
        )
        kinds = [
            lambda i: TextBlock(body=f"Text **{i}**."),
            lambda i: CaseBlock(title=f"Fall {i}", body="Ett påhittat fall."),
            lambda i: FactBlock(title="Fakta", body="- en\n- två"),
            lambda i: ReflectionBlock(prompt="Vad tänker du?"),
        ]
        for i in range(blocks - 1):
            block = kinds[i % len(kinds)](i)
            block.lesson = lesson
            block.position = i
            block.save()
        SourcesBlock.objects.create(
            lesson=lesson, position=blocks, items="Socialstyrelsen. https://www.socialstyrelsen.se/"
        )
        return lesson
