from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.coursefile import CourseExists, CourseFileError, course_import
from courses.models import CourseStatus


class Command(BaseCommand):
    help = "Importera en kurs från en kursfil (YAML, se docs/course-file-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--publish", action="store_true", help="Publicera kursen direkt efter importen."
        )

    def handle(self, *args, file: Path, publish: bool, **options):
        if not file.is_file():
            raise CommandError(f"Filen {file} finns inte.")
        try:
            course = course_import(path=file, status=CourseStatus.PUBLISHED if publish else None)
        except CourseFileError as exc:
            raise CommandError(f"Kursfilen {file} är ogiltig; inget har sparats:\n{exc}") from exc
        except CourseExists as exc:
            raise CommandError(f"Det finns redan en kurs med kortnamnet {exc}.") from exc
        self.stdout.write(self.style.SUCCESS(f"Importerade {course.title} ({course.slug})."))
