from django.core.management.base import BaseCommand
from django.db import transaction

from certificates.services import certificate_pdfs_refresh_enqueue


class Command(BaseCommand):
    help = (
        "Lägg omritningen av certifikatens PDF-filer i kö för bakgrundsprocessen "
        "(manage.py db_worker): varje sparad PDF vars QR-kod pekar på en annan adress än "
        "LARSPAR_BASE_URL. Kör efter att webbplatsen har flyttat."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            certificate_pdfs_refresh_enqueue()
        self.stdout.write(
            "Bakgrundsprocessen ritar om de PDF-filer som gjordes för en annan adress."
        )
