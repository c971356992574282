"""Courses and their modules: editing, publishing, export and import of course files."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import coursefile, publishing, reuse
from ..models import Course, CourseStatus, Module, Step
from .authoring import CoursePathMixin, course_home_context
from .drafts import CourseDraftAdminMixin
from .mixins import (
    MarkdownAdminMixin,
    PositionActionsMixin,
    ProtectedInlineFormSet,
    ProtectLearnerRecordsMixin,
)
from .reuse import ModuleCopyForm, copy_link, copy_page

# A course file embeds its media (base64, a third larger than the files themselves).
MAX_COURSE_FILE_BYTES = 150 * 1024 * 1024

# Links on a course's admin page that higher apps add (quizzes: the question analysis),
# so courses does not reverse their URLs: (label, function of the course → URL).
_course_links: list[tuple[str, Callable[[Course], str]]] = []


def course_admin_link_register(*, label: str, url_for: Callable[[Course], str]) -> None:
    """Add a link to every course's admin page. Called from a higher app's admin module."""
    _course_links.append((label, url_for))


class PublishForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("Vad har ändrats?"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("En rad som syns i kursens versionshistorik."),
    )
    significant = forms.BooleanField(
        label=gettext_lazy("Väsentlig ändring"),
        required=False,
        help_text=gettext_lazy(
            "Markera om innehållet har ändrats så att den som redan har certifikat bör repetera "
            "kursen, till exempel efter en lagändring. De får då se sammanfattningen."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("significant") and not " ".join(data.get("summary", "").split()):
            self.add_error(
                "summary", gettext_lazy("Skriv vad som har ändrats när ändringen är väsentlig.")
            )
        return data


class ModuleInline(admin.TabularInline):
    model = Module
    formset = ProtectedInlineFormSet
    fields = ("position", "title", "copy")
    readonly_fields = ("copy",)
    extra = 1
    show_change_link = True
    verbose_name_plural = gettext_lazy("Moduler (spara och välj ”Ändra” för att lägga till steg)")

    @admin.display(description=gettext_lazy("Kopiera"))
    def copy(self, obj):
        return copy_link("admin:courses_module_duplicate", obj, _("Kopiera modulen…"))


class ImportCourseForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Kursfil (.yaml)"),
        help_text=gettext_lazy("En kursfil exporterad från Lärspår (format larspar.course/1)."),
    )
    replace = forms.BooleanField(
        label=gettext_lazy("Ersätt kursen om kortnamnet redan finns"),
        required=False,
        help_text=gettext_lazy(
            "Deltagarnas historik behålls: steg och block som inte finns i filen arkiveras."
        ),
    )


@admin.register(Course)
class CourseAdmin(
    CourseDraftAdminMixin,
    CoursePathMixin,
    MarkdownAdminMixin,
    ProtectLearnerRecordsMixin,
    admin.ModelAdmin,
):
    list_display = ("title", "slug", "status", "version", "updated_at")
    list_filter = ("status",)
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("status", "version", "markdown_preview")
    fieldsets = (
        (None, {"fields": ("title", "slug", "status", "version")}),
        (
            gettext_lazy("Om kursen"),
            {"fields": ("summary", "audience", "language", "estimated_minutes", "content_note")},
        ),
        (gettext_lazy("Inställningar"), {"fields": ("order", "certificate_validity_months")}),
        (gettext_lazy("Förhandsgranskning"), {"fields": ("markdown_preview",)}),
    )
    inlines = [ModuleInline]
    actions = ["duplicate_courses", "archive_courses", "return_to_draft"]
    change_form_template = "admin/courses/course/change_form.html"
    change_list_template = "admin/courses/course/change_list.html"

    @admin.action(description=gettext_lazy("Kopiera (som nytt utkast)"), permissions=["add"])
    def duplicate_courses(self, request, queryset):
        for course in queryset:
            try:
                copy = reuse.course_duplicate(course=course)
            except coursefile.CourseFileError as exc:
                self.message_user(request, _refusal(course, exc), messages.ERROR)
            else:
                self.message_user(request, _copied(copy), messages.SUCCESS)

    @admin.action(description=gettext_lazy("Arkivera (dölj för deltagare)"))
    def archive_courses(self, request, queryset):
        for course in queryset:
            publishing.course_status_set(course=course, status=CourseStatus.ARCHIVED)
        self.message_user(request, _("Kurserna är arkiverade."), messages.SUCCESS)

    @admin.action(description=gettext_lazy("Gör till utkast (dölj för deltagare)"))
    def return_to_draft(self, request, queryset):
        for course in queryset:
            publishing.course_status_set(course=course, status=CourseStatus.DRAFT)
        self.message_user(request, _("Kurserna är utkast igen."), messages.SUCCESS)

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/publicera/",
                self.admin_site.admin_view(self.publish_view),
                name="courses_course_publish",
            ),
            path(
                "<int:object_id>/exportera/",
                self.admin_site.admin_view(self.export_view),
                name="courses_course_export",
            ),
            path(
                "<int:object_id>/kopiera/",
                self.admin_site.admin_view(self.duplicate_view),
                name="courses_course_duplicate",
            ),
            path(
                "importera/",
                self.admin_site.admin_view(self.import_view),
                name="courses_course_import",
            ),
        ]
        return own + super().get_urls()

    def authoring_trail(self, request, obj=None):
        return [(capfirst(Course._meta.verbose_name_plural), _changelist(Course))]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["authoring_links"] = self._links(request, object_id)
        course = Course.objects.filter(pk=unquote(object_id)).first()
        if course is not None:
            extra_context["course_home"] = course_home_context(course)
        return super().change_view(request, object_id, form_url, extra_context)

    def _links(self, request, object_id) -> list[tuple[str, str]]:
        course = Course.objects.filter(pk=unquote(object_id)).first()
        if course is None:
            return []
        preview = reverse("courses:preview-course", args=[course.slug])
        links = [
            (_("Förhandsvisa som deltagare"), preview),
            (_("Publicera…"), reverse("admin:courses_course_publish", args=[course.pk])),
            (_("Exportera kursfil"), reverse("admin:courses_course_export", args=[course.pk])),
        ]
        if self.has_add_permission(request):
            url = reverse("admin:courses_course_duplicate", args=[course.pk])
            links.append((_("Kopiera kursen…"), url))
        links += [(label, url_for(course)) for label, url_for in _course_links]
        return links

    def publish_view(self, request, object_id):
        course = get_object_or_404(Course, pk=object_id)
        if not self.has_change_permission(request, course):
            raise PermissionDenied
        change_url = reverse("admin:courses_course_change", args=[course.pk])
        form, problems, done = publish_form_handle(
            self,
            request,
            checked=course,
            publish=lambda **fields: publishing.course_publish(course=course, **fields),
            done_message=lambda published: (
                _("”%(title)s” är publicerad som version %(version)s.")
                % {"title": published.title, "version": published.version}
            ),
        )
        if done is not None:
            return done
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": course,
            "title": _("Publicera %(title)s") % {"title": course.title},
            "course": course,
            **publish_checks_context(problems, checked=course),
            "change_url": change_url,
            "form": form,
            "history": course.versions.select_related("published_by")[:20],
        }
        return TemplateResponse(
            request,
            "admin/courses/course/publish.html",
            context,
            status=publish_status(request, form, problems),
        )

    def duplicate_view(self, request, object_id):
        course = get_object_or_404(Course, pk=object_id)
        if not (self.has_add_permission(request) and self.has_view_permission(request, course)):
            raise PermissionDenied
        change_url = reverse("admin:courses_course_change", args=[course.pk])
        errors: list[tuple[str, str]] = []
        if request.method == "POST":
            try:
                copy = reuse.course_duplicate(course=course)
            except coursefile.CourseFileError as exc:
                errors = exc.errors
            else:
                self.message_user(request, _copied(copy), messages.SUCCESS)
                return redirect("admin:courses_course_change", copy.pk)
        return copy_page(
            self,
            request,
            title=_("Kopiera %(title)s") % {"title": course.title},
            explanation=_(
                "Kopian blir ett nytt utkast med egna moduler, steg, block och frågor och egna "
                "kopior av bilder och filer. Deltagare, framsteg och versionshistorik följer inte "
                "med. Ändringar i kopian påverkar inte originalet."
            ),
            submit_label=_("Kopiera kursen"),
            cancel_url=change_url,
            trail=[
                (self.model._meta.verbose_name_plural.capitalize(), _changelist(Course)),
                (course.title, change_url),
            ],
            errors=errors,
        )

    def export_view(self, request, object_id):
        course = get_object_or_404(Course, pk=object_id)
        if not self.has_view_permission(request, course):
            raise PermissionDenied
        text = coursefile.course_export_text(course)
        response = HttpResponse(
            text.encode("utf-8"), content_type="application/yaml; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{course.slug}.yaml"'
        return response

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        errors: list[tuple[str, str]] = []
        form = ImportCourseForm(request.POST or None, request.FILES or None)
        status = 200
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_COURSE_FILE_BYTES:
                    raise coursefile.CourseFileError([("$", _("filen är för stor (högst 150 MB)"))])
                course = coursefile.course_import(
                    text=upload.read().decode("utf-8"), replace=form.cleaned_data["replace"]
                )
            except UnicodeDecodeError:
                errors = [("$", _("filen är inte UTF-8-text"))]
            except coursefile.CourseFileError as exc:
                errors = exc.errors
            except coursefile.CourseExists as exc:
                errors = [
                    (
                        "$.slug",
                        _(
                            "det finns redan en kurs med kortnamnet %(slug)s; kryssa i ”Ersätt” "
                            "för att ersätta den"
                        )
                        % {"slug": exc.slug},
                    )
                ]
            else:
                self.message_user(
                    request,
                    _("”%(title)s” är importerad som utkast.") % {"title": course.title},
                    messages.SUCCESS,
                )
                return redirect("admin:courses_course_change", course.pk)
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Importera kursfil"),
            "form": form,
            "errors": errors,
        }
        return TemplateResponse(request, "admin/courses/course/import.html", context, status=status)


def _changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _copied(copy) -> str:
    return _("Kopian ”%(title)s” är skapad.") % {"title": copy}


def _refusal(obj, exc: coursefile.CourseFileError) -> str:
    problems = "; ".join(f"{where}: {what}" for where, what in exc.errors)
    return _("”%(title)s” kunde inte kopieras: %(problems)s") % {
        "title": obj,
        "problems": problems,
    }


def publish_form_handle(model_admin, request, *, checked: Course, publish, done_message):
    """The publish form for `checked` (a course, or a course's draft): (form, problems,
    redirect). On a valid POST `publish(user=, summary=, significant=)` runs; it raises
    CourseNotPublishable with the problems, or the trainer is told `done_message(course)`
    and sent to the course. Otherwise the problems are `checked`'s publish checks."""
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            course = publish(
                user=request.user,
                summary=form.cleaned_data["summary"],
                significant=form.cleaned_data["significant"],
            )
        except publishing.CourseNotPublishable as exc:
            return form, exc.problems, None
        model_admin.message_user(request, done_message(course), messages.SUCCESS)
        return (
            form,
            [],
            HttpResponseRedirect(reverse("admin:courses_course_change", args=[course.pk])),
        )
    return form, publishing.course_publish_problems(course=checked), None


def publish_checks_context(problems, *, checked: Course) -> dict:
    """The problems and warnings of a publish page, each with the page that fixes it."""
    return {
        "problems": [(problem, _fix_url(problem.obj)) for problem in problems],
        "warnings": [
            (warning, _fix_url(warning.obj))
            for warning in publishing.course_publish_warnings(course=checked)
        ],
    }


def publish_status(request, form, problems) -> int:
    return 400 if request.method == "POST" and (problems or form.errors) else 200


def _fix_url(obj) -> str | None:
    """The admin page where a publish problem of `obj` is fixed."""
    if obj is None:
        return None
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


class StepInline(admin.TabularInline):
    """The module's steps in order; each is edited on its own page (its type decides the form)."""

    model = Step
    formset = ProtectedInlineFormSet
    fields = ("position", "title", "kind", "required", "is_archived", "copy")
    readonly_fields = ("kind", "copy")
    extra = 0
    show_change_link = True
    verbose_name_plural = gettext_lazy("Steg")

    def has_add_permission(self, request, obj=None):
        # A step needs a type; it is added through "Lägg till steg" (choose lesson or quiz).
        return False

    @admin.display(description=gettext_lazy("Typ"))
    def kind(self, obj):
        return obj.get_real_instance_class()._meta.verbose_name if obj.pk else ""

    @admin.display(description=gettext_lazy("Kopiera"))
    def copy(self, obj):
        return copy_link("admin:courses_step_duplicate", obj, _("Kopiera steget…"))


@admin.register(Module)
class ModuleAdmin(
    CoursePathMixin,
    MarkdownAdminMixin,
    ProtectLearnerRecordsMixin,
    PositionActionsMixin,
    admin.ModelAdmin,
):
    list_display = ("title", "course", "position")
    list_filter = ("course",)
    fields = ("course", "position", "title", "summary", "add_step", "copy", "markdown_preview")
    readonly_fields = ("add_step", "copy", "markdown_preview")
    inlines = [StepInline]
    actions = ["move_up", "move_down", "duplicate_modules"]
    siblings_field = "course"
    trail_parent = "course"

    @admin.display(description=gettext_lazy("Kopiera"))
    def copy(self, obj):
        return copy_link(
            "admin:courses_module_duplicate",
            obj,
            _("Kopiera modulen (till den här eller en annan kurs)…"),
        ) or _("Spara modulen först.")

    @admin.action(
        description=gettext_lazy("Kopiera (läggs sist i samma kurs)"), permissions=["add"]
    )
    def duplicate_modules(self, request, queryset):
        for module in queryset.order_by("course", "position", "pk"):
            try:
                copy = reuse.module_duplicate(module=module)
            except coursefile.CourseFileError as exc:
                self.message_user(request, _refusal(module, exc), messages.ERROR)
            else:
                self.message_user(request, _copied(copy), messages.SUCCESS)

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/kopiera/",
                self.admin_site.admin_view(self.duplicate_view),
                name="courses_module_duplicate",
            )
        ]
        return own + super().get_urls()

    def duplicate_view(self, request, object_id):
        module = get_object_or_404(Module.objects.select_related("course"), pk=object_id)
        if not (self.has_add_permission(request) and self.has_view_permission(request, module)):
            raise PermissionDenied
        change_url = reverse("admin:courses_module_change", args=[module.pk])
        form = ModuleCopyForm(
            request.POST if request.method == "POST" else None,
            initial={"course": module.course_id},
        )
        errors: list[tuple[str, str]] = []
        if request.method == "POST" and form.is_valid():
            target = form.cleaned_data["course"]
            course_admin = self.admin_site.get_model_admin(Course)
            if not course_admin.has_change_permission(request, target):
                raise PermissionDenied
            try:
                copy = reuse.module_duplicate(module=module, course=target)
            except coursefile.CourseFileError as exc:
                errors = exc.errors
            else:
                self.message_user(request, _copied(copy), messages.SUCCESS)
                return redirect("admin:courses_module_change", copy.pk)
        course_url = reverse("admin:courses_course_change", args=[module.course_id])
        return copy_page(
            self,
            request,
            title=_("Kopiera modulen %(title)s") % {"title": module.title},
            explanation=_(
                "Modulen kopieras med alla steg, block och frågor (och egna kopior av bilder och "
                "filer). Ändringar i kopian påverkar inte originalet."
            ),
            submit_label=_("Kopiera modulen"),
            cancel_url=change_url,
            trail=[
                (Course._meta.verbose_name_plural.capitalize(), _changelist(Course)),
                (module.course.title, course_url),
                (module.title, change_url),
            ],
            form=form,
            errors=errors,
        )

    @admin.display(description=gettext_lazy("Lägg till steg"))
    def add_step(self, obj):
        if obj is None or obj.pk is None:
            return _("Spara modulen först.")
        url = reverse("admin:courses_step_add") + f"?module={obj.pk}"
        return format_html(
            '<a class="button" href="{}">{}</a>', url, _("Lägg till lektion eller kunskapskontroll")
        )

    def response_post_save_change(self, request, obj):
        return redirect("admin:courses_course_change", obj.course_id)
