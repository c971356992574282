"""Result reviews: immutable, built without queries, holding no key that is not revealed."""

import dataclasses

import pytest

from quizzes.models import (
    Choice,
    MatchingPair,
    MatchingQuestion,
    OrderingItem,
    OrderingQuestion,
    Response,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from quizzes.review import reviews_build


def ordering() -> OrderingQuestion:
    question = OrderingQuestion(pk=1, points=1)
    question.options = [OrderingItem(key=f"k{i}", position=i, text=f"Steg {i}") for i in range(3)]
    return question


def matching() -> MatchingQuestion:
    question = MatchingQuestion(pk=2, points=1)
    question.options = [
        MatchingPair(key=f"p{i}", match_key=f"m{i}", position=i, prompt=f"E{i}", match=f"S{i}")
        for i in range(2)
    ]
    return question


def single() -> SingleChoiceQuestion:
    question = SingleChoiceQuestion(pk=3, points=1)
    question.options = [
        Choice(key="a", text="A", is_correct=True, feedback="Ja."),
        Choice(key="b", text="B", is_correct=False, feedback="Nej."),
    ]
    return question


def responses(answers):
    return {pk: Response(question_id=pk, answer=answer) for pk, answer in answers.items()}


def test_a_review_that_does_not_reveal_holds_no_key():
    questions = [ordering(), matching(), single(), TrueFalseQuestion(pk=4, points=1, correct=True)]
    answers = {1: ["k1", "k0", "k2"], 2: {"p0": "m1", "p1": "m0"}, 3: "b", 4: False}
    order, match, choice, statement = reviews_build(questions, responses(answers), reveal=False)
    assert order.detail.correct == () and [i.text for i in order.detail.given] == [
        "Steg 1",
        "Steg 0",
        "Steg 2",
    ]
    assert {row.match for row in match.detail.rows} == {""}
    assert [row.given for row in match.detail.rows] == ["S1", "S0"]
    assert not any(option.show_correct for option in choice.detail.options)
    # Feedback on the learner's own pick waits too: it often names the right option.
    assert [o.show_feedback for o in choice.detail.options] == [False, False]
    assert {o.feedback for o in choice.detail.options} == {""}
    assert choice.explanation == ""
    assert statement.detail.correct is None and statement.detail.given is False


def test_a_revealing_review_shows_the_key_and_cannot_be_changed():
    order, choice = reviews_build(
        [ordering(), single()], responses({1: ["k0", "k2", "k1"], 3: "a"}), reveal=True
    )
    assert order.detail.correct == ("Steg 0", "Steg 1", "Steg 2")
    assert [i.in_place for i in order.detail.given] == [True, False, False]
    assert [o.show_correct for o in choice.detail.options] == [True, False]
    assert order.number == 1 and choice.number == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        order.reveal = False
