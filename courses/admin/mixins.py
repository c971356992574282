"""Behaviour every authoring admin shares, also the quiz admin in quizzes/admin.py.

Public for higher apps: Markdown help and preview, refusing to delete what
learners have used, and the "Flytta upp/ned" and "Arkivera" actions.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from polymorphic.formsets import BasePolymorphicInlineFormSet

from common.html import render_markdown

from .. import publishing
from ..models import MarkdownField

MARKDOWN_HELP = gettext_lazy(
    "Markdown. Tillåtet: **fet**, *kursiv*, rubriker (## Rubrik), punktlistor (- punkt), "
    "numrerade listor (1. punkt), citat (> text), tabeller, `kod` och länkar "
    "[text](https://…). Annan HTML, bilder och skript tas inte emot. "
    "Spara och se förhandsgranskningen nedan."
)
LIVE_PREVIEW_TITLE = gettext_lazy("Förhandsgranskning medan du skriver (inte sparad)")
LIVE_PREVIEW_ERROR = gettext_lazy(
    "Förhandsgranskningen gick inte att visa just nu. Spara för att se texten nedan."
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
            # The live preview (static/js/markdown-preview.js) reads its address
            # and wording from here; without JavaScript the saved preview remains.
            formfield.widget.attrs.update(
                {
                    "data-markdown-preview": reverse_lazy("courses:markdown-preview"),
                    "data-markdown-preview-title": LIVE_PREVIEW_TITLE,
                    "data-markdown-preview-error": LIVE_PREVIEW_ERROR,
                }
            )
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


def learner_records_refusal(obj) -> str:
    return LEARNER_RECORDS_REASON % {"name": obj}


class ProtectLearnerRecordsMixin:
    """Refuse deleting what learners have used, saying why, and offer archiving instead."""

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and obj.has_learner_records():
            self.message_user(request, learner_records_refusal(obj), messages.ERROR)
            opts = obj._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
        return super().delete_view(request, object_id, extra_context)

    def delete_queryset(self, request, queryset):
        used = [obj for obj in queryset if obj.has_learner_records()]
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
        if form.instance.pk and form.instance.has_learner_records()
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


class PositionActionsMixin:
    """The "Flytta upp", "Flytta ned" and "Arkivera" actions of an ordered list.

    `siblings_field` names the parent an item is ordered within ("course",
    "module", "lesson", "quiz"); an admin lists the actions it offers in
    `actions` (a module has no archive).
    """

    siblings_field: str

    @admin.action(description=gettext_lazy("Flytta upp"))
    def move_up(self, request, queryset):
        self._move(request, queryset, -1)

    @admin.action(description=gettext_lazy("Flytta ned"))
    def move_down(self, request, queryset):
        self._move(request, queryset, +1)

    @admin.action(description=gettext_lazy("Arkivera (dölj för nya deltagare)"))
    def archive(self, request, queryset):
        count = queryset.update(is_archived=True)
        self.message_user(
            request,
            _("%(count)s arkiverade. De syns inte längre för nya deltagare.") % {"count": count},
            messages.SUCCESS,
        )

    def _move(self, request, queryset, delta: int) -> None:
        ordered = (
            queryset.order_by("position", "pk") if delta < 0 else queryset.order_by("-position")
        )
        parent_id = f"{self.siblings_field}_id"
        for item in ordered:
            siblings = self.model.objects.filter(**{parent_id: getattr(item, parent_id)})
            publishing.position_move(item=item, siblings=siblings, delta=delta)
        self.message_user(request, _("Ordningen är ändrad."), messages.SUCCESS)
