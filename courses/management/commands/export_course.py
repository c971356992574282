from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.coursefile import course_export_text
from courses.models import Course


class Command(BaseCommand):
    help = (
        "Exportera en kurs som en självständig kursfil (YAML med inbäddade mediefiler). "
        "Utan filnamn skrivs filen till standard ut."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file", nargs="?", type=Path)

    def handle(self, *args, slug: str, file: Path | None, **options):
        course = Course.objects.filter(slug=slug).first()
        if course is None:
            raise CommandError(f"Det finns ingen kurs med kortnamnet {slug}.")
        text = course_export_text(course)
        if file is None:
            self.stdout.write(text, ending="")
            return
        file.write_bytes(text.encode("utf-8"))
        self.stderr.write(self.style.SUCCESS(f"Exporterade {course.slug} till {file}."))
