from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import services
from .models import Course, Enrollment, ReflectionBlock, Step
from .selectors import course_outline_get, my_courses_get


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=_("Ditt svar (syns bara för dig)"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _published_course(slug: str) -> Course:
    return get_object_or_404(Course.objects.published(), slug=slug)


def _bad_request(request, message: str):
    return render(request, "400.html", {"message": message}, status=400)


@login_required
@require_safe
def my_courses(request):
    return render(request, "courses/course_list.html", {"cards": my_courses_get(user=request.user)})


@login_required
@require_safe
def course_detail(request, slug):
    course = _published_course(slug)
    enrollment = Enrollment.objects.current_for(request.user, course)
    outline = course_outline_get(course=course, enrollment=enrollment)
    return render(request, "courses/course_detail.html", {"course": course, "outline": outline})


@login_required
@require_POST
def course_start(request, slug):
    course = _published_course(slug)
    enrollment = services.enrollment_start(user=request.user, course=course)
    return _redirect_to_next(course, enrollment)


@login_required
@require_safe
def course_continue(request, slug):
    course = _published_course(slug)
    enrollment = Enrollment.objects.current_for(request.user, course)
    if enrollment is None:
        return redirect(course)
    return _redirect_to_next(course, enrollment)


def _redirect_to_next(course: Course, enrollment: Enrollment):
    outline = course_outline_get(course=course, enrollment=enrollment)
    if outline.is_completed:
        return redirect("courses:course-completed", slug=course.slug)
    state = outline.next_state
    if state is None:
        return redirect(course)
    return redirect(state.step.get_absolute_url())


@login_required
@require_safe
def step_detail(request, slug, step_id):
    course = _published_course(slug)
    enrollment = Enrollment.objects.current_for(request.user, course)
    if enrollment is None:
        messages.info(request, _("Starta kursen först."))
        return redirect(course)
    outline = course_outline_get(course=course, enrollment=enrollment)
    state = outline.state_of(step_id)
    if state is None:
        raise Http404(_("Steget finns inte i den här kursen."))
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
    if state.is_locked:
        return render(request, "courses/step_locked.html", context, status=403)
    services.step_visit(enrollment=enrollment, step=state.step)
    context.update(state.step.get_step_context(request=request, enrollment=enrollment))
    return render(request, "courses/step_detail.html", context)


@login_required
@require_POST
def step_complete(request, slug, step_id):
    course = _published_course(slug)
    enrollment = Enrollment.objects.current_for(request.user, course)
    step = get_object_or_404(
        Step.objects.filter(module__course=course, is_archived=False), pk=step_id
    )
    if enrollment is None:
        return redirect(course)
    if not step.completed_by_learner:
        return _bad_request(request, _("Det här steget blir klart när du klarar det."))
    try:
        services.step_complete(enrollment=enrollment, step=step)
    except services.StepLocked:
        return redirect(step.get_absolute_url())
    return _redirect_after(course, enrollment, step)


def _redirect_after(course: Course, enrollment: Enrollment, step: Step):
    """Where to go after a step is done: the next step in order, or the completed page."""
    outline = course_outline_get(course=course, enrollment=enrollment)
    if outline.is_completed and not any(
        s.state == "available" and not s.step.required for s in outline.steps
    ):
        return redirect("courses:course-completed", slug=course.slug)
    _previous, following = outline.neighbours(step.pk)
    while following is not None and following.is_done:
        _previous, following = outline.neighbours(following.step.pk)
    if following is not None:
        return redirect(following.step.get_absolute_url())
    if outline.is_completed:
        return redirect("courses:course-completed", slug=course.slug)
    return redirect(reverse("courses:course-continue", kwargs={"slug": course.slug}))


@login_required
@require_POST
def reflection_save(request, slug, block_id):
    course = _published_course(slug)
    block = get_object_or_404(
        ReflectionBlock.objects.select_related("lesson"),
        pk=block_id,
        lesson__module__course=course,
        is_archived=False,
    )
    enrollment = Enrollment.objects.current_for(request.user, course)
    if enrollment is None:
        raise Http404
    outline = course_outline_get(course=course, enrollment=enrollment)
    state = outline.state_of(block.lesson_id)
    if state is None or state.is_locked:
        raise Http404
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, _("Svaret saknas eller är för långt (högst 10 000 tecken)."))
    services.reflection_answer_save(user=request.user, block=block, text=form.cleaned_data["text"])
    messages.success(request, _("Ditt svar är sparat. Det syns bara för dig."))
    return redirect(f"{block.lesson.get_absolute_url()}#block-{block.pk}")


@login_required
@require_safe
def course_completed(request, slug):
    course = _published_course(slug)
    enrollment = Enrollment.objects.current_for(request.user, course)
    if enrollment is None or not enrollment.is_completed:
        return redirect(course)
    outline = course_outline_get(course=course, enrollment=enrollment)
    return render(
        request,
        "courses/course_completed.html",
        {"course": course, "outline": outline, "enrollment": enrollment},
    )
