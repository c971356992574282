"""The pages and links through which a trainer copies a course, a module or a step.

The copying itself is `courses.reuse`; the model admins (course.py,
steps.py) own the URLs and check the permissions: adding a course, a module
or a step (Django's model permissions of the trainer role), and for a module
copied into another course, changing that course.
"""

from __future__ import annotations

from django import forms
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Course


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Course) -> str:
        # Titles may repeat ("… (kopia)"); the short name tells them apart.
        return f"{obj.title} ({obj.slug})"


class ModuleCopyForm(forms.Form):
    course = CourseChoiceField(
        queryset=Course.objects.order_by("title", "slug"),
        empty_label=None,
        label=gettext_lazy("Kopiera till kursen"),
        help_text=gettext_lazy(
            "Kopian läggs sist i kursen. I samma kurs får den titeln ”… (kopia)”, "
            "i en annan kurs behåller den sin titel."
        ),
    )


def copy_link(url_name: str, obj, label=None) -> str:
    """A link to the copy page of `obj` (in lists and on change pages); empty before saving."""
    if obj is None or obj.pk is None:
        return ""
    return format_html(
        '<a href="{}">{}</a>', reverse(url_name, args=[obj.pk]), label or _("Kopiera…")
    )


def copy_page(
    model_admin,
    request,
    *,
    title: str,
    explanation: str,
    submit_label: str,
    cancel_url: str,
    trail: list[tuple[str, str]],
    form: forms.Form | None = None,
    errors: list[tuple[str, str]] | None = None,
) -> TemplateResponse:
    """The confirmation page of a copy: what will be copied, a button, and any refusal."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "explanation": explanation,
        "submit_label": submit_label,
        "cancel_url": cancel_url,
        "trail": trail,
        "form": form,
        "errors": errors or [],
    }
    failed = bool(errors) or bool(form is not None and form.errors)
    status = 400 if request.method == "POST" and failed else 200
    return TemplateResponse(request, "admin/courses/duplicate.html", context, status=status)
