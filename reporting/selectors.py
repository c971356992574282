"""Read side of manager reporting: who may see which units, and the counts and lists they see.

Every figure is counted in the database. Per person and course:

- progress: not started (no enrollment), in progress (latest round not
  completed) or completed (latest round completed);
- certificate: the latest certificate that is not revoked is valid, expiring
  (valid and expires within 60 days) or expired;
- required: some requirement for the course applies (its unit contains the
  person's unit and/or its professional group is theirs; both set = both
  must match); the earliest due date counts;
- overdue: required, the due date has passed, and the person has neither
  completed the course nor holds a valid certificate.

Only active accounts count as staff. Reflection answers and quiz answers
are never read here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field, fields

from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, User
from certificates.models import Certificate
from common import clock
from courses.models import Course, CourseRequirement, CourseStatus, Enrollment

EXPIRY_WARNING = datetime.timedelta(days=60)

# Progress and certificate states as small integers, so one grouped query counts them all.
NOT_STARTED, IN_PROGRESS, COMPLETED = 0, 1, 2
CERT_VALID, CERT_EXPIRING, CERT_EXPIRED = 1, 2, 3
DUE_LATER, DUE_PASSED = 0, 1


class Figure:
    """The figures of the dashboard; each is also a `status` filter of the people list."""

    STAFF = "staff"
    REQUIRED = "required"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CERT_VALID = "cert_valid"
    CERT_EXPIRING = "cert_expiring"
    CERT_EXPIRED = "cert_expired"
    OVERDUE = "overdue"

    choices = [
        (STAFF, _("Personal")),
        (REQUIRED, _("Obligatorisk")),
        (NOT_STARTED, _("Inte påbörjad")),
        (IN_PROGRESS, _("Pågående")),
        (COMPLETED, _("Klar")),
        (CERT_VALID, _("Giltigt certifikat")),
        (CERT_EXPIRING, _("Går ut inom 60 dagar")),
        (CERT_EXPIRED, _("Utgånget certifikat")),
        (OVERDUE, _("Försenad")),
    ]
    labels = dict(choices)


# --- Who sees what ----------------------------------------------------------


@dataclass
class ReportingScope:
    """The units a user may report on: administrators all, managers their units' subtrees."""

    user: User
    whole_organisation: bool
    units: list[OrgUnit]

    @property
    def unit_ids(self) -> set[int]:
        return {u.pk for u in self.units}

    @property
    def top_units(self) -> list[OrgUnit]:
        """The units in scope whose parent is not: where the overview starts."""
        ids = self.unit_ids
        return [u for u in self.units if u.parent_id not in ids]

    def unit_get(self, unit_id) -> OrgUnit:
        """The unit if it is in scope; Http404 otherwise (not 403: do not confirm it exists)."""
        for unit in self.units:
            if str(unit.pk) == str(unit_id):
                return unit
        raise Http404(_("Enheten finns inte bland dina enheter."))


def reporting_scope_get(*, user) -> ReportingScope:
    """The reporting scope of `user`. Raises PermissionDenied for anyone but managers
    and administrators.

    Queries: the user's groups (1, cached on the user), the managed units (1,
    managers only), the units in scope (1).
    """
    if not user.is_authenticated:
        raise PermissionDenied
    if user.is_administrator:
        units = OrgUnit.objects.all()
        whole = True
    elif user.is_manager:
        units = OrgUnit.objects.subtree_of(list(user.managed_units.all()))
        whole = False
    else:
        raise PermissionDenied(_("Uppföljningen är till för chefer och administratörer."))
    return ReportingScope(
        user=user,
        whole_organisation=whole,
        units=list(units.only("pk", "code", "name", "path", "parent_id").order_by("path")),
    )


# --- Per person and course states, as SQL expressions -----------------------


def _latest_enrollment(course: Course) -> QuerySet:
    return Enrollment.objects.filter(user=OuterRef("pk"), course=course).order_by("-round")


def _latest_certificate(course: Course) -> QuerySet:
    # Reached through the person's enrollments (indexed by user and course) rather than
    # Certificate.user/course: SQLite's planner otherwise scans the course's whole
    # (course, expires_on) index once per person. The latest round's certificate is
    # the latest one, as on the dashboard.
    return Certificate.objects.filter(
        enrollment__user=OuterRef("pk"), enrollment__course=course, revoked_at__isnull=True
    ).order_by("-enrollment__round")


def _requirements(course: Course) -> list[CourseRequirement]:
    return list(
        CourseRequirement.objects.filter(course=course)
        .select_related("unit")
        .order_by("due_date", "pk")
    )


def _applies_to_person(requirement: CourseRequirement) -> Q:
    """A requirement applies to staff of its unit's subtree and/or of its professional group."""
    condition = Q()
    if requirement.unit is not None:
        condition &= Q(unit__path__startswith=requirement.unit.path)
    if requirement.professional_group:
        condition &= Q(professional_group=requirement.professional_group)
    return condition


def _due_date_expression(requirements: list[CourseRequirement]):
    """The earliest due date of the requirements that apply to the person (NULL: not required).

    Requirements are few per course: they become a CASE over the person's unit
    path and professional group, in due-date order, so the first match is the
    earliest, with no subquery per person.
    """
    whens = [
        When(_applies_to_person(requirement), then=Value(requirement.due_date))
        for requirement in requirements
    ]
    if not whens:
        return Value(None, output_field=CourseRequirement._meta.get_field("due_date"))
    return Case(*whens, default=None, output_field=CourseRequirement._meta.get_field("due_date"))


def _state_annotations(course: Course, requirements, today: datetime.date) -> dict:
    """progress, cert and due_state of each person for `course`: one subquery each for the
    latest round and the latest certificate."""
    progress = Subquery(
        _latest_enrollment(course)
        .annotate(
            state=Case(
                When(completed_at__isnull=False, then=Value(COMPLETED)),
                default=Value(IN_PROGRESS),
                output_field=IntegerField(),
            )
        )
        .values("state")[:1],
        output_field=IntegerField(),
    )
    cert = Subquery(
        _latest_certificate(course)
        .annotate(
            state=Case(
                When(expires_on__isnull=True, then=Value(CERT_VALID)),
                When(expires_on__lt=today, then=Value(CERT_EXPIRED)),
                When(expires_on__lte=today + EXPIRY_WARNING, then=Value(CERT_EXPIRING)),
                default=Value(CERT_VALID),
                output_field=IntegerField(),
            )
        )
        .values("state")[:1],
        output_field=IntegerField(),
    )
    return {
        "progress": progress,
        "cert": cert,
        "due_state": _due_state_expression(requirements, today),
    }


def _due_state_expression(requirements: list[CourseRequirement], today: datetime.date):
    """DUE_PASSED / DUE_LATER for the earliest requirement that applies, NULL if none does."""
    # Requirements come in due-date order: the first that applies decides.
    whens = [
        When(
            _applies_to_person(requirement),
            then=Value(DUE_PASSED if requirement.due_date < today else DUE_LATER),
        )
        for requirement in requirements
    ]
    if not whens:
        return Value(None, output_field=IntegerField())
    return Case(*whens, default=None, output_field=IntegerField())


def staff_in(*, units: list[OrgUnit] | None, professional_group: str = "", direct: bool = False):
    """Active accounts in `units` and every unit below them (or in `units` only, `direct`).

    `units=None` means everyone, also accounts without a unit (reminders only).
    """
    if units is None:
        users = User.objects.all()
    elif direct:
        users = User.objects.filter(unit__in=units)
    else:
        users = User.objects.filter(unit__in=OrgUnit.objects.subtree_of(units))
    users = users.filter(is_active=True)
    if professional_group:
        users = users.filter(professional_group=professional_group)
    return users


# --- The dashboard ---------------------------------------------------------------


@dataclass
class Figures:
    staff: int = 0
    required: int = 0
    not_started: int = 0
    in_progress: int = 0
    completed: int = 0
    cert_valid: int = 0
    cert_expiring: int = 0
    cert_expired: int = 0
    overdue: int = 0

    def add(self, *, count: int, progress, cert, due_state) -> None:
        """Add `count` people who share these states (one row of the grouped query)."""
        self.staff += count
        if progress is None:
            self.not_started += count
        elif progress == IN_PROGRESS:
            self.in_progress += count
        else:
            self.completed += count
        if cert in (CERT_VALID, CERT_EXPIRING):
            self.cert_valid += count
        if cert == CERT_EXPIRING:
            self.cert_expiring += count
        if cert == CERT_EXPIRED:
            self.cert_expired += count
        if due_state is not None:
            self.required += count
            if (
                due_state == DUE_PASSED
                and progress != COMPLETED
                and cert not in (CERT_VALID, CERT_EXPIRING)
            ):
                self.overdue += count

    def items(self) -> list[tuple[str, int]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self)]


@dataclass
class DashboardRow:
    unit: OrgUnit
    figures: Figures
    # "total": the selected unit with everything below it; "direct": its own staff only.
    kind: str = "subtree"


@dataclass
class CourseSummary:
    course: Course
    rows: list[DashboardRow] = field(default_factory=list)
    # While counting: the chosen unit's own staff, and the rows of the units below it.
    direct: DashboardRow | None = None
    by_unit: dict[int, DashboardRow] = field(default_factory=dict)

    @property
    def total(self) -> DashboardRow:
        return self.rows[0]


def reporting_courses_get(*, course_id=None) -> list[Course]:
    """The published courses (or the one asked for; Http404 if it is not published)."""
    courses = Course.objects.filter(status=CourseStatus.PUBLISHED).order_by("title")
    if course_id:
        courses = list(courses.filter(pk=course_id))
        if not courses:
            raise Http404(_("Kursen finns inte."))
        return courses
    return list(courses)


def professional_groups_get(*, scope: ReportingScope) -> list[str]:
    """The professional groups of the staff in scope, for the filter (1 query)."""
    users = User.objects.filter(unit__in=[u.pk for u in scope.units], is_active=True)
    return list(
        users.exclude(professional_group="")
        .order_by("professional_group")
        .values_list("professional_group", flat=True)
        .distinct()
    )


def _requirements_by_course(courses: list[Course]) -> dict[int, list[CourseRequirement]]:
    by_course: dict[int, list[CourseRequirement]] = {course.pk: [] for course in courses}
    for requirement in (
        CourseRequirement.objects.filter(course__in=courses)
        .select_related("unit")
        .order_by("due_date", "pk")
    ):
        by_course[requirement.course_id].append(requirement)
    return by_course


def _due_state_of(
    requirements: list[CourseRequirement], *, unit_path: str, professional_group: str, today
) -> int | None:
    """The due state of people in one unit and professional group: the same rule as
    `_applies_to_person`, for a group of people at once (requirements in due-date order)."""
    for requirement in requirements:
        if requirement.unit is not None and not unit_path.startswith(requirement.unit.path):
            continue
        if requirement.professional_group and requirement.professional_group != professional_group:
            continue
        return DUE_PASSED if requirement.due_date < today else DUE_LATER
    return None


def _grouped_states(
    *,
    users: QuerySet,
    courses: list[Course],
    requirements: dict,
    today: datetime.date,
    units: list[OrgUnit],
) -> list[tuple]:
    """(course index, unit id, progress, cert, due_state, number of people), in two queries.

    1. Staff per unit and professional group.
    2. People who started, per course, unit, professional group and state: an
       inner query (built by the ORM) keeps per person and course the state of
       the latest round and of its latest certificate that is not revoked,
       packed as round * 10 + state so MAX() picks the latest; the outer
       statement counts those per unit and state.

    Whether a course is required, and since when, depends only on a person's
    unit and professional group, so it is decided per group here; people with
    no enrollment are the group's staff minus those who started. Both queries
    are set-based (no subquery per person), so their cost grows with the rows.
    """
    course_index = {course.pk: index for index, course in enumerate(courses)}
    staff = list(users.values("unit_id", "professional_group").annotate(n=Count("pk")).order_by())
    started_users = users.values("pk")
    per_person = (
        Enrollment.objects.filter(course__in=courses, user__in=started_users)
        .values("user_id", "course_id")
        .annotate(
            # The same for every row of a person: aggregates keep GROUP BY to the
            # index order (user, course), so the database groups without sorting.
            person_unit=Max("user__unit_id"),
            person_group=Max("user__professional_group"),
            p=Max(
                F("round") * 10
                + Case(
                    When(completed_at__isnull=False, then=Value(COMPLETED)),
                    default=Value(IN_PROGRESS),
                    output_field=IntegerField(),
                )
            ),
            c=Max(
                Case(
                    When(
                        Q(certificate__isnull=False, certificate__revoked_at__isnull=True),
                        then=F("round") * 10
                        + Case(
                            When(certificate__expires_on__isnull=True, then=Value(CERT_VALID)),
                            When(certificate__expires_on__lt=today, then=Value(CERT_EXPIRED)),
                            When(
                                certificate__expires_on__lte=today + EXPIRY_WARNING,
                                then=Value(CERT_EXPIRING),
                            ),
                            default=Value(CERT_VALID),
                            output_field=IntegerField(),
                        ),
                    ),
                    default=None,
                    output_field=IntegerField(),
                )
            ),
        )
        .order_by()
    )
    inner_sql, params = per_person.query.sql_with_params()
    # The inner query's columns, in order: user, course, unit, group, p, c. Integer
    # arithmetic instead of %, which the database adapters read as a placeholder.
    sql = (
        "WITH per_person (user_id, course_id, unit_id, professional_group, p, c) AS ("  # noqa: S608
        + inner_sql
        + ") SELECT course_id, unit_id, professional_group, "
        "p - (p / 10) * 10, c - (c / 10) * 10, COUNT(*) FROM per_person GROUP BY 1, 2, 3, 4, 5"
    )
    with connections[users.db].cursor() as cursor:
        cursor.execute(sql, params)
        started = cursor.fetchall()

    paths = {u.pk: u.path for u in units}
    due_cache: dict[tuple, int | None] = {}

    def due_state(course_id: int, unit_id: int, group: str) -> int | None:
        key = (course_id, unit_id, group)
        if key not in due_cache:
            due_cache[key] = _due_state_of(
                requirements[course_id],
                unit_path=paths.get(unit_id, ""),
                professional_group=group,
                today=today,
            )
        return due_cache[key]

    not_started = {
        (course.pk, row["unit_id"], row["professional_group"]): row["n"]
        for course in courses
        for row in staff
    }
    out = []
    for course_id, unit_id, group, progress, cert, count in started:
        not_started[(course_id, unit_id, group)] -= count
        due = due_state(course_id, unit_id, group)
        out.append((course_index[course_id], unit_id, progress, cert, due, count))
    for (course_id, unit_id, group), count in not_started.items():
        if count:
            due = due_state(course_id, unit_id, group)
            out.append((course_index[course_id], unit_id, None, None, due, count))
    return out


def dashboard_get(
    *,
    scope: ReportingScope,
    unit: OrgUnit | None,
    courses: list[Course],
    professional_group: str = "",
    today: datetime.date | None = None,
) -> list[CourseSummary]:
    """Per course: the figures of `unit` (with its sub-units) and of each unit directly below it.

    Without a unit: the whole scope, then each top unit of the scope.
    Queries: the courses' requirements (1) and one grouped count for all
    courses (1), however many people: the database counts people per unit,
    course and state, and only those few groups are added up per row here.
    """
    today = today or clock.today()
    if unit is not None:
        row_units = [u for u in scope.units if u.parent_id == unit.pk]
        base_units = [unit]
    else:
        row_units = scope.top_units
        base_units = scope.top_units
    paths = {u.pk: u.path for u in scope.units}
    summaries = []
    for course in courses:
        total = DashboardRow(
            unit=unit or OrgUnit(name=str(_("Alla mina enheter")), path="/"),
            figures=Figures(),
            kind="total",
        )
        summary = CourseSummary(course=course, rows=[total])
        summary.direct = DashboardRow(unit=unit, figures=Figures(), kind="direct") if unit else None
        summary.by_unit = {u.pk: DashboardRow(unit=u, figures=Figures()) for u in row_units}
        summaries.append(summary)
    if not courses:
        return summaries
    groups = _grouped_states(
        users=staff_in(units=base_units, professional_group=professional_group),
        courses=courses,
        requirements=_requirements_by_course(courses),
        today=today,
        units=scope.units,
    )
    for index, unit_id, progress, cert, due_state, count in groups:
        summary = summaries[index]
        counts = {
            "count": count,
            "progress": progress or None,
            "cert": cert or None,
            "due_state": due_state,
        }
        summary.total.figures.add(**counts)
        if summary.direct is not None and unit_id == unit.pk:
            summary.direct.figures.add(**counts)
            continue
        unit_path = paths.get(unit_id, "")
        for row in summary.by_unit.values():
            if unit_path.startswith(row.unit.path):
                row.figures.add(**counts)
                break
    for summary in summaries:
        if summary.direct is not None and summary.direct.figures.staff:
            summary.rows.append(summary.direct)
        summary.rows.extend(summary.by_unit.values())
    return summaries


# --- The people behind a figure ---------------------------------------------


FIGURE_FILTERS = {
    Figure.STAFF: Q(),
    Figure.REQUIRED: Q(due_state__isnull=False),
    Figure.NOT_STARTED: Q(progress__isnull=True),
    Figure.IN_PROGRESS: Q(progress=IN_PROGRESS),
    Figure.COMPLETED: Q(progress=COMPLETED),
    Figure.CERT_VALID: Q(cert__in=[CERT_VALID, CERT_EXPIRING]),
    Figure.CERT_EXPIRING: Q(cert=CERT_EXPIRING),
    Figure.CERT_EXPIRED: Q(cert=CERT_EXPIRED),
    Figure.OVERDUE: Q(due_state=DUE_PASSED)
    & (Q(progress__isnull=True) | Q(progress=IN_PROGRESS))
    & (Q(cert__isnull=True) | Q(cert=CERT_EXPIRED)),
}


def people_get(
    *,
    units: list[OrgUnit] | None,
    course: Course,
    status: str = Figure.STAFF,
    professional_group: str = "",
    direct: bool = False,
    today: datetime.date | None = None,
) -> QuerySet:
    """The people behind one figure of one course, as a queryset of dict rows.

    Each row: pk, first_name, last_name, unit name, professional group,
    progress/cert states, started_at, completed_at (latest round), due_date,
    certificate code and expiry. One query however many rows; slice it or
    `.iterator()` it. No reflection or quiz answer is part of it.
    """
    today = today or clock.today()
    requirements = _requirements(course)
    latest = _latest_enrollment(course)
    certificate = _latest_certificate(course)
    return (
        staff_in(units=units, professional_group=professional_group, direct=direct)
        .annotate(**_state_annotations(course, requirements, today))
        .filter(FIGURE_FILTERS[status])
        .annotate(
            started_at=Subquery(latest.values("started_at")[:1]),
            completed_at=Subquery(latest.values("completed_at")[:1]),
            due_date=_due_date_expression(requirements),
            certificate_code=Subquery(certificate.values("code")[:1]),
            certificate_expires_on=Subquery(certificate.values("expires_on")[:1]),
        )
        .order_by("last_name", "first_name", "pk")
        .values(
            "pk",
            "first_name",
            "last_name",
            "employee_id",
            "unit__name",
            "professional_group",
            "progress",
            "cert",
            "due_state",
            "started_at",
            "completed_at",
            "due_date",
            "certificate_code",
            "certificate_expires_on",
        )
    )


PROGRESS_LABELS = {
    None: _("Inte påbörjad"),
    IN_PROGRESS: _("Pågående"),
    COMPLETED: _("Klar"),
}
CERT_LABELS = {
    None: "",
    CERT_VALID: _("Giltigt"),
    CERT_EXPIRING: _("Går snart ut"),
    CERT_EXPIRED: _("Utgånget"),
}


def person_row_is_overdue(row: dict) -> bool:
    return (
        row["due_state"] == DUE_PASSED
        and row["progress"] != COMPLETED
        and row["cert"] not in (CERT_VALID, CERT_EXPIRING)
    )


def people_rows_iter(
    *,
    units: list[OrgUnit],
    courses: list[Course],
    status: str,
    professional_group: str = "",
    direct: bool = False,
    chunk_size: int = 2000,
) -> Iterator[tuple[Course, dict]]:
    """Every person behind a figure, course after course, fetched `chunk_size` rows at a time
    (a server-side cursor on PostgreSQL), so memory stays flat however many rows."""
    for course in courses:
        rows = people_get(
            units=units,
            course=course,
            status=status,
            professional_group=professional_group,
            direct=direct,
        )
        for row in rows.iterator(chunk_size=chunk_size):
            yield course, row


# --- Completions per month --------------------------------------------------


def month_starts(*, today: datetime.date, months: int) -> list[datetime.date]:
    """The first days of the last `months` calendar months, oldest first, this month last."""
    year, month = today.year, today.month
    out = []
    for _i in range(months):
        out.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def completions_by_month_get(
    *,
    units: list[OrgUnit],
    courses: list[Course],
    professional_group: str = "",
    months: int = 12,
    today: datetime.date | None = None,
) -> dict[int, list[tuple[datetime.date, int]]]:
    """Completed rounds per course and calendar month (local time), the last `months` months.

    One query: a count per month boundary pair, so the database compares the
    indexed completion time with fixed instants instead of truncating every
    row to its month (which SQLite does in Python, row by row).
    """
    today = today or clock.today()
    starts = month_starts(today=today, months=months)
    next_month = (starts[-1] + datetime.timedelta(days=32)).replace(day=1)
    edges = [
        timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        for day in [*starts, next_month]
    ]
    users = staff_in(units=units, professional_group=professional_group)
    rows = (
        Enrollment.objects.filter(
            course__in=courses, completed_at__gte=edges[0], completed_at__lt=edges[-1]
        )
        .filter(user__in=users)
        .values("course_id")
        .annotate(
            **{
                f"m{i}": Count(
                    "pk", filter=Q(completed_at__gte=edges[i], completed_at__lt=edges[i + 1])
                )
                for i in range(months)
            }
        )
        .order_by()
    )
    counts = {row["course_id"]: row for row in rows}
    return {
        course.pk: [
            (start, counts.get(course.pk, {}).get(f"m{i}", 0)) for i, start in enumerate(starts)
        ]
        for course in courses
    }
