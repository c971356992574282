from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from common.errors import handle_domain_errors
from courses.api import (
    Course,
    CourseNotStarted,
    CourseStatus,
    Enrollment,
    course_outline_get,
    course_policy,
    step_page_render,
)

from . import selectors, services
from .errors import AnswersMalformed, AttemptClosed
from .forms import AnswerForm
from .grading import MalformedAnswer, is_passing, score_percent
from .models import Attempt, Quiz, Response
from .review import reviews_build


def _require_course_policy(request, action: str) -> None:
    if not course_policy.user_can(request.user, action):
        raise PermissionDenied(_("Bara utbildare och administratörer har tillgång till sidan."))


def _learner_attempt(request, attempt_id: int) -> Attempt:
    """The signed-in learner's own attempt in a published course; 404 for anyone else's."""
    return get_object_or_404(
        Attempt.objects.select_related("enrollment__course", "quiz__module"),
        pk=attempt_id,
        enrollment__user=request.user,
        enrollment__course__status=CourseStatus.PUBLISHED,
        quiz__is_archived=False,
    )


@login_required
@require_POST
@handle_domain_errors
def attempt_start(request, quiz_id: int):
    """Start an attempt (the first, or another after a pass) and go to the quiz."""
    quiz = get_object_or_404(
        Quiz.objects.select_related("module__course"),
        pk=quiz_id,
        is_archived=False,
        module__course__status=CourseStatus.PUBLISHED,
    )
    enrollment = Enrollment.objects.current_for(request.user, quiz.module.course)
    if enrollment is None:
        raise CourseNotStarted
    services.attempt_start(enrollment=enrollment, quiz=quiz)
    return redirect(quiz.get_absolute_url())


@login_required
@require_POST
@handle_domain_errors
def attempt_submit(request, attempt_id: int):
    """Grade the learner's open attempt. Nothing is stored unless every answer is valid.

    Gating is decided once: the outline built here serves the form, the
    service's check and the completion of the step on a pass.
    """
    attempt = _learner_attempt(request, attempt_id)
    if attempt.is_submitted:
        raise AttemptClosed(attempt)
    enrollment = attempt.enrollment
    outline = course_outline_get(course=enrollment.course, enrollment=enrollment)
    state = services.quiz_require_open(outline, attempt.quiz)
    questions = selectors.attempt_questions_get(attempt=attempt, course=enrollment.course)
    form = AnswerForm(questions, request.POST)
    valid = form.is_valid()
    if form.malformed is not None:
        raise AnswersMalformed(
            _("Svaren kunde inte tolkas: %(why)s Inget har sparats.")
            % {"why": form.malformed.message}
        )
    if not valid:
        quiz = state.step
        extra = {
            "status": selectors.quiz_status_get(enrollment=enrollment, quiz=quiz),
            "attempt": attempt,
            **selectors.quiz_form_context(quiz=quiz, form=form),
        }
        return step_page_render(
            request, outline=outline, state=state, enrollment=enrollment, extra=extra
        )
    try:
        services.attempt_submit(
            attempt=attempt, answers=form.answers, questions=questions, outline=outline
        )
    except MalformedAnswer as exc:
        raise AnswersMalformed(
            _("Svaren kunde inte tolkas: %(why)s Inget har sparats.") % {"why": exc.message}
        ) from exc
    return redirect(attempt.get_absolute_url())


@login_required
@require_safe
@handle_domain_errors
def attempt_detail(request, attempt_id: int):
    """The result of one submitted attempt: score, pass or fail, and why, per question."""
    attempt = _learner_attempt(request, attempt_id)
    if not attempt.is_submitted:
        return redirect(attempt.quiz.get_absolute_url())
    course, enrollment, quiz = attempt.enrollment.course, attempt.enrollment, attempt.quiz
    outline = course_outline_get(course=course, enrollment=enrollment)
    state = outline.require(quiz)
    _previous, following = outline.neighbours(quiz.pk)
    status = selectors.quiz_status_get(enrollment=enrollment, quiz=quiz)
    reviews = selectors.attempt_review_get(attempt=attempt)
    return render(
        request,
        "quizzes/attempt_detail.html",
        {
            "course": course,
            "outline": outline,
            "state": state,
            "quiz": quiz,
            "attempt": attempt,
            "reviews": reviews,
            "reveal": all(review.reveal for review in reviews),
            "wrong": [r for r in reviews if r.response is None or not r.response.is_correct],
            "status": status,
            "lessons": selectors.module_lessons_get(quiz=quiz),
            "next": following,
            "is_current_round": Enrollment.objects.current_for(request.user, course) == enrollment,
        },
    )


def _preview_quiz(request, quiz_id: int) -> Quiz:
    _require_course_policy(request, "preview")
    return get_object_or_404(Quiz.objects.select_related("module__course"), pk=quiz_id)


@login_required
@require_safe
def quiz_preview(request, quiz_id: int):
    """A trainer tries the quiz as a learner would, in any course status. Nothing is stored."""
    quiz = _preview_quiz(request, quiz_id)
    return render(
        request,
        "quizzes/quiz_preview.html",
        {
            "quiz": quiz,
            "course": quiz.module.course,
            "warnings": quiz.publish_warnings(),
            **selectors.quiz_preview_get(quiz=quiz),
        },
    )


@login_required
@require_POST
@handle_domain_errors
def preview_submit(request, quiz_id: int):
    """Grade a trainer's preview answers and show the result. Nothing is stored."""
    quiz = _preview_quiz(request, quiz_id)
    pool = {q.pk: q for q in selectors.quiz_questions_get(quiz=quiz)}
    try:
        shown = [pool[int(pk)] for pk in request.POST.getlist("preview_question")]
    except (KeyError, ValueError):
        raise AnswersMalformed(
            _("Frågorna i förhandsgranskningen har ändrats. Ladda om.")
        ) from None
    for question in shown:
        question.arrange(request.POST.getlist(f"preview_order-{question.pk}"))
    form = AnswerForm(shown, request.POST)
    valid = form.is_valid()
    if form.malformed is not None:
        raise AnswersMalformed(
            _("Svaren kunde inte tolkas: %(why)s") % {"why": form.malformed.message}
        )
    context = {"quiz": quiz, "course": quiz.module.course}
    if not valid or not shown:
        context.update(selectors.quiz_form_context(quiz=quiz, form=form), preview=True)
        return render(request, "quizzes/quiz_preview.html", context)
    answers = form.answers
    responses = {}
    for question in shown:
        grade = question.grade(answers[question.pk])
        responses[question.pk] = Response(
            question=question,
            answer=answers[question.pk],
            points=grade.points,
            max_points=grade.max_points,
            is_correct=grade.is_correct,
        )
    points = sum(r.points for r in responses.values())
    max_points = sum(r.max_points for r in responses.values())
    context.update(
        reviews=reviews_build(shown, responses, reveal=True),
        score=score_percent(points, max_points),
        passed=is_passing(points, max_points, quiz.pass_mark),
        points=points,
        max_points=max_points,
    )
    return render(request, "quizzes/preview_result.html", context)


@login_required
@require_safe
def item_analysis(request, slug: str):
    """Per quiz and question: attempts, share right, most chosen wrong answer. No names."""
    _require_course_policy(request, "analyse")
    course = get_object_or_404(Course, slug=slug)
    return render(
        request,
        "quizzes/item_analysis.html",
        {"course": course, "quizzes": selectors.item_analysis_get(course=course)},
    )
