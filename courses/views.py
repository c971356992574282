from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from common.errors import BadRequest, handle_domain_errors

from . import services
from .errors import StepNotInCourse
from .models import Course, Enrollment, ReflectionBlock, Step
from .pages import step_page_render
from .revisions import step_successor_get
from .selectors import CourseOutline, course_outline_get, my_courses_ordered_get

# Query parameter naming the reflection block just saved (its confirmation shows beside it).
SAVED_PARAMETER = "sparat"


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Ditt svar (syns bara för dig)"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _published_course(slug: str) -> Course:
    return get_object_or_404(Course.objects.published(), slug=slug)


def _published_course_and_round(request, slug: str) -> tuple[Course, Enrollment | None]:
    """The published course `slug` (404 if none) and the learner's latest round of it."""
    course, enrollment = Enrollment.objects.current_in_published(request.user, slug)
    if course is None:
        raise Http404
    return course, enrollment


@login_required
@require_safe
def my_courses(request):
    cards = my_courses_ordered_get(user=request.user)
    return render(request, "courses/course_list.html", {"cards": cards})


@login_required
@require_safe
def course_detail(request, slug):
    course, enrollment = _published_course_and_round(request, slug)
    outline = course_outline_get(course=course, enrollment=enrollment)
    return render(request, "courses/course_detail.html", {"course": course, "outline": outline})


@login_required
@require_POST
def course_start(request, slug):
    course = _published_course(slug)
    enrollment = services.enrollment_start(user=request.user, course=course)
    return _redirect_to_next(course_outline_get(course=course, enrollment=enrollment))


@login_required
@require_safe
def course_continue(request, slug):
    course, enrollment = _published_course_and_round(request, slug)
    if enrollment is None:
        return redirect(course)
    return _redirect_to_next(course_outline_get(course=course, enrollment=enrollment))


def _redirect_to_next(outline: CourseOutline):
    if outline.is_completed:
        return redirect("courses:course-completed", slug=outline.course.slug)
    state = outline.next_state
    if state is None:
        return redirect(outline.course)
    return redirect(state.url)


@login_required
@require_safe
@handle_domain_errors
def step_detail(request, slug, step_id):
    course, enrollment = _published_course_and_round(request, slug)
    if enrollment is None:
        messages.info(request, _("Starta kursen först."))
        return redirect(course)
    outline = course_outline_get(course=course, enrollment=enrollment)
    if outline.state_of(step_id) is None:
        return _redirect_to_successor(request, course, step_id)
    state = outline.require(step_id)
    if state.is_locked:
        previous, following = outline.neighbours(step_id)
        context = {
            "course": course,
            "outline": outline,
            "state": state,
            "step": state.step,
            "module": state.module,
            "previous": previous,
            "next": following,
        }
        return render(request, "courses/step_locked.html", context, status=403)
    services.step_visit(enrollment=enrollment, step=state.step, progress=state.progress)
    return step_page_render(request, outline=outline, state=state, enrollment=enrollment)


@login_required
@require_POST
@handle_domain_errors
def step_complete(request, slug, step_id):
    course, enrollment = _published_course_and_round(request, slug)
    # The outline holds the course's visible steps (from the content cache): no query for the step.
    outline = course_outline_get(course=course, enrollment=enrollment)
    state = outline.state_of(step_id)
    if state is None:
        return _redirect_to_successor(request, course, step_id)
    if enrollment is None:
        return redirect(course)
    step = state.step
    try:
        services.step_complete_by_learner(enrollment=enrollment, step=step, outline=outline)
    except services.StepLocked:
        return redirect(outline.require(step).url)
    return _redirect_after(outline, step)


def _redirect_to_successor(request, course: Course, step_id: int):
    """A step of an earlier version of the course: go to the same step in this one.

    The learner may have had the page open when a new version was published.
    StepNotInCourse (404) if the step was removed or never was the course's.
    """
    successor = step_successor_get(course=course, step_id=step_id)
    if successor is None:
        raise StepNotInCourse
    messages.info(
        request,
        _("Kursen har fått en ny version. Du fortsätter här; det du redan har gjort finns kvar."),
    )
    return redirect("courses:step", slug=course.slug, step_id=successor.pk)


def _redirect_after(outline: CourseOutline, step: Step):
    """Where to go after a step is done: the next step not done, or the completed page.

    `outline` is the request's outline, updated in place by `step_complete`.
    """
    course = outline.course
    if outline.is_completed and not outline.has_optional_open:
        return redirect("courses:course-completed", slug=course.slug)
    following = outline.next_after(step)
    if following is not None:
        return redirect(following.url)
    if outline.is_completed:
        return redirect("courses:course-completed", slug=course.slug)
    return redirect(reverse("courses:course-continue", kwargs={"slug": course.slug}))


@login_required
@require_POST
@handle_domain_errors
def reflection_save(request, slug, block_id):
    course = _published_course(slug)
    block = get_object_or_404(
        ReflectionBlock.objects.select_related("lesson"),
        pk=block_id,
        lesson__module__course=course,
        is_archived=False,
    )
    enrollment = Enrollment.objects.current_for(request.user, course)
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        raise BadRequest(_("Svaret saknas eller är för långt (högst 10 000 tecken)."))
    services.reflection_answer_save(
        enrollment=enrollment, block=block, text=form.cleaned_data["text"]
    )
    # The confirmation is shown beside the reflection it concerns (not at the top
    # of the page, off-screen on a phone); the block shows it only when the
    # learner's answer exists, so the address cannot claim a save that did not happen.
    url = block.lesson.get_absolute_url()
    return redirect(f"{url}?{SAVED_PARAMETER}={block.pk}#reflection-saved-{block.pk}")


@login_required
@require_safe
def course_completed(request, slug):
    course, enrollment = _published_course_and_round(request, slug)
    if enrollment is None or not enrollment.is_completed:
        if enrollment is not None:
            # Followed from an old link or after a failed final test: say why not.
            messages.info(
                request,
                _("Kursen är inte klar än. Gör klart de steg som återstår, så kommer du hit."),
            )
        return redirect(course)
    outline = course_outline_get(course=course, enrollment=enrollment)
    return render(
        request,
        "courses/course_completed.html",
        {"course": course, "outline": outline, "enrollment": enrollment},
    )
