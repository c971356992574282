"""Reminders are logged per occasion (what they are about) instead of per calendar month.

Old rows keep their month ("2026-11") as occasion; they match no new occasion,
so people with an open reminder are reminded once more after the upgrade.
"""

from django.db import migrations, models
from django.db.models.functions import TruncDate


def fill_sent_on(apps, schema_editor):
    ReminderLog = apps.get_model("reporting", "ReminderLog")
    ReminderLog.objects.update(sent_on=TruncDate("sent_at"))


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_grant_role_permissions")]

    operations = [
        migrations.RemoveConstraint(model_name="reminderlog", name="one_reminder_per_period"),
        migrations.RenameField(model_name="reminderlog", old_name="period", new_name="occasion"),
        migrations.AlterField(
            model_name="reminderlog",
            name="occasion",
            field=models.CharField(max_length=40, verbose_name="anledning"),
        ),
        migrations.AddField(
            model_name="reminderlog",
            name="repeat",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="upprepning"),
        ),
        migrations.AddField(
            model_name="reminderlog",
            name="sent_on",
            field=models.DateField(null=True, verbose_name="skickad dag"),
        ),
        migrations.RunPython(fill_sent_on, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reminderlog",
            name="sent_on",
            field=models.DateField(verbose_name="skickad dag"),
        ),
        migrations.AlterField(
            model_name="reminderlog",
            name="kind",
            field=models.CharField(
                choices=[
                    ("overdue", "Obligatorisk kurs försenad"),
                    ("expiring", "Certifikat går snart ut"),
                    ("renewal", "Certifikat har upphört – förnyelse krävs"),
                ],
                max_length=20,
                verbose_name="sort",
            ),
        ),
        migrations.AddConstraint(
            model_name="reminderlog",
            constraint=models.UniqueConstraint(
                fields=("user", "course", "kind", "occasion", "repeat"),
                name="one_reminder_per_occasion_and_repeat",
            ),
        ),
    ]
