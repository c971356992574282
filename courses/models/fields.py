"""Authored Markdown: a text field checked against the sanitiser's allow-list."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.html import markdown_problems


def validate_markdown(text: str) -> None:
    """Refuse authored text whose markup the allow-list would remove."""
    problems = markdown_problems(text)
    if problems:
        raise ValidationError(
            _("Texten innehåller markering som inte är tillåten och skulle tas bort: %(what)s."),
            params={"what": ", ".join(problems)},
            code="markup",
        )


class MarkdownField(models.TextField):
    """Authored Markdown; checked against the sanitiser's allow-list when saved via forms."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("Markdown: **fet**, *kursiv*, listor, [länk](https://…)."))
        super().__init__(*args, **kwargs)
        self.validators.append(validate_markdown)
