"""Issue certificates that completed rounds lack (e.g. when issuing failed after completion).

Safe to run any time: certificate_issue is idempotent.
"""

from django.core.management.base import BaseCommand

from certificates.services import certificate_issue
from courses.api import Enrollment


class Command(BaseCommand):
    help = "Issue the certificate for every completed course round that has none."

    def handle(self, *args, **options):
        missing = Enrollment.objects.filter(
            completed_at__isnull=False, certificate__isnull=True
        ).order_by("pk")
        issued = 0
        for enrollment in missing.iterator():
            certificate_issue(enrollment=enrollment)
            issued += 1
        self.stdout.write(f"Issued {issued} certificate(s).")
