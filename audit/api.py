"""What other apps may use from `audit`: record an event."""

from .models import AuditAction
from .services import audit_event_record

__all__ = ["AuditAction", "audit_event_record"]
