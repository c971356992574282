"""Manager reporting pages. Every view starts from the requester's scope: managers see their
units and everything below them, administrators the whole organisation, everyone else 403."""

import csv
import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from certificates.codes import code_format
from common import clock
from courses.models import Course, CourseRequirement, CourseStatus

from . import services
from .charts import bar_chart
from .selectors import (
    CERT_LABELS,
    PROGRESS_LABELS,
    Figure,
    ReportingScope,
    completions_by_month_get,
    dashboard_get,
    people_get,
    people_rows_iter,
    person_row_is_overdue,
    professional_groups_get,
    reporting_courses_get,
    reporting_scope_get,
)

PAGE_SIZE = 100


def _bad_request(request, message: str):
    return render(request, "400.html", {"message": message}, status=400)


class Filters:
    """The filters every reporting page shares, read from the query string.

    A unit outside the requester's scope is a 404, as is an unknown course.
    """

    def __init__(self, request, scope: ReportingScope, *, course_required: bool = False):
        params = request.GET
        self.scope = scope
        self.unit = scope.unit_get(params["unit"]) if params.get("unit") else None
        if self.unit is None and len(scope.top_units) == 1:
            # One unit at the top (the usual manager): start with its breakdown.
            self.unit = scope.top_units[0]
        course_id = params.get("course") or None
        if course_id is not None and not course_id.isdigit():
            raise Http404
        self.all_courses = reporting_courses_get()
        if course_id is None and course_required:
            # A list is of one course: without a choice, the first one.
            if not self.all_courses:
                raise Http404(_("Det finns inga publicerade kurser."))
            course_id = str(self.all_courses[0].pk)
        self.courses = reporting_courses_get(course_id=course_id) if course_id else self.all_courses
        self.course = self.courses[0] if course_id else None
        self.group = params.get("group", "").strip()
        self.status = params.get("status") or Figure.STAFF
        if self.status not in Figure.labels:
            raise ValidationError(_("Okänd status."))
        self.direct = params.get("direct") == "1" and self.unit is not None

    @property
    def units(self):
        """The units whose subtrees the page covers: the chosen one, or the top of the scope."""
        return [self.unit] if self.unit is not None else self.scope.top_units

    def query(self, **overrides) -> str:
        values = {
            "unit": self.unit.pk if self.unit else "",
            "course": self.course.pk if self.course else "",
            "group": self.group,
            "status": self.status,
            "direct": "1" if self.direct else "",
        }
        values.update(overrides)
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


def _scope_and_filters(request, **kwargs):
    scope = reporting_scope_get(user=request.user)
    return scope, Filters(request, scope, **kwargs)


def _unit_choices(scope: ReportingScope) -> list[tuple]:
    """Units for the filter, indented by their depth below the top of the scope."""
    if not scope.units:
        return []
    top = min(u.depth for u in scope.top_units)
    return [(u, "\u2014 " * (u.depth - top)) for u in scope.units]


def _filter_context(scope: ReportingScope, filters: Filters) -> dict:
    return {
        "scope": scope,
        "filters": filters,
        "unit_choices": _unit_choices(scope),
        "groups": professional_groups_get(scope=scope),
        "statuses": Figure.choices,
    }


@login_required
@require_safe
def dashboard(request):
    try:
        scope, filters = _scope_and_filters(request)
    except ValidationError as exc:
        return _bad_request(request, exc.messages[0])
    summaries = dashboard_get(
        scope=scope, unit=filters.unit, courses=filters.courses, professional_group=filters.group
    )
    completions = completions_by_month_get(
        units=filters.units, courses=filters.courses, professional_group=filters.group
    )
    for summary in summaries:
        summary.chart = bar_chart(completions[summary.course.pk])
        for row in summary.rows:
            # (figure, count, label, query string of the people behind it)
            row.cells = [
                (
                    name,
                    value,
                    Figure.labels[name],
                    filters.query(
                        unit=row.unit.pk or "",
                        course=summary.course.pk,
                        status=name,
                        direct="1" if row.kind == "direct" else "",
                    ),
                )
                for name, value in row.figures.items()
            ]
    return render(
        request,
        "reporting/report_dashboard.html",
        {
            **_filter_context(scope, filters),
            "summaries": summaries,
            "figure_labels": Figure.choices,
            "export_query": filters.query(status=""),
        },
    )


def _person_rows(rows):
    for row in rows:
        row["progress_label"] = PROGRESS_LABELS[row["progress"]]
        row["cert_label"] = CERT_LABELS[row["cert"]]
        row["certificate_display"] = code_format(row["certificate_code"] or "")
        row["is_overdue"] = person_row_is_overdue(row)
        yield row


@login_required
@require_safe
def people(request):
    try:
        scope, filters = _scope_and_filters(request, course_required=True)
    except ValidationError as exc:
        return _bad_request(request, exc.messages[0])
    rows = people_get(
        units=filters.units,
        course=filters.course,
        status=filters.status,
        professional_group=filters.group,
        direct=filters.direct,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(_person_rows(page.object_list))
    return render(
        request,
        "reporting/person_list.html",
        {
            **_filter_context(scope, filters),
            "page": page,
            "status_label": Figure.labels[filters.status],
            "export_query": filters.query(),
            "page_query": filters.query(),
        },
    )


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


# Cells starting with these are formulas to a spreadsheet program: neutralise them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@login_required
@require_safe
def people_export(request):
    """The people list as CSV (semicolon-separated, UTF-8 with BOM for spreadsheet programs),
    streamed row by row so memory stays flat however many rows there are."""
    try:
        _scope, filters = _scope_and_filters(request)
    except ValidationError as exc:
        return _bad_request(request, exc.messages[0])
    writer = csv.writer(_Echo(), delimiter=";")
    header = [
        _("Kurs"),
        _("Efternamn"),
        _("Förnamn"),
        _("Anställningsnummer"),
        _("Enhet"),
        _("Yrkesgrupp"),
        _("Status"),
        _("Påbörjad"),
        _("Klar"),
        _("Klar senast"),
        _("Försenad"),
        _("Certifikat"),
        _("Certifikatstatus"),
        _("Giltigt till och med"),
    ]
    rows = people_rows_iter(
        units=filters.units,
        courses=filters.courses,
        status=filters.status,
        professional_group=filters.group,
        direct=filters.direct,
    )

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for course, row in rows:
            yield writer.writerow(
                [
                    _cell(course.title),
                    _cell(row["last_name"]),
                    _cell(row["first_name"]),
                    _cell(row["employee_id"]),
                    _cell(row["unit__name"]),
                    _cell(row["professional_group"]),
                    str(PROGRESS_LABELS[row["progress"]]),
                    _cell(row["started_at"]),
                    _cell(row["completed_at"]),
                    _cell(row["due_date"]),
                    _("ja") if person_row_is_overdue(row) else "",
                    code_format(row["certificate_code"] or ""),
                    str(CERT_LABELS[row["cert"]]),
                    _cell(row["certificate_expires_on"]),
                ]
            )

    name = f"uppfoljning-{filters.status}-{clock.today().isoformat()}.csv"
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def dashboard_export(request):
    """The dashboard's figures as CSV: one line per course and unit row."""
    try:
        scope, filters = _scope_and_filters(request)
    except ValidationError as exc:
        return _bad_request(request, exc.messages[0])
    summaries = dashboard_get(
        scope=scope, unit=filters.unit, courses=filters.courses, professional_group=filters.group
    )
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow(
            [_("Kurs"), _("Enhet")] + [str(label) for _name, label in Figure.choices]
        )
        for summary in summaries:
            for row in summary.rows:
                unit_name = row.unit.name if row.unit.pk else _("Alla enheter")
                if row.kind == "direct":
                    unit_name = _("%(unit)s (direkt)") % {"unit": unit_name}
                yield writer.writerow(
                    [_cell(summary.course.title), _cell(unit_name)]
                    + [value for _name, value in row.figures.items()]
                )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = f"uppfoljning-oversikt-{clock.today().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Required courses --------------------------------------------------------


class RequirementForm(forms.Form):
    course = forms.ModelChoiceField(label=gettext_lazy("Kurs"), queryset=None)
    unit = forms.TypedChoiceField(
        label=gettext_lazy("Enhet (och enheterna under den)"), coerce=int, required=False
    )
    professional_group = forms.CharField(
        label=gettext_lazy("Yrkesgrupp"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Tomt: alla yrkesgrupper i enheten."),
    )
    due_date = forms.DateField(
        label=gettext_lazy("Klar senast"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Datum som ÅÅÅÅ-MM-DD."),
    )

    def __init__(self, *args, scope: ReportingScope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["course"].queryset = Course.objects.filter(
            status=CourseStatus.PUBLISHED
        ).order_by("title")
        choices = [(u.pk, u.name) for u in scope.units]
        if scope.whole_organisation:
            choices = [("", _("Hela organisationen (ange yrkesgrupp)"))] + choices
        else:
            self.fields["unit"].required = True
        self.fields["unit"].choices = choices

    def clean_unit(self):
        value = self.cleaned_data.get("unit")
        if value in ("", None):
            return None
        return self.scope.unit_get(value)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("unit") is None and not cleaned.get("professional_group", "").strip():
            raise ValidationError(_("Välj en enhet, en yrkesgrupp eller båda."))
        return cleaned


def _visible_requirements(scope: ReportingScope):
    requirements = CourseRequirement.objects.select_related("course", "unit").order_by(
        "due_date", "course__title", "pk"
    )
    if scope.whole_organisation:
        return requirements
    return requirements.filter(Q(unit__in=[u.pk for u in scope.units]) | Q(unit__isnull=True))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def requirement_list(request):
    scope = reporting_scope_get(user=request.user)
    form = RequirementForm(request.POST or None, scope=scope)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            requirement = services.requirement_set(
                by=request.user,
                course=data["course"],
                unit=data["unit"],
                professional_group=data["professional_group"],
                due_date=data["due_date"],
            )
            messages.success(
                request,
                _("%(course)s är obligatorisk, klar senast %(date)s.")
                % {
                    "course": requirement.course.title,
                    "date": date_format(requirement.due_date, "j F Y"),
                },
            )
            return redirect("reporting:requirement-list")
        status = 400
    requirements = list(_visible_requirements(scope))
    for requirement in requirements:
        requirement.may_delete = scope.whole_organisation or (
            requirement.unit_id is not None and requirement.unit_id in scope.unit_ids
        )
    return render(
        request,
        "reporting/requirement_list.html",
        {"form": form, "requirements": requirements, "today": clock.today()},
        status=status,
    )


@login_required
@require_POST
def requirement_delete(request, pk: int):
    scope = reporting_scope_get(user=request.user)
    requirement = get_object_or_404(_visible_requirements(scope), pk=pk)
    services.requirement_delete(by=request.user, requirement=requirement)
    messages.success(request, _("Kravet är borttaget."))
    return redirect("reporting:requirement-list")
