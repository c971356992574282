"""Who may author courses: trainers and administrators, whatever the course.

One rule for the authoring area (the admin site and its sign-in form), the
preview pages and the question analysis. A learner or manager who happens to
have the staff flag is still refused: the role decides, not `is_staff`.
"""

from accounts.api import Role, RolePolicy
from common.policies import policy_register

from .models import Course

AUTHORS = frozenset({Role.TRAINER, Role.ADMINISTRATOR})


class CoursePolicy(RolePolicy):
    """Authoring: enter the authoring area, edit, publish, export and import courses.

    Preview: see any course, draft included, as a learner would.
    Analyse: the per-question statistics of a course's quizzes (no names).
    """

    model = Course
    roles = {"author": AUTHORS, "preview": AUTHORS, "analyse": AUTHORS}


course_policy = policy_register(CoursePolicy())
