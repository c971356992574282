"""What other apps may use from `audit`: record an event."""

from .models import AuditAction
from .services import audit_event_record, audit_events_expire

__all__ = ["AuditAction", "audit_event_record", "audit_events_expire"]
