"""The answer form of an attempt (or a preview), built as a Django form from its questions.

As Wagtail's `FormBuilder` builds a form from field rows, `AnswerForm` asks a
builder per question type for that type's form field(s). The fields give
the page its names, ids, errors and refilled values (through `BoundField`);
what an answer means is still the type's own pure `parse_answer`, which the
form's `clean` calls, so a forged value is refused the same way wherever it
comes from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _

from .grading import Answer, AnswerMissing, MalformedAnswer
from .models import (
    MatchingQuestion,
    MultipleChoiceQuestion,
    OneChoicePerRow,
    OrderingQuestion,
    Question,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)

ANSWER_PREFIX = "q-"


# Plain `forms.Field`s: they carry names, ids, values and errors; what a value
# means (and whether it is forged) is the question type's `parse_answer`.


def _single(question: Question) -> dict[str, forms.Field]:
    return {question.field_name: forms.Field(required=False, widget=forms.RadioSelect)}


def _multiple(question: Question) -> dict[str, forms.Field]:
    widget = forms.CheckboxSelectMultiple
    return {question.field_name: forms.Field(required=False, widget=widget)}


def _rows(question: OneChoicePerRow) -> dict[str, forms.Field]:
    """One select per row; each row's id is `q-<question>-<row as shown>`."""
    return {
        question.row_field(option): forms.Field(
            required=False,
            widget=forms.Select(attrs={"id": f"{question.field_name}-{index}"}),
        )
        for index, option in enumerate(question.rows_shown())
    }


# The form fields each question type contributes, by type (most specific first).
FIELD_BUILDERS: dict[type, Callable[[Question], dict[str, forms.Field]]] = {
    SingleChoiceQuestion: _single,
    TrueFalseQuestion: _single,
    MultipleChoiceQuestion: _multiple,
    OrderingQuestion: _rows,
    MatchingQuestion: _rows,
}


def _fields_for(question: Question) -> dict[str, forms.Field]:
    for cls in type(question).__mro__:
        if cls in FIELD_BUILDERS:
            return FIELD_BUILDERS[cls](question)
    raise LookupError(f"No answer field for {type(question).__name__}")


@dataclass(frozen=True)
class Row:
    """One row of a one-choice-per-row question: its option and its bound select."""

    option: object
    field: forms.BoundField


@dataclass(frozen=True)
class AnswerEntry:
    """One question of the form as the template shows it."""

    question: Question
    number: int
    fields: tuple[forms.BoundField, ...]
    rows: tuple[Row, ...]

    @property
    def field(self) -> forms.BoundField:
        return self.fields[0]

    @property
    def error(self) -> str:
        return self.field.errors[0] if self.field.errors else ""

    @property
    def first_field_id(self) -> str:
        """Where the error summary links to: the question's first control."""
        return f"{self.question.field_name}-0"


class AnswerForm(forms.Form):
    """The answers to `questions`, in the order shown.

    `is_valid()` is true when every question has an answer the learner can
    submit; `answers` then maps question ids to parsed answers. Input the
    form cannot produce (another question's field, a forged value) sets
    `malformed` to the MalformedAnswer: the caller answers it with a 400.
    """

    def __init__(self, questions: list[Question], data: Mapping | None = None):
        super().__init__(data=data, auto_id="%s", use_required_attribute=False)
        self.questions = list(questions)
        self.answers: dict[int, Answer] = {}
        self.malformed: MalformedAnswer | None = None
        self._names: dict[int, list[str]] = {}
        for question in self.questions:
            fields = _fields_for(question)
            self._names[question.pk] = list(fields)
            self.fields.update(fields)

    def clean(self):
        known = set(self.fields)
        for name in self.data:
            if name.startswith(ANSWER_PREFIX) and name not in known:
                self.malformed = MalformedAnswer(
                    _("Svaret hör inte till någon fråga i försöket."), code="foreign"
                )
                return self.cleaned_data
        for question in self.questions:
            try:
                self.answers[question.pk] = question.parse_answer(self.data)
            except AnswerMissing as exc:
                self.add_error(self._names[question.pk][0], exc.messages[0])
            except MalformedAnswer as exc:
                self.malformed = exc
                return self.cleaned_data
        return self.cleaned_data

    @property
    def entries(self) -> list[AnswerEntry]:
        entries = []
        for number, question in enumerate(self.questions, start=1):
            bound = tuple(self[name] for name in self._names[question.pk])
            rows = ()
            if isinstance(question, OneChoicePerRow):
                by_name = {question.row_field(o): o for o in question.options}
                rows = tuple(Row(option=by_name[b.name], field=b) for b in bound)
            entries.append(AnswerEntry(question, number, bound, rows))
        return entries

    @property
    def entries_with_errors(self) -> list[AnswerEntry]:
        return [entry for entry in self.entries if entry.error]
