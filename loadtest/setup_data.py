"""Learners for `make loadtest`, printed as JSON. Run with the load test's environment.

The default courses are loaded and published; LOADTEST_LEARNERS learners get
one password (hashed once: hashing it per learner would only slow the set-up).
Every other learner starts at the course's last quiz, so a short run
also finishes courses (and issues their certificates).
"""

import json
import os

import django


def setup() -> dict:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from accounts.models import User
    from courses.models import Course, Step
    from courses.services import enrollment_start, step_complete

    call_command("load_default_courses", verbosity=0)
    # Every learner takes the course with the fewest steps.
    courses = Course.objects.published()
    course = min(courses, key=lambda c: Step.objects.filter(module__course=c).count())
    steps = list(
        Step.objects.filter(module__course=course, is_archived=False).order_by(
            "module__position", "position"
        )
    )
    # The last quiz of the course and the steps after it.
    last_quiz = max(i for i, s in enumerate(steps) if type(s).__name__ == "Quiz")
    count = int(os.environ.get("LOADTEST_LEARNERS", "30"))
    password = "lasttest-" + "x" * 12
    hashed = make_password(password)
    group = Group.objects.get_or_create(name="learner")[0]
    names = []
    for n in range(count):
        user, _ = User.objects.get_or_create(
            username=f"last{n:04d}",
            defaults={"first_name": "Last", "last_name": f"Testare {n}", "password": hashed},
        )
        user.groups.add(group)
        names.append(user.username)
        if n % 2:
            # Every other learner has come as far as the course's last quiz,
            # so that courses are finished within a short run.
            enrollment = enrollment_start(user=user, course=course)
            for step in steps[:last_quiz]:
                step_complete(enrollment=enrollment, step=step)
    return {
        "learners": names,
        "password": password,
        "course": course.slug,
        "steps": {str(s.pk): type(s).__name__.lower() for s in steps},
    }


if __name__ == "__main__":
    django.setup()
    print(json.dumps(setup()))
