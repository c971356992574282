import datetime
from collections.abc import Mapping

from django.db import models, transaction

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


@transaction.atomic
def audit_events_expire(*, before: datetime.datetime, actor=None, dry_run: bool = False) -> int:
    """Delete the events older than `before` (the retention period); return how many.

    The one way events leave the log: the queryset and model refuse
    deletion otherwise. The expiry is itself logged (with the cut-off and the
    count), so the log shows that and when it was thinned. With `dry_run`
    nothing changes and nothing is logged.
    """
    expired = AuditEvent.objects.filter(at__lt=before)
    count = expired.count()
    if dry_run or not count:
        return count
    # The plain QuerySet.delete, past AuditEventQuerySet's refusal: this is the sanctioned path.
    models.QuerySet.delete(expired)
    audit_event_record(
        action=AuditAction.AUDIT_EXPIRED,
        actor=actor,
        target=before.isoformat(),
        detail={"events": count, "before": before.isoformat()},
    )
    return count
