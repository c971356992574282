"""Preview: a trainer sees any course — draft included — as a learner would, writing nothing.

The preview is a mode of the learner pages (`courses.modes.PREVIEW`): the
outline has every step open, its links lead into the preview, and types
that would record something (start, "Klar", reflections) render through
their preview templates, so a preview creates no enrollment, progress,
answer, attempt or certificate.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from common.errors import handle_domain_errors
from common.html import render_markdown

from .models import Course
from .modes import PREVIEW
from .pages import step_page_render
from .policies import course_policy
from .selectors import course_outline_get


def _previewable_course(request, slug: str) -> Course:
    if not course_policy.user_can(request.user, "preview"):
        raise PermissionDenied(_("Bara utbildare och administratörer kan förhandsvisa kurser."))
    return get_object_or_404(Course, slug=slug)


@login_required
@require_safe
def preview_course(request, slug):
    course = _previewable_course(request, slug)
    outline = course_outline_get(course=course, enrollment=None, mode=PREVIEW)
    first = outline.steps[0] if outline.steps else None
    return render(
        request,
        "courses/preview_course.html",
        {"course": course, "outline": outline, "first": first, "preview": True},
    )


@login_required
@require_safe
@handle_domain_errors
def preview_step(request, slug, step_id):
    course = _previewable_course(request, slug)
    outline = course_outline_get(course=course, enrollment=None, mode=PREVIEW)
    state = outline.require(step_id)
    return step_page_render(request, outline=outline, state=state)


# Longer than any authored field is meant to be; refused rather than rendered.
MARKDOWN_PREVIEW_MAX_CHARS = 50_000


@require_POST
def markdown_preview(request):
    """The live preview beside an authoring text field: Markdown in, sanitised HTML out.

    The same renderer and allow-list as the learner pages (common.html), so
    what the trainer sees is what learners get; a script or a `javascript:`
    link never comes back. Authors only (403 otherwise, also when signed
    out: the caller is a script, not a person to send to the sign-in page).
    Writes nothing.
    """
    if not course_policy.user_can(request.user, "author"):
        raise PermissionDenied(_("Bara utbildare och administratörer kan förhandsgranska text."))
    text = request.POST.get("text", "")
    if len(text) > MARKDOWN_PREVIEW_MAX_CHARS:
        return JsonResponse(
            {"error": _("Texten är för lång för förhandsgranskning (högst 50 000 tecken).")},
            status=400,
        )
    return JsonResponse({"html": str(render_markdown(text))})
