"""The quiz as a step type of the courses app's step page (registered in `QuizzesConfig.ready`)."""

from __future__ import annotations

from courses.api import step_type_register

from . import selectors
from .forms import AnswerForm
from .models import Quiz


class QuizStepType:
    """The quiz form for the learner's open attempt, their status, or a trainer's preview.

    Reading the page never starts an attempt: without an open one the page
    offers the "Starta försöket" button, which posts to `quizzes:attempt-start`.
    """

    def page_context(self, *, request, step, enrollment, outline, mode) -> dict:
        if mode.is_preview or enrollment is None:
            return selectors.quiz_preview_get(quiz=step)
        status = selectors.quiz_status_get(enrollment=enrollment, quiz=step)
        attempt = status.open_attempt
        context = {"quiz": step, "status": status, "attempt": attempt}
        if attempt is not None:
            questions = selectors.attempt_questions_get(attempt=attempt, course=outline.course)
            form = AnswerForm(questions)
            context.update(selectors.quiz_form_context(quiz=step, form=form))
        elif not status.has_passed:
            context["policy"] = selectors.quiz_policy_get(
                quiz=step, status=status, course=outline.course
            )
        return context


def register() -> None:
    step_type_register(Quiz, QuizStepType())
