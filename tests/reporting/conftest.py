"""A small organisation with hand-built progress, so every dashboard figure is known.

    STAD ─ SOC ─┬─ NORR ─┬─ NORR-A   (the manager Maja manages NORR)
                │        └─ NORR-B
                └─ SYD               (sibling district Maja must not see)
    STAD ─ VO

Course A (24-month certificates), course B; a draft course C never shows.
Per person in course A (see `org` below for what each one is):

    p1 NORR-A Socialsekreterare  not started                    required, overdue
    p2 NORR-A Socialsekreterare  in progress                    required, overdue
    p3 NORR-A Kurator            completed, valid certificate   required, not overdue
    p4 NORR-B Socialsekreterare  completed, expiring in 30 d    required (due later)
    p5 NORR-B Kurator            completed, expired             not required
    p6 NORR-B Socialsekreterare  round 2 in progress, round 1 expired   required (due later)
    p7 NORR   Enhetschef         completed, certificate revoked (so none)
    p8 NORR-A deactivated        completed                      (not counted)
    s1 SYD    Socialsekreterare  not started, overdue by a SYD requirement
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import certificate_issue
from courses.models import CourseRequirement, CourseStatus
from tests.factories import CourseBuilder, EnrollmentFactory, OrgUnitFactory, make_user


def _enroll(user, course, *, now, round=1, completed_days_ago=None):
    completed_at = None
    if completed_days_ago is not None:
        completed_at = now - datetime.timedelta(days=completed_days_ago)
    return EnrollmentFactory(user=user, course=course, round=round, completed_at=completed_at)


def _certify(enrollment, *, now, expires_in_days=None, revoked=False):
    certificate = certificate_issue(enrollment=enrollment)
    fields = {}
    if expires_in_days is not None:
        fields["expires_on"] = timezone.localdate(now) + datetime.timedelta(days=expires_in_days)
    if revoked:
        fields.update(
            revoked_at=now,
            revoked_reason="Felaktigt utfärdat",
            revoked_reason_category="mistake",
        )
    Certificate.objects.filter(pk=certificate.pk).update(**fields)
    certificate.refresh_from_db()
    return certificate


@pytest.fixture
def org(db, now, today):
    u = SimpleNamespace()
    u.stad = OrgUnitFactory(code="STAD", name="Exempelstad")
    u.soc = OrgUnitFactory(code="SOC", name="Socialförvaltningen", parent=u.stad)
    u.norr = OrgUnitFactory(code="NORR", name="IFO Norr", parent=u.soc)
    u.norr_a = OrgUnitFactory(code="NORR-A", name="Norr barn", parent=u.norr)
    u.norr_b = OrgUnitFactory(code="NORR-B", name="Norr vuxen", parent=u.norr)
    u.syd = OrgUnitFactory(code="SYD", name="IFO Syd", parent=u.soc)
    u.vo = OrgUnitFactory(code="VO", name="Vård och omsorg", parent=u.stad)

    course_a = CourseBuilder.published(modules=[["lesson"]], title="A-kursen", slug="a-kursen")
    course_b = CourseBuilder.published(modules=[["lesson"]], title="B-kursen", slug="b-kursen")
    course_c = CourseBuilder.build(
        modules=[["lesson"]], title="C-utkast", slug="c-utkast", status=CourseStatus.DRAFT
    )

    def person(name, unit, group, **kw):
        return make_user(
            name,
            roles=["learner"],
            unit=unit,
            professional_group=group,
            email=f"{name}@example.org",
            first_name=name.capitalize(),
            last_name=f"Efternamn{name}",
            **kw,
        )

    p = SimpleNamespace()
    p.p1 = person("p1", u.norr_a, "Socialsekreterare")
    p.p2 = person("p2", u.norr_a, "Socialsekreterare")
    p.p3 = person("p3", u.norr_a, "Kurator")
    p.p4 = person("p4", u.norr_b, "Socialsekreterare")
    p.p5 = person("p5", u.norr_b, "Kurator")
    p.p6 = person("p6", u.norr_b, "Socialsekreterare")
    p.p7 = person("p7", u.norr, "Enhetschef")
    p.p8 = person("p8", u.norr_a, "Socialsekreterare", is_active=False)
    p.s1 = person("s1", u.syd, "Socialsekreterare")
    p.v1 = person("v1", u.vo, "Undersköterska")

    _enroll(p.p2, course_a, now=now)
    p.p3_cert = _certify(
        _enroll(p.p3, course_a, completed_days_ago=40, now=now), expires_in_days=365, now=now
    )
    p.p4_cert = _certify(
        _enroll(p.p4, course_a, completed_days_ago=700, now=now), expires_in_days=30, now=now
    )
    p.p5_cert = _certify(
        _enroll(p.p5, course_a, completed_days_ago=800, now=now), expires_in_days=-10, now=now
    )
    _certify(_enroll(p.p6, course_a, completed_days_ago=800, now=now), expires_in_days=-5, now=now)
    _enroll(p.p6, course_a, round=2, now=now)
    _certify(_enroll(p.p7, course_a, completed_days_ago=10, now=now), revoked=True, now=now)
    _certify(_enroll(p.p8, course_a, completed_days_ago=10, now=now), now=now)
    _enroll(p.p3, course_b, now=now)

    CourseRequirement.objects.create(
        course=course_a, unit=u.norr_a, due_date=today - datetime.timedelta(days=10)
    )
    CourseRequirement.objects.create(
        course=course_a,
        unit=u.norr,
        professional_group="Socialsekreterare",
        due_date=today + datetime.timedelta(days=20),
    )
    CourseRequirement.objects.create(
        course=course_a, unit=u.syd, due_date=today - datetime.timedelta(days=1)
    )

    manager = make_user("maja", roles=["manager"], unit=u.soc, professional_group="Chef")
    manager.managed_units.set([u.norr])
    return SimpleNamespace(
        units=u,
        people=p,
        course_a=course_a,
        course_b=course_b,
        course_c=course_c,
        manager=manager,
        today=today,
    )


@pytest.fixture
def manager_client(client, org):
    client.force_login(org.manager)
    return client
