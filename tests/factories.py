"""Test data builders. Fixtures/ holds the demo and default content, not test data."""

from __future__ import annotations

import itertools

import factory
from django.contrib.auth.models import Group
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.django import DjangoModelFactory, Password

from accounts.models import OrgUnit, User
from accounts.services import org_unit_create
from common import clock
from courses.models import (
    CaseBlock,
    Course,
    CourseStatus,
    Enrollment,
    FactBlock,
    Lesson,
    Module,
    ReflectionBlock,
    SourcesBlock,
    TextBlock,
)

_counter = itertools.count(1)

# The authenticator-app key of test users (hex, 20 bytes); tests compute codes from it.
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


class UserFactory(DjangoModelFactory):
    """A person who can sign in with the password "pw-test-123"; `roles=["manager"]` adds groups."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyAttribute(lambda user: user.username.capitalize())
    last_name = "Testsson"
    password = Password("pw-test-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            group, _ = Group.objects.get_or_create(name=role)
            self.groups.add(group)

    @factory.post_generation
    def two_factor(self, create, extracted, **kwargs):
        """People who must use two-factor sign-in have set up the app, unless `two_factor=False`.

        Like real staff after their first sign-in; `SignInClient.force_login` then
        passes the second step with this device. The tests of the set-up itself
        make people without one (`two_factor=False`).
        """
        wanted = extracted
        if wanted is None:
            roles = set(self.groups.values_list("name", flat=True))
            wanted = (
                self.is_staff or self.is_superuser or bool({"administrator", "trainer"} & roles)
            )
        if create and wanted:
            TOTPDevice.objects.create(user=self, name="Autentiseringsapp", key=TEST_TOTP_KEY)


class OrgUnitFactory(DjangoModelFactory):
    """An organisation unit, made through the service so its tree path is right."""

    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"U{n}")
    name = factory.LazyAttribute(lambda unit: f"Enhet {unit.code}")
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return org_unit_create(**kwargs)


class EnrollmentFactory(DjangoModelFactory):
    """One round of a course for a learner (pass `course=`)."""

    class Meta:
        model = Enrollment

    user = factory.SubFactory(UserFactory, roles=["learner"])
    round = 1


def totp_code(device, *, at: float | None = None) -> str:
    """The code the person's app shows for `device` now (the frozen clock) or at `at`."""
    counter = (
        int(((clock.timestamp() if at is None else at) - device.t0) // device.step) + device.drift
    )
    return f"{hotp(device.bin_key, counter, digits=device.digits):0{device.digits}d}"


def make_user(username: str | None = None, *, roles=(), unit=None, **fields) -> User:
    username = username or f"user{next(_counter)}"
    return UserFactory(username=username, roles=roles, unit=unit, **fields)


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
