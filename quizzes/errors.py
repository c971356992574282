"""The quiz rules a request can break; each maps to an error page (see common.errors)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.errors import BadRequest, DomainError

if TYPE_CHECKING:
    from .models import Attempt, Quiz
    from .policy import RetryBlock


class QuizRequestError(BadRequest):
    """Answers or an attempt the quiz cannot take; shown with what to do next."""

    template_name = "quizzes/quiz_error.html"


class AttemptsExhausted(QuizRequestError):
    """Every attempt the quiz allows has been used."""

    default_message = _("Du har använt alla försök på den här kunskapskontrollen.")


class AttemptClosed(QuizRequestError):
    """The attempt has already been submitted and graded; it is never graded again."""

    default_message = _("Det här försöket är redan inskickat och rättat. Det rättas inte igen.")

    def __init__(self, attempt: Attempt):
        super().__init__(
            link=reverse("quizzes:attempt-detail", kwargs={"attempt_id": attempt.pk}),
            link_text=_("Se resultatet"),
        )
        self.attempt = attempt


class AttemptNotCurrent(QuizRequestError):
    """The attempt belongs to an earlier round of the course: it can no longer be submitted."""

    default_message = _("Försöket hör till en tidigare omgång av kursen.")


class AnswersMalformed(QuizRequestError):
    """Posted answers the quiz form cannot produce. Nothing is stored."""


class AttemptWaitRequired(DomainError):
    """Repeated failures paused the quiz for this learner (see `quizzes.policy.retry_block`).

    429: the request is refused for now and will be accepted later, by
    itself after the wait or once the module's lessons are re-opened.
    """

    status = 429
    template_name = "quizzes/attempt_wait.html"

    def __init__(self, block: RetryBlock, quiz: Quiz):
        super().__init__(
            block.message,
            link=quiz.get_absolute_url(),
            link_text=_("Till kunskapskontrollen"),
        )
        self.block = block
