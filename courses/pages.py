"""The one builder of the step page, for the learner view, the quiz views and the preview."""

from __future__ import annotations

from django.shortcuts import render

from .models import Enrollment
from .modes import PageMode
from .selectors import CourseOutline, StepState
from .steps import step_type_for


def step_page_context(
    request,
    *,
    outline: CourseOutline,
    state: StepState,
    enrollment: Enrollment | None = None,
    extra: dict | None = None,
) -> dict:
    """The step page's context in the outline's mode.

    `extra` replaces what the step type adds (the quiz form refilled after an
    error); without it the registered step type supplies it.
    """
    mode: PageMode = outline.mode
    step = state.step
    previous, following = outline.neighbours(step.pk)
    context = {
        "course": outline.course,
        "outline": outline,
        "mode": mode,
        "preview": mode.is_preview,
        "state": state,
        "step": step,
        "step_template": mode.template_for(step),
        "module": state.module,
        "previous": previous,
        "next": following,
    }
    if extra is None:
        extra = step_type_for(step).page_context(
            request=request, step=step, enrollment=enrollment, outline=outline, mode=mode
        )
    context.update(extra)
    return context


def step_page_render(request, *, outline: CourseOutline, state: StepState, **kwargs):
    """Render the step page (see `step_page_context`) through the mode's page template."""
    context = step_page_context(request, outline=outline, state=state, **kwargs)
    return render(request, outline.mode.page_template, context)
