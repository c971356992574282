"""The authoring area: Django's admin, tailored so a trainer can build a whole course.

Course → modules (inline) → steps (inline list; each step edited on its own
page: a lesson with its blocks as polymorphic inlines, a quiz in
quizzes/admin.py) → blocks. Order is a position field on every level plus
"Flytta upp/ned" actions. Records that learners have used can be archived,
never deleted. Only trainers and administrators may enter (see
`authoring_has_permission`).
"""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from polymorphic.admin import (
    PolymorphicChildModelAdmin,
    PolymorphicInlineSupportMixin,
    PolymorphicParentModelAdmin,
    StackedPolymorphicInline,
)
from polymorphic.formsets import BasePolymorphicInlineFormSet

from common.html import render_markdown

from . import coursefile, publishing
from .authoring_roles import user_may_author
from .models import (
    CaseBlock,
    ContentBlock,
    Course,
    CourseStatus,
    DownloadBlock,
    FactBlock,
    ImageBlock,
    Lesson,
    MarkdownField,
    Module,
    ReflectionBlock,
    SourcesBlock,
    Step,
    TextBlock,
    VideoBlock,
)

# --- Who may enter ---------------------------------------------------------


def authoring_has_permission(request) -> bool:
    return user_may_author(request.user)


class AuthoringAuthenticationForm(AuthenticationForm):
    """The admin's own sign-in form, admitting by role instead of by the is_staff flag."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user_may_author(user):
            raise ValidationError(
                _("Det här kontot har inte behörighet att redigera kurser."), code="no_authoring"
            )


def configure_authoring_site(site: admin.AdminSite) -> None:
    """Admit users to the admin by role (trainer, administrator), not by is_staff.

    The role is the one source of truth: a trainer needs no separate staff
    flag, and a learner or manager who happens to be staff is still refused.
    """
    site.has_permission = authoring_has_permission
    site.login_form = AuthoringAuthenticationForm
    site.site_header = gettext_lazy("Lärspår – redigera kurser")
    site.site_title = gettext_lazy("Lärspår redigering")
    site.index_title = gettext_lazy("Kurser och innehåll")
    site.site_url = "/"


configure_authoring_site(admin.site)


# --- Shared behaviour -------------------------------------------------------

MARKDOWN_HELP = gettext_lazy(
    "Markdown. Tillåtet: **fet**, *kursiv*, rubriker (## Rubrik), punktlistor (- punkt), "
    "numrerade listor (1. punkt), citat (> text), tabeller, `kod` och länkar "
    "[text](https://…). Annan HTML, bilder och skript tas inte emot. "
    "Spara och se förhandsgranskningen nedan."
)
LEARNER_RECORDS_REASON = gettext_lazy(
    "”%(name)s” kan inte tas bort eftersom deltagare redan har gjort eller besvarat det. "
    "Arkivera det i stället: det försvinner då för nya deltagare men deras historik finns kvar."
)


class MarkdownAdminMixin:
    """Markdown fields get the allowed formatting as help text and a rendered preview."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, MarkdownField) and formfield is not None:
            own = str(db_field.help_text or "")
            # MarkdownField's default help is a short form of ours; keep field-specific help only.
            if own.startswith("Markdown"):
                own = ""
            formfield.help_text = f"{own} {MARKDOWN_HELP}" if own else MARKDOWN_HELP
            formfield.widget.attrs.setdefault("rows", 6)
        return formfield

    @admin.display(description=gettext_lazy("Förhandsgranskning (sparad text)"))
    def markdown_preview(self, obj):
        if obj is None or obj.pk is None:
            return _("Spara först, så visas texten här som deltagarna ser den.")
        parts = [
            (field.verbose_name.capitalize(), render_markdown(getattr(obj, field.name)))
            for field in obj._meta.get_fields()
            if isinstance(field, MarkdownField) and getattr(obj, field.name)
        ]
        if not parts:
            return "–"
        return format_html_join(
            "", '<div class="md-preview"><strong>{}</strong><div>{}</div></div>', parts
        )


def has_learner_records(obj) -> bool:
    """True if learners have progress, answers or attempts that depend on `obj` (it says)."""
    return obj.has_learner_records()


def learner_records_refusal(obj) -> str:
    return LEARNER_RECORDS_REASON % {"name": obj}


class ProtectLearnerRecordsMixin:
    """Refuse deleting what learners have used, saying why, and offer archiving instead."""

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and has_learner_records(obj):
            self.message_user(request, learner_records_refusal(obj), messages.ERROR)
            opts = obj._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
        return super().delete_view(request, object_id, extra_context)

    def delete_queryset(self, request, queryset):
        used = [obj for obj in queryset if has_learner_records(obj)]
        if used:
            raise PermissionDenied(learner_records_refusal(used[0]))
        super().delete_queryset(request, queryset)

    def get_actions(self, request):
        # The bulk delete would skip delete_view's explanation; archiving is the way.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


def _refuse_deleting_used(formset) -> None:
    refused = [
        form.instance
        for form in formset.deleted_forms
        if form.instance.pk and has_learner_records(form.instance)
    ]
    if refused:
        raise ValidationError([learner_records_refusal(obj) for obj in refused])


class ProtectedInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        _refuse_deleting_used(self)


class ProtectedPolymorphicInlineFormSet(BasePolymorphicInlineFormSet):
    def clean(self):
        super().clean()
        _refuse_deleting_used(self)


def _move(modeladmin, request, queryset, delta: int, siblings_of) -> None:
    ordered = queryset.order_by("position", "pk") if delta < 0 else queryset.order_by("-position")
    for item in ordered:
        publishing.position_move(item=item, siblings=siblings_of(item), delta=delta)
    modeladmin.message_user(request, _("Ordningen är ändrad."), messages.SUCCESS)


def _archive(modeladmin, request, queryset) -> None:
    count = queryset.update(is_archived=True)
    modeladmin.message_user(
        request,
        _("%(count)s arkiverade. De syns inte längre för nya deltagare.") % {"count": count},
        messages.SUCCESS,
    )


# --- Course and modules -------------------------------------------------------


class ModuleInline(admin.TabularInline):
    model = Module
    formset = ProtectedInlineFormSet
    fields = ("position", "title")
    extra = 1
    show_change_link = True
    verbose_name_plural = gettext_lazy("Moduler (spara och välj ”Ändra” för att lägga till steg)")


# A course file embeds its media (base64, a third larger than the files themselves).
MAX_COURSE_FILE_BYTES = 150 * 1024 * 1024


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
class CourseAdmin(MarkdownAdminMixin, ProtectLearnerRecordsMixin, admin.ModelAdmin):
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
    actions = ["archive_courses", "return_to_draft"]
    change_form_template = "admin/courses/course/change_form.html"
    change_list_template = "admin/courses/course/change_list.html"

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
                "importera/",
                self.admin_site.admin_view(self.import_view),
                name="courses_course_import",
            ),
        ]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["authoring_links"] = self._links(object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def _links(self, object_id) -> list[tuple[str, str]]:
        course = Course.objects.filter(pk=unquote(object_id)).first()
        if course is None:
            return []
        preview = reverse("courses:preview-course", args=[course.slug])
        links = [
            (_("Förhandsvisa som deltagare"), preview),
            (_("Publicera…"), reverse("admin:courses_course_publish", args=[course.pk])),
            (_("Exportera kursfil"), reverse("admin:courses_course_export", args=[course.pk])),
        ]
        try:
            links.append(
                (_("Frågeanalys"), reverse("quizzes:item-analysis", kwargs={"slug": course.slug}))
            )
        except NoReverseMatch:
            pass
        return links

    def publish_view(self, request, object_id):
        course = get_object_or_404(Course, pk=object_id)
        if not self.has_change_permission(request, course):
            raise PermissionDenied
        change_url = reverse("admin:courses_course_change", args=[course.pk])
        if request.method == "POST":
            try:
                course = publishing.course_publish(course=course, user=request.user)
            except publishing.CourseNotPublishable as exc:
                problems = exc.problems
            else:
                self.message_user(
                    request,
                    _("”%(title)s” är publicerad som version %(version)s.")
                    % {"title": course.title, "version": course.version},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        else:
            problems = publishing.course_publish_problems(course=course)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": course,
            "title": _("Publicera %(title)s") % {"title": course.title},
            "course": course,
            "problems": [(problem, _fix_url(problem.obj)) for problem in problems],
            "change_url": change_url,
        }
        status = 400 if request.method == "POST" and problems else 200
        return TemplateResponse(
            request, "admin/courses/course/publish.html", context, status=status
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
                text = upload.read().decode("utf-8")
                with TemporaryDirectory() as tmp:
                    course_path = Path(tmp) / "course.yaml"
                    course_path.write_text(text, encoding="utf-8")
                    course = coursefile.course_import(
                        path=course_path, replace=form.cleaned_data["replace"]
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
                        % {"slug": exc},
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
    fields = ("position", "title", "kind", "required", "is_archived")
    readonly_fields = ("kind",)
    extra = 0
    show_change_link = True
    verbose_name_plural = gettext_lazy("Steg")

    def has_add_permission(self, request, obj=None):
        # A step needs a type; it is added through "Lägg till steg" (choose lesson or quiz).
        return False

    @admin.display(description=gettext_lazy("Typ"))
    def kind(self, obj):
        return obj.get_real_instance_class()._meta.verbose_name if obj.pk else ""


@admin.register(Module)
class ModuleAdmin(MarkdownAdminMixin, ProtectLearnerRecordsMixin, admin.ModelAdmin):
    list_display = ("title", "course", "position")
    list_filter = ("course",)
    fields = ("course", "position", "title", "summary", "add_step", "markdown_preview")
    readonly_fields = ("add_step", "markdown_preview")
    inlines = [StepInline]
    actions = ["move_up", "move_down"]

    @admin.display(description=gettext_lazy("Lägg till steg"))
    def add_step(self, obj):
        if obj is None or obj.pk is None:
            return _("Spara modulen först.")
        url = reverse("admin:courses_step_add") + f"?module={obj.pk}"
        return format_html(
            '<a class="button" href="{}">{}</a>', url, _("Lägg till lektion eller kunskapskontroll")
        )

    @admin.action(description=gettext_lazy("Flytta upp"))
    def move_up(self, request, queryset):
        _move(self, request, queryset, -1, lambda m: Module.objects.filter(course=m.course_id))

    @admin.action(description=gettext_lazy("Flytta ned"))
    def move_down(self, request, queryset):
        _move(self, request, queryset, +1, lambda m: Module.objects.filter(course=m.course_id))

    def response_post_save_change(self, request, obj):
        return redirect("admin:courses_course_change", obj.course_id)


# --- Steps --------------------------------------------------------------------


class StepChildAdmin(MarkdownAdminMixin, ProtectLearnerRecordsMixin, PolymorphicChildModelAdmin):
    """Base for the admin of each step type (quizzes/admin.py adds the quiz)."""

    base_model = Step
    readonly_fields = ("preview_link",)

    @admin.display(description=gettext_lazy("Förhandsvisning"))
    def preview_link(self, obj):
        if obj is None or obj.pk is None:
            return _("Spara först.")
        url = reverse("courses:preview-step", args=[obj.module.course.slug, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Visa steget som en deltagare ser det"))

    def response_post_save_change(self, request, obj):
        return redirect("admin:courses_module_change", obj.module_id)

    def response_post_save_add(self, request, obj):
        return redirect(self._own_change_url(obj))

    def _own_change_url(self, obj) -> str:
        opts = obj._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@admin.register(Step)
class StepAdmin(ProtectLearnerRecordsMixin, PolymorphicParentModelAdmin):
    """All steps; adding one starts by choosing its type (lesson, quiz, …)."""

    base_model = Step
    list_display = ("title", "module", "position", "required", "is_archived")
    list_filter = ("module__course", "is_archived")
    actions = ["move_up", "move_down", "archive"]

    def get_child_models(self):
        # Every registered step type, including those of higher apps (quizzes),
        # without courses importing them.
        return [
            model
            for model in self.admin_site._registry
            if issubclass(model, Step) and model is not Step
        ]

    @admin.action(description=gettext_lazy("Flytta upp"))
    def move_up(self, request, queryset):
        _move(self, request, queryset, -1, lambda s: Step.objects.filter(module=s.module_id))

    @admin.action(description=gettext_lazy("Flytta ned"))
    def move_down(self, request, queryset):
        _move(self, request, queryset, +1, lambda s: Step.objects.filter(module=s.module_id))

    @admin.action(description=gettext_lazy("Arkivera (dölj för nya deltagare)"))
    def archive(self, request, queryset):
        _archive(self, request, queryset)


# --- Lessons and blocks ---------------------------------------------------------


class BlockPreviewMixin:
    @admin.display(description=gettext_lazy("Förhandsgranskning (sparad)"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return _("Spara lektionen, så visas blocket här som deltagarna ser det.")
        return render_to_string(
            obj.template_name, {"block": obj, "course": obj.lesson.module.course}
        )


def _block_child_inline(block_model):
    return type(
        f"{block_model.__name__}Inline",
        (BlockPreviewMixin, MarkdownAdminMixin, StackedPolymorphicInline.Child),
        {"model": block_model, "readonly_fields": ("preview",)},
    )


BLOCK_MODELS = [
    TextBlock,
    ImageBlock,
    VideoBlock,
    CaseBlock,
    FactBlock,
    ReflectionBlock,
    DownloadBlock,
    SourcesBlock,
]


class BlockInline(StackedPolymorphicInline):
    model = ContentBlock
    formset = ProtectedPolymorphicInlineFormSet
    child_inlines = tuple(_block_child_inline(m) for m in BLOCK_MODELS)
    verbose_name_plural = gettext_lazy("Innehållsblock (ordning: fältet ”ordning”)")


@admin.register(Lesson)
class LessonAdmin(PolymorphicInlineSupportMixin, StepChildAdmin):
    base_model = Step
    fields = (
        "module",
        "position",
        "title",
        "estimated_minutes",
        "required",
        "is_archived",
        "add_block",
        "preview_link",
    )
    readonly_fields = ("add_block", "preview_link")
    inlines = [BlockInline]

    @admin.display(description=gettext_lazy("Lägg till block"))
    def add_block(self, obj):
        if obj is None or obj.pk is None:
            return _("Spara lektionen först.")
        url = reverse("admin:courses_contentblock_add") + f"?lesson={obj.pk}"
        return format_html(
            '<a class="button" href="{}">{}</a> {}',
            url,
            _("Lägg till block (välj typ)"),
            _("– eller använd knappen under blocken."),
        )


class BlockChildAdmin(
    BlockPreviewMixin, MarkdownAdminMixin, ProtectLearnerRecordsMixin, PolymorphicChildModelAdmin
):
    base_model = ContentBlock
    readonly_fields = ("preview",)

    def response_post_save_add(self, request, obj):
        return redirect("admin:courses_lesson_change", obj.lesson_id)

    def response_post_save_change(self, request, obj):
        return redirect("admin:courses_lesson_change", obj.lesson_id)


for _block_model in BLOCK_MODELS:
    admin.site.register(_block_model, type(f"{_block_model.__name__}Admin", (BlockChildAdmin,), {}))


@admin.register(ContentBlock)
class ContentBlockAdmin(ProtectLearnerRecordsMixin, PolymorphicParentModelAdmin):
    """Every block; adding one starts by choosing its type."""

    base_model = ContentBlock
    child_models = BLOCK_MODELS
    list_display = ("__str__", "lesson", "position", "is_archived")
    list_filter = ("lesson__module__course", "is_archived")
    actions = ["move_up", "move_down", "archive"]

    @admin.action(description=gettext_lazy("Flytta upp"))
    def move_up(self, request, queryset):
        _move(self, request, queryset, -1, self._siblings)

    @admin.action(description=gettext_lazy("Flytta ned"))
    def move_down(self, request, queryset):
        _move(self, request, queryset, +1, self._siblings)

    @admin.action(description=gettext_lazy("Arkivera (dölj för nya deltagare)"))
    def archive(self, request, queryset):
        _archive(self, request, queryset)

    @staticmethod
    def _siblings(block):
        return ContentBlock.objects.filter(lesson=block.lesson_id)
