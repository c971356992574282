import datetime
import json

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms import DateField
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import clock
from common.csv import csv_response

from .models import AuditAction, AuditEvent
from .services import audit_event_record


class PersonFilter(admin.ListFilter):
    """Events by or about one person: the user name as done by, or as what the event concerns."""

    title = _("person")
    parameter_name = "person"
    template = "admin/audit/text_filter.html"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        value = params.pop(self.parameter_name, [""])
        self.value = (value[-1] if isinstance(value, list) else value).strip()

    def has_output(self):
        return True

    def expected_parameters(self):
        return [self.parameter_name]

    def queryset(self, request, queryset):
        if not self.value:
            return queryset
        return queryset.filter(
            Q(actor_label__iexact=self.value)
            | Q(actor__username__iexact=self.value)
            | Q(target__iexact=self.value)
        )

    def choices(self, changelist):
        # One "choice": the text box (the template renders it with the other parameters).
        yield {
            "value": self.value,
            "parameter_name": self.parameter_name,
            "other_params": _other_params(changelist, {self.parameter_name}),
        }


class DateRangeFilter(admin.ListFilter):
    """Events from one date up to and including another (site-local dates, either may be empty)."""

    title = _("datumintervall")
    template = "admin/audit/date_range_filter.html"
    start_name, end_name = "from", "to"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.raw = {}
        self.dates = {}
        for name in (self.start_name, self.end_name):
            value = params.pop(name, [""])
            text = (value[-1] if isinstance(value, list) else value).strip()
            self.raw[name] = text
            if text:
                try:
                    self.dates[name] = DateField().clean(text)
                except ValidationError as exc:
                    raise admin.options.IncorrectLookupParameters(exc) from exc

    def has_output(self):
        return True

    def expected_parameters(self):
        return [self.start_name, self.end_name]

    def queryset(self, request, queryset):
        zone = timezone.get_current_timezone()
        if start := self.dates.get(self.start_name):
            queryset = queryset.filter(
                at__gte=datetime.datetime.combine(start, datetime.time(), zone)
            )
        if end := self.dates.get(self.end_name):
            after = end + datetime.timedelta(days=1)
            queryset = queryset.filter(
                at__lt=datetime.datetime.combine(after, datetime.time(), zone)
            )
        return queryset

    def choices(self, changelist):
        yield {
            "start": self.raw[self.start_name],
            "end": self.raw[self.end_name],
            "other_params": _other_params(changelist, {self.start_name, self.end_name}),
        }


def _other_params(changelist, exclude: set[str]) -> list[tuple[str, str]]:
    """The list's other query parameters, kept as hidden fields when a text filter is sent."""
    return [
        (key, value)
        for key, values in changelist.params.items()
        if key not in exclude and key != "p"
        for value in (values if isinstance(values, list) else [values])
    ]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: administrators filter, read and export; nobody adds, changes or deletes."""

    list_display = ["at", "actor_label", "action", "target", "client_address"]
    list_filter = ["action", PersonFilter, DateRangeFilter]
    search_fields = ["actor_label", "target", "client_address"]
    date_hierarchy = "at"
    readonly_fields = ["at", "actor", "actor_label", "action", "target", "detail", "client_address"]
    actions = ["export_csv"]
    change_list_template = "admin/audit/auditevent_change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_filtered_view),
                name="audit_auditevent_export",
            ),
            *super().get_urls(),
        ]

    def export_filtered_view(self, request):
        """Every event the list shows with its current filters and search, as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        return self._csv(request, changelist.get_queryset(request), scope="filtered")

    @admin.action(description=_("Exportera markerade händelser som CSV"))
    def export_csv(self, request, queryset):
        """The chosen events as CSV."""
        return self._csv(request, queryset, scope="selected")

    def _csv(self, request, queryset, *, scope: str):
        """The events as CSV (common/csv.py); the export is logged too (it holds personal data)."""
        events = queryset.order_by("at", "pk")
        audit_event_record(
            action=AuditAction.PERSONAL_DATA_EXPORTED,
            request=request,
            target=str(_("Granskningslogg (CSV)")),
            detail={
                "export": "audit_csv",
                "scope": scope,
                "events": events.count(),
                "query": request.GET.urlencode()[:500],
            },
        )
        header = [
            _("tidpunkt"),
            _("utförd av"),
            _("händelse"),
            _("gäller"),
            _("från adress"),
            _("detaljer"),
        ]

        def rows():
            yield header
            for event in events.iterator(chunk_size=2000):
                yield [
                    timezone.localtime(event.at).isoformat(timespec="seconds"),
                    event.actor_label,
                    event.action,
                    event.target,
                    event.client_address,
                    _detail_text(event.detail),
                ]

        return csv_response(rows(), filename=f"granskningslogg-{clock.today().isoformat()}.csv")


def _detail_text(detail) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else ""
