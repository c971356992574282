"""Read-side queries for quizzes. Query counts do not grow with the number of questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from random import Random

from django.db.models import Avg, Count, F, Q
from django.utils.translation import gettext as _

from common import clock
from courses.api import Course, Enrollment, Lesson, StepProgress, content_cached

from .forms import AnswerForm
from .models import (
    Attempt,
    Choice,
    MatchPick,
    Question,
    Quiz,
    Response,
    RevealAnswers,
    TrueFalseQuestion,
    question_options_load,
)
from .policy import RetryBlock, last_failure_at, policy_lines, retry_block
from .review import QuestionReview, reviews_build


def quiz_questions_get(*, quiz: Quiz) -> list[Question]:
    """The quiz's question pool (not archived) with options, in authored order.

    Queries: questions (1 + 1 per question type present), options (1 per option model present).
    """
    return quiz.question_pool()


def _quiz_questions_load(quiz_id: int) -> dict[int, Question]:
    """All the quiz's questions with options, archived ones too (an attempt keeps its draw)."""
    questions = Question.objects.filter(quiz_id=quiz_id).order_by("position", "pk")
    return {q.pk: q for q in question_options_load(questions)}


def attempt_questions_get(*, attempt: Attempt, course: Course | None = None) -> list[Question]:
    """The questions drawn for `attempt`, in its order, options arranged as it shows them.

    With the attempt's `course` the questions come from the content cache
    (courses/content_cache.py; no query once the course version is loaded);
    without it, or for a question newer than the cached version, from the
    database (questions 1 + 1 per type, options 1 per option model).
    """
    ids = attempt.question_ids
    found: dict[int, Question] | None = None
    if course is not None:
        found = content_cached(
            course, ("questions", attempt.quiz_id), lambda: _quiz_questions_load(attempt.quiz_id)
        )
        if any(pk not in found for pk in ids):
            found = None
    if found is None:
        found = {q.pk: q for q in Question.objects.filter(pk__in=ids)}
        question_options_load(found.values())
    questions = [found[pk] for pk in ids if pk in found]
    options = attempt.layout.get("options", {})
    for question in questions:
        question.arrange(options.get(str(question.pk)))
    return questions


@dataclass
class QuizStatus:
    """Where a learner stands with a quiz, from their attempts."""

    quiz: Quiz
    attempts: list[Attempt]
    # Set when repeated failures paused the quiz (`quizzes.policy.retry_block`).
    block: RetryBlock | None = None

    @property
    def submitted(self) -> list[Attempt]:
        return [a for a in self.attempts if a.is_submitted]

    @property
    def open_attempt(self) -> Attempt | None:
        return next((a for a in self.attempts if not a.is_submitted), None)

    @property
    def best(self) -> Attempt | None:
        """The attempt that counts: the best score, the earliest among equals."""
        graded = self.submitted
        return max(graded, key=lambda a: (a.score, -a.number)) if graded else None

    @property
    def has_passed(self) -> bool:
        return any(a.passed for a in self.submitted)

    @property
    def attempts_left(self) -> int | None:
        if self.quiz.max_attempts is None:
            return None
        return max(self.quiz.max_attempts - len(self.submitted), 0)

    @property
    def may_start(self) -> bool:
        return self.attempts_left is None or self.attempts_left > 0


def quiz_status_get(*, enrollment: Enrollment, quiz: Quiz) -> QuizStatus:
    """The learner's attempts at `quiz` in this round, oldest first, and any pause.

    Queries: 1, plus 2 while a "re-open the lessons" pause is due.
    """
    attempts = list(Attempt.objects.filter(enrollment=enrollment, quiz=quiz).order_by("number"))
    block = quiz_retry_block_get(enrollment=enrollment, quiz=quiz, attempts=attempts)
    return QuizStatus(quiz=quiz, attempts=attempts, block=block)


def quiz_retry_block_get(
    *, enrollment: Enrollment, quiz: Quiz, attempts: list[Attempt]
) -> RetryBlock | None:
    """What holds the learner back from a new attempt after repeated failures, if anything.

    `attempts` are the learner's attempts at `quiz` in this round. For a
    "re-open the lessons" pause, reads the module's lessons and the
    learner's visits to them since the last failure (2 queries).
    """
    if not quiz.failures_before_wait:
        return None
    unread: list[Lesson] = []
    since = last_failure_at(attempts)
    if quiz.rereads_after_failures and since is not None:
        lessons = module_lessons_get(quiz=quiz)
        visited = set(
            StepProgress.objects.filter(
                enrollment=enrollment,
                step_id__in=[lesson.pk for lesson in lessons],
                last_visited_at__gt=since,
            ).values_list("step_id", flat=True)
        )
        unread = [lesson for lesson in lessons if lesson.pk not in visited]
    return retry_block(quiz=quiz, attempts=attempts, now=clock.now(), lessons_unread=unread)


def quiz_policy_get(
    *, quiz: Quiz, status: QuizStatus | None = None, course: Course | None = None
) -> list[str]:
    """The quiz's rules in plain words for the learner about to start.

    Queries: 1 (the count of questions); none with the quiz's published `course`
    once its version is in the content cache.
    """

    def count_load() -> int:
        return Question.objects.filter(quiz=quiz, is_archived=False).count()

    if course is None:
        count = count_load()
    else:
        count = content_cached(course, ("question-count", quiz.pk), count_load)
    attempts_left = status.attempts_left if status is not None else quiz.max_attempts
    return policy_lines(quiz=quiz, question_count=count, attempts_left=attempts_left)


def quiz_form_context(*, quiz: Quiz, form: AnswerForm) -> dict:
    """What the quiz form template needs: the form, its entries and those with an error."""
    entries = form.entries
    return {
        "quiz": quiz,
        "form": form,
        "questions": form.questions,
        "entries": entries,
        "question_count": len(entries),
        "errors": [entry for entry in entries if entry.error],
    }


def quiz_preview_get(*, quiz: Quiz, rng: Random | None = None) -> dict:
    """A trainer's preview: the questions as a learner would get them; nothing is stored.

    The draw and the order come from `rng` (default: `common.clock.system_rng()`).
    """
    pool = quiz_questions_get(quiz=quiz)
    layout = quiz.layout_new(pool, rng or clock.system_rng())
    by_id = {q.pk: q for q in pool}
    questions = [by_id[pk] for pk in layout["questions"]]
    for question in questions:
        question.arrange(layout["options"].get(str(question.pk)))
    return {**quiz_form_context(quiz=quiz, form=AnswerForm(questions)), "preview": True}


def module_lessons_get(*, quiz: Quiz) -> list[Lesson]:
    """The lessons of the quiz's module, to review after a fail. Queries: 1."""
    return list(
        Lesson.objects.filter(module_id=quiz.module_id, is_archived=False)
        .select_related("module__course")
        .order_by("position", "pk")
    )


def attempt_review_get(*, attempt: Attempt) -> list[QuestionReview]:
    """The attempt's questions reviewed (immutable `QuestionReview`s), in the attempt's order.

    Whether the right answers (and the explanations, which usually name
    them) are shown follows the quiz's review policy (`Quiz.reveals_for`):
    after every attempt, only once the learner has passed (this or an
    earlier attempt of the round), or never.
    """
    questions = attempt_questions_get(attempt=attempt)
    responses = {r.question_id: r for r in Response.objects.filter(attempt=attempt)}
    quiz = attempt.quiz
    has_passed = bool(attempt.passed)
    if not has_passed and quiz.reveal_answers == RevealAnswers.AFTER_PASS:
        has_passed = Attempt.objects.filter(
            enrollment_id=attempt.enrollment_id, quiz_id=attempt.quiz_id, passed=True
        ).exists()
    return reviews_build(questions, responses, reveal=quiz.reveals_for(has_passed=has_passed))


@dataclass
class QuestionStats:
    question: Question
    answered: int = 0
    correct: int = 0
    wrong_answer: str = ""
    wrong_count: int = 0

    @property
    def percent_correct(self) -> int | None:
        return round(100 * self.correct / self.answered) if self.answered else None


@dataclass
class QuizStats:
    quiz: Quiz
    attempts: int = 0
    passed: int = 0
    learners: int = 0
    average_score: Decimal | None = None
    questions: list[QuestionStats] = field(default_factory=list)

    @property
    def percent_passed(self) -> int | None:
        return round(100 * self.passed / self.attempts) if self.attempts else None


def item_analysis_get(*, course: Course) -> list[QuizStats]:
    """Per quiz and question of `course`: attempts, share right, most chosen wrong answer.

    Counts submitted attempts only and names no learner. Aggregated in SQL;
    queries: quizzes (1), questions (1 + 1 per type present), attempt
    figures (1), response figures (1), wrong choices (1), wrong matches (1).
    """
    quizzes = list(
        Quiz.objects.filter(module__course=course, is_archived=False).order_by(
            "module__position", "position", "pk"
        )
    )
    questions = list(
        Question.objects.filter(quiz__in=quizzes, is_archived=False).order_by("position", "pk")
    )
    attempt_rows = {
        row["quiz_id"]: row
        for row in Attempt.objects.filter(quiz__in=quizzes, submitted_at__isnull=False)
        .values("quiz_id")
        .annotate(
            n=Count("id"),
            passed_n=Count("id", filter=Q(passed=True)),
            learners=Count("enrollment__user", distinct=True),
            avg=Avg("score"),
        )
    }
    response_rows = {
        row["question_id"]: row
        for row in Response.objects.filter(question__in=questions)
        .values("question_id")
        .annotate(n=Count("id"), right=Count("id", filter=Q(is_correct=True)))
    }
    wrong_picks: dict[int, tuple[str, int]] = {}
    for row in (
        Choice.objects.filter(question__in=questions, is_correct=False)
        .annotate(picks=Count("responses"))
        .filter(picks__gt=0)
        .order_by("question_id", "-picks", "position")
        .values("question_id", "text", "picks")
    ):
        wrong_picks.setdefault(row["question_id"], (row["text"], row["picks"]))
    for row in (
        MatchPick.objects.filter(pair__question__in=questions)
        .exclude(chosen=F("pair"))
        .values("pair__question_id", "pair__prompt", "chosen__match", "pair__position")
        .annotate(picks=Count("id"))
        .order_by("pair__question_id", "-picks", "pair__position")
    ):
        wrong = f"{row['pair__prompt']} → {row['chosen__match']}"
        wrong_picks.setdefault(row["pair__question_id"], (wrong, row["picks"]))

    stats = {quiz.pk: QuizStats(quiz=quiz) for quiz in quizzes}
    for quiz_id, row in attempt_rows.items():
        quiz_stats = stats[quiz_id]
        quiz_stats.attempts = row["n"]
        quiz_stats.passed = row["passed_n"]
        quiz_stats.learners = row["learners"]
        quiz_stats.average_score = row["avg"]
    for question in questions:
        row = response_rows.get(question.pk, {"n": 0, "right": 0})
        item = QuestionStats(question=question, answered=row["n"], correct=row["right"])
        if question.pk in wrong_picks:
            item.wrong_answer, item.wrong_count = wrong_picks[question.pk]
        elif isinstance(question, TrueFalseQuestion) and item.answered > item.correct:
            # The only wrong answer to a statement is its opposite.
            item.wrong_answer = _("Falskt") if question.correct else _("Sant")
            item.wrong_count = item.answered - item.correct
        stats[question.quiz_id].questions.append(item)
    return list(stats.values())
