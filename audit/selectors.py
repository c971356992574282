"""Read-side queries of the audit log."""

from __future__ import annotations

from django.db.models import Q

from .models import AuditAction, AuditEvent


def audit_events_about_get(*, user) -> list[dict]:
    """The events a person did or that name them (sign-ins, role changes, exports), oldest
    first, as plain rows for their own data export. One query."""
    rows = (
        AuditEvent.objects.filter(Q(actor_id=user.pk) | Q(target=user.get_username()))
        .order_by("at", "pk")
        .values("at", "action", "actor_label", "target", "client_address")
    )
    labels = dict(AuditAction.choices)
    return [{**row, "action_label": str(labels.get(row["action"], row["action"]))} for row in rows]
