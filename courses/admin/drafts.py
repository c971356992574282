"""Draft revisions in the authoring area: start, publish and discard a draft, and the history.

A mixin of `CourseAdmin`, so these pages are the course admin's own URLs and
permissions. The services are in courses/revisions.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import coursefile, revisions
from ..models import Course, CourseRevision, CourseStatus, CourseVersion

CHANGE_LABELS = {
    "added": gettext_lazy("Tillagt"),
    "removed": gettext_lazy("Borttaget"),
    "changed": gettext_lazy("Ändrat"),
    "moved": gettext_lazy("Flyttat"),
    "reordered": gettext_lazy("Ny ordning"),
}
KIND_LABELS = {
    "course": gettext_lazy("Kursen"),
    "module": gettext_lazy("Modul"),
    "step": gettext_lazy("Steg"),
    "block": gettext_lazy("Innehållsblock"),
    "question": gettext_lazy("Fråga"),
}


def changes_readable(changes: list[dict]) -> list[dict]:
    """The stored changes with Swedish words for what changed and where, for the templates."""
    return [
        {
            "change": CHANGE_LABELS.get(c.get("change"), c.get("change")),
            "kind": KIND_LABELS.get(c.get("kind"), c.get("kind")),
            "title": c.get("title", ""),
            "where": " › ".join(c.get("where") or []),
            "code": c.get("change"),
        }
        for c in changes
    ]


class _CoursesOnlyChangeList(ChangeList):
    """The course list shows courses; their drafts and earlier versions are reached from them."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).filter(revision_of__isnull=True)


class CourseDraftAdminMixin:
    def get_changelist(self, request, **kwargs):
        return _CoursesOnlyChangeList

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        # A draft's slug is its own working name; publishing keeps the course's.
        return (*fields, "slug") if obj is not None and obj.revision_kind else fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.revision_kind:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        own = [
            path(
                "<int:object_id>/utkast/",
                view(require_POST(self.draft_create_view)),
                name="courses_course_draft_create",
            ),
            path(
                "<int:object_id>/publicera-utkast/",
                view(self.draft_publish_view),
                name="courses_course_draft_publish",
            ),
            path(
                "<int:object_id>/kasta-utkast/",
                view(self.draft_discard_view),
                name="courses_course_draft_discard",
            ),
            path(
                "<int:object_id>/versioner/",
                view(self.history_view),
                name="courses_course_history",
            ),
        ]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        course = Course.objects.filter(pk=unquote(object_id)).first()
        if course is not None:
            extra_context["revision"] = self._revision_notice(course)
        return super().change_view(request, object_id, form_url, extra_context)

    def _revision_notice(self, course: Course) -> dict:
        """What the course page says about which version is being edited, and its buttons."""
        notice = {"course": course, "kind": course.revision_kind or "course"}
        if course.is_draft_revision:
            notice["published"] = course.revision_of
            notice["published_url"] = _change_url(course.revision_of)
        elif course.is_retired_revision:
            notice["published"] = course.revision_of
            notice["published_url"] = _change_url(course.revision_of)
        else:
            draft = revisions.draft_get(course=course)
            notice["draft"] = draft
            notice["draft_url"] = _change_url(draft) if draft else ""
            notice["is_published"] = course.status == CourseStatus.PUBLISHED
        target = course.revision_of if course.revision_kind else course
        notice["history_url"] = reverse("admin:courses_course_history", args=[target.pk])
        return notice

    def _course_for_change(self, request, object_id, *, kind: str = "") -> Course:
        course = get_object_or_404(Course, pk=object_id, revision_kind=kind)
        if not self.has_change_permission(request, course):
            raise PermissionDenied
        return course

    def draft_create_view(self, request, object_id):
        course = self._course_for_change(request, object_id)
        try:
            draft = revisions.draft_create(course=course)
        except (revisions.RevisionRefused, coursefile.CourseFileError) as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return redirect(_change_url(course))
        self.message_user(
            request,
            _(
                "Du redigerar nu ett utkast. Deltagarna ser den publicerade versionen tills du "
                "publicerar utkastet."
            ),
            messages.SUCCESS,
        )
        return redirect(_change_url(draft))

    def draft_discard_view(self, request, object_id):
        draft = self._course_for_change(request, object_id, kind=CourseRevision.DRAFT)
        course = draft.revision_of
        if request.method == "POST":
            revisions.draft_discard(draft=draft)
            self.message_user(
                request,
                _("Utkastet är kastat. Kursen är som den var publicerad."),
                messages.SUCCESS,
            )
            return redirect(_change_url(course))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Kasta utkastet till %(title)s") % {"title": course.title},
            "course": course,
            "draft": draft,
            "changes": changes_readable(
                revisions.content_changes(
                    revisions.content_snapshot(course), revisions.content_snapshot(draft)
                )
            ),
            "change_url": _change_url(draft),
        }
        return TemplateResponse(request, "admin/courses/course/draft_discard.html", context)

    def draft_publish_view(self, request, object_id):
        from .course import publish_checks_context, publish_form_handle, publish_status

        draft = self._course_for_change(request, object_id, kind=CourseRevision.DRAFT)
        course = draft.revision_of
        form, problems, done = publish_form_handle(
            self,
            request,
            checked=draft,
            publish=lambda **fields: revisions.draft_publish(draft=draft, **fields),
            done_message=lambda published: (
                _("Utkastet är publicerat som version %(version)s av ”%(title)s”.")
                % {"title": published.title, "version": published.version}
            ),
        )
        if done is not None:
            return done
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Publicera utkastet till %(title)s") % {"title": course.title},
            "course": course,
            "draft": draft,
            **publish_checks_context(problems, checked=draft),
            "changes": changes_readable(
                revisions.content_changes(
                    revisions.content_snapshot(course), revisions.content_snapshot(draft)
                )
            ),
            "form": form,
            "change_url": _change_url(draft),
        }
        return TemplateResponse(
            request,
            "admin/courses/course/draft_publish.html",
            context,
            status=publish_status(request, form, problems),
        )

    def history_view(self, request, object_id):
        course = get_object_or_404(Course, pk=object_id, revision_kind="")
        if not self.has_view_permission(request, course):
            raise PermissionDenied
        versions = CourseVersion.objects.filter(course=course).select_related("published_by")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Versionshistorik för %(title)s") % {"title": course.title},
            "course": course,
            "change_url": _change_url(course),
            "versions": [
                {"version": version, "changes": changes_readable(version.changes)}
                for version in versions
            ],
        }
        return TemplateResponse(request, "admin/courses/course/history.html", context)


def _change_url(course: Course) -> str:
    return reverse("admin:courses_course_change", args=[course.pk])
