"""What other apps may use from `courses`.

Step types (quizzes) plug in through the step-type and codec registries and
the step page builder; certificates listen to `course_completed`; reporting
and privacy read enrolments, progress and requirements. Everything else in
`courses` is private to it; the lint contract "Apps import each other only
through their api" checks it.
"""

from .codec import Codec, Node, Reader, Spec, Writer, codec_register, codec_write
from .codecs import StepCodec
from .content_cache import content_cached
from .coursefile import CourseFileError, course_read
from .errors import CourseNotStarted, StepLocked
from .models import (
    Course,
    CourseRequirement,
    CourseStatus,
    CourseVersion,
    DiscussionBlock,
    Enrollment,
    Lesson,
    MarkdownField,
    Module,
    ReflectionAnswer,
    Step,
    StepProgress,
)
from .modes import PRESENTATION
from .pages import step_page_render
from .policies import course_policy
from .revisions import records_repoint
from .selectors import (
    BoundBlock,
    CourseCard,
    CourseOutline,
    StepState,
    course_list_order_register,
    course_outline_get,
    lesson_blocks_get,
    my_courses_get,
)
from .services import enrollment_renew, enrollment_start, step_complete, step_visit
from .signals import ContentReplacement, CourseCompletion, course_completed, course_content_replaced
from .steps import step_type_register

__all__ = [
    "CourseFileError",
    "PRESENTATION",
    "BoundBlock",
    "Codec",
    "Course",
    "CourseCard",
    "ContentReplacement",
    "CourseCompletion",
    "CourseNotStarted",
    "CourseOutline",
    "CourseRequirement",
    "CourseStatus",
    "CourseVersion",
    "DiscussionBlock",
    "Enrollment",
    "Lesson",
    "MarkdownField",
    "Module",
    "Node",
    "Reader",
    "ReflectionAnswer",
    "Spec",
    "StepCodec",
    "Step",
    "StepLocked",
    "StepProgress",
    "StepState",
    "Writer",
    "codec_register",
    "codec_write",
    "course_completed",
    "course_content_replaced",
    "course_list_order_register",
    "course_read",
    "course_outline_get",
    "content_cached",
    "course_policy",
    "lesson_blocks_get",
    "enrollment_renew",
    "enrollment_start",
    "my_courses_get",
    "records_repoint",
    "step_complete",
    "step_page_render",
    "step_type_register",
    "step_visit",
]
