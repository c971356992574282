from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from courses.models import Course, CourseStatus, Enrollment
from courses.policies import course_policy
from courses.selectors import CourseOutline, StepState, course_outline_get
from courses.services import StepLocked

from . import selectors, services
from .forms import answers_parse
from .grading import MalformedAnswer, is_passing, score_percent
from .models import Attempt, Quiz, Response


def _bad_request(request, message: str, *, link=None, link_text: str = ""):
    return render(
        request,
        "quizzes/quiz_error.html",
        {"message": message, "link": link, "link_text": link_text},
        status=400,
    )


def _forbidden(request, message: str):
    return render(request, "403.html", {"message": message}, status=403)


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


def _quiz_state(outline: CourseOutline, quiz: Quiz) -> StepState:
    state = outline.state_of(quiz.pk)
    if state is None:
        raise Http404(_("Kunskapskontrollen finns inte i den här kursen."))
    return state


def _step_page(request, *, course, outline, state, extra: dict, status: int = 200):
    """The course's step page for a quiz, as courses.views.step_detail renders it."""
    previous, following = outline.neighbours(state.step.pk)
    context = {
        "course": course,
        "outline": outline,
        "state": state,
        "step": state.step,
        "module": state.module,
        "previous": previous,
        "next": following,
        **extra,
    }
    return render(request, "courses/step_detail.html", context, status=status)


@login_required
@require_POST
def attempt_start(request, quiz_id: int):
    """Start a new attempt (e.g. to try again after a pass) and go to the quiz."""
    quiz = get_object_or_404(
        Quiz.objects.select_related("module__course"),
        pk=quiz_id,
        is_archived=False,
        module__course__status=CourseStatus.PUBLISHED,
    )
    enrollment = Enrollment.objects.current_for(request.user, quiz.module.course)
    if enrollment is None:
        raise Http404(_("Du har inte startat kursen."))
    try:
        services.attempt_start(enrollment=enrollment, quiz=quiz)
    except StepLocked:
        return _forbidden(request, _("Kunskapskontrollen är inte öppen ännu."))
    except services.AttemptsExhausted:
        return _bad_request(request, _("Du har använt alla försök på den här kunskapskontrollen."))
    return redirect(quiz.get_absolute_url())


@login_required
@require_POST
def attempt_submit(request, attempt_id: int):
    """Grade the learner's open attempt. Nothing is stored unless every answer is valid."""
    attempt = _learner_attempt(request, attempt_id)
    result_link = attempt.get_absolute_url()
    if attempt.is_submitted:
        return _bad_request(
            request,
            _("Det här försöket är redan inskickat och rättat. Det rättas inte igen."),
            link=result_link,
            link_text=_("Se resultatet"),
        )
    course, enrollment = attempt.enrollment.course, attempt.enrollment
    if Enrollment.objects.current_for(request.user, course) != enrollment:
        return _bad_request(request, _("Försöket hör till en tidigare omgång av kursen."))
    outline = course_outline_get(course=course, enrollment=enrollment)
    state = _quiz_state(outline, attempt.quiz)
    if state.is_locked:
        return _forbidden(request, _("Kunskapskontrollen är inte öppen ännu."))
    questions = selectors.attempt_questions_get(attempt=attempt)
    try:
        answers, errors = answers_parse(questions, request.POST)
    except MalformedAnswer as exc:
        return _bad_request(
            request,
            _("Svaren kunde inte tolkas: %(why)s Inget har sparats.") % {"why": exc.message},
        )
    if errors:
        status = selectors.quiz_status_get(enrollment=enrollment, quiz=state.step)
        extra = {
            "status": status,
            "attempt": attempt,
            **selectors.quiz_form_context(
                quiz=state.step, questions=questions, posted=request.POST, errors=errors
            ),
        }
        return _step_page(request, course=course, outline=outline, state=state, extra=extra)
    try:
        services.attempt_submit(attempt=attempt, answers=answers)
    except services.AttemptClosed:
        return _bad_request(
            request,
            _("Det här försöket är redan inskickat och rättat. Det rättas inte igen."),
            link=result_link,
            link_text=_("Se resultatet"),
        )
    except StepLocked:
        return _forbidden(request, _("Kunskapskontrollen är inte öppen ännu."))
    return redirect(result_link)


@login_required
@require_safe
def attempt_detail(request, attempt_id: int):
    """The result of one submitted attempt: score, pass or fail, and why, per question."""
    attempt = _learner_attempt(request, attempt_id)
    if not attempt.is_submitted:
        return redirect(attempt.quiz.get_absolute_url())
    course, enrollment, quiz = attempt.enrollment.course, attempt.enrollment, attempt.quiz
    outline = course_outline_get(course=course, enrollment=enrollment)
    state = _quiz_state(outline, quiz)
    _previous, following = outline.neighbours(quiz.pk)
    status = selectors.quiz_status_get(enrollment=enrollment, quiz=quiz)
    return render(
        request,
        "quizzes/attempt_detail.html",
        {
            "course": course,
            "outline": outline,
            "state": state,
            "quiz": quiz,
            "attempt": attempt,
            "questions": selectors.attempt_review_get(attempt=attempt),
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
        {"quiz": quiz, "course": quiz.module.course, **selectors.quiz_preview_get(quiz=quiz)},
    )


@login_required
@require_POST
def preview_submit(request, quiz_id: int):
    """Grade a trainer's preview answers and show the result. Nothing is stored."""
    quiz = _preview_quiz(request, quiz_id)
    pool = {q.pk: q for q in selectors.quiz_questions_get(quiz=quiz)}
    try:
        shown = [pool[int(pk)] for pk in request.POST.getlist("preview_question")]
    except (KeyError, ValueError):
        return _bad_request(request, _("Frågorna i förhandsgranskningen har ändrats. Ladda om."))
    for question in shown:
        question.arrange(request.POST.getlist(f"preview_order-{question.pk}"))
    try:
        answers, errors = answers_parse(shown, request.POST)
    except MalformedAnswer as exc:
        return _bad_request(request, _("Svaren kunde inte tolkas: %(why)s") % {"why": exc.message})
    context = {"quiz": quiz, "course": quiz.module.course}
    if errors or not shown:
        context.update(
            selectors.quiz_form_context(
                quiz=quiz, questions=shown, posted=request.POST, errors=errors
            ),
            preview=True,
        )
        return render(request, "quizzes/quiz_preview.html", context)
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
        questions=selectors.review_prepare(shown, responses, reveal=True),
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
