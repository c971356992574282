from django.core.management.base import BaseCommand

from common.jobs import jobs_expire


class Command(BaseCommand):
    help = (
        "Radera bakgrundsjobb (ZIP-filer med certifikat, rapporter från personalimporter) och "
        "deras filer när de är äldre än LARSPAR_JOB_RETENTION_HOURS (24 timmar). Kör dagligen."
    )

    def handle(self, *args, **options):
        deleted = jobs_expire()
        self.stdout.write(f"Raderade {deleted} gamla bakgrundsjobb.")
