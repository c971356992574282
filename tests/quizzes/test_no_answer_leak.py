"""Nothing that reveals the right answers reaches the browser before the attempt is submitted.

Renders every question type (the learner's quiz page and a trainer's preview)
and checks the form: no correctness flag, no explanation or choice feedback,
no data attributes, options posted by opaque keys (never database ids, whose
order is the author's), ordering items and matches never in the answer order.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from quizzes.models import (
    Attempt,
    Choice,
    MatchingQuestion,
    OrderingQuestion,
    Question,
)
from quizzes.selectors import attempt_questions_get
from tests.quizzes.factories import quiz_open

pytestmark = pytest.mark.django_db


class FormParser(HTMLParser):
    """Collects the attributes and text inside the quiz <form>."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.controls: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "quiz-form" in (attrs.get("class") or ""):
            self.depth = 1
            return
        if self.depth:
            self.attributes += [(k, v or "") for k, v in attrs.items()]
            if tag in ("input", "option", "select"):
                self.controls.append({"tag": tag, **attrs})

    def handle_endtag(self, tag):
        if tag == "form":
            self.depth = 0

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def parse_form(html: str) -> FormParser:
    parser = FormParser()
    parser.feed(html)
    assert parser.controls, "the quiz form was not found"
    return parser


def assert_nothing_revealed(html: str, questions: list[Question]) -> None:
    form = parse_form(html)
    names = {name for name, _ in form.attributes}
    assert not any(name.startswith("data-") for name in names)
    attribute_text = " ".join(f"{k}={v}" for k, v in form.attributes).lower()
    body = " ".join(form.text)
    for word in ("correct", "is_correct", "rätt svar", "right"):
        assert word not in attribute_text
        assert word not in body.lower()
    option_ids = {str(pk) for pk in Choice.objects.values_list("pk", flat=True)}
    choice_values = {
        c.get("value") for c in form.controls if c["tag"] == "input" and c.get("type") != "hidden"
    }
    for question in questions:
        assert question.explanation not in html
        for option in question.options:
            assert not getattr(option, "feedback", "") or option.feedback not in html
        if isinstance(question, OrderingQuestion):
            shown = [o.key for o in question.display_options]
            assert shown != [o.key for o in question.options]
        if isinstance(question, MatchingQuestion):
            shown = [o.match_key for o in question.display_options]
            assert shown != [o.match_key for o in question.options]
            for pair in question.options:
                # The prompt's field name never carries the key of its match.
                assert f"{question.field_name}-{pair.match_key}" not in html
    assert not (choice_values & option_ids - {"true", "false"})
    # Nothing comes pre-chosen: a preset place or pick would hint at the answer.
    assert not any("selected" in c or "checked" in c for c in form.controls)


def test_the_learners_quiz_page_reveals_no_answers(learner_client, enrollment, quiz):
    html = quiz_open(learner_client, quiz).content.decode()
    attempt = Attempt.objects.get(enrollment=enrollment, quiz=quiz)
    questions = attempt_questions_get(attempt=attempt)
    assert {type(q).__name__ for q in questions} == {
        "SingleChoiceQuestion",
        "MultipleChoiceQuestion",
        "TrueFalseQuestion",
        "OrderingQuestion",
        "MatchingQuestion",
    }
    assert any(q.is_scenario for q in questions)
    assert_nothing_revealed(html, questions)


def test_the_form_shown_again_after_an_error_reveals_no_answers(learner_client, enrollment, quiz):
    quiz_open(learner_client, quiz)
    attempt = Attempt.objects.get(enrollment=enrollment, quiz=quiz)
    url = reverse("quizzes:attempt-submit", args=[attempt.pk])
    html = learner_client.post(url, {}).content.decode()
    assert "error-summary" in html
    assert_nothing_revealed(html, attempt_questions_get(attempt=attempt))


def test_the_trainers_preview_reveals_no_answers_before_submitting(client, trainer, quiz):
    client.force_login(trainer)
    html = client.get(reverse("quizzes:preview", args=[quiz.pk])).content.decode()
    questions = list(Question.objects.filter(quiz=quiz))
    from quizzes.selectors import question_options_load

    question_options_load(questions)
    form = parse_form(html)
    shown = {}
    for control in form.controls:
        if control.get("name", "").startswith("preview_order-"):
            shown.setdefault(int(control["name"].split("-")[1]), []).append(control["value"])
    for question in questions:
        question.arrange(shown.get(question.pk))
    assert_nothing_revealed(html, questions)
