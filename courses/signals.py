"""Signals that higher apps act on. `courses` never imports their receivers."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.dispatch import Signal

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CourseCompletion:
    """What `course_completed` tells its receivers: ids and the time, nothing to mutate."""

    enrollment_id: int
    user_id: int
    course_id: int
    round: int
    completed_at: datetime


@dataclass(frozen=True)
class ContentReplacement:
    """What `course_content_replaced` tells its receivers: which old item became which new one.

    Each map is old pk → new pk, for the items kept (same `uid`) in the new
    version; removed items are not in it and keep their rows.
    """

    course_id: int
    modules: dict[int, int]
    steps: dict[int, int]
    blocks: dict[int, int]


# Sent inside the transaction that publishes a draft revision, after the
# course has the draft's content: receivers move their learner records
# (quiz attempts, group meetings) to the new items with the same identity,
# in the same transaction. Arguments: replacement (a ContentReplacement).
course_content_replaced = Signal()


# Sent after the transaction in which an enrollment's last required step was
# completed has committed. Arguments: completion (a CourseCompletion).
course_completed = Signal()


def course_completed_send(completion: CourseCompletion) -> None:
    """Tell the receivers a course was completed.

    A receiver that fails is logged and skipped: the learner's request that
    completed the course still succeeds, and the other receivers still run.
    What a failed receiver should have done is repaired later (e.g. the
    `certificates_issue_missing` command).
    """
    for receiver, result in course_completed.send_robust(
        sender=CourseCompletion, completion=completion
    ):
        if isinstance(result, Exception):
            logger.error(
                "course_completed receiver %r failed for enrollment %s",
                receiver,
                completion.enrollment_id,
                exc_info=result,
            )
