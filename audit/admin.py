import csv

from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from common import clock

from .models import AuditAction, AuditEvent
from .services import audit_event_record


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: administrators filter, read and export; nobody adds, changes or deletes."""

    list_display = ["at", "actor_label", "action", "target", "client_address"]
    list_filter = ["action", "at"]
    search_fields = ["actor_label", "target", "client_address"]
    date_hierarchy = "at"
    readonly_fields = ["at", "actor", "actor_label", "action", "target", "detail", "client_address"]
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Exportera markerade händelser som CSV"))
    def export_csv(self, request, queryset):
        """The chosen events as CSV; the export is itself logged (it holds personal data)."""
        events = list(queryset.order_by("at", "pk"))
        audit_event_record(
            action=AuditAction.PERSONAL_DATA_EXPORTED,
            request=request,
            target=str(_("Granskningslogg (CSV)")),
            detail={"export": "audit_csv", "events": len(events)},
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="granskningslogg-{clock.today().isoformat()}.csv"'
        )
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow([_("tidpunkt"), _("utförd av"), _("händelse"), _("gäller"), _("från")])
        for event in events:
            writer.writerow(
                [
                    event.at.isoformat(),
                    _csv_safe(event.actor_label),
                    event.action,
                    _csv_safe(event.target),
                    event.client_address,
                ]
            )
        return response


def _csv_safe(value: str) -> str:
    """Cells a spreadsheet would run as a formula get a leading apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
