"""The review policy decides what a result page shows: right answers after each attempt,
only after passing (final tests' default), or never. A hidden key is not in the HTML at all."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from courses.models import Step
from courses.services import enrollment_start, step_complete
from quizzes.models import (
    Attempt,
    Choice,
    MultipleChoiceQuestion,
    Quiz,
    RevealAnswers,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from quizzes.selectors import attempt_questions_get
from tests.factories import CourseBuilder
from tests.quizzes.factories import attempt_post, make_quiz

pytestmark = pytest.mark.django_db


class ResultParser(HTMLParser):
    """The classes of each result <li> by the text it holds, and all visible text."""

    def __init__(self):
        super().__init__()
        self.items: list[dict] = []
        self.text: list[str] = []
        self._li: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self._li = {"class": dict(attrs).get("class") or "", "text": ""}
            self.items.append(self._li)

    def handle_endtag(self, tag):
        if tag == "li":
            self._li = None

    def handle_data(self, data):
        self.text.append(data)
        if self._li is not None:
            self._li["text"] += data


def _course_with_final(reveal: str | None = None, **settings):
    """Module 1: a lesson and a final test with one question of each type."""
    course = CourseBuilder.published(modules=[["lesson"]])
    module = course.modules.get()
    fields = {"is_final": True, **settings}
    if reveal is not None:
        fields["reveal_answers"] = reveal
    return course, make_quiz(module=module, position=1, **fields)


def _fail(client, learner, course, quiz, *, right=False):
    if not course.enrollments.filter(user=learner).exists():
        enrollment = enrollment_start(user=learner, course=course)
        lesson = Step.objects.get(module__course=course, position=0)
        step_complete(enrollment=enrollment, step=lesson)
    client.post(reverse("quizzes:attempt-start", args=[quiz.pk]))
    attempt = Attempt.objects.filter(quiz=quiz, submitted_at__isnull=True).get()
    client.post(
        reverse("quizzes:attempt-submit", args=[attempt.pk]),
        attempt_post(attempt, right=right),
    )
    attempt.refresh_from_db()
    assert attempt.passed is right
    return attempt, client.get(attempt.get_absolute_url())


def test_failed_final_test_page_shows_which_questions_were_wrong_but_no_right_answer(
    learner_client, learner
):
    course, quiz = _course_with_final(RevealAnswers.AFTER_PASS)
    attempt, response = _fail(learner_client, learner, course, quiz)
    html = response.content.decode()
    parser = ResultParser()
    parser.feed(html)
    text = " ".join(parser.text)

    questions = attempt_questions_get(attempt=attempt)
    for question in questions:
        if isinstance(question, SingleChoiceQuestion | MultipleChoiceQuestion):
            for choice in question.options:
                shown = [i for i in parser.items if i["text"].strip().startswith(choice.text)]
                assert shown, f"option {choice.text!r} is listed"
                assert all("is-correct" not in i["class"] for i in shown)
                if choice.feedback:
                    assert choice.feedback not in html
        assert question.explanation not in html
    assert "rätt svar" not in text.lower().replace("rätt svar och förklaringar", "")
    assert "Rätt ordning" not in html
    # Which questions were wrong, and where to read again.
    assert "Frågor du svarade fel eller delvis fel på" in html
    assert f'href="#result-{questions[0].pk}"' in html
    lesson = Step.objects.get(module__course=course, position=0)
    assert lesson.get_absolute_url() in html


def test_a_final_test_reveals_the_answers_once_passed(learner_client, learner):
    course, quiz = _course_with_final(RevealAnswers.AFTER_PASS)
    _fail(learner_client, learner, course, quiz)
    passed, response = _fail(learner_client, learner, course, quiz, right=True)
    html = response.content.decode()
    assert "tag-correct" in html
    assert all(q.explanation in html for q in attempt_questions_get(attempt=passed))
    # And the earlier failed attempt's page now shows its key too.
    first = Attempt.objects.get(quiz=quiz, number=1)
    assert "tag-correct" in learner_client.get(first.get_absolute_url()).content.decode()


def test_never_reveals_even_after_a_pass(learner_client, learner):
    course, quiz = _course_with_final(RevealAnswers.NEVER)
    attempt, response = _fail(learner_client, learner, course, quiz, right=True)
    html = response.content.decode()
    assert "tag-correct" not in html and "Rätt ordning" not in html
    assert "visas inte för den här kunskapskontrollen" in html
    assert not any(q.explanation in html for q in attempt_questions_get(attempt=attempt))


def test_after_each_attempt_still_shows_the_key_after_a_fail(learner_client, learner):
    course, quiz = _course_with_final(RevealAnswers.AFTER_EACH_ATTEMPT)
    _attempt, response = _fail(learner_client, learner, course, quiz)
    html = response.content.decode()
    assert "tag-correct" in html and "Rätt ordning" in html


def test_true_false_key_is_not_shown_before_a_pass(learner_client, learner):
    course, quiz = _course_with_final(RevealAnswers.AFTER_PASS)
    quiz.questions.exclude(instance_of=TrueFalseQuestion).delete()
    _attempt, response = _fail(learner_client, learner, course, quiz)
    assert "Rätt svar:" not in response.content.decode()


def test_quiz_reveals_for_each_policy():
    quiz = Quiz(reveal_answers=RevealAnswers.AFTER_PASS)
    assert (quiz.reveals_for(has_passed=False), quiz.reveals_for(has_passed=True)) == (False, True)
    quiz.reveal_answers = RevealAnswers.NEVER
    assert not quiz.reveals_for(has_passed=True)
    quiz.reveal_answers = RevealAnswers.AFTER_EACH_ATTEMPT
    assert quiz.reveals_for(has_passed=False)


def test_a_hidden_review_carries_no_choice_feedback():
    question = SingleChoiceQuestion(pk=1, points=1, explanation="Därför.")
    question.options = [
        Choice(key="a", text="A", is_correct=True),
        Choice(key="b", text="B", feedback="Nej, rätt är A."),
    ]
    detail = question.review_detail("b", reveal=False)
    assert [o.feedback for o in detail.options] == ["", ""]
    assert not any(o.show_feedback or o.show_correct for o in detail.options)
