from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.api import Course, Module


class GroupCreateForm(forms.Form):
    name = forms.CharField(label=_("Gruppens namn"), max_length=200)
    course = forms.ModelChoiceField(label=_("Kurs"), queryset=Course.objects.none())
    participants = forms.ModelMultipleChoiceField(
        label=_("Deltagare"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Personer i dina enheter. Andra kan gå med med gruppens kod."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.published().order_by("title")
        self.fields["participants"].queryset = candidates
        self.fields["participants"].label_from_instance = lambda user: str(user)


class GroupEditForm(forms.Form):
    name = forms.CharField(label=_("Gruppens namn"), max_length=200)
    participants = forms.ModelMultipleChoiceField(
        label=_("Deltagare"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Personer i dina enheter och de som redan är med. Den du bockar ur tas bort ur "
            "gruppen; det den har gjort i kursen finns kvar."
        ),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = candidates
        self.fields["participants"].label_from_instance = lambda user: str(user)


class MeetingCreateForm(forms.Form):
    module = forms.ModelChoiceField(
        label=_("Modul"),
        queryset=Module.objects.none(),
        required=False,
        empty_label=_("Ingen modul (fri rubrik)"),
    )
    title = forms.CharField(
        label=_("Rubrik"),
        max_length=200,
        required=False,
        help_text=_("Behövs bara om mötet inte gäller en modul."),
    )
    starts_at = forms.DateTimeField(
        label=_("Börjar"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    duration_minutes = forms.IntegerField(
        label=_("Längd (minuter)"), min_value=15, max_value=480, initial=90
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.filter(course=course).order_by(
            "position", "pk"
        )

    def clean(self):
        data = super().clean()
        if not data.get("module") and not (data.get("title") or "").strip():
            raise ValidationError(_("Välj en modul eller skriv en rubrik."))
        return data


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Kod"), max_length=20)
