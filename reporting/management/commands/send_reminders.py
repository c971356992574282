from django.core.management.base import BaseCommand

from reporting.tasks import reminders_send


class Command(BaseCommand):
    help = (
        "Lägg utskicket av påminnelser i kö för bakgrundsprocessen (manage.py db_worker): "
        "försenade obligatoriska kurser, certifikat som går ut inom 60 dagar och certifikat "
        "som har gått ut eller återkallats (en per person, kurs och tillstånd; en försenad "
        "kurs igen först efter LARSPAR_REMINDER_INTERVAL_DAYS dagar; att köra två gånger "
        "skickar inget nytt)."
    )

    def handle(self, *args, **options):
        result = reminders_send.enqueue()
        self.stdout.write(
            f"Påminnelserna skickas av bakgrundsprocessen (uppgift {result.id}); "
            "dess resultat visar hur många som gick ut."
        )
