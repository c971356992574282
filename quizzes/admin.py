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
    CoursePathMixin,
    MarkdownAdminMixin,
    PositionActionsMixin,
    ProtectedInlineFormSet,
    ProtectedPolymorphicInlineFormSet,
    ProtectLearnerRecordsMixin,
    StepChildAdmin,
    TypeChooserMixin,
    course_admin_link_register,
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


class QuestionChildInline(QuestionLinkMixin, MarkdownAdminMixin, StackedPolymorphicInline.Child):
    readonly_fields = ("options_link",)


class SingleChoiceQuestionInline(QuestionChildInline):
    model = SingleChoiceQuestion


class MultipleChoiceQuestionInline(QuestionChildInline):
    model = MultipleChoiceQuestion


class TrueFalseQuestionInline(QuestionChildInline):
    model = TrueFalseQuestion


class OrderingQuestionInline(QuestionChildInline):
    model = OrderingQuestion


class MatchingQuestionInline(QuestionChildInline):
    model = MatchingQuestion


class QuestionInline(StackedPolymorphicInline):
    model = Question
    formset = ProtectedPolymorphicInlineFormSet
    child_inlines = (
        SingleChoiceQuestionInline,
        MultipleChoiceQuestionInline,
        TrueFalseQuestionInline,
        OrderingQuestionInline,
        MatchingQuestionInline,
    )
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
                    "is_final",
                    "pass_mark",
                    "max_attempts",
                    "shuffle_questions",
                    "shuffle_choices",
                    "draw_count",
                    "reveal_answers",
                    "failures_before_wait",
                    "after_failures",
                    "wait_hours",
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
    CoursePathMixin, MarkdownAdminMixin, ProtectLearnerRecordsMixin, PolymorphicChildModelAdmin
):
    base_model = Question
    trail_parent = "quiz"
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


@admin.register(SingleChoiceQuestion)
class SingleChoiceQuestionAdmin(QuestionChildAdmin):
    inlines = [ChoiceInline]


@admin.register(MultipleChoiceQuestion)
class MultipleChoiceQuestionAdmin(QuestionChildAdmin):
    inlines = [ChoiceInline]


@admin.register(TrueFalseQuestion)
class TrueFalseQuestionAdmin(QuestionChildAdmin):
    inlines = []


@admin.register(OrderingQuestion)
class OrderingQuestionAdmin(QuestionChildAdmin):
    inlines = [OrderingItemInline]


@admin.register(MatchingQuestion)
class MatchingQuestionAdmin(QuestionChildAdmin):
    inlines = [MatchingPairInline]


@admin.register(Question)
class QuestionAdmin(
    TypeChooserMixin, ProtectLearnerRecordsMixin, PositionActionsMixin, PolymorphicParentModelAdmin
):
    """Every question; adding one starts by choosing its type."""

    base_model = Question
    trail_parent = "quiz"
    add_type_title = gettext_lazy("Lägg till fråga: välj typ")
    add_type_label = gettext_lazy("Typ av fråga")
    add_type_submit = gettext_lazy("Fortsätt till frågans formulär")
    child_models = QUESTION_MODELS
    list_display = ("__str__", "place", "position", "is_archived")
    list_select_related = ("quiz__module__course",)
    list_filter = ("quiz__module__course", "is_archived")
    actions = ["move_up", "move_down", "archive"]
    siblings_field = "quiz"


course_admin_link_register(
    label=gettext_lazy("Frågeanalys"),
    url_for=lambda course: reverse("quizzes:item-analysis", kwargs={"slug": course.slug}),
)
