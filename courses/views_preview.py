"""Preview: a trainer sees any course — draft included — as a learner would, writing nothing.

The pages reuse the learner templates with an outline in which every step is
available. Links inside the pages point to the preview, and forms that would
record something (start, "Klar", reflections) are replaced, so a preview
creates no enrollment, progress, answer, attempt or certificate.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .models import Course, Lesson, ReflectionBlock
from .policies import course_policy
from .selectors import AVAILABLE, CourseOutline, course_outline_get


def _previewable_course(request, slug: str) -> Course:
    if not course_policy.user_can(request.user, "preview"):
        raise PermissionDenied(_("Bara utbildare och administratörer kan förhandsvisa kurser."))
    return get_object_or_404(Course, slug=slug)


def _preview_outline(course: Course) -> CourseOutline:
    """The outline with every step open and every link leading into the preview."""
    outline = course_outline_get(course=course, enrollment=None)
    course_url = reverse("courses:preview-course", args=[course.slug])
    course.get_absolute_url = lambda: course_url
    for state in outline.steps:
        state.state, state.blocked_by = AVAILABLE, None
        url = reverse("courses:preview-step", args=[course.slug, state.step.pk])
        # Bound per step: templates call step.get_absolute_url for links.
        state.step.get_absolute_url = lambda url=url: url
    return outline


@login_required
@require_safe
def preview_course(request, slug):
    course = _previewable_course(request, slug)
    outline = _preview_outline(course)
    first = outline.steps[0] if outline.steps else None
    return render(
        request,
        "courses/preview_course.html",
        {"course": course, "outline": outline, "first": first, "preview": True},
    )


@login_required
@require_safe
def preview_step(request, slug, step_id):
    course = _previewable_course(request, slug)
    outline = _preview_outline(course)
    state = outline.state_of(step_id)
    if state is None:
        raise Http404(_("Steget finns inte i den här kursen."))
    previous, following = outline.neighbours(step_id)
    step = state.step
    context = {
        "course": course,
        "outline": outline,
        "state": state,
        "step": step,
        "module": state.module,
        "previous": previous,
        "next": following,
        "preview": True,
    }
    context.update(step.get_step_context(request=request, enrollment=None))
    if isinstance(step, Lesson):
        step.template_name = "courses/preview_step_lesson.html"
        for block in context.get("blocks", []):
            if isinstance(block, ReflectionBlock):
                block.my_answer = None
                block.template_name = "courses/preview_block_reflection.html"
    return render(request, "courses/preview_step_detail.html", context)
