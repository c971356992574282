from django.core.management.base import BaseCommand

from common.jobs import jobs_expire, jobs_fail_stale


class Command(BaseCommand):
    help = (
        "Radera bakgrundsjobb (ZIP-filer med certifikat, rapporter från personalimporter) och "
        "deras filer när de är äldre än LARSPAR_JOB_RETENTION_HOURS (24 timmar). Jobb som "
        "fortfarande arbetar efter LARSPAR_JOB_STALE_HOURS (6 timmar) räknas som avbrutna. "
        "Kör dagligen."
    )

    def handle(self, *args, **options):
        stale = jobs_fail_stale()
        deleted = jobs_expire()
        self.stdout.write(f"Markerade {stale} avbrutna och raderade {deleted} gamla bakgrundsjobb.")
