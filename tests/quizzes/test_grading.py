"""Grading of every question type. Pure: no database (the options are set in memory)."""

from decimal import Decimal

import pytest

from quizzes.grading import AnswerMissing, MalformedAnswer, is_passing, score_percent
from quizzes.models import (
    Choice,
    MatchingPair,
    MatchingQuestion,
    MultipleChoiceQuestion,
    OrderingItem,
    OrderingQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)


def single(points=1):
    q = SingleChoiceQuestion(pk=1, points=points)
    q.options = [Choice(key="a", is_correct=False), Choice(key="b", is_correct=True)]
    return q


def multiple(scoring="partial", correct=2, wrong=2, points=1):
    q = MultipleChoiceQuestion(pk=2, points=points, scoring=scoring)
    q.options = [Choice(key=f"r{i}", is_correct=True) for i in range(correct)] + [
        Choice(key=f"w{i}", is_correct=False) for i in range(wrong)
    ]
    return q


def ordering(n=4, points=1):
    q = OrderingQuestion(pk=3, points=points)
    q.options = [OrderingItem(key=f"i{i}", position=i, text=f"Steg {i}") for i in range(n)]
    return q


def matching(n=3, points=1):
    q = MatchingQuestion(pk=4, points=points)
    q.options = [
        MatchingPair(key=f"p{i}", match_key=f"m{i}", prompt=f"Exempel {i}", match=f"Form {i}")
        for i in range(n)
    ]
    return q


# Single choice


def test_single_choice_right_answer_gets_full_points():
    grade = single(points=2).grade("b")
    assert grade.is_correct and grade.points == Decimal("2.00") and grade.max_points == 2


def test_single_choice_wrong_or_empty_answer_gets_nothing():
    for answer in ("a", "", None, ["b"], "zz"):
        grade = single().grade(answer)
        assert not grade.is_correct and grade.points == 0


def test_single_choice_parse_refuses_another_questions_choice_and_two_answers():
    q = single()
    assert q.parse_answer({"q-1": "a"}) == "a"
    with pytest.raises(AnswerMissing):
        q.parse_answer({})
    with pytest.raises(AnswerMissing):
        q.parse_answer({"q-1": ""})
    with pytest.raises(MalformedAnswer):
        q.parse_answer({"q-1": "r0"})
    with pytest.raises(MalformedAnswer):
        q.parse_answer({"q-1": ["a", "b"]})


# Multiple choice


def test_multiple_choice_all_or_nothing_needs_exactly_the_right_set():
    q = multiple(scoring="all_or_nothing")
    assert q.grade(["r0", "r1"]).is_correct
    assert q.grade(["r0"]).points == 0
    assert q.grade(["r0", "r1", "w0"]).points == 0
    assert q.grade([]).points == 0


def test_multiple_choice_partial_gives_share_of_right_picks():
    q = multiple(scoring="partial", correct=2, wrong=2, points=2)
    grade = q.grade(["r0"])
    assert grade.points == Decimal("1.00") and grade.is_partial and not grade.is_correct


def test_multiple_choice_partial_wrong_pick_costs_points_and_never_goes_below_zero():
    q = multiple(scoring="partial", correct=2, wrong=2, points=1)
    assert q.grade(["r0", "w0"]).points == 0
    assert q.grade(["w0", "w1"]).points == 0
    assert q.grade(["r0", "r1", "w0"]).points == Decimal("0.50")


@pytest.mark.parametrize("correct,wrong", [(1, 1), (3, 1), (1, 4), (4, 4), (2, 5)])
def test_ticking_every_box_scores_zero_whenever_there_is_a_wrong_choice(correct, wrong):
    q = multiple(scoring="partial", correct=correct, wrong=wrong)
    everything = [o.key for o in q.options]
    assert q.grade(everything).points == 0
    assert not is_passing(q.grade(everything).points, Decimal(1), 1)


def test_multiple_choice_partial_rounds_down_so_never_full_unless_all_right():
    q = multiple(scoring="partial", correct=3, wrong=1, points=1)
    grade = q.grade(["r0", "r1"])
    assert grade.points == Decimal("0.66") and not grade.is_correct
    assert q.grade(["r0", "r1", "r2"]).points == Decimal("1.00")


def test_multiple_choice_duplicated_picks_count_once_when_graded_and_are_refused_when_parsed():
    q = multiple(scoring="partial", correct=2, wrong=2, points=2)
    assert q.grade(["r0", "r0"]).points == Decimal("1.00")
    with pytest.raises(MalformedAnswer):
        q.parse_answer({"q-2": ["r0", "r0"]})


def test_multiple_choice_parse():
    q = multiple()
    assert q.parse_answer({"q-2": ["w0", "r1"]}) == ["r1", "w0"]
    with pytest.raises(AnswerMissing):
        q.parse_answer({"q-2": []})
    with pytest.raises(MalformedAnswer):
        q.parse_answer({"q-2": ["r0", "b"]})


def test_multiple_choice_ignores_unknown_keys_when_grading():
    q = multiple(scoring="all_or_nothing")
    assert q.grade(["r0", "r1", "forged"]).is_correct


# True/false


def test_true_false():
    q = TrueFalseQuestion(pk=5, points=1, correct=False)
    assert q.grade(False).is_correct
    assert not q.grade(True).is_correct
    assert q.grade(None).points == 0
    assert q.grade("false").points == 0
    assert q.parse_answer({"q-5": "true"}) is True
    assert q.parse_answer({"q-5": "false"}) is False
    with pytest.raises(AnswerMissing):
        q.parse_answer({})
    with pytest.raises(MalformedAnswer):
        q.parse_answer({"q-5": "yes"})


# Ordering


def test_ordering_right_order_gets_full_points():
    q = ordering(points=3)
    assert q.grade(["i0", "i1", "i2", "i3"]).points == Decimal("3.00")


def test_ordering_partial_credit_counts_items_in_their_right_place():
    q = ordering(n=4, points=1)
    assert q.grade(["i0", "i1", "i3", "i2"]).points == Decimal("0.50")
    assert q.grade(["i1", "i2", "i3", "i0"]).points == 0
    assert q.grade([]).points == 0
    assert q.grade(None).points == 0


def test_ordering_parse_reads_places_and_refuses_bad_ones():
    q = ordering(n=3)
    post = {"q-3-i0": "3", "q-3-i1": "1", "q-3-i2": "2"}
    assert q.parse_answer(post) == ["i1", "i2", "i0"]
    with pytest.raises(AnswerMissing):
        q.parse_answer({**post, "q-3-i2": ""})
    with pytest.raises(AnswerMissing):  # a place used twice: the learner can fix it
        q.parse_answer({**post, "q-3-i2": "1"})
    with pytest.raises(MalformedAnswer):
        q.parse_answer({**post, "q-3-i2": "4"})
    with pytest.raises(MalformedAnswer):
        q.parse_answer({**post, "q-3-i2": "two"})


# Matching


def test_matching_partial_credit_by_pairs_matched():
    q = matching(n=3, points=3)
    assert q.grade({"p0": "m0", "p1": "m1", "p2": "m2"}).is_correct
    assert q.grade({"p0": "m0", "p1": "m2", "p2": "m1"}).points == Decimal("1.00")
    assert q.grade({"p0": "m0", "p1": "m0", "p2": "m0"}).points == Decimal("1.00")
    assert q.grade({}).points == 0
    assert q.grade(None).points == 0


def test_matching_parse():
    q = matching(n=2)
    assert q.parse_answer({"q-4-p0": "m1", "q-4-p1": "m0"}) == {"p0": "m1", "p1": "m0"}
    with pytest.raises(AnswerMissing):
        q.parse_answer({"q-4-p0": "m1"})
    with pytest.raises(MalformedAnswer):
        q.parse_answer({"q-4-p0": "p1", "q-4-p1": "m0"})


# The quiz score


def test_score_and_pass_mark():
    assert score_percent(Decimal("4"), Decimal("5")) == Decimal("80.00")
    assert is_passing(Decimal("4"), Decimal("5"), 80)
    assert not is_passing(Decimal("3.99"), Decimal("5"), 80)
    assert score_percent(Decimal("2"), Decimal("3")) == Decimal("66.66")
    assert not is_passing(Decimal("0"), Decimal("0"), 1)


def test_layout_never_shows_ordering_items_or_matches_in_the_answer_order():
    from random import Random

    for seed in range(50):
        rng = Random(seed)  # noqa: S311 - test determinism
        assert ordering(n=2).layout_options(rng, False) == ["i1", "i0"]
        keys = matching(n=3).layout_options(rng, False)
        assert keys != ["m0", "m1", "m2"] and sorted(keys) == ["m0", "m1", "m2"]
