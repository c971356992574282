"""Manager reporting pages. Every view starts from the requester's scope, as
`reporting.policies.reporting_policy` grants it: managers see their units and
everything below them, administrators the whole organisation, everyone else 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.api import professional_group_key
from audit.api import AuditAction, audit_event_record
from certificates.api import code_format
from common import clock
from common.csv import csv_response
from common.errors import BadRequest, handle_domain_errors
from courses.api import CourseRequirement

from . import services
from .charts import bar_chart
from .forms import ReportFilterForm, ReportFilters, RequirementForm
from .panels import dashboard_panels_get
from .policies import REQUIRE, VIEW, reporting_policy
from .selectors import (
    ReportingScope,
    completions_by_month_get,
    dashboard_get,
    outdated_holders_add,
    people_get,
    people_rows_iter,
    professional_groups_get,
    reporting_scope_get,
)
from .states import Figure, LearnerState

PAGE_SIZE = 100


def _scope_and_filters(request) -> tuple[ReportingScope, ReportFilters]:
    """The requester's scope (403 outside the policy) and the query string's filters,
    validated (404 for a unit outside the scope or an unknown course, 400 for the rest)."""
    scope = reporting_scope_get(user=request.user)
    form = ReportFilterForm(request.GET, scope=scope)
    if not form.is_valid():
        raise BadRequest(form.error_message())
    return scope, form.filters


def _dashboard_summaries(scope: ReportingScope, filters: ReportFilters) -> list:
    """The dashboard's summaries per course, with the holders of outdated versions counted."""
    summaries = dashboard_get(
        scope=scope, unit=filters.unit, courses=filters.courses, professional_group=filters.group
    )
    outdated_holders_add(
        summaries=summaries, scope=scope, unit=filters.unit, professional_group=filters.group
    )
    return summaries


def _unit_choices(scope: ReportingScope) -> list[tuple]:
    """Units for the filter, indented by their depth below the top of the scope."""
    if not scope.units:
        return []
    top = min(u.depth for u in scope.top_units)
    return [(u, "\u2014 " * (u.depth - top)) for u in scope.units]


def _filter_context(scope: ReportingScope, filters: ReportFilters) -> dict:
    groups = professional_groups_get(scope=scope)
    chosen = professional_group_key(filters.group)
    return {
        "scope": scope,
        "filters": filters,
        "unit_choices": _unit_choices(scope),
        "groups": groups,
        # The group option to show as chosen, whatever the spelling in the address.
        "selected_group": next((g for g in groups if professional_group_key(g) == chosen), ""),
        "statuses": Figure.choices,
    }


@login_required
@require_safe
@handle_domain_errors
def dashboard(request):
    scope, filters = _scope_and_filters(request)
    summaries = _dashboard_summaries(scope, filters)
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
                    Figure(name).label,
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
            "panels": dashboard_panels_get(filters),
        },
    )


def _row_state(row: dict) -> tuple[LearnerState, object]:
    """The row's state and the date the person must be done by."""
    state = LearnerState.from_code(row["state"])
    due_date = state.due_date(
        requirement_due_on=row["due_date"],
        expires_on=row["certificate_expires_on"],
        revoked_at=row["certificate_revoked_at"],
    )
    return state, due_date


def _track_label(row: dict) -> str:
    """How the latest round was completed: in a facilitated group or self-paced."""
    if not row["completed_at"]:
        return ""
    return _("I grupp") if row["certificate_taken_in_group"] else _("På egen hand")


def _person_rows(rows):
    for row in rows:
        state, row["due_date"] = _row_state(row)
        row["status_label"] = state.status_label
        row["cert_label"] = state.cert_label
        row["is_expiring"] = state.is_expiring
        row["certificate_display"] = code_format(row["certificate_code"] or "")
        row["is_overdue"] = state.is_overdue
        row["track_label"] = _track_label(row)
        yield row


@login_required
@require_safe
@handle_domain_errors
def people(request):
    scope, filters = _scope_and_filters(request)
    context = {
        **_filter_context(scope, filters),
        "export_query": filters.query(),
        "page_query": filters.query(),
        "status_label": Figure(filters.status).label,
    }
    if filters.course is None:
        # "All courses": the list is one course's, so ask which (the CSV has them all).
        return render(request, "reporting/person_list.html", {**context, "choose_course": True})
    rows = people_get(
        units=filters.units,
        course=filters.course,
        status=filters.status,
        professional_group=filters.group,
        direct=filters.direct,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(_person_rows(page.object_list))
    return render(request, "reporting/person_list.html", {**context, "page": page})


@login_required
@require_safe
@handle_domain_errors
def people_export(request):
    """The people list as CSV (the dialect of `common.csv`), streamed row by row so memory
    stays flat however many rows there are."""
    _scope, filters = _scope_and_filters(request)
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
        _("Genomförd"),
    ]
    rows = people_rows_iter(
        units=filters.units,
        courses=filters.courses,
        status=filters.status,
        professional_group=filters.group,
        direct=filters.direct,
    )

    def lines():
        yield header
        for course, row in rows:
            state, due_date = _row_state(row)
            yield [
                course.title,
                row["last_name"],
                row["first_name"],
                row["employee_id"],
                row["unit__name"],
                row["professional_group"],
                state.status_label,
                row["started_at"],
                row["completed_at"],
                due_date,
                _("ja") if state.is_overdue else "",
                code_format(row["certificate_code"] or ""),
                state.cert_label,
                row["certificate_expires_on"],
                # Last, so the columns people's own spreadsheets read keep their places.
                _track_label(row),
            ]

    _audit_export(request, "reporting_people_csv", filters, _("Uppföljning: personer (CSV)"))
    return csv_response(
        lines(), filename=f"uppfoljning-{filters.status}-{clock.today().isoformat()}.csv"
    )


@login_required
@require_safe
@handle_domain_errors
def dashboard_export(request):
    """The dashboard's figures as CSV: one line per course and unit row."""
    scope, filters = _scope_and_filters(request)
    summaries = _dashboard_summaries(scope, filters)

    def lines():
        yield [_("Kurs"), _("Enhet")] + [label for _name, label in Figure.choices]
        for summary in summaries:
            for row in summary.rows:
                unit_name = row.unit.name if row.unit.pk else _("Alla enheter")
                if row.kind == "direct":
                    unit_name = _("%(unit)s (direkt)") % {"unit": unit_name}
                yield [summary.course.title, unit_name] + [v for _n, v in row.figures.items()]

    _audit_export(request, "reporting_dashboard_csv", filters, _("Uppföljning: översikt (CSV)"))
    return csv_response(lines(), filename=f"uppfoljning-oversikt-{clock.today().isoformat()}.csv")


def _audit_export(request, export: str, filters, target: str) -> None:
    """Log a reporting export: who took which selection, from where (before it is streamed)."""
    audit_event_record(
        action=AuditAction.PERSONAL_DATA_EXPORTED,
        request=request,
        target=target,
        detail={"export": export, "query": request.GET.urlencode()[:500]},
    )


# --- Required courses --------------------------------------------------------


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
    requirements = list(
        reporting_policy.filter_queryset(
            request.user,
            VIEW,
            CourseRequirement.objects.select_related("course", "unit").order_by(
                "due_date", "course__title", "pk"
            ),
        )
    )
    for requirement in requirements:
        requirement.may_delete = reporting_policy.user_can(request.user, REQUIRE, requirement)
    return render(
        request,
        "reporting/requirement_list.html",
        {"form": form, "requirements": requirements, "today": clock.today()},
        status=status,
    )


@login_required
@require_POST
def requirement_delete(request, pk: int):
    reporting_scope_get(user=request.user)  # 403 for anyone but managers and administrators
    requirements = reporting_policy.filter_queryset(
        request.user, VIEW, CourseRequirement.objects.select_related("unit")
    )
    requirement = get_object_or_404(requirements, pk=pk)
    services.requirement_delete(by=request.user, requirement=requirement, request=request)
    messages.success(request, _("Kravet är borttaget."))
    return redirect("reporting:requirement-list")
