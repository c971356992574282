"""Data and a signed-in session for `bench/bench_pages.py`, printed as JSON.

Run as `python -m bench.pages_setup larspar|bare` with DJANGO_SETTINGS_MODULE
and DATABASE_URL set; the database is migrated already.
"""

import json
import sys
from importlib import import_module

import django


def _session_for(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    backend = "accounts.backends.ModelBackend"
    if backend not in settings.AUTHENTICATION_BACKENDS:
        backend = settings.AUTHENTICATION_BACKENDS[-1]
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def bare() -> dict:
    from django.contrib.auth.models import User

    for i in range(20):
        User.objects.get_or_create(username=f"rad{i:02d}")
    user, _ = User.objects.get_or_create(username="bench")
    return {"session": _session_for(user), "pages": {"bare": "/"}}


def larspar() -> dict:
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.urls import reverse

    from accounts.models import User
    from certificates.services import certificate_issue
    from common import clock
    from courses.models import Course, Step
    from courses.services import enrollment_start, step_complete

    call_command("load_default_courses", verbosity=0)
    course = Course.objects.get(slug="vald-i-nara-relationer")
    learner, _ = User.objects.get_or_create(
        username="bench", defaults={"first_name": "Bänk", "last_name": "Testsson"}
    )
    learner.groups.add(Group.objects.get_or_create(name="learner")[0])
    enrollment = enrollment_start(user=learner, course=course)
    steps = list(
        Step.objects.filter(module__course=course, is_archived=False).order_by(
            "module__position", "position"
        )
    )
    done, lesson = steps[0], steps[1]
    # Everything before the first quiz is done, so the quiz page is open.
    quiz = next(s for s in steps if type(s).__name__ == "Quiz")
    for step in steps[: steps.index(quiz)]:
        step_complete(enrollment=enrollment, step=step)

    holder, _ = User.objects.get_or_create(
        username="intyg", defaults={"first_name": "Intyg", "last_name": "Innehavare"}
    )
    finished = enrollment_start(user=holder, course=course)
    finished.completed_at = clock.now()
    finished.save(update_fields=["completed_at"])
    certificate = certificate_issue(enrollment=finished)

    return {
        "session": _session_for(learner),
        "pages": {
            "lesson step": lesson.get_absolute_url(),
            "course outline": course.get_absolute_url(),
            "start page (My courses)": reverse("courses:my-courses"),
            "quiz page": quiz.get_absolute_url(),
            "verification page": certificate.get_absolute_url(),
        },
        "posts": {
            "step complete (repeat)": reverse(
                "courses:step-complete", kwargs={"slug": course.slug, "step_id": done.pk}
            ),
        },
    }


if __name__ == "__main__":
    django.setup()
    print(json.dumps({"larspar": larspar, "bare": bare}[sys.argv[1]]()))
