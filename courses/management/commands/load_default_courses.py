from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from courses.coursefile import CourseFileError, course_import, course_read
from courses.models import Course, CourseStatus


class Command(BaseCommand):
    help = "Läs in standardkurserna i fixtures/courses/ (hoppar över kurser som redan finns)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, default=Path(settings.BASE_DIR) / "fixtures" / "courses"
        )

    def handle(self, *args, dir: Path, **options):
        for path in sorted(dir.glob("*.yaml")):
            try:
                slug = course_read(path).obj.slug
            except CourseFileError as exc:
                self.stderr.write(f"{path.name}: ogiltig kursfil:\n{exc}")
                raise SystemExit(1) from exc
            if Course.objects.filter(slug=slug).exists():
                self.stdout.write(f"{slug}: finns redan, hoppar över.")
                continue
            course = course_import(path=path, status=CourseStatus.PUBLISHED)
            course.version = max(course.version, 1)
            course.save(update_fields=["version"])
            self.stdout.write(self.style.SUCCESS(f"{slug}: inläst och publicerad."))
