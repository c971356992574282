"""Read side of manager reporting: the counts and lists a manager sees, within their scope.

What each state and figure means is defined once, in `reporting.states`; who
sees which units, once, in `reporting.policies`. Every figure is counted in the
database. Only active accounts count as staff. Reflection answers and quiz
answers are never read here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from enum import IntEnum

from django.core.exceptions import EmptyResultSet, PermissionDenied
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
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import OrgUnit, ProfessionalGroup, User, professional_group_key
from certificates.api import Certificate
from common import clock
from common.hot import placeholders, rows_where
from courses.api import (
    Course,
    CourseCard,
    CourseRequirement,
    CourseStatus,
    CourseVersion,
    Enrollment,
    my_courses_get,
)

from .policies import VIEW, reporting_policy
from .states import (
    CERT_EXPIRED,
    CERT_EXPIRED_LATE,
    CERT_EXPIRING,
    CERT_NONE,
    CERT_REVOKED,
    CERT_REVOKED_LATE,
    CERT_VALID,
    COMPLETED,
    DUE_LATER,
    DUE_PASSED,
    EXPIRY_WARNING,
    IN_PROGRESS,
    NOT_REQUIRED,
    NOT_STARTED,
    Figure,
    LearnerState,
    cert_state,
    figure_codes,
    renewal_days,
    requirement_applies,
    requirement_people_q,
)

__all__ = ["Figure", "Figures", "LearnerState"]  # re-exported for callers of the selectors


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
    """The reporting scope of `user`, as `reporting_policy` grants it. Raises
    PermissionDenied for anyone but managers and administrators.

    Queries: the user's groups (1, cached on the user), the managed units (1,
    managers only), the units in scope (1).
    """
    if not reporting_policy.user_can(user, VIEW):
        if not user.is_authenticated:
            raise PermissionDenied
        raise PermissionDenied(_("Uppföljningen är till för chefer och administratörer."))
    units = reporting_policy.filter_queryset(user, VIEW, OrgUnit.objects.all())
    return ReportingScope(
        user=user,
        whole_organisation=reporting_policy.is_organisation_wide(user),
        units=list(units.only("pk", "code", "name", "path", "parent_id").order_by("path")),
    )


# --- Per person and course states, as SQL expressions -----------------------


def _latest_enrollment(course: Course) -> QuerySet:
    return Enrollment.objects.filter(user=OuterRef("pk"), course=course).order_by("-round")


def _latest_certificate(course: Course) -> QuerySet:
    # Reached through the person's enrollments (indexed by user and course) rather than
    # Certificate.user/course: SQLite's planner otherwise scans the course's whole
    # (course, expires_on) index once per person. The latest round's certificate is
    # the latest one, as on the dashboard; a revoked one counts (it makes the course
    # due again).
    return Certificate.objects.filter(
        enrollment__user=OuterRef("pk"), enrollment__course=course
    ).order_by("-enrollment__round")


def _requirements(course: Course) -> list[CourseRequirement]:
    return list(
        CourseRequirement.objects.filter(course=course)
        .select_related("unit")
        .order_by("due_date", "pk")
    )


def _progress_case(prefix: str = "") -> Case:
    """The progress state of an enrollment row (reached through `prefix`)."""
    return Case(
        When(**{f"{prefix}completed_at__isnull": False}, then=Value(COMPLETED)),
        default=Value(IN_PROGRESS),
        output_field=IntegerField(),
    )


def _cert_case(today: datetime.date, prefix: str = "") -> Case:
    """The state of a certificate row (reached through `prefix`), as
    `Certificate.status_on(today)` reads it, with expired and revoked split by whether
    their renewal due date (`renewal_days()` later) has passed."""
    expires_on, revoked_at = f"{prefix}expires_on", f"{prefix}revoked_at"
    late = today - datetime.timedelta(days=renewal_days())
    # Revoked on a local date before `late`: the renewal due date has passed.
    late_start = timezone.make_aware(datetime.datetime.combine(late, datetime.time.min))
    return Case(
        When(**{f"{revoked_at}__lt": late_start}, then=Value(CERT_REVOKED_LATE)),
        When(**{f"{revoked_at}__isnull": False}, then=Value(CERT_REVOKED)),
        When(**{f"{expires_on}__isnull": True}, then=Value(CERT_VALID)),
        When(**{f"{expires_on}__lt": late}, then=Value(CERT_EXPIRED_LATE)),
        When(**{f"{expires_on}__lt": today}, then=Value(CERT_EXPIRED)),
        When(**{f"{expires_on}__lte": today + EXPIRY_WARNING}, then=Value(CERT_EXPIRING)),
        default=Value(CERT_VALID),
        output_field=IntegerField(),
    )


def group_spellings_get() -> dict[str, list[str]]:
    """Every spelling of a professional group among the accounts, by its key (1 query)."""
    spellings: dict[str, list[str]] = {}
    for name in (
        User.objects.exclude(professional_group="")
        .order_by()
        .values_list("professional_group", flat=True)
        .distinct()
    ):
        spellings.setdefault(professional_group_key(name), []).append(name)
    return spellings


def _spellings_for(requirements: list[CourseRequirement]) -> dict[str, list[str]]:
    """The spellings `requirement_people_q` needs: none to look up without a group."""
    if any(requirement.professional_group for requirement in requirements):
        return group_spellings_get()
    return {}


def _due_date_expression(requirements: list[CourseRequirement], spellings: dict):
    """The earliest due date of the requirements that apply to the person (NULL: not required).

    Requirements are few per course: they become a CASE over the person's unit
    path and professional group, in due-date order, so the first match is the
    earliest, with no subquery per person.
    """
    whens = [
        When(
            requirement_people_q(requirement, spellings=spellings),
            then=Value(requirement.due_date),
        )
        for requirement in requirements
    ]
    if not whens:
        return Value(None, output_field=CourseRequirement._meta.get_field("due_date"))
    return Case(*whens, default=None, output_field=CourseRequirement._meta.get_field("due_date"))


def _due_state_expression(
    requirements: list[CourseRequirement], today: datetime.date, spellings: dict
):
    """DUE_PASSED / DUE_LATER for the earliest requirement that applies, NOT_REQUIRED if none."""
    # Requirements come in due-date order: the first that applies decides.
    whens = [
        When(
            requirement_people_q(requirement, spellings=spellings),
            then=Value(DUE_PASSED if requirement.due_date < today else DUE_LATER),
        )
        for requirement in requirements
    ]
    if not whens:
        return Value(NOT_REQUIRED, output_field=IntegerField())
    return Case(*whens, default=Value(NOT_REQUIRED), output_field=IntegerField())


def _state_annotations(course: Course, requirements, today: datetime.date, spellings) -> dict:
    """progress, cert, due_state and their packed `state` code (see `LearnerState.code`) of
    each person for `course`: one subquery each for the latest round and the latest
    certificate."""
    progress = Coalesce(
        Subquery(
            _latest_enrollment(course).annotate(state=_progress_case()).values("state")[:1],
            output_field=IntegerField(),
        ),
        Value(NOT_STARTED),
    )
    cert = Coalesce(
        Subquery(
            _latest_certificate(course).annotate(state=_cert_case(today)).values("state")[:1],
            output_field=IntegerField(),
        ),
        Value(CERT_NONE),
    )
    return {
        "progress": progress,
        "cert": cert,
        "due_state": _due_state_expression(requirements, today, spellings),
        "state": F("progress") * 100 + F("cert") * 10 + F("due_state"),
    }


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
        spellings = group_spellings_get().get(professional_group_key(professional_group), [])
        users = users.filter(professional_group__in=spellings)
    return users


# --- The dashboard ---------------------------------------------------------------


@dataclass
class Figures:
    """The figures of one dashboard row: how many people count in each `Figure` (one field
    per figure, in its order)."""

    staff: int = 0
    required: int = 0
    not_started: int = 0
    in_progress: int = 0
    completed: int = 0
    cert_valid: int = 0
    cert_expiring: int = 0
    cert_expired: int = 0
    renewal_due: int = 0
    overdue: int = 0

    def add(self, *, count: int, state: LearnerState) -> None:
        """Add `count` people who share `state` (one row of the grouped query)."""
        for figure in state.figures():
            setattr(self, figure.value, getattr(self, figure.value) + count)

    def items(self) -> list[tuple[str, int]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self)]


@dataclass
class DashboardRow:
    unit: OrgUnit
    figures: Figures
    # "total": the selected unit with everything below it; "direct": its own staff only.
    kind: str = "subtree"
    # Holders of a valid certificate for a version before a significant change
    # (set by `outdated_holders_add`).
    outdated: int = 0


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
    """The professional groups of the staff in scope, for the filter: one per group, in its
    most common spelling (1 query)."""
    users = User.objects.filter(unit__in=[u.pk for u in scope.units], is_active=True)
    counts = (
        users.exclude(professional_group="")
        .values_list("professional_group")
        .annotate(n=Count("pk"))
        .order_by("-n", "professional_group")
    )
    groups: dict[str, str] = {}
    for name, _n in counts:
        groups.setdefault(professional_group_key(name), " ".join(name.split()))
    return sorted(groups.values(), key=str.casefold)


def professional_group_choices_get() -> list[str]:
    """Every professional group a requirement can target: the list kept by the HR import and
    administrators, and any group people carry that is not on it yet, one per key (2 queries)."""
    groups = {group.key: group.name for group in ProfessionalGroup.objects.all()}
    for key, names in group_spellings_get().items():
        groups.setdefault(key, " ".join(names[0].split()))
    return sorted(groups.values(), key=str.casefold)


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
) -> int:
    """The due state of people in one unit and professional group (requirements in due-date
    order: the first that applies decides)."""
    for requirement in requirements:
        if requirement_applies(
            requirement, unit_path=unit_path, professional_group=professional_group
        ):
            return DUE_PASSED if requirement.due_date < today else DUE_LATER
    return NOT_REQUIRED


def _grouped_states(
    *,
    users: QuerySet,
    courses: list[Course],
    requirements: dict,
    today: datetime.date,
    units: list[OrgUnit],
) -> list[tuple]:
    """(course index, unit id, LearnerState, number of people), in two queries.

    1. Staff per unit and professional group.
    2. People who started, per course, unit, professional group and state: an
       inner query (built by the ORM) keeps per person and course the state of
       the latest round and of its latest certificate,
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
            p=Max(F("round") * 10 + _progress_case()),
            c=Max(
                Case(
                    When(
                        certificate__isnull=False,
                        then=F("round") * 10 + _cert_case(today, prefix="certificate__"),
                    ),
                    default=None,
                    output_field=IntegerField(),
                )
            ),
        )
        .order_by()
    )
    try:
        inner_sql, params = per_person.query.sql_with_params()
    except EmptyResultSet:
        # Nobody to count (a scope without people in units): the ORM knows the
        # answer is empty and builds no SQL for it.
        inner_sql = None
    started = []
    if inner_sql is not None:
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
    due_cache: dict[tuple, int] = {}

    def due_state(course_id: int, unit_id: int, group: str) -> int:
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
        state = LearnerState(
            progress=progress,
            cert=CERT_NONE if cert is None else cert,
            due=due_state(course_id, unit_id, group),
        )
        out.append((course_index[course_id], unit_id, state, count))
    for (course_id, unit_id, group), count in not_started.items():
        if count:
            state = LearnerState(due=due_state(course_id, unit_id, group))
            out.append((course_index[course_id], unit_id, state, count))
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
    for index, unit_id, state, count in groups:
        summary = summaries[index]
        summary.total.figures.add(count=count, state=state)
        if summary.direct is not None and unit_id == unit.pk:
            summary.direct.figures.add(count=count, state=state)
            continue
        unit_path = paths.get(unit_id, "")
        for row in summary.by_unit.values():
            if unit_path.startswith(row.unit.path):
                row.figures.add(count=count, state=state)
                break
    for summary in summaries:
        if summary.direct is not None and summary.direct.figures.staff:
            summary.rows.append(summary.direct)
        summary.rows.extend(summary.by_unit.values())
    return summaries


def outdated_holders_add(
    *,
    summaries: list[CourseSummary],
    scope: ReportingScope,
    unit: OrgUnit | None,
    professional_group: str = "",
    today: datetime.date | None = None,
) -> None:
    """Set `row.outdated` on every dashboard row: people holding a valid certificate for a
    course version older than the course's latest significant change ("väsentlig ändring").

    Valid means as on My certificates: not revoked, not expired, not superseded by
    a newer certificate. Queries: 1 (grouped per course and unit in the database).
    """
    today = today or clock.today()
    for summary in summaries:
        for row in summary.rows:
            row.outdated = 0
    if not summaries:
        return
    base_units = [unit] if unit is not None else scope.top_units
    latest_significant = (
        CourseVersion.objects.filter(course=OuterRef("course"), significant=True)
        .order_by("-version")
        .values("version")[:1]
    )
    counts = (
        Certificate.objects.with_newer()
        .filter(
            course__in=[s.course for s in summaries],
            user__in=staff_in(units=base_units, professional_group=professional_group).values("pk"),
            revoked_at__isnull=True,
            has_newer=False,
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .annotate(latest_significant=Subquery(latest_significant))
        .filter(course_version__lt=F("latest_significant"))
        .values_list("course_id", "user__unit_id")
        .annotate(n=Count("user_id", distinct=True))
        .order_by()
    )
    paths = {u.pk: u.path for u in scope.units}
    by_course = {s.course.pk: s for s in summaries}
    for course_id, unit_id, n in counts:
        summary = by_course[course_id]
        summary.total.outdated += n
        if summary.direct is not None and unit is not None and unit_id == unit.pk:
            summary.direct.outdated += n
            continue
        unit_path = paths.get(unit_id, "")
        for row in summary.by_unit.values():
            if unit_path.startswith(row.unit.path):
                row.outdated += n
                break


# --- The people behind a figure ---------------------------------------------


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

    Each row: pk, first_name, last_name, unit name, professional group, the
    packed `state` (`LearnerState.from_code`), started_at, completed_at (latest round), due_date,
    certificate code, expiry, revocation and whether it was taken in a group. One
    query however many rows; slice it or `.iterator()` it. No reflection or quiz
    answer is part of it.
    """
    today = today or clock.today()
    requirements = _requirements(course)
    spellings = _spellings_for(requirements)
    latest = _latest_enrollment(course)
    certificate = _latest_certificate(course)
    return (
        staff_in(units=units, professional_group=professional_group, direct=direct)
        .annotate(**_state_annotations(course, requirements, today, spellings))
        .filter(_figure_filter(Figure(status)))
        .annotate(
            started_at=Subquery(latest.values("started_at")[:1]),
            completed_at=Subquery(latest.values("completed_at")[:1]),
            due_date=_due_date_expression(requirements, spellings),
            certificate_code=Subquery(certificate.values("code")[:1]),
            certificate_expires_on=Subquery(certificate.values("expires_on")[:1]),
            certificate_revoked_at=Subquery(certificate.values("revoked_at")[:1]),
            certificate_taken_in_group=Subquery(certificate.values("taken_in_group")[:1]),
        )
        .order_by("last_name", "first_name", "pk")
        .values(
            "pk",
            "first_name",
            "last_name",
            "employee_id",
            "unit__name",
            "professional_group",
            "state",
            "started_at",
            "completed_at",
            "due_date",
            "certificate_code",
            "certificate_expires_on",
            "certificate_revoked_at",
            "certificate_taken_in_group",
        )
    )


def _figure_filter(figure: Figure) -> Q:
    """The people list's filter of `figure`: the same rule the dashboard counts with."""
    codes = figure_codes(figure)
    return Q() if codes is None else Q(state__in=codes)


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


# --- The learner's start page, most urgent first --------------------------------

# A required course due within this many days counts as "due soon".
DUE_SOON = datetime.timedelta(days=30)


class Urgency(IntEnum):
    """How urgent a course is for the learner; the start page lists the lowest first."""

    OVERDUE = 0
    DUE_SOON = 1
    IN_PROGRESS = 2
    NOT_STARTED = 3
    DONE = 4


@dataclass(frozen=True)
class LearnerCourse:
    """One course on a learner's start page: its card, state, due date and urgency."""

    card: CourseCard
    state: LearnerState
    due_date: datetime.date | None
    urgency: Urgency


def learner_courses_by_urgency_get(
    *, user, today: datetime.date | None = None, cards: list[CourseCard] | None = None
):
    """The learner's published courses, most urgent first: overdue required, due within
    `DUE_SOON`, in progress, not started, done; then by due date and title.

    The states are the managers' (`reporting.states`): a required course whose
    certificate expired or was revoked is due again. Queries: the course cards
    (`my_courses_get`, which also find the requirements that apply to the
    learner) and the learner's certificates (1).
    """
    today = today or clock.today()
    cards = my_courses_get(user=user) if cards is None else cards
    courses = [card.course for card in cards]
    certificates: dict[int, Certificate] = {}
    ids = [course.pk for course in courses]
    if ids:
        # The start page asks on every visit: one lookup without the ORM's query building
        # (common.hot), by the holder's rounds of these courses.
        enrollment = Enrollment._meta.db_table
        rounds = (
            f"SELECT e.id FROM {enrollment} e"  # noqa: S608
            f" WHERE e.user_id = %s AND e.course_id IN ({placeholders(ids)})"
        )
        round_of = f"(SELECT e.round FROM {enrollment} e WHERE e.id = enrollment_id)"  # noqa: S608
        for certificate in rows_where(
            Certificate,
            f"enrollment_id IN ({rounds}) ORDER BY course_id, {round_of}",
            [user.pk, *ids],
        ):
            certificates[certificate.course_id] = certificate  # the latest round's wins
    out = []
    for card in cards:
        # The card holds the requirements that apply to the learner, and their earliest date.
        requirement_due = card.due_date
        certificate = certificates.get(card.course.pk)
        if card.enrollment is None:
            progress = NOT_STARTED
        else:
            progress = COMPLETED if card.enrollment.is_completed else IN_PROGRESS
        state = LearnerState(
            progress=progress,
            cert=CERT_NONE
            if certificate is None
            else cert_state(
                expires_on=certificate.expires_on, revoked_at=certificate.revoked_at, today=today
            ),
            due=NOT_REQUIRED
            if requirement_due is None
            else (DUE_PASSED if requirement_due < today else DUE_LATER),
        )
        due_date = state.due_date(
            requirement_due_on=requirement_due,
            expires_on=certificate.expires_on if certificate else None,
            revoked_at=certificate.revoked_at if certificate else None,
        )
        if state.is_overdue:
            urgency = Urgency.OVERDUE
        elif state.is_required and not state.is_done and due_date <= today + DUE_SOON:
            urgency = Urgency.DUE_SOON
        elif state.is_done:
            urgency = Urgency.DONE
        elif progress == IN_PROGRESS:
            urgency = Urgency.IN_PROGRESS
        else:
            urgency = Urgency.NOT_STARTED
        out.append(LearnerCourse(card=card, state=state, due_date=due_date, urgency=urgency))
    return sorted(
        out,
        key=lambda item: (
            item.urgency,
            item.due_date or datetime.date.max,
            item.card.course.title.casefold(),
        ),
    )


def course_cards_by_urgency(user, cards: list[CourseCard]) -> list[CourseCard]:
    """The start page's order (installed in ReportingConfig.ready): most urgent first."""
    return [item.card for item in learner_courses_by_urgency_get(user=user, cards=cards)]
