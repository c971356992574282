"""After `make loadtest`: is every completion the server acknowledged in the database?

Reads the acknowledgements the simulated learners wrote (a JSON file) and
prints what is missing; exits 1 if anything is.
"""

import json
import sys

import django


def verify(path: str) -> int:
    from courses.models import Enrollment, StepProgress, StepStatus

    acks = json.loads(open(path, encoding="utf-8").read())
    done_steps = set(
        StepProgress.objects.filter(
            enrollment__user__username__startswith="last", status=StepStatus.COMPLETED
        ).values_list("enrollment__user__username", "step_id")
    )
    done_courses = set(
        Enrollment.objects.filter(
            user__username__startswith="last", completed_at__isnull=False
        ).values_list("user__username", "course__slug")
    )
    missing_steps = [a for a in acks["steps"] if (a[0], int(a[1])) not in done_steps]
    missing_courses = [a for a in acks["courses"] if tuple(a) not in done_courses]
    print(
        f"acknowledged step completions: {len(acks['steps'])}, missing in the database: "
        f"{len(missing_steps)}; acknowledged course completions: {len(acks['courses'])}, "
        f"missing: {len(missing_courses)}"
    )
    for item in missing_steps + missing_courses:
        print(f"  MISSING {item}")
    return 1 if missing_steps or missing_courses else 0


if __name__ == "__main__":
    django.setup()
    raise SystemExit(verify(sys.argv[1]))
