"""State changes of reporting: required courses and reminder e-mails."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, User
from accounts.services import professional_groups_ensure
from audit.models import AuditAction
from audit.services import audit_event_record
from common import clock
from common.net import absolute_url
from courses.models import Course, CourseRequirement

from .models import ReminderKind, ReminderLog
from .policies import REQUIRE, reporting_policy
from .selectors import people_get, reporting_courses_get
from .states import CERT_REVOKED, CERT_REVOKED_LATE, NOT_STARTED, Figure, LearnerState


def _check_may_require(*, by: User, unit: OrgUnit | None) -> None:
    # Asked of a requirement for the target: one without a unit is the whole organisation's.
    if not reporting_policy.user_can(by, REQUIRE, CourseRequirement(unit=unit)):
        raise PermissionDenied(_("Du kan bara kräva kurser för dina egna enheter."))


@transaction.atomic
def requirement_set(
    *,
    by: User,
    course: Course,
    unit: OrgUnit | None,
    professional_group: str,
    due_date: datetime.date,
) -> CourseRequirement:
    """Require `course` for a unit (with the units below it) and/or a professional group.

    Idempotent: the same target again only moves its due date (one
    requirement per course, unit and group; a constraint backs it). The group is
    stored in the spelling of its `ProfessionalGroup` (created if new), so letter
    case and spacing never make a second requirement.
    Administrators may require for anyone; managers only for units in their
    scope (PermissionDenied otherwise). ValidationError without unit and group.
    """
    professional_group = " ".join(professional_group.split())
    if unit is None and not professional_group:
        raise ValidationError(_("Välj en enhet, en yrkesgrupp eller båda."))
    _check_may_require(by=by, unit=unit)
    if professional_group:
        # One spelling per group, so "kurator " and "Kurator" are one requirement.
        [group] = professional_groups_ensure(names=[professional_group]).values()
        professional_group = group.name
    requirement = (
        CourseRequirement.objects.select_for_update()
        .filter(course=course, unit=unit, professional_group=professional_group)
        .first()
    )
    if requirement is None:
        try:
            with transaction.atomic():
                return CourseRequirement.objects.create(
                    course=course,
                    unit=unit,
                    professional_group=professional_group,
                    due_date=due_date,
                    created_by=by,
                )
        except IntegrityError:
            requirement = CourseRequirement.objects.select_for_update().get(
                course=course, unit=unit, professional_group=professional_group
            )
    if requirement.due_date != due_date:
        requirement.due_date = due_date
        requirement.save(update_fields=["due_date"])
    return requirement


@transaction.atomic
def requirement_delete(*, by: User, requirement: CourseRequirement, request=None) -> None:
    """Remove a requirement; logged. Managers only for units in their scope (PermissionDenied)."""
    _check_may_require(by=by, unit=requirement.unit)
    deleted, _by_model = CourseRequirement.objects.filter(pk=requirement.pk).delete()
    if deleted:
        audit_event_record(
            action=AuditAction.REQUIREMENT_DELETED,
            actor=by,
            request=request,
            target=str(requirement),
            detail={
                "requirement_id": requirement.pk,
                "course": requirement.course.slug,
                "unit": requirement.unit.code if requirement.unit else "",
                "professional_group": requirement.professional_group,
                "due_date": requirement.due_date.isoformat(),
            },
        )


# --- Reminders -------------------------------------------------------------------


@dataclass
class ReminderReport:
    overdue: int = 0
    expiring: int = 0

    @property
    def sent(self) -> int:
        return self.overdue + self.expiring


def reminder_period(day: datetime.date) -> str:
    """Reminders repeat at most once per calendar month per person, course and kind."""
    return day.strftime("%Y-%m")


def _send_once(*, user_id: int, course: Course, kind: str, period: str, context: dict) -> bool:
    """Log and send one reminder in one transaction; False if it was already sent.

    If sending fails, the log row is rolled back so a later run tries again.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReminderLog.objects.create(user_id=user_id, course=course, kind=kind, period=period)
        except IntegrityError:
            return False
        # Both templates are plain text (autoescape off): a subject shows "Våld & hot",
        # never "Våld &amp; hot".
        subject = render_to_string(f"reporting/email/reminder_{kind}_subject.txt", context)
        body = render_to_string(f"reporting/email/reminder_{kind}.txt", context)
        send_mail(
            " ".join(subject.split()),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [context["email"]],
        )
    return True


def reminders_send(*, today: datetime.date | None = None) -> ReminderReport:
    """E-mail learners whose required course is overdue and learners whose certificate expires
    within 60 days, at most once per person, course, kind and calendar month.

    Idempotent: a second run in the same month sends nothing new (the
    ReminderLog unique constraint backs it, also for overlapping runs).
    Only active accounts with an e-mail address are reminded.
    """
    today = today or clock.today()
    period = reminder_period(today)
    report = ReminderReport()
    for course in reporting_courses_get():
        already = ReminderLog.objects.filter(course=course, period=period)
        for kind, status in (
            (ReminderKind.OVERDUE, Figure.OVERDUE),
            (ReminderKind.EXPIRING, Figure.CERT_EXPIRING),
        ):
            people = (
                people_get(units=None, course=course, status=status, today=today)
                .exclude(email="")
                .exclude(pk__in=already.filter(kind=kind).values("user_id"))
                .values(
                    "pk",
                    "first_name",
                    "email",
                    "state",
                    "due_date",
                    "certificate_expires_on",
                    "certificate_revoked_at",
                )
            )
            # Fetched before sending: the log rows written while sending must not
            # disturb an open cursor (SQLite shares one connection).
            for person in list(people):
                state = LearnerState.from_code(person["state"])
                context = {
                    "first_name": person["first_name"],
                    "email": person["email"],
                    "course_title": course.title,
                    # The wording follows the state: not started, in progress, or a
                    # certificate that expired or was revoked.
                    "not_started": state.progress == NOT_STARTED,
                    "lapsed": state.has_lapsed_certificate,
                    "revoked": state.cert in (CERT_REVOKED, CERT_REVOKED_LATE),
                    "due_date": state.due_date(
                        requirement_due_on=person["due_date"],
                        expires_on=person["certificate_expires_on"],
                        revoked_at=person["certificate_revoked_at"],
                    ),
                    "expires_on": person["certificate_expires_on"],
                    "course_url": absolute_url(course.get_absolute_url()),
                }
                if _send_once(
                    user_id=person["pk"], course=course, kind=kind, period=period, context=context
                ):
                    setattr(report, kind, getattr(report, kind) + 1)
    return report
