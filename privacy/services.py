"""Erasure of a person: personal data removed, learning records kept anonymous for statistics."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.api import User
from audit.api import AuditAction, audit_event_record, audit_events_expire
from certificates.api import Certificate, CertificateEvent, CertificateEventKind, certificate_rename
from common import clock
from courses.api import ReflectionAnswer
from reporting.api import ReminderLog
from sso.api import sso_identities_unlink

from .selectors import months_before, persons_past_retention_get

# Not translated: stored in the database, the same whatever language the admin uses.
ERASED_FIRST_NAME = "Raderad"
ERASED_LAST_NAME = "person"
# An erased person's certificates show this as the holder (see docs/decisions).
ERASED_HOLDER_NAME = "Uppgift raderad"
ERASURE_REASON = "Personuppgifterna raderade på begäran eller enligt gallringsregel"


def erased_username(user: User) -> str:
    return f"raderad-{user.pk}"


@transaction.atomic
def person_erase(*, user: User, by, request=None) -> None:
    """Erase the personal data held about `user`; keep their learning records anonymous.

    Name, user name, e-mail, employee id, unit, professional group, roles and
    managed units are replaced or cleared, the password made unusable and the
    account deactivated; reflection answers, reminder logs and single sign-on
    links are deleted.
    Enrollments, progress, attempts and responses stay, linked to the
    anonymous account, so course and quiz statistics still count them.
    Issued certificates stay verifiable with the holder name replaced by
    "Uppgift raderad" (renamed through the certificates service, PDF redone).

    Runs in one transaction; idempotent: erasing an erased person changes
    nothing. Raises PermissionDenied unless `by` is an administrator, and
    ValueError when an administrator tries to erase themselves.
    """
    if not (by.is_authenticated and by.is_administrator):
        raise PermissionDenied(_("Bara administratörer får radera personuppgifter."))
    if by.pk == user.pk:
        raise ValueError("An administrator cannot erase their own account.")
    user = User.objects.select_for_update().get(pk=user.pk)
    already_erased = user.username == erased_username(user)
    user.first_name = ERASED_FIRST_NAME
    user.last_name = ERASED_LAST_NAME
    user.username = erased_username(user)
    user.email = ""
    user.employee_id = None
    user.professional_group = ""
    user.unit = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    if user.has_usable_password():
        user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    user.managed_units.clear()

    ReflectionAnswer.objects.filter(user=user).delete()
    ReminderLog.objects.filter(user=user).delete()
    sso_identities_unlink(user=user)

    for certificate in Certificate.objects.filter(user=user).exclude(
        holder_name=ERASED_HOLDER_NAME
    ):
        certificate_rename(
            certificate=certificate, holder_name=ERASED_HOLDER_NAME, by=by, reason=ERASURE_REASON
        )
    # The rename log keeps earlier names; they are personal data too.
    CertificateEvent.objects.filter(
        certificate__user=user, kind=CertificateEventKind.RENAMED
    ).exclude(old_value=ERASED_HOLDER_NAME, new_value=ERASED_HOLDER_NAME).update(
        old_value=ERASED_HOLDER_NAME, new_value=ERASED_HOLDER_NAME
    )
    if not already_erased:
        # Who was erased is said by the account id only: the log must not keep the name.
        audit_event_record(
            action=AuditAction.PERSON_ERASED,
            actor=by,
            request=request,
            target=erased_username(user),
            detail={
                "user_id": user.pk,
                "certificates": Certificate.objects.filter(user=user).count(),
            },
        )


def persons_retention_apply(*, by, months: int, dry_run: bool = False) -> list[User]:
    """Erase every deactivated person whose retention period has passed; return them.

    Each person is erased in their own transaction (`person_erase`), so an
    interrupted run keeps what it finished and the next run goes on. With
    `dry_run` nothing changes. Raises PermissionDenied unless `by` is an
    administrator (the certificates' rename log records who ran it).
    """
    if not (by.is_authenticated and by.is_administrator):
        raise PermissionDenied(_("Bara administratörer får radera personuppgifter."))
    people = [p for p in persons_past_retention_get(months=months) if p.pk != by.pk]
    if not dry_run:
        for person in people:
            person_erase(user=person, by=by)
    return people


def audit_log_retention_apply(*, by, months: int, dry_run: bool = False) -> int:
    """Delete audit events older than `months` months (LARSPAR_AUDIT_RETENTION_MONTHS); return
    how many. The deletion is logged in `by`'s name. Raises PermissionDenied unless `by` is
    an administrator."""
    if not (by.is_authenticated and by.is_administrator):
        raise PermissionDenied(_("Bara administratörer får gallra granskningsloggen."))
    return audit_events_expire(before=months_before(clock.now(), months), actor=by, dry_run=dry_run)
