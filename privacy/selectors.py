"""What Lärspår holds about one person, gathered for "Mina uppgifter" and its downloads."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict

from django.db.models import Max, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext

from accounts.api import Role, User
from audit.api import audit_events_about_get
from certificates.api import Certificate, CertificateEvent, CertificateEventKind
from common import clock
from courses.api import Enrollment, ReflectionAnswer, StepProgress
from groups.api import person_group_data_get
from quizzes.api import Attempt, MatchingPair, OrderingItem, Response
from reporting.api import ReminderKind, ReminderLog


def _grouped(rows, key: str) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        out[row.pop(key)].append(row)
    return out


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _answer_texts(user) -> dict[tuple[int, str], str]:
    """Texts of the ordering items and matching pairs in `user`'s answers, by (question, key)."""
    answered = Response.objects.filter(attempt__enrollment__user=user).values("question_id")
    texts = {
        (question_id, key): text
        for question_id, key, text in OrderingItem.objects.filter(
            question_id__in=answered
        ).values_list("question_id", "key", "text")
    }
    # Ordered by position: a matching answer is a JSON object, whose key order
    # PostgreSQL does not keep, so prompts are shown in this order instead.
    for question_id, key, prompt, match_key, match in (
        MatchingPair.objects.filter(question_id__in=answered)
        .order_by("position", "pk")
        .values_list("question_id", "key", "prompt", "match_key", "match")
    ):
        texts[(question_id, key)] = prompt
        texts[(question_id, match_key)] = match
    return texts


def _answer_readable(row: dict, chosen: list[str], texts: dict) -> str:
    """The stored answer as a person reads it: chosen texts, true/false, order, pairs."""
    answer, question_id = row["answer"], row["question_id"]
    if chosen:
        return ", ".join(chosen)
    if isinstance(answer, bool):
        return gettext("Sant") if answer else gettext("Falskt")
    if isinstance(answer, list):
        return ", ".join(
            f"{n}. {texts.get((question_id, key), key)}" for n, key in enumerate(answer, 1)
        )
    if isinstance(answer, dict):
        order = {key: n for n, (q, key) in enumerate(texts) if q == question_id}
        return "; ".join(
            f"{texts.get((question_id, key), key)} → {texts.get((question_id, value), value)}"
            for key, value in sorted(answer.items(), key=lambda item: order.get(item[0], 0))
        )
    return str(answer)


def person_data_get(*, user) -> dict:
    """Everything held about `user`, as plain data (dicts, lists, dates, decimals).

    Only `user`'s own rows are read. The query count does not grow with the
    amount of data: unit and dates (1), managed units (1), roles (1),
    progress (1), chosen options (1), ordering items (1), matching pairs (1),
    responses (1), attempts (1), enrollments (1), reflections (1),
    certificates (1), certificate events (1), reminders (1), group memberships,
    attendance and groups led (3).
    """
    unit = (
        User.objects.filter(pk=user.pk)
        .values("unit__code", "unit__name", "date_joined", "last_login")
        .get()
    )
    managed_units = list(user.managed_units.order_by("path").values("code", "name"))
    roles = [
        {"code": name, "label": _label(Role, name)}
        for name in sorted(user.groups.values_list("name", flat=True))
    ]
    profile = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "username": user.get_username(),
        "email": user.email,
        "employee_id": user.employee_id or "",
        "professional_group": user.professional_group,
        "unit": {"code": unit["unit__code"], "name": unit["unit__name"]}
        if unit["unit__code"]
        else None,
        "managed_units": managed_units,
        "roles": roles,
        "date_joined": unit["date_joined"],
        "last_login": unit["last_login"],
        "is_active": user.is_active,
    }

    progress = _grouped(
        StepProgress.objects.filter(enrollment__user=user)
        .order_by("enrollment_id", "step__module__position", "step__position", "pk")
        .values(
            "enrollment_id",
            "step__title",
            "status",
            "first_visited_at",
            "last_visited_at",
            "completed_at",
            "time_spent",
        ),
        "enrollment_id",
    )
    chosen = _grouped(
        Response.chosen.through.objects.filter(response__attempt__enrollment__user=user)
        .order_by("choice__position", "choice_id")
        .values("response_id", "choice__text"),
        "response_id",
    )
    texts = _answer_texts(user)
    responses = defaultdict(list)
    for row in (
        Response.objects.filter(attempt__enrollment__user=user)
        .order_by("attempt_id", "pk")
        .values(
            "id",
            "attempt_id",
            "question_id",
            "question__text",
            "answer",
            "points",
            "max_points",
            "is_correct",
        )
    ):
        row["chosen"] = [pick["choice__text"] for pick in chosen.get(row.pop("id"), [])]
        row["answer_text"] = _answer_readable(row, row["chosen"], texts)
        del row["question_id"]
        responses[row.pop("attempt_id")].append(row)
    attempts = defaultdict(list)
    for row in (
        Attempt.objects.filter(enrollment__user=user)
        .order_by("enrollment_id", "quiz_id", "number")
        .values(
            "id",
            "enrollment_id",
            "quiz__title",
            "number",
            "started_at",
            "submitted_at",
            "score",
            "passed",
            "pass_mark",
        )
    ):
        row["responses"] = responses.get(row.pop("id"), [])
        attempts[row.pop("enrollment_id")].append(row)
    enrollments = []
    for row in (
        Enrollment.objects.filter(user=user)
        .order_by("started_at", "pk")
        .values("id", "course__title", "round", "started_at", "completed_at", "course_version")
    ):
        pk = row.pop("id")
        row["progress"] = progress.get(pk, [])
        row["attempts"] = attempts.get(pk, [])
        enrollments.append(row)

    reflections = list(
        ReflectionAnswer.objects.filter(user=user)
        .order_by("block__lesson__module__course__title", "block_id")
        .values(
            "block__lesson__module__course__title",
            "block__lesson__title",
            "block__prompt",
            "text",
            "updated_at",
        )
    )
    reflections = [
        {
            "course": row["block__lesson__module__course__title"],
            "lesson": row["block__lesson__title"],
            "prompt": row["block__prompt"],
            "text": row["text"],
            "updated_at": row["updated_at"],
        }
        for row in reflections
    ]

    certificates = []
    for certificate in Certificate.objects.filter(user=user).with_newer().order_by("issued_at"):
        certificates.append(
            {
                "code": certificate.display_code,
                "holder_name": certificate.holder_name,
                "course": certificate.course_title,
                "course_version": certificate.course_version,
                "completed_on": certificate.completed_on,
                "issued_at": certificate.issued_at,
                "expires_on": certificate.expires_on,
                "revoked_at": certificate.revoked_at,
                "status": certificate.status,
                "status_label": str(certificate.status_label),
            }
        )
    certificate_events = [
        {
            "certificate": row["certificate__code"],
            "kind": row["kind"],
            "kind_label": _label(CertificateEventKind, row["kind"]),
            "at": row["at"],
            "reason": row["reason"],
            "old_value": row["old_value"],
            "new_value": row["new_value"],
        }
        for row in CertificateEvent.objects.filter(certificate__user=user)
        .order_by("at", "pk")
        .values("certificate__code", "kind", "at", "reason", "old_value", "new_value")
    ]
    reminders = [
        {**row, "kind_label": _label(ReminderKind, row["kind"])}
        for row in ReminderLog.objects.filter(user=user)
        .order_by("sent_at", "pk")
        .values("course__title", "kind", "occasion", "sent_at")
    ]
    return {
        "profile": profile,
        "enrollments": enrollments,
        "reflections": reflections,
        "certificates": certificates,
        "certificate_events": certificate_events,
        "reminders": reminders,
        "groups": person_group_data_get(user=user),
        "audit_events": audit_events_about_get(user=user),
    }


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same moment `months` calendar months earlier (the day capped at the month's end)."""
    index = moment.month - 1 - months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def persons_past_retention_get(*, months: int) -> QuerySet[User]:
    """Deactivated people last seen more than `months` months ago, not yet erased.

    Accounts hold no deactivation date, so "last seen" stands in for it: the
    latest of joining, last sign-in and last visit to a course step. A
    deactivated person cannot sign in or visit, so this is never later than
    the deactivation.
    """
    cutoff = months_before(clock.now(), months)
    return (
        User.objects.filter(is_active=False)
        .exclude(username__startswith="raderad-", first_name="Raderad", last_name="person")
        .annotate(
            last_seen=Greatest(
                "date_joined",
                Coalesce("last_login", "date_joined"),
                Coalesce(Max("enrollments__progress__last_visited_at"), "date_joined"),
            )
        )
        .filter(last_seen__lt=cutoff)
        .order_by("pk")
    )
