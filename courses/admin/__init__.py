"""The authoring area: Django's admin, tailored so a trainer can build a whole course.

Course → modules (inline) → steps (inline list; each step edited on its own
page: a lesson with its blocks as polymorphic inlines, a quiz in
quizzes/admin.py) → blocks. Order is a position field on every level plus
"Flytta upp/ned" actions. Records that learners have used can be archived,
never deleted.

- ../admin_site.py: the admin site itself, entered by role (courses/policies.py);
- mixins.py: behaviour shared with quizzes/admin.py (public, imported from here);
- authoring.py: course paths in drop-downs and breadcrumbs, the type chooser;
- course.py: courses and modules, publishing, course-file export and import;
- steps.py: steps, lessons and their content blocks.
"""

from .authoring import CoursePathMixin, TypeChooserMixin, step_label
from .course import CourseAdmin, ModuleAdmin, course_admin_link_register
from .mixins import (
    MarkdownAdminMixin,
    PositionActionsMixin,
    ProtectedInlineFormSet,
    ProtectedPolymorphicInlineFormSet,
    ProtectLearnerRecordsMixin,
)
from .steps import ContentBlockAdmin, LessonAdmin, StepAdmin, StepChildAdmin

__all__ = [
    "ContentBlockAdmin",
    "CourseAdmin",
    "CoursePathMixin",
    "LessonAdmin",
    "MarkdownAdminMixin",
    "ModuleAdmin",
    "PositionActionsMixin",
    "ProtectLearnerRecordsMixin",
    "ProtectedInlineFormSet",
    "ProtectedPolymorphicInlineFormSet",
    "StepAdmin",
    "StepChildAdmin",
    "TypeChooserMixin",
    "course_admin_link_register",
    "step_label",
]
