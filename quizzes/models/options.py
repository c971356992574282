"""The options of a question: choices, items to order, pairs to match.

Each carries an opaque `key` that the page posts back instead of its id.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.api import MarkdownField


def new_key() -> str:
    """An opaque, random identifier for an option shown to the learner.

    Options are posted back by key, never by database id: ids follow the
    order the author wrote them in, which would give the answer away.
    """
    return secrets.token_urlsafe(8)


class Choice(models.Model):
    """An answer option of a single or multiple choice question."""

    question = models.ForeignKey(
        "quizzes.Question", on_delete=models.CASCADE, related_name="choices"
    )
    key = models.CharField(max_length=20, default=new_key, editable=False)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    text = MarkdownField(_("svarsalternativ"))
    is_correct = models.BooleanField(_("rätt svar"), default=False)
    feedback = MarkdownField(
        _("återkoppling"), blank=True, help_text=_("Visas efter svaret för den som valt detta.")
    )

    class Meta:
        verbose_name = _("svarsalternativ")
        verbose_name_plural = _("svarsalternativ")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="choice_key_unique")
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def has_learner_records(self) -> bool:
        return self.question.responses.exists()


class OrderingItem(models.Model):
    """A step to put in order. `position` is the correct place."""

    question = models.ForeignKey(
        "quizzes.Question", on_delete=models.CASCADE, related_name="ordering_items"
    )
    key = models.CharField(max_length=20, default=new_key, editable=False)
    position = models.PositiveIntegerField(_("rätt plats"), default=0)
    text = models.CharField(_("text"), max_length=300)

    class Meta:
        verbose_name = _("steg att ordna")
        verbose_name_plural = _("steg att ordna")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="ordering_item_key_unique")
        ]

    def __str__(self) -> str:
        return self.text

    def has_learner_records(self) -> bool:
        return self.question.responses.exists()


class MatchingPair(models.Model):
    """A prompt and its correct match. The two sides carry different keys."""

    question = models.ForeignKey(
        "quizzes.Question", on_delete=models.CASCADE, related_name="matching_pairs"
    )
    key = models.CharField(max_length=20, default=new_key, editable=False)
    match_key = models.CharField(max_length=20, default=new_key, editable=False)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    prompt = models.CharField(_("exempel"), max_length=300)
    match = models.CharField(_("hör ihop med"), max_length=300)

    class Meta:
        verbose_name = _("par")
        verbose_name_plural = _("par")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="matching_pair_key_unique"),
            models.UniqueConstraint(
                fields=["question", "match_key"], name="matching_pair_match_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prompt} → {self.match}"

    def has_learner_records(self) -> bool:
        return self.question.responses.exists()
