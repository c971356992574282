"""The step-type registry: what each kind of step adds to the step page.

`courses` knows lessons; a higher app registers its own step types (the
`quizzes` app registers `Quiz`) from its `AppConfig.ready()`, so `courses`
never imports it. A handler is looked up along the step's class hierarchy.
"""

from __future__ import annotations

from typing import Protocol

from .models import Enrollment, Lesson, Step
from .modes import PageMode
from .prerender import blocks_prerender
from .selectors import CourseOutline, lesson_blocks_get


class StepType(Protocol):
    def page_context(
        self,
        *,
        request,
        step: Step,
        enrollment: Enrollment | None,
        outline: CourseOutline,
        mode: PageMode,
    ) -> dict:
        """What this kind of step adds to the step page's context. Must not write on GET."""


_registry: dict[type[Step], StepType] = {}


def step_type_register(model: type[Step], handler: StepType) -> None:
    """Register the page handler of a step model. Re-registering replaces (reloads in tests)."""
    _registry[model] = handler


def step_type_for(step: Step) -> StepType:
    for cls in type(step).__mro__:
        if cls in _registry:
            return _registry[cls]
    raise LookupError(f"No step type registered for {type(step).__name__}")


class LessonStepType:
    def page_context(self, *, request, step, enrollment, outline, mode) -> dict:
        context = lesson_blocks_get(lesson=step, user=request.user, mode=mode)
        if not mode.is_preview:
            context["blocks"] = blocks_prerender(context["blocks"], lesson=step)
        return context


def register_default_step_types() -> None:
    step_type_register(Lesson, LessonStepType())
