from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.services import UserImportFileError, users_import
from audit.api import AuditAction, audit_event_record


class Command(BaseCommand):
    help = (
        "Skapa eller uppdatera personal från en HR-export (CSV med anställningsnummer, namn, "
        "e-post, enhetskod, yrkesgrupp). Samma fil två gånger ändrar ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="Importera ingenting om någon rad har fel.",
        )

    def handle(self, *args, file: Path, all_or_nothing: bool, **options):
        try:
            report = users_import(data=file.read_bytes(), all_or_nothing=all_or_nothing)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        except UserImportFileError as exc:
            raise CommandError(str(exc)) from exc
        audit_event_record(
            action=AuditAction.USERS_IMPORTED,
            target=str(file),
            detail={
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "errors": len(report.errors),
                "imported": report.imported,
                "via": "manage.py import_users",
            },
        )
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.imported:
            raise CommandError(
                f"{len(report.errors)} rader har fel; ingenting importerades (--all-or-nothing)."
            )
        self.stdout.write(
            f"Skapade {report.created}, uppdaterade {report.updated}, "
            f"oförändrade {report.unchanged}, fel {len(report.errors)}."
        )
        if report.errors:
            raise CommandError(f"{len(report.errors)} rader har fel; övriga rader importerades.")
