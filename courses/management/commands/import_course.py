from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from courses.coursefile import CourseExists, CourseFileError, course_import
from courses.publishing import CourseNotPublishable, course_publish


class Command(BaseCommand):
    help = (
        "Importera en kurs från en kursfil (YAML, se docs/course-file-format.md). "
        "Filen kontrolleras först; är den ogiltig sparas ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "Ersätt en befintlig kurs med samma kortnamn. Deltagarnas historik behålls: "
                "steg och block som försvinner ur filen arkiveras om någon har använt dem."
            ),
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publicera kursen efter importen (med publiceringskontrollerna).",
        )

    def handle(self, *args, file: Path, replace: bool, publish: bool, **options):
        if not file.is_file():
            raise CommandError(f"Filen {file} finns inte.")
        try:
            with transaction.atomic():
                course = course_import(path=file, replace=replace)
                if publish and course.status != "published":
                    course = course_publish(course=course)
        except CourseFileError as exc:
            raise CommandError(f"Kursfilen {file} är ogiltig; inget har sparats:\n{exc}") from exc
        except CourseExists as exc:
            raise CommandError(
                f"Det finns redan en kurs med kortnamnet {exc.slug}. Använd --replace för att "
                "ersätta den (deltagarnas historik behålls); inget har sparats."
            ) from exc
        except CourseNotPublishable as exc:
            problems = "\n".join(f"  - {problem}" for problem in exc.problems)
            raise CommandError(
                f"Kursen kan inte publiceras; inget har sparats:\n{problems}"
            ) from exc
        action = "Ersatte" if replace else "Importerade"
        self.stdout.write(
            self.style.SUCCESS(
                f"{action} {course.title} ({course.slug}), status {course.status}, "
                f"version {course.version}."
            )
        )
