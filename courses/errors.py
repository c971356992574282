"""The rules of the learner's path that a request can break. Each maps to an error page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from common.errors import BadRequest, Forbidden, NotFound

if TYPE_CHECKING:
    from .models import Step


class StepNotInCourse(NotFound):
    """The step is not a visible step of this course (archived, or another course's)."""

    default_message = _("Steget finns inte i den här kursen.")


class StepLocked(Forbidden):
    """The step cannot be opened or completed before the earlier required steps are done."""

    default_message = _("Steget är inte öppet ännu.")

    def __init__(self, blocked_by: Step | None = None, message: str | None = None):
        super().__init__(message)
        self.blocked_by = blocked_by


class StepNotSelfCompletable(BadRequest):
    """The learner cannot mark this kind of step done (a quiz is done when it is passed)."""

    default_message = _("Det här steget blir klart när du klarar det.")


class CourseNotStarted(NotFound):
    """The learner has no round of this course."""

    default_message = _("Du har inte startat kursen.")
