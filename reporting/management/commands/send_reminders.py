from django.core.management.base import BaseCommand

from reporting.services import reminders_send


class Command(BaseCommand):
    help = (
        "Skicka påminnelser om försenade obligatoriska kurser, certifikat som går ut inom 60 "
        "dagar och certifikat som har gått ut eller återkallats (en per person, kurs och "
        "tillstånd; en försenad kurs igen först efter LARSPAR_REMINDER_INTERVAL_DAYS dagar; "
        "att köra två gånger skickar inget nytt)."
    )

    def handle(self, *args, **options):
        report = reminders_send()
        self.stdout.write(
            f"Skickade {report.sent} påminnelser: {report.overdue} om försenade kurser, "
            f"{report.expiring} om certifikat som går ut, {report.renewal} om certifikat som "
            "har upphört."
        )
