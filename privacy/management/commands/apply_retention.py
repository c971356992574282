"""Erase people whose accounts have been deactivated longer than the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.api import User
from privacy.services import audit_log_retention_apply, persons_retention_apply


class Command(BaseCommand):
    help = (
        "Radera personuppgifter och reflektioner för inaktiverade personer vars gallringstid "
        "(LARSPAR_RETENTION_MONTHS) har gått ut; kursresultaten sparas utan namn."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--by",
            required=True,
            help="användarnamnet på den administratör som gallringen görs i namn av",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="visa vilka som berörs utan att ändra något"
        )
        parser.add_argument(
            "--audit-months",
            type=int,
            default=None,
            help="granskningsloggens gallringstid i månader (standard: "
            "LARSPAR_AUDIT_RETENTION_MONTHS)",
        )
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="gallringstid i månader (standard: LARSPAR_RETENTION_MONTHS)",
        )

    def handle(
        self,
        *args,
        by: str,
        dry_run: bool,
        months: int | None,
        audit_months: int | None,
        **options,
    ):
        months = settings.LARSPAR_RETENTION_MONTHS if months is None else months
        if months < 1:
            raise CommandError("--months must be at least 1.")
        if audit_months is None:
            audit_months = settings.LARSPAR_AUDIT_RETENTION_MONTHS
        if audit_months < 1:
            raise CommandError("--audit-months must be at least 1.")
        actor = User.objects.filter(username=by, is_active=True).first()
        if actor is None or not actor.is_administrator:
            raise CommandError(f"{by!r} is not an active administrator.")
        people = persons_retention_apply(by=actor, months=months, dry_run=dry_run)
        verb = "would erase" if dry_run else "erased"
        for person in people:
            self.stdout.write(f"{verb} user id {person.pk}")
        self.stdout.write(f"{len(people)} {verb} (retention {months} months).")
        events = audit_log_retention_apply(by=actor, months=audit_months, dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(f"{events} audit events {verb} (audit retention {audit_months} months).")
