"""Authoring quizzes: a quiz step with its questions inline, each question with its options.

A question is added by choosing its type (the polymorphic "add" page, or the
inline's type buttons). Choices, ordering items and matching pairs are edited
on the question's own page, because the admin cannot nest inlines.
"""

from __future__ import annotations

from django.contrib import admin
from django.shortcuts import redirect
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

from courses.admin import (
    MarkdownAdminMixin,
    ProtectedInlineFormSet,
    ProtectedPolymorphicInlineFormSet,
    ProtectLearnerRecordsMixin,
    StepChildAdmin,
    _archive,
    _move,
)

from .models import (
    Choice,
    MatchingPair,
    MatchingQuestion,
    MultipleChoiceQuestion,
    OrderingItem,
    OrderingQuestion,
    Question,
    Quiz,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)

QUESTION_MODELS = [
    SingleChoiceQuestion,
    MultipleChoiceQuestion,
    TrueFalseQuestion,
    OrderingQuestion,
    MatchingQuestion,
]


class QuestionLinkMixin:
    @admin.display(description=gettext_lazy("Svarsalternativ"))
    def options_link(self, obj):
        if obj is None or obj.pk is None:
            return _("Spara först; lägg sedan till svarsalternativ på frågans egen sida.")
        opts = obj.get_real_instance_class()._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        count = len(obj.get_real_instance().options)
        return format_html(
            '<a href="{}">{}</a>',
            url,
            _("Redigera frågan och dess alternativ (%(count)s st)") % {"count": count},
        )


def _question_child_inline(question_model):
    return type(
        f"{question_model.__name__}Inline",
        (QuestionLinkMixin, MarkdownAdminMixin, StackedPolymorphicInline.Child),
        {"model": question_model, "readonly_fields": ("options_link",)},
    )


class QuestionInline(StackedPolymorphicInline):
    model = Question
    formset = ProtectedPolymorphicInlineFormSet
    child_inlines = tuple(_question_child_inline(m) for m in QUESTION_MODELS)
    verbose_name_plural = gettext_lazy("Frågor (ordning: fältet ”ordning”)")


@admin.register(Quiz)
class QuizAdmin(PolymorphicInlineSupportMixin, StepChildAdmin):
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "module",
                    "position",
                    "title",
                    "intro",
                    "estimated_minutes",
                    "required",
                    "is_archived",
                )
            },
        ),
        (
            gettext_lazy("Inställningar"),
            {
                "fields": (
                    "pass_mark",
                    "max_attempts",
                    "shuffle_questions",
                    "shuffle_choices",
                    "draw_count",
                    "reveal_answers",
                )
            },
        ),
        (
            gettext_lazy("Frågor och förhandsvisning"),
            {"fields": ("add_question", "preview_link", "markdown_preview")},
        ),
    )
    readonly_fields = ("add_question", "preview_link", "markdown_preview")
    inlines = [QuestionInline]

    @admin.display(description=gettext_lazy("Lägg till fråga"))
    def add_question(self, obj):
        if obj is None or obj.pk is None:
            return _("Spara kunskapskontrollen först.")
        url = reverse("admin:quizzes_question_add") + f"?quiz={obj.pk}"
        return format_html(
            '<a class="button" href="{}">{}</a>', url, _("Lägg till fråga (välj typ)")
        )


class ChoiceInline(MarkdownAdminMixin, admin.TabularInline):
    model = Choice
    formset = ProtectedInlineFormSet
    fields = ("position", "text", "is_correct", "feedback")
    extra = 2


class OrderingItemInline(admin.TabularInline):
    model = OrderingItem
    formset = ProtectedInlineFormSet
    fields = ("position", "text")
    extra = 2
    verbose_name_plural = gettext_lazy("Steg att ordna (”rätt plats” = rätt ordning, 0 först)")


class MatchingPairInline(admin.TabularInline):
    model = MatchingPair
    formset = ProtectedInlineFormSet
    fields = ("position", "prompt", "match")
    extra = 2


class QuestionChildAdmin(
    MarkdownAdminMixin, ProtectLearnerRecordsMixin, PolymorphicChildModelAdmin
):
    base_model = Question
    readonly_fields = ("markdown_preview",)

    def response_post_save_add(self, request, obj):
        return self._back_to_question_or_quiz(request, obj)

    def response_post_save_change(self, request, obj):
        return self._back_to_question_or_quiz(request, obj)

    def _back_to_question_or_quiz(self, request, obj):
        if obj.option_model is not None and len(obj.options) < 2:
            # A new choice question needs its options next: stay on its page.
            opts = obj._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
        return redirect("admin:quizzes_quiz_change", obj.quiz_id)


OPTION_INLINES = {
    SingleChoiceQuestion: [ChoiceInline],
    MultipleChoiceQuestion: [ChoiceInline],
    TrueFalseQuestion: [],
    OrderingQuestion: [OrderingItemInline],
    MatchingQuestion: [MatchingPairInline],
}
for _question_model, _inlines in OPTION_INLINES.items():
    admin.site.register(
        _question_model,
        type(f"{_question_model.__name__}Admin", (QuestionChildAdmin,), {"inlines": _inlines}),
    )


@admin.register(Question)
class QuestionAdmin(ProtectLearnerRecordsMixin, PolymorphicParentModelAdmin):
    """Every question; adding one starts by choosing its type."""

    base_model = Question
    child_models = QUESTION_MODELS
    list_display = ("__str__", "quiz", "position", "is_archived")
    list_filter = ("quiz__module__course", "is_archived")
    actions = ["move_up", "move_down", "archive"]

    @admin.action(description=gettext_lazy("Flytta upp"))
    def move_up(self, request, queryset):
        _move(self, request, queryset, -1, lambda q: Question.objects.filter(quiz=q.quiz_id))

    @admin.action(description=gettext_lazy("Flytta ned"))
    def move_down(self, request, queryset):
        _move(self, request, queryset, +1, lambda q: Question.objects.filter(quiz=q.quiz_id))

    @admin.action(description=gettext_lazy("Arkivera (dölj för nya deltagare)"))
    def archive(self, request, queryset):
        _archive(self, request, queryset)
