"""The demo group (`load_demo` calls it): a facilitator, participants, past and coming meetings."""

import datetime
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.api import User
from common import clock
from courses.api import Course
from groups import services
from groups.models import StudyGroup


class Command(BaseCommand):
    help = (
        "Läs in demogruppen ur fixtures/demo.yaml: samtalsledare, deltagare, möten och närvaro "
        "(idempotent: en grupp som redan finns lämnas orörd)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=Path(settings.BASE_DIR) / "fixtures" / "demo.yaml"
        )

    @transaction.atomic
    def handle(self, *args, file: Path, **options):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        made = skipped = 0
        # Meetings start on the hour, so the demo's times read naturally.
        base = clock.now().replace(minute=0, second=0, microsecond=0)
        for item in data.get("groups", []):
            course = Course.objects.filter(slug=item["course"]).first()
            facilitator = User.objects.filter(username=item["facilitator"]).first()
            if course is None or facilitator is None:
                skipped += 1
                continue
            if StudyGroup.objects.filter(name=item["name"], course=course).exists():
                continue
            people = {u.username: u for u in User.objects.filter(username__in=item["participants"])}
            group = services.group_create(
                course=course,
                name=item["name"],
                facilitator=facilitator,
                participants=list(people.values()),
            )
            modules = list(course.modules.order_by("position", "pk"))
            for meeting_item in item.get("meetings", []):
                meeting = services.meeting_create(
                    group=group,
                    module=modules[meeting_item["module"] - 1],
                    starts_at=base + datetime.timedelta(days=meeting_item["days_from_now"]),
                )
                for username in meeting_item.get("present", []):
                    services.attendance_tick(
                        meeting=meeting, participant=people[username], present=True, by=facilitator
                    )
            made += 1
        self.stdout.write(self.style.SUCCESS(f"Demogrupper: {made} nya, {skipped} hoppades över."))
