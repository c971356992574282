"""What other apps may use from `reporting` (privacy: reminders sent to a person)."""

from .models import ReminderKind, ReminderLog

__all__ = ["ReminderKind", "ReminderLog"]
