"""The rules of the group track that a request can break. Each maps to an error page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common.errors import BadRequest, DomainError, Forbidden, NotFound


class AttendanceCodeUnknown(NotFound):
    """No meeting has this attendance code (mistyped, or the meeting was not opened)."""

    default_message = _("Koden finns inte. Kontrollera koden som samtalsledaren visar.")


class AttendanceCodeExpired(DomainError):
    """The meeting's code has expired: attendance can no longer be registered with it."""

    status = 410
    template_name = "groups/attendance_expired.html"
    default_message = _(
        "Koden gällde bara under mötet och har gått ut. "
        "Be samtalsledaren markera dig som närvarande."
    )


class NotAParticipant(Forbidden):
    """Only a participant of the group can register attendance or join its meetings."""

    default_message = _("Du är inte deltagare i den här gruppen.")


class JoinCodeUnknown(NotFound):
    default_message = _("Ingen grupp har den koden. Kontrollera koden och försök igen.")


class MeetingModuleNotInCourse(BadRequest):
    default_message = _("Modulen hör inte till gruppens kurs.")


class MeetingHasAttendance(BadRequest):
    default_message = _(
        "Någon har redan registrerats som närvarande på mötet. Det kan inte tas bort, och "
        "modulen kan inte bytas; planera ett nytt möte i stället."
    )


class CourseNotPublished(BadRequest):
    default_message = _("Kursen är inte publicerad.")


class NotAFacilitator(Forbidden):
    default_message = _("Bara samtalsledare och administratörer kan leda grupper.")
