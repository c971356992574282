"""The group pages. Every view asks the group policy; the services carry the rules."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common import clock
from common.errors import Forbidden, handle_domain_errors
from common.pdf import tagged_pdf_render
from courses.api import Course, CourseStatus, course_policy

from . import selectors, services
from .forms import CodeForm, GroupCreateForm, GroupEditForm, MeetingCreateForm
from .models import Meeting, StudyGroup
from .policies import facilitator_guide_policy, study_group_policy


def _group_for(user, group_id: int, action: str) -> StudyGroup:
    """The group if `user` may `action` it: 404 if they may not even see it, else 403."""
    group = get_object_or_404(
        StudyGroup.objects.select_related("course", "facilitator"), pk=group_id
    )
    if not study_group_policy.user_can(user, action, group):
        if not study_group_policy.user_can(user, "view", group):
            raise Http404
        raise Forbidden
    return group


def _meeting_for(group: StudyGroup, meeting_id: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("module", "group"), pk=meeting_id, group=group
    )


@login_required
@require_safe
def group_list(request):
    return render(
        request,
        "groups/group_list.html",
        {
            "groups": selectors.groups_for_user(user=request.user),
            "may_add": study_group_policy.user_can(request.user, "add"),
            "guide_courses": (
                Course.objects.filter(status=CourseStatus.PUBLISHED).order_by("title")
                if facilitator_guide_policy.user_can(request.user, "view")
                else ()
            ),
            "join_form": CodeForm(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@handle_domain_errors
def group_create(request):
    if not study_group_policy.user_can(request.user, "add"):
        raise Forbidden
    candidates = selectors.participant_candidates(user=request.user)
    form = GroupCreateForm(request.POST or None, candidates=candidates)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            group = services.group_create(
                course=form.cleaned_data["course"],
                name=form.cleaned_data["name"],
                facilitator=request.user,
                participants=form.cleaned_data["participants"],
            )
            messages.success(request, _("Gruppen är skapad."))
            return redirect(group)
        status = 400
    return render(request, "groups/group_create.html", {"form": form}, status=status)


@login_required
@require_POST
@handle_domain_errors
def group_join(request):
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv gruppens kod."))
        return redirect("groups:group-list")
    group = services.group_join(user=request.user, join_code=form.cleaned_data["code"])
    messages.success(request, _("Du är med i gruppen."))
    return redirect(group)


@login_required
@require_safe
@handle_domain_errors
def group_detail(request, group_id):
    group = _group_for(request.user, group_id, "view")
    manages = study_group_policy.user_can(request.user, "manage", group)
    context = {
        "group": group,
        "manages": manages,
        "meetings": group.meetings.select_related("module").order_by("starts_at", "pk"),
        "now": clock.now(),
    }
    if manages:
        context["members"] = group.memberships.select_related("user").order_by(
            "user__last_name", "user__first_name", "user__username"
        )
        context["meeting_form"] = MeetingCreateForm(course=group.course)
    return render(request, "groups/group_detail.html", context)


@login_required
@require_POST
@handle_domain_errors
def meeting_create(request, group_id):
    group = _group_for(request.user, group_id, "manage")
    form = MeetingCreateForm(request.POST, course=group.course)
    if not form.is_valid():
        context = {
            "group": group,
            "manages": True,
            "meetings": group.meetings.select_related("module").order_by("starts_at", "pk"),
            "members": group.memberships.select_related("user"),
            "meeting_form": form,
            "now": clock.now(),
        }
        return render(request, "groups/group_detail.html", context, status=400)
    meeting = services.meeting_create(group=group, **form.cleaned_data)
    messages.success(request, _("Mötet är planerat."))
    return redirect(meeting)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@handle_domain_errors
def group_edit(request, group_id):
    """The facilitator renames the group and adds or removes participants."""
    group = _group_for(request.user, group_id, "manage")
    candidates = selectors.group_edit_candidates(group=group, user=request.user)
    initial = {"name": group.name, "participants": list(group.participants.all())}
    form = GroupEditForm(request.POST or None, initial=initial, candidates=candidates)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.group_update(
                group=group,
                name=form.cleaned_data["name"],
                participants=form.cleaned_data["participants"],
            )
            messages.success(request, _("Gruppen är ändrad."))
            return redirect(group)
        status = 400
    return render(request, "groups/group_edit.html", {"group": group, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@handle_domain_errors
def meeting_edit(request, group_id, meeting_id):
    """The facilitator moves a meeting or changes its module, title or length."""
    group = _group_for(request.user, group_id, "manage")
    meeting = _meeting_for(group, meeting_id)
    initial = {
        "module": meeting.module,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
    }
    form = MeetingCreateForm(request.POST or None, initial=initial, course=group.course)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            meeting = services.meeting_update(meeting=meeting, **form.cleaned_data)
            messages.success(request, _("Mötet är ändrat."))
            return redirect(meeting)
        status = 400
    context = {"group": group, "meeting": meeting, "form": form, "course": group.course}
    return render(request, "groups/meeting_edit.html", context, status=status)


@login_required
@require_POST
@handle_domain_errors
def meeting_delete(request, group_id, meeting_id):
    """The facilitator removes a meeting nobody has been registered present at."""
    group = _group_for(request.user, group_id, "manage")
    services.meeting_delete(meeting=_meeting_for(group, meeting_id))
    messages.success(request, _("Mötet är borttaget."))
    return redirect(group)


def _qr_svg(url: str) -> str:
    return mark_safe(  # noqa: S308 - segno's own SVG markup; the URL is ours, segno escapes the title
        segno.make(url, error="m").svg_inline(
            scale=6, light="#fff", omitsize=True, title=_("QR-kod för att registrera närvaro")
        )
    )


@login_required
@require_safe
@handle_domain_errors
def meeting_detail(request, group_id, meeting_id):
    group = _group_for(request.user, group_id, "manage")
    meeting = _meeting_for(group, meeting_id)
    now = clock.now()
    context = {
        "group": group,
        "meeting": meeting,
        "rows": selectors.meeting_attendance_get(meeting=meeting),
        "discussion_blocks": selectors.meeting_discussion_blocks(meeting=meeting),
        "course": group.course,
        "code_valid": meeting.code_is_valid_at(now),
    }
    if context["code_valid"]:
        url = request.build_absolute_uri(
            reverse("groups:attendance-register", args=[meeting.attendance_code])
        )
        context.update(attendance_url=url, qr_svg=_qr_svg(url))
    return render(request, "groups/meeting_detail.html", context)


@login_required
@require_POST
@handle_domain_errors
def meeting_open(request, group_id, meeting_id):
    group = _group_for(request.user, group_id, "manage")
    meeting = services.meeting_open(meeting=_meeting_for(group, meeting_id))
    return redirect(meeting)


@login_required
@require_POST
@handle_domain_errors
def attendance_tick(request, group_id, meeting_id):
    """Save the facilitator's ticks: everyone listed is present if ticked, absent if not."""
    group = _group_for(request.user, group_id, "manage")
    meeting = _meeting_for(group, meeting_id)
    ticked = set(request.POST.getlist("present"))
    for row in selectors.meeting_attendance_get(meeting=meeting):
        wanted = str(row.participant.pk) in ticked
        if wanted != row.is_present:
            services.attendance_tick(
                meeting=meeting, participant=row.participant, present=wanted, by=request.user
            )
    messages.success(request, _("Närvaron är sparad."))
    return redirect(meeting)


@login_required
@require_safe
@handle_domain_errors
def meeting_present(request, group_id, meeting_id, slide=1):
    group = _group_for(request.user, group_id, "manage")
    meeting = _meeting_for(group, meeting_id)
    slides = selectors.presentation_slides_get(meeting=meeting)
    if not slides or not 1 <= slide <= len(slides):
        raise Http404

    def url(number):
        return reverse("groups:meeting-present-slide", args=[group.pk, meeting.pk, number])

    context = {
        "group": group,
        "meeting": meeting,
        "course": group.course,
        "slide": slides[slide - 1],
        "total": len(slides),
        "previous_url": url(slide - 1) if slide > 1 else "",
        "next_url": url(slide + 1) if slide < len(slides) else "",
        "exit_url": meeting.get_absolute_url(),
    }
    return render(request, "groups/meeting_present.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@handle_domain_errors
def attendance_register(request, code):
    """The page the QR code leads to. Reading it never writes; the button registers."""
    meeting = services.meeting_for_code(code)
    if not study_group_policy.user_can(request.user, "attend", meeting.group):
        raise Forbidden(_("Du är inte deltagare i den här gruppen."))
    registered = meeting.attendances.filter(participant=request.user).exists()
    if request.method == "POST":
        services.attendance_register(code=code, user=request.user)
        registered = True
    return render(
        request,
        "groups/attendance_register.html",
        {"meeting": meeting, "code": meeting.attendance_code, "registered": registered},
    )


@login_required
@require_safe
def attendance_code_enter(request):
    """Type the code instead of scanning it."""
    form = CodeForm(request.GET or None)
    if form.is_valid():
        code = "".join(form.cleaned_data["code"].split()).upper()
        return redirect("groups:attendance-register", code=code)
    return render(request, "groups/attendance_code.html", {"form": form})


def _guide_course(request, slug: str):
    """The course whose guide `request.user` may read: published ones, and drafts for authors."""
    if not facilitator_guide_policy.user_can(request.user, "view"):
        raise Forbidden
    course = get_object_or_404(Course, slug=slug)
    if course.status != CourseStatus.PUBLISHED and not course_policy.user_can(
        request.user, "preview"
    ):
        raise Http404
    return course


@login_required
@require_safe
@handle_domain_errors
def facilitator_guide(request, slug):
    """A course's facilitator guide on screen, with a link to the same guide as a PDF."""
    course = _guide_course(request, slug)
    return render(
        request,
        "groups/facilitator_guide.html",
        {"guide": selectors.facilitator_guide_get(course=course)},
    )


@login_required
@require_safe
@handle_domain_errors
def facilitator_guide_pdf(request, slug):
    """The facilitator guide as a tagged PDF/A document, to print or to share."""
    course = _guide_course(request, slug)
    pdf = tagged_pdf_render(
        template_name="groups/facilitator_guide_pdf.html",
        context={"guide": selectors.facilitator_guide_get(course=course)},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="samtalsledarhandledning-{slug}.pdf"'
    return response
