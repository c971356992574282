"""What other apps may use from `reporting`: reminders sent to a person (privacy), and
the dashboard's scope and filters for a section of their own (the group track)."""

from .forms import ReportFilters
from .models import ReminderKind, ReminderLog
from .panels import DashboardPanel, dashboard_panel_register
from .selectors import staff_in

__all__ = [
    "DashboardPanel",
    "ReminderKind",
    "ReminderLog",
    "ReportFilters",
    "dashboard_panel_register",
    "staff_in",
]
