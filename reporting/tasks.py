"""Background tasks of the reporting app (run by `manage.py db_worker`)."""

from django_tasks import task

from . import services


@task()
def reminders_send() -> dict[str, int]:
    """Send the day's reminders; returns how many of each kind went out."""
    report = services.reminders_send()
    return {
        "sent": report.sent,
        "overdue": report.overdue,
        "expiring": report.expiring,
        "renewal": report.renewal,
    }
