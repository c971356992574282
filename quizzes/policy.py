"""A quiz's assessment policy as rules: when the learner may try again, and how it is told.

Pure functions over a quiz and its attempts; the selectors feed them rows and
the attempt-start service enforces what they decide. Time comes in as an
argument (the callers ask `common.clock`), so the rules are tested at any moment.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from courses.api import Lesson

    from .models import Attempt, Quiz


@dataclass(frozen=True)
class RetryBlock:
    """Why the learner may not start another attempt yet, and what lifts it.

    Either `until` (a moment; the block lifts by itself) or `lessons` (the
    module's lessons still to re-open since the last failed attempt).
    """

    failures: int
    until: datetime.datetime | None = None
    lessons: tuple[Lesson, ...] = ()

    @property
    def until_text(self) -> str:
        """The moment in the site's time zone, in words: "onsdag 13 maj 2026 kl. 10.00"."""
        if self.until is None:
            return ""
        local = timezone.localtime(self.until)
        return _("%(day)s kl. %(time)s") % {
            "day": date_format(local, "l j F Y"),
            "time": time_format(local, "H.i"),
        }

    @property
    def message(self) -> str:
        done = ngettext(
            "Du har gjort %(n)s underkänt försök i rad.",
            "Du har gjort %(n)s underkända försök i rad.",
            self.failures,
        ) % {"n": self.failures}
        if self.until is not None:
            then = _("Du kan göra ett nytt försök tidigast %(when)s.") % {"when": self.until_text}
        else:
            then = _(
                "Läs igenom modulens lektioner igen innan du gör ett nytt försök: öppna "
                "var och en av lektionerna nedan."
            )
        return f"{done} {then}"


def failures_since_pass(attempts: Sequence[Attempt]) -> int:
    """Submitted failed attempts after the last passed one (all of them if none passed)."""
    count = 0
    for attempt in attempts:
        if not attempt.is_submitted:
            continue
        count = 0 if attempt.passed else count + 1
    return count


def retry_block(
    *,
    quiz: Quiz,
    attempts: Sequence[Attempt],
    now: datetime.datetime,
    lessons_unread: Sequence[Lesson] = (),
) -> RetryBlock | None:
    """The block on a new attempt at `quiz`, or None if the learner may start one.

    Every `quiz.failures_before_wait`-th failure in a row starts a pause: wait
    `quiz.wait_hours` from that failure, or (`AfterFailures.REREAD`) re-open
    the module's lessons; `lessons_unread` are those not opened since. A
    learner who has passed is never held back: the step is done already.
    """
    limit = quiz.failures_before_wait
    if not limit:
        return None
    if any(a.passed for a in attempts if a.is_submitted):
        return None
    failures = failures_since_pass(attempts)
    if failures == 0 or failures % limit != 0:
        return None
    if quiz.rereads_after_failures:
        if not lessons_unread:
            return None
        return RetryBlock(failures=failures, lessons=tuple(lessons_unread))
    until = last_failure_at(attempts) + datetime.timedelta(hours=quiz.wait_hours)
    return RetryBlock(failures=failures, until=until) if now < until else None


def last_failure_at(attempts: Sequence[Attempt]) -> datetime.datetime | None:
    """When the latest submitted attempt was handed in (the start of a pause)."""
    submitted = [a for a in attempts if a.is_submitted]
    return max(a.submitted_at for a in submitted) if submitted else None


def policy_lines(*, quiz: Quiz, question_count: int, attempts_left: int | None) -> list[str]:
    """The quiz's rules in plain words, shown to the learner before they start."""
    asked = min(quiz.draw_count, question_count) if quiz.draw_count else question_count
    lines = [
        ngettext("%(n)s fråga per försök.", "%(n)s frågor per försök.", asked) % {"n": asked},
        _("Du behöver %(mark)s %% rätt för att klara kunskapskontrollen.")
        % {"mark": quiz.pass_mark},
    ]
    if quiz.draw_count and quiz.draw_count < question_count:
        lines.append(
            _("Frågorna dras ur en frågebank, så ett nytt försök ger till stor del andra frågor.")
        )
    if attempts_left is None:
        lines.append(_("Du kan göra kunskapskontrollen så många gånger du behöver."))
    else:
        lines.append(
            ngettext("Du har %(n)s försök kvar.", "Du har %(n)s försök kvar.", attempts_left)
            % {"n": attempts_left}
        )
    if quiz.failures_before_wait:
        n = quiz.failures_before_wait
        if quiz.rereads_after_failures:
            lines.append(
                ngettext(
                    "Efter %(n)s underkänt försök i rad behöver du öppna modulens lektioner "
                    "igen innan nästa försök.",
                    "Efter %(n)s underkända försök i rad behöver du öppna modulens lektioner "
                    "igen innan nästa försök.",
                    n,
                )
                % {"n": n}
            )
        else:
            lines.append(
                ngettext(
                    "Efter %(n)s underkänt försök i rad får du vänta %(hours)s timmar innan "
                    "nästa försök.",
                    "Efter %(n)s underkända försök i rad får du vänta %(hours)s timmar innan "
                    "nästa försök.",
                    n,
                )
                % {"n": n, "hours": quiz.wait_hours}
            )
    lines.append(REVEAL_WORDS[quiz.reveal_answers]())
    return lines


REVEAL_WORDS = {
    "after_each_attempt": lambda: _(
        "Efter varje försök ser du vilka svar som var rätt, med förklaringar."
    ),
    "after_pass": lambda: _(
        "Efter ett underkänt försök ser du vilka frågor du svarade fel på och vilka lektioner "
        "du kan läsa igen. Rätt svar och förklaringar visas när du har klarat kunskapskontrollen."
    ),
    "never": lambda: _(
        "Du ser vilka frågor du svarade fel på, men rätt svar visas inte. Läs lektionerna igen "
        "för att hitta dem."
    ),
}
