from collections.abc import Mapping

from django.db import transaction

from common import clock
from common.net import client_address

from .models import AuditAction, AuditEvent


@transaction.atomic
def audit_event_record(
    *,
    action: AuditAction,
    actor=None,
    request=None,
    target: str = "",
    detail: Mapping | None = None,
) -> AuditEvent:
    """Append one event to the audit log and return it.

    Call it inside the transaction of the change it records, so the entry
    exists exactly when the change does. `actor` defaults to the request's
    user; a request without a signed-in user is recorded as "anonym", no
    request at all as "system" (management commands).
    """
    user = getattr(request, "user", None)
    if actor is None and user is not None and user.is_authenticated:
        actor = user
    if actor is not None:
        label = actor.get_username()
    else:
        label = "anonym" if request is not None else "system"
    return AuditEvent.objects.create(
        at=clock.now(),
        actor=actor,
        actor_label=label[:200],
        action=action,
        target=str(target)[:300],
        detail=dict(detail or {}),
        client_address=client_address(request) if request is not None else "",
    )
