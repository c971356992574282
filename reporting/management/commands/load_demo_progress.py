"""Demo progress and required courses for the manager's dashboard (`load_demo` calls it)."""

import datetime
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.api import OrgUnit, User
from certificates.api import certificate_issue
from common import clock
from courses.api import (
    Course,
    CourseRequirement,
    Enrollment,
    course_outline_get,
    enrollment_start,
    step_complete,
    step_visit,
)


class Command(BaseCommand):
    help = (
        "Läs in demodeltagarnas kursframsteg och obligatoriska kurser ur fixtures/demo.yaml "
        "(idempotent: det som redan finns lämnas orört)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=Path(settings.BASE_DIR) / "fixtures" / "demo.yaml"
        )

    @transaction.atomic
    def handle(self, *args, file: Path, **options):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        courses = {c.slug: c for c in Course.objects.all()}
        users = {u.username: u for u in User.objects.filter(username__in=_names(data))}
        now = clock.now()
        done = skipped = 0
        for item in data.get("progress", []):
            course, user = courses.get(item["course"]), users.get(item["username"])
            if course is None or user is None:
                skipped += 1
                continue
            if Enrollment.objects.filter(user=user, course=course).exists():
                continue
            enrollment = enrollment_start(user=user, course=course)
            outline = course_outline_get(course=course, enrollment=enrollment)
            steps = [s.step for s in outline.steps if s.step.required]
            if item["state"] == "started":
                step_visit(enrollment=enrollment, step=steps[0])
                step_complete(enrollment=enrollment, step=steps[0])
            else:
                for step in steps:
                    step_complete(enrollment=enrollment, step=step)
                completed_at = now - datetime.timedelta(days=item.get("completed_days_ago", 0))
                Enrollment.objects.filter(pk=enrollment.pk).update(
                    started_at=completed_at - datetime.timedelta(days=3),
                    completed_at=completed_at,
                )
                enrollment.refresh_from_db()
                # Issued now so its expiry follows the back-dated completion.
                certificate_issue(enrollment=enrollment)
            done += 1
        units = {u.code: u for u in OrgUnit.objects.all()}
        for item in data.get("requirements", []):
            course = courses.get(item["course"])
            if course is None:
                skipped += 1
                continue
            CourseRequirement.objects.get_or_create(
                course=course,
                unit=units.get(item.get("unit")),
                professional_group=item.get("professional_group", ""),
                defaults={
                    "due_date": clock.today() + datetime.timedelta(days=item.get("due_in_days", 30))
                },
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demoframsteg: {done} nya kursdeltaganden, {skipped} hoppades över."
            )
        )


def _names(data: dict) -> set[str]:
    return {item["username"] for item in data.get("progress", [])}
