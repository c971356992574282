"""Print the item-writing figures of course files or stored courses (before/after a rewrite).

    manage.py quiz_item_figures                       # the default courses in fixtures/courses/
    manage.py quiz_item_figures path/to/course.yaml   # any course file
    manage.py quiz_item_figures --course <slug>       # a course in the database

Per course: single-choice questions whose right option is the longest, the
share of true statements, duplicate questions within a pool, and how many
quizzes the publish checks warn about (`quizzes.checks`).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.api import Course, CourseFileError, Node, course_read
from quizzes.checks import ItemFigures, item_figures, item_warnings
from quizzes.models import Question, Quiz


def _pools_in_file(path: Path) -> tuple[str, list[list[Question]]]:
    """The course title and each quiz's questions (unsaved, options attached) from a file."""
    course = course_read(path)
    pools = []
    for module in course.children:
        for step in module.children:
            if not isinstance(step.obj, Quiz):
                continue
            pools.append([_question(node) for node in step.children])
    return course.obj.title, pools


def _question(node: Node) -> Question:
    question = node.obj
    question.options = [child.obj for child in node.children]
    return question


def _pools_in_db(slug: str) -> tuple[str, list[list[Question]]]:
    course = Course.objects.filter(slug=slug).first()
    if course is None:
        raise CommandError(f"No course with slug {slug!r}.")
    quizzes = Quiz.objects.filter(module__course=course, is_archived=False).order_by(
        "module__position", "position", "pk"
    )
    return course.title, [quiz.question_pool() for quiz in quizzes]


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)} %"


class Command(BaseCommand):
    help = "Print the item-writing check figures per course (default: the default course files)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="course files")
        parser.add_argument("--course", action="append", default=[], help="a stored course slug")

    def handle(self, *args, paths, course, **options):
        if not paths and not course:
            paths = sorted((Path(settings.BASE_DIR) / "fixtures" / "courses").glob("*.yaml"))
        sources = [(str(p), lambda p=p: _pools_in_file(p)) for p in paths]
        sources += [(slug, lambda slug=slug: _pools_in_db(slug)) for slug in course]
        for name, load in sources:
            try:
                title, pools = load()
            except CourseFileError as exc:
                raise CommandError(f"{name}: {exc}") from exc
            total = ItemFigures()
            warned = 0
            for pool in pools:
                total.add(item_figures(pool))
                warned += bool(item_warnings(pool))
            self.stdout.write(
                f"{title} ({name})\n"
                f"  single choice, right option longest: {total.right_longest} of "
                f"{total.single_choice} ({_percent(total.right_longest_share)})\n"
                f"  true/false, statement true: {total.true_statements} of "
                f"{total.true_false} ({_percent(total.true_share)})\n"
                f"  duplicate questions within a pool: {len(total.duplicates)}\n"
                f"  quizzes with item-writing warnings: {warned} of {len(pools)}"
            )
