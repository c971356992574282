"""Ten learners part-way through a course, for `bench/bench_sqlite.py`, printed as JSON.

Run as `python bench/sqlite_setup.py` with DJANGO_SETTINGS_MODULE, DATABASE_URL
and PYTHONPATH (the checkout under test) set; the database is migrated already.
"""

import json

import django

LEARNERS = 10


def setup() -> dict:
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.urls import reverse

    from accounts.models import User
    from bench.pages_setup import _session_for
    from courses.models import Course, ReflectionBlock, Step
    from courses.services import enrollment_start, step_complete

    call_command("load_default_courses", verbosity=0)
    course = Course.objects.get(slug="vald-i-nara-relationer")
    steps = list(
        Step.objects.filter(module__course=course, is_archived=False).order_by(
            "module__position", "position"
        )
    )
    first_quiz = next(i for i, s in enumerate(steps) if type(s).__name__ == "Quiz")
    lessons = steps[:first_quiz]
    reflection = ReflectionBlock.objects.filter(lesson__in=lessons, is_archived=False).first()
    group = Group.objects.get_or_create(name="learner")[0]
    sessions = []
    for n in range(LEARNERS):
        learner, _ = User.objects.get_or_create(
            username=f"samtidig{n}", defaults={"first_name": "Samtidig", "last_name": str(n)}
        )
        learner.groups.add(group)
        enrollment = enrollment_start(user=learner, course=course)
        for step in lessons:
            step_complete(enrollment=enrollment, step=step)
        sessions.append(_session_for(learner))
    return {
        "sessions": sessions,
        "lessons": [s.get_absolute_url() for s in lessons],
        "reflection": reverse(
            "courses:reflection-save", kwargs={"slug": course.slug, "block_id": reflection.pk}
        )
        if reflection
        else None,
    }


if __name__ == "__main__":
    django.setup()
    print(json.dumps(setup()))
