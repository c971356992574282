"""The forms of manager reporting: the shared filters and the required-course form."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.api import OrgUnit
from courses.api import Course, CourseStatus

from .selectors import ReportingScope, professional_group_choices_get, reporting_courses_get
from .states import Figure


@dataclass(frozen=True)
class ReportFilters:
    """The filters of a reporting page, valid and in scope (made by `ReportFilterForm`)."""

    scope: ReportingScope
    all_courses: list[Course]
    unit: OrgUnit | None
    course: Course | None
    group: str
    status: str
    direct: bool

    @property
    def courses(self) -> list[Course]:
        """The chosen course, or every published one."""
        return [self.course] if self.course is not None else self.all_courses

    @property
    def units(self) -> list[OrgUnit]:
        """The units whose subtrees the page covers: the chosen one, or the top of the scope."""
        return [self.unit] if self.unit is not None else self.scope.top_units

    def query(self, **overrides) -> str:
        """The query string of these filters, with `overrides`."""
        values = {
            "unit": self.unit.pk if self.unit else "",
            "course": self.course.pk if self.course else "",
            "group": self.group,
            "status": self.status,
            "direct": "1" if self.direct else "",
        }
        values.update(overrides)
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


class ReportFilterForm(forms.Form):
    """The filters every reporting page shares, read from the query string.

    A unit outside the requester's scope is a 404 (its existence is not
    confirmed), as is an unknown or unpublished course; an unknown status is a
    form error (400). Read the chosen values after
    `is_valid()` from `filters`.
    """

    unit = forms.CharField(required=False)
    course = forms.CharField(required=False)
    group = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(
        choices=Figure.choices,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Okänd status.")},
    )
    direct = forms.CharField(required=False)

    def __init__(self, data, *, scope: ReportingScope):
        super().__init__(data)
        self.scope = scope
        self.all_courses = reporting_courses_get()

    def clean_unit(self):
        value = self.cleaned_data["unit"]
        if value:
            return self.scope.unit_get(value)  # Http404 outside the scope
        if len(self.scope.top_units) == 1:
            # One unit at the top (the usual manager): start with its breakdown.
            return self.scope.top_units[0]
        return None

    def clean_course(self):
        """The chosen course, or None for all of them (never silently the first one)."""
        value = self.cleaned_data["course"]
        if not value:
            return None
        if not value.isdigit():
            raise Http404(_("Kursen finns inte."))
        return reporting_courses_get(course_id=value)[0]

    def clean_status(self):
        return self.cleaned_data["status"] or Figure.STAFF

    def clean(self):
        cleaned = super().clean()
        # Only a chosen unit has staff of its own to list apart from the units below it.
        cleaned["direct"] = cleaned.get("direct") == "1" and cleaned.get("unit") is not None
        return cleaned

    @property
    def filters(self) -> ReportFilters:
        """The chosen values; only after `is_valid()` returned True."""
        data = self.cleaned_data
        return ReportFilters(
            scope=self.scope,
            all_courses=self.all_courses,
            unit=data["unit"],
            course=data["course"],
            group=data["group"].strip(),
            status=data["status"],
            direct=data["direct"],
        )

    def error_message(self) -> str:
        """The first error, for the 400 page."""
        return next(iter(self.errors.values()))[0]


class RequirementForm(forms.Form):
    """Require a course for a unit in the scope (with the units below it) and/or a group."""

    course = forms.ModelChoiceField(label=gettext_lazy("Kurs"), queryset=None)
    unit = forms.TypedChoiceField(
        label=gettext_lazy("Enhet (och enheterna under den)"), coerce=int, required=False
    )
    professional_group = forms.ChoiceField(
        label=gettext_lazy("Yrkesgrupp"),
        required=False,
        help_text=gettext_lazy("Ingen vald: alla yrkesgrupper i enheten."),
    )
    due_date = forms.DateField(
        label=gettext_lazy("Klar senast"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Datum som ÅÅÅÅ-MM-DD."),
    )

    def __init__(self, *args, scope: ReportingScope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["course"].queryset = Course.objects.filter(
            status=CourseStatus.PUBLISHED
        ).order_by("title")
        choices = [(u.pk, u.name) for u in scope.units]
        if scope.whole_organisation:
            choices = [("", _("Hela organisationen (ange yrkesgrupp)"))] + choices
        else:
            self.fields["unit"].required = True
        self.fields["unit"].choices = choices
        self.fields["professional_group"].choices = [
            ("", _("Alla yrkesgrupper")),
            *((name, name) for name in professional_group_choices_get()),
        ]

    def clean_unit(self):
        value = self.cleaned_data.get("unit")
        if value in ("", None):
            return None
        return self.scope.unit_get(value)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("unit") is None and not cleaned.get("professional_group", "").strip():
            raise ValidationError(_("Välj en enhet, en yrkesgrupp eller båda."))
        return cleaned
