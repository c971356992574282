"""Steps (lessons here, quizzes in quizzes/admin.py) and the content blocks of a lesson."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from polymorphic.admin import (
    PolymorphicChildModelAdmin,
    PolymorphicInlineSupportMixin,
    PolymorphicParentModelAdmin,
    StackedPolymorphicInline,
)

from ..models import (
    CaseBlock,
    ContentBlock,
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
from .mixins import (
    MarkdownAdminMixin,
    PositionActionsMixin,
    ProtectedPolymorphicInlineFormSet,
    ProtectLearnerRecordsMixin,
)

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
class StepAdmin(ProtectLearnerRecordsMixin, PositionActionsMixin, PolymorphicParentModelAdmin):
    """All steps; adding one starts by choosing its type (lesson, quiz, …)."""

    base_model = Step
    list_display = ("title", "module", "position", "required", "is_archived")
    list_filter = ("module__course", "is_archived")
    actions = ["move_up", "move_down", "archive"]
    siblings_field = "module"

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


# --- Lessons and blocks ---------------------------------------------------------


class BlockPreviewMixin:
    @admin.display(description=gettext_lazy("Förhandsgranskning (sparad)"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return _("Spara lektionen, så visas blocket här som deltagarna ser det.")
        return render_to_string(
            obj.template_name, {"block": obj, "course": obj.lesson.module.course}
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
    BlockPreviewMixin, MarkdownAdminMixin, ProtectLearnerRecordsMixin, PolymorphicChildModelAdmin
):
    base_model = ContentBlock
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
    ProtectLearnerRecordsMixin, PositionActionsMixin, PolymorphicParentModelAdmin
):
    """Every block; adding one starts by choosing its type."""

    base_model = ContentBlock
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
    list_display = ("__str__", "lesson", "position", "is_archived")
    list_filter = ("lesson__module__course", "is_archived")
    actions = ["move_up", "move_down", "archive"]
    siblings_field = "lesson"
