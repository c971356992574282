"""Steps (lessons here, quizzes in quizzes/admin.py) and the content blocks of a lesson."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from polymorphic.admin import (
    PolymorphicChildModelAdmin,
    PolymorphicInlineSupportMixin,
    PolymorphicParentModelAdmin,
    StackedPolymorphicInline,
)

from .. import reuse
from ..codec import CourseFileError
from ..models import (
    CaseBlock,
    ContentBlock,
    Course,
    DiscussionBlock,
    DownloadBlock,
    FactBlock,
    ImageBlock,
    Lesson,
    ReflectionBlock,
    SourcesBlock,
    Step,
    TextBlock,
    VideoBlock,
)
from .authoring import CoursePathMixin, TypeChooserMixin
from .mixins import (
    MarkdownAdminMixin,
    PositionActionsMixin,
    ProtectedPolymorphicInlineFormSet,
    ProtectLearnerRecordsMixin,
)
from .reuse import copy_page

# --- Steps --------------------------------------------------------------------


class StepChildAdmin(
    CoursePathMixin, MarkdownAdminMixin, ProtectLearnerRecordsMixin, PolymorphicChildModelAdmin
):
    """Base for the admin of each step type (quizzes/admin.py adds the quiz)."""

    base_model = Step
    trail_parent = "module"
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
class StepAdmin(
    TypeChooserMixin, ProtectLearnerRecordsMixin, PositionActionsMixin, PolymorphicParentModelAdmin
):
    """All steps; adding one starts by choosing its type (lesson, quiz, …)."""

    base_model = Step
    trail_parent = "module"
    add_type_title = gettext_lazy("Lägg till steg: välj typ")
    add_type_label = gettext_lazy("Typ av steg")
    add_type_submit = gettext_lazy("Fortsätt till stegets formulär")
    list_display = ("title", "place", "position", "required", "is_archived")
    list_select_related = ("module__course",)
    list_filter = ("module__course", "is_archived")
    actions = ["move_up", "move_down", "archive", "duplicate_steps"]
    siblings_field = "module"

    @admin.action(
        description=gettext_lazy("Kopiera (läggs sist i samma modul)"), permissions=["add"]
    )
    def duplicate_steps(self, request, queryset):
        for step in queryset.order_by("module", "position", "pk"):
            try:
                copy = reuse.step_duplicate(step=step)
            except CourseFileError as exc:
                self.message_user(request, _step_refusal(step, exc), messages.ERROR)
            else:
                self.message_user(
                    request, _("Kopian ”%(title)s” är skapad.") % {"title": copy}, messages.SUCCESS
                )

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/kopiera/",
                self.admin_site.admin_view(self.duplicate_view),
                name="courses_step_duplicate",
            )
        ]
        return own + super().get_urls()

    def duplicate_view(self, request, object_id):
        """Confirm and copy a lesson or a quiz to the end of its module."""
        step = get_object_or_404(Step.objects.select_related("module__course"), pk=object_id)
        if not (self.has_add_permission(request) and self.has_view_permission(request, step)):
            raise PermissionDenied
        module_url = reverse("admin:courses_module_change", args=[step.module_id])
        errors: list[tuple[str, str]] = []
        if request.method == "POST":
            try:
                copy = reuse.step_duplicate(step=step)
            except CourseFileError as exc:
                errors = exc.errors
            else:
                self.message_user(
                    request, _("Kopian ”%(title)s” är skapad.") % {"title": copy}, messages.SUCCESS
                )
                opts = copy._meta
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", copy.pk)
        course = step.module.course
        return copy_page(
            self,
            request,
            title=_("Kopiera steget %(title)s") % {"title": step.title},
            explanation=_(
                "%(kind)s kopieras med allt innehåll och läggs sist i modulen ”%(module)s” med "
                "titeln ”%(title)s (kopia)”. Ändringar i kopian påverkar inte originalet."
            )
            % {"kind": step.kind_label, "module": step.module.title, "title": step.title},
            submit_label=_("Kopiera steget"),
            cancel_url=module_url,
            trail=[
                (
                    Course._meta.verbose_name_plural.capitalize(),
                    reverse("admin:courses_course_changelist"),
                ),
                (course.title, reverse("admin:courses_course_change", args=[course.pk])),
                (step.module.title, module_url),
            ],
            errors=errors,
        )

    def get_child_models(self):
        # Every step type with an admin on this site, including those of higher
        # apps (quizzes), without courses importing them.
        return [
            model
            for model in apps.get_models()
            if issubclass(model, Step)
            and model is not Step
            and self.admin_site.is_registered(model)
        ]


def _step_refusal(step, exc: CourseFileError) -> str:
    problems = "; ".join(f"{where}: {what}" for where, what in exc.errors)
    return _("”%(title)s” kunde inte kopieras: %(problems)s") % {
        "title": step,
        "problems": problems,
    }


# --- Lessons and blocks ---------------------------------------------------------


class BlockPreviewMixin:
    @admin.display(description=gettext_lazy("Förhandsgranskning (sparad)"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return _("Spara lektionen, så visas blocket här som deltagarna ser det.")
        # `admin_preview`: the preview sits inside the admin's own form, where a
        # learner's form (a reflection's "Spara svaret") would nest and submit the admin form.
        return render_to_string(
            obj.template_name,
            {"block": obj, "course": obj.lesson.module.course, "admin_preview": True},
        )


class BlockChildInline(BlockPreviewMixin, MarkdownAdminMixin, StackedPolymorphicInline.Child):
    readonly_fields = ("preview",)


class TextBlockInline(BlockChildInline):
    model = TextBlock


class ImageBlockInline(BlockChildInline):
    model = ImageBlock


class VideoBlockInline(BlockChildInline):
    model = VideoBlock


class CaseBlockInline(BlockChildInline):
    model = CaseBlock


class FactBlockInline(BlockChildInline):
    model = FactBlock


class ReflectionBlockInline(BlockChildInline):
    model = ReflectionBlock


class DownloadBlockInline(BlockChildInline):
    model = DownloadBlock


class SourcesBlockInline(BlockChildInline):
    model = SourcesBlock


class DiscussionBlockInline(BlockChildInline):
    model = DiscussionBlock


class BlockInline(StackedPolymorphicInline):
    model = ContentBlock
    formset = ProtectedPolymorphicInlineFormSet
    child_inlines = (
        TextBlockInline,
        ImageBlockInline,
        VideoBlockInline,
        CaseBlockInline,
        FactBlockInline,
        ReflectionBlockInline,
        DownloadBlockInline,
        SourcesBlockInline,
        DiscussionBlockInline,
    )
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
    CoursePathMixin,
    BlockPreviewMixin,
    MarkdownAdminMixin,
    ProtectLearnerRecordsMixin,
    PolymorphicChildModelAdmin,
):
    base_model = ContentBlock
    trail_parent = "lesson"
    readonly_fields = ("preview",)

    def response_post_save_add(self, request, obj):
        return redirect("admin:courses_lesson_change", obj.lesson_id)

    def response_post_save_change(self, request, obj):
        return redirect("admin:courses_lesson_change", obj.lesson_id)


@admin.register(TextBlock)
class TextBlockAdmin(BlockChildAdmin):
    pass


@admin.register(ImageBlock)
class ImageBlockAdmin(BlockChildAdmin):
    pass


@admin.register(VideoBlock)
class VideoBlockAdmin(BlockChildAdmin):
    pass


@admin.register(CaseBlock)
class CaseBlockAdmin(BlockChildAdmin):
    pass


@admin.register(FactBlock)
class FactBlockAdmin(BlockChildAdmin):
    pass


@admin.register(ReflectionBlock)
class ReflectionBlockAdmin(BlockChildAdmin):
    pass


@admin.register(DownloadBlock)
class DownloadBlockAdmin(BlockChildAdmin):
    pass


@admin.register(SourcesBlock)
class SourcesBlockAdmin(BlockChildAdmin):
    pass


@admin.register(DiscussionBlock)
class DiscussionBlockAdmin(BlockChildAdmin):
    pass


@admin.register(ContentBlock)
class ContentBlockAdmin(
    TypeChooserMixin, ProtectLearnerRecordsMixin, PositionActionsMixin, PolymorphicParentModelAdmin
):
    """Every block; adding one starts by choosing its type."""

    base_model = ContentBlock
    trail_parent = "lesson"
    add_type_title = gettext_lazy("Lägg till innehållsblock: välj typ")
    add_type_label = gettext_lazy("Typ av innehållsblock")
    add_type_submit = gettext_lazy("Fortsätt till blockets formulär")
    child_models = (
        TextBlock,
        ImageBlock,
        VideoBlock,
        CaseBlock,
        FactBlock,
        ReflectionBlock,
        DownloadBlock,
        SourcesBlock,
        DiscussionBlock,
    )
    list_display = ("__str__", "place", "position", "is_archived")
    list_select_related = ("lesson__module__course",)
    list_filter = ("lesson__module__course", "is_archived")
    actions = ["move_up", "move_down", "archive"]
    siblings_field = "lesson"
