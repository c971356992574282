"""State changes of reporting: required courses and reminder e-mails."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from accounts.api import OrgUnit, User, professional_groups_ensure
from audit.api import AuditAction, audit_event_record
from common import clock
from common.net import absolute_url
from courses.api import Course, CourseRequirement

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
    renewal: int = 0

    @property
    def sent(self) -> int:
        return self.overdue + self.expiring + self.renewal


def reminder_interval() -> datetime.timedelta:
    """How long an overdue course waits before it is reminded again (in settings)."""
    return datetime.timedelta(days=settings.LARSPAR_REMINDER_INTERVAL_DAYS)


def _send_once(
    *, user_id: int, course: Course, kind: str, occasion: str, repeat: int, today, context: dict
) -> bool:
    """Log and send one reminder in one transaction; False if it was already sent.

    If sending fails, the log row is rolled back so a later run tries again.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    user_id=user_id,
                    course=course,
                    kind=kind,
                    occasion=occasion,
                    repeat=repeat,
                    sent_on=today,
                    sent_at=clock.now(),
                )
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


# Who each kind of reminder is for: the figure whose people it reminds, and
# whether a person in that figure is reminded by this kind (a lapsed
# certificate past its renewal due date is overdue, and reminded as such).
REMINDER_KINDS = (
    (ReminderKind.OVERDUE, Figure.OVERDUE, lambda state: True),
    (ReminderKind.EXPIRING, Figure.CERT_EXPIRING, lambda state: True),
    (ReminderKind.RENEWAL, Figure.RENEWAL_DUE, lambda state: not state.is_overdue),
)


def _occasion(kind: str, *, due_date, expires_on) -> str:
    """What a reminder is about; a new occasion is a change of state worth a reminder at once."""
    if kind == ReminderKind.EXPIRING:
        return f"expires-{expires_on.isoformat()}"
    if kind == ReminderKind.RENEWAL:
        return f"renew-by-{due_date.isoformat()}"
    return f"due-{due_date.isoformat()}"


def _reminders_sent(course: Course) -> dict[tuple[int, str, str], tuple[int, datetime.date]]:
    """{(user id, kind, occasion): (last repeat, day of the last reminder)} for `course`."""
    rows = (
        ReminderLog.objects.filter(course=course)
        .values("user_id", "kind", "occasion")
        .annotate(last_repeat=Max("repeat"), last_on=Max("sent_on"))
    )
    return {
        (row["user_id"], row["kind"], row["occasion"]): (row["last_repeat"], row["last_on"])
        for row in rows
    }


def reminders_send(*, today: datetime.date | None = None) -> ReminderReport:
    """E-mail learners whose required course is overdue, whose certificate expires within
    60 days, or whose certificate on a required course has expired or was revoked.

    One reminder per person, course and occasion (state change): an expiring
    certificate and a lapse are reminded once; an overdue course again only
    after `reminder_interval()` has passed since its last reminder.
    Idempotent: a second run the same day sends nothing new (the ReminderLog
    unique constraint backs it, also for overlapping runs).
    Only active accounts with an e-mail address are reminded.
    """
    today = today or clock.today()
    interval = reminder_interval()
    report = ReminderReport()
    for course in reporting_courses_get():
        sent = _reminders_sent(course)
        for kind, figure, reminds in REMINDER_KINDS:
            people = (
                people_get(units=None, course=course, status=figure, today=today)
                .exclude(email="")
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
                if not reminds(state):
                    continue
                due_date = state.due_date(
                    requirement_due_on=person["due_date"],
                    expires_on=person["certificate_expires_on"],
                    revoked_at=person["certificate_revoked_at"],
                )
                occasion = _occasion(
                    kind, due_date=due_date, expires_on=person["certificate_expires_on"]
                )
                last = sent.get((person["pk"], kind, occasion))
                if last is None:
                    repeat = 0
                elif kind == ReminderKind.OVERDUE and today - last[1] >= interval:
                    repeat = last[0] + 1
                else:
                    continue
                context = {
                    "first_name": person["first_name"],
                    "email": person["email"],
                    "course_title": course.title,
                    # The wording follows the state: not started, in progress, or a
                    # certificate that expired or was revoked.
                    "not_started": state.progress == NOT_STARTED,
                    "lapsed": state.has_lapsed_certificate,
                    "revoked": state.cert in (CERT_REVOKED, CERT_REVOKED_LATE),
                    "due_date": due_date,
                    "expires_on": person["certificate_expires_on"],
                    "course_url": absolute_url(course.get_absolute_url()),
                }
                if _send_once(
                    user_id=person["pk"],
                    course=course,
                    kind=kind,
                    occasion=occasion,
                    repeat=repeat,
                    today=today,
                    context=context,
                ):
                    setattr(report, kind, getattr(report, kind) + 1)
    return report
