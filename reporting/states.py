"""The one definition of a learner's state in a course, and of the figures counted from it.

Per person and course, three small facts:

- progress: not started (no enrollment), in progress (latest round not
  completed) or completed (latest round completed);
- certificate: of the latest certificate (as `Certificate.status_on` reads it):
  valid, expiring (valid and expires within `EXPIRY_WARNING`), expired or
  revoked — the last two split by whether the renewal due date (`renewal_days()`
  after the expiry or revocation) has passed;
- due: not required, due later, or due date passed — the earliest due date
  of the requirements that apply (see `requirement_applies`).

A required course counts as done only while a valid certificate covers it (or
the course was completed and no certificate was ever issued): an expired or
revoked certificate makes it due again ("Förnyelse krävs"), overdue once the
renewal due date has passed.

Every figure of the dashboard is a predicate over these three facts
(`FIGURE_RULES`), and only here. The dashboard adds up grouped counts with
the predicates; the people list filters with the same predicates, turned into
SQL as the set of packed state codes for which they hold (`figure_codes`).
So a figure and the length of its people list cannot disagree.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import professional_group_key

EXPIRY_WARNING = datetime.timedelta(days=60)
# Days after a certificate expires or is revoked by which a required course must be
# taken again; settings.LARSPAR_RENEWAL_DAYS overrides it.
DEFAULT_RENEWAL_DAYS = 30

# Progress, certificate and due states as small integers (one digit each), so the
# database can group by them and pack them into one code.
NOT_STARTED, IN_PROGRESS, COMPLETED = 0, 1, 2
CERT_NONE, CERT_VALID, CERT_EXPIRING = 0, 1, 2
CERT_EXPIRED, CERT_EXPIRED_LATE, CERT_REVOKED, CERT_REVOKED_LATE = 3, 4, 5, 6
NOT_REQUIRED, DUE_LATER, DUE_PASSED = 0, 1, 2

PROGRESS_STATES = (NOT_STARTED, IN_PROGRESS, COMPLETED)
CERT_STATES = (
    CERT_NONE,
    CERT_VALID,
    CERT_EXPIRING,
    CERT_EXPIRED,
    CERT_EXPIRED_LATE,
    CERT_REVOKED,
    CERT_REVOKED_LATE,
)
DUE_STATES = (NOT_REQUIRED, DUE_LATER, DUE_PASSED)


def renewal_days() -> int:
    """Days after expiry or revocation by which a required course must be renewed."""
    return getattr(settings, "LARSPAR_RENEWAL_DAYS", DEFAULT_RENEWAL_DAYS)


def renewal_due_on(
    *, expires_on: datetime.date | None, revoked_at: datetime.datetime | None
) -> datetime.date | None:
    """The renewal due date of a certificate: `renewal_days()` after its revocation (local
    date) or expiry; None for a certificate that never lapses."""
    if revoked_at is not None:
        lapsed = timezone.localdate(revoked_at)
    elif expires_on is not None:
        lapsed = expires_on
    else:
        return None
    return lapsed + datetime.timedelta(days=renewal_days())


def cert_state(
    *, expires_on: datetime.date | None, revoked_at: datetime.datetime | None, today
) -> int:
    """The state of one certificate on `today`: the rule of the SQL in
    `reporting.selectors._cert_case`, for one certificate in Python (a test checks
    they agree)."""
    late = today - datetime.timedelta(days=renewal_days())
    if revoked_at is not None:
        return CERT_REVOKED_LATE if timezone.localdate(revoked_at) < late else CERT_REVOKED
    if expires_on is None:
        return CERT_VALID
    if expires_on < late:
        return CERT_EXPIRED_LATE
    if expires_on < today:
        return CERT_EXPIRED
    if expires_on <= today + EXPIRY_WARNING:
        return CERT_EXPIRING
    return CERT_VALID


class Figure(models.TextChoices):
    """The figures of the dashboard; each is also a `status` filter of the people list."""

    STAFF = "staff", _("Personal")
    REQUIRED = "required", _("Obligatorisk")
    NOT_STARTED = "not_started", _("Inte påbörjad")
    IN_PROGRESS = "in_progress", _("Pågående")
    COMPLETED = "completed", _("Klar")
    CERT_VALID = "cert_valid", _("Giltigt certifikat")
    CERT_EXPIRING = "cert_expiring", _("Går ut inom 60 dagar")
    CERT_EXPIRED = "cert_expired", _("Utgånget certifikat")
    RENEWAL_DUE = "renewal_due", _("Förnyelse krävs")
    OVERDUE = "overdue", _("Försenad")


@dataclass(frozen=True)
class LearnerState:
    """What is known about one person in one course (see the module docstring)."""

    progress: int = NOT_STARTED
    cert: int = CERT_NONE
    due: int = NOT_REQUIRED

    @classmethod
    def from_code(cls, code: int) -> LearnerState:
        return cls(progress=code // 100, cert=code // 10 % 10, due=code % 10)

    @property
    def code(self) -> int:
        """The three states packed in one integer, as `selectors._state_annotations` does in SQL."""
        return self.progress * 100 + self.cert * 10 + self.due

    @property
    def has_valid_certificate(self) -> bool:
        return self.cert in (CERT_VALID, CERT_EXPIRING)

    @property
    def has_lapsed_certificate(self) -> bool:
        """The latest certificate has expired or was revoked."""
        return self.cert in (CERT_EXPIRED, CERT_EXPIRED_LATE, CERT_REVOKED, CERT_REVOKED_LATE)

    @property
    def is_required(self) -> bool:
        return self.due != NOT_REQUIRED

    @property
    def is_done(self) -> bool:
        """A valid certificate covers the course, or it was completed without one ever."""
        return self.has_valid_certificate or (self.progress == COMPLETED and self.cert == CERT_NONE)

    @property
    def needs_renewal(self) -> bool:
        """Required, and the certificate that covered it has expired or was revoked."""
        return self.is_required and self.has_lapsed_certificate

    @property
    def is_overdue(self) -> bool:
        """Required, not done, and past its due date: the renewal due date after a lapsed
        certificate, the requirement's due date otherwise."""
        if not self.is_required or self.is_done:
            return False
        if self.has_lapsed_certificate:
            return self.cert in (CERT_EXPIRED_LATE, CERT_REVOKED_LATE)
        return self.due == DUE_PASSED

    @property
    def status_label(self) -> str:
        """The person's status in the course, as the people list and CSV show it."""
        return RENEWAL_LABEL if self.needs_renewal else PROGRESS_LABELS[self.progress]

    @property
    def progress_label(self) -> str:
        return PROGRESS_LABELS[self.progress]

    @property
    def cert_label(self) -> str:
        return CERT_LABELS[self.cert]

    @property
    def is_expiring(self) -> bool:
        return self.cert == CERT_EXPIRING

    def due_date(self, *, requirement_due_on, expires_on, revoked_at) -> datetime.date | None:
        """The date the person must be done by: the renewal due date after a lapsed
        certificate, the requirement's due date otherwise; None if not required."""
        if not self.is_required:
            return None
        if self.has_lapsed_certificate:
            return renewal_due_on(expires_on=expires_on, revoked_at=revoked_at)
        return requirement_due_on

    def figures(self) -> list[Figure]:
        """The figures this person counts in."""
        return [figure for figure, rule in FIGURE_RULES.items() if rule(self)]


FIGURE_RULES: dict[Figure, Callable[[LearnerState], bool]] = {
    Figure.STAFF: lambda s: True,
    Figure.REQUIRED: lambda s: s.is_required,
    Figure.NOT_STARTED: lambda s: s.progress == NOT_STARTED,
    Figure.IN_PROGRESS: lambda s: s.progress == IN_PROGRESS,
    Figure.COMPLETED: lambda s: s.progress == COMPLETED,
    Figure.CERT_VALID: lambda s: s.has_valid_certificate,
    Figure.CERT_EXPIRING: lambda s: s.cert == CERT_EXPIRING,
    Figure.CERT_EXPIRED: lambda s: s.cert in (CERT_EXPIRED, CERT_EXPIRED_LATE),
    Figure.RENEWAL_DUE: lambda s: s.needs_renewal,
    Figure.OVERDUE: lambda s: s.is_overdue,
}

ALL_STATES = [
    LearnerState(progress=p, cert=c, due=d)
    for p, c, d in itertools.product(PROGRESS_STATES, CERT_STATES, DUE_STATES)
]


def figure_codes(figure: Figure) -> list[int] | None:
    """The packed state codes counted by `figure`, for an SQL `IN`; None if every state is."""
    codes = [state.code for state in ALL_STATES if FIGURE_RULES[figure](state)]
    return None if len(codes) == len(ALL_STATES) else codes


PROGRESS_LABELS = {
    NOT_STARTED: _("Inte påbörjad"),
    IN_PROGRESS: _("Pågående"),
    COMPLETED: _("Klar"),
}
CERT_LABELS = {
    CERT_NONE: "",
    CERT_VALID: _("Giltigt"),
    CERT_EXPIRING: _("Går snart ut"),
    CERT_EXPIRED: _("Utgånget"),
    CERT_EXPIRED_LATE: _("Utgånget"),
    CERT_REVOKED: _("Återkallat"),
    CERT_REVOKED_LATE: _("Återkallat"),
}
RENEWAL_LABEL = _("Förnyelse krävs")


# --- Which requirements apply to a person -------------------------------------
#
# A requirement applies to the staff of its unit's subtree and/or of its
# professional group; with both set, both must match. Groups match by their
# spelling-free key (`professional_group_key`): letter case and spacing never
# count. The rule in its two forms, side by side so they change together (a
# test checks they agree): for people of one unit and group in Python, and as a
# filter of people in SQL.


def requirement_applies(requirement, *, unit_path: str, professional_group: str) -> bool:
    """Whether `requirement` applies to people of the unit at `unit_path` and this group
    (`CourseRequirement.applies_to`, which the learner's start page uses as well)."""
    return requirement.applies_to(unit_path=unit_path, professional_group=professional_group)


def requirement_people_q(requirement, *, spellings: dict[str, list[str]]) -> Q:
    """The people (`User` rows) `requirement` applies to.

    `spellings`: the people's group spellings by key (`group_spellings_get`), so
    the database compares exact strings while the match ignores case and spacing
    (SQLite's LOWER() knows no "Ö").
    """
    condition = Q()
    if requirement.unit is not None:
        condition &= Q(unit__path__startswith=requirement.unit.path)
    if requirement.professional_group:
        key = professional_group_key(requirement.professional_group)
        condition &= Q(professional_group__in=spellings.get(key, []))
    return condition


def requirements_of_person(requirements, *, user) -> list:
    """The requirements among `requirements` (with their units) that apply to `user`."""
    unit_path = user.unit.path if user.unit_id is not None else ""
    return [
        requirement
        for requirement in requirements
        if requirement_applies(
            requirement, unit_path=unit_path, professional_group=user.professional_group
        )
    ]
