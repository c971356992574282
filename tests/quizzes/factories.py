"""Quiz builders for tests; registers the "quiz" step kind with CourseBuilder."""

from __future__ import annotations

from django.urls import reverse

from quizzes.models import (
    Choice,
    MatchingPair,
    MatchingQuestion,
    MultipleChoiceQuestion,
    OrderingItem,
    OrderingQuestion,
    Question,
    Quiz,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from quizzes.selectors import attempt_questions_get
from tests.factories import CourseBuilder

ALL_TYPES = ("single", "multiple", "true_false", "ordering", "matching")


def make_question(quiz: Quiz, kind: str, position: int) -> Question:
    common = {
        "quiz": quiz,
        "position": position,
        "text": f"Fråga {position + 1} ({kind})?",
        "explanation": f"Förklaring till fråga {position + 1}.",
    }
    if kind == "single":
        question = SingleChoiceQuestion.objects.create(
            scenario="Sara berättar att hennes partner läser hennes meddelanden.", **common
        )
        Choice.objects.create(question=question, position=0, text="Digitalt våld", is_correct=True)
        Choice.objects.create(
            question=question,
            position=1,
            text="Ekonomiskt våld",
            feedback="Ekonomiskt våld handlar om pengar.",
        )
        Choice.objects.create(question=question, position=2, text="Inget våld")
    elif kind == "multiple":
        question = MultipleChoiceQuestion.objects.create(scoring="partial", **common)
        Choice.objects.create(question=question, position=0, text="Fysiskt", is_correct=True)
        Choice.objects.create(question=question, position=1, text="Psykiskt", is_correct=True)
        Choice.objects.create(
            question=question, position=2, text="Väder", feedback="Vädret är inte en våldsform."
        )
    elif kind == "true_false":
        question = TrueFalseQuestion.objects.create(correct=False, **common)
    elif kind == "ordering":
        question = OrderingQuestion.objects.create(**common)
        for i, text in enumerate(["Förbered", "Fråga", "Bedöm", "Dokumentera"]):
            OrderingItem.objects.create(question=question, position=i, text=text)
    elif kind == "matching":
        question = MatchingQuestion.objects.create(**common)
        for i, (prompt, match) in enumerate(
            [("Slår", "Fysiskt våld"), ("Hånar", "Psykiskt våld"), ("Tar lönen", "Ekonomiskt våld")]
        ):
            MatchingPair.objects.create(question=question, position=i, prompt=prompt, match=match)
    else:
        raise ValueError(kind)
    return question


def make_quiz(*, module, position, required=True, kinds=ALL_TYPES, repeat=1, **settings) -> Quiz:
    settings.setdefault("pass_mark", 80)
    settings.setdefault("shuffle_choices", True)
    quiz = Quiz.objects.create(
        module=module,
        position=position,
        title=f"Kunskapskontroll {module.position + 1}",
        intro="Svara på frågorna.",
        required=required,
        estimated_minutes=5,
        **settings,
    )
    for i, kind in enumerate(list(kinds) * repeat):
        make_question(quiz, kind, i)
    return quiz


CourseBuilder.step_makers["quiz"] = make_quiz


def right_answer(question: Question):
    if isinstance(question, SingleChoiceQuestion):
        return next(o.key for o in question.options if o.is_correct)
    if isinstance(question, MultipleChoiceQuestion):
        return sorted(o.key for o in question.options if o.is_correct)
    if isinstance(question, TrueFalseQuestion):
        return question.correct
    if isinstance(question, OrderingQuestion):
        return [o.key for o in question.options]
    if isinstance(question, MatchingQuestion):
        return {p.key: p.match_key for p in question.options}
    raise TypeError(question)


def wrong_answer(question: Question):
    if isinstance(question, SingleChoiceQuestion | MultipleChoiceQuestion):
        wrong = next(o.key for o in question.options if not o.is_correct)
        return wrong if isinstance(question, SingleChoiceQuestion) else [wrong]
    if isinstance(question, TrueFalseQuestion):
        return not question.correct
    if isinstance(question, OrderingQuestion):
        return [o.key for o in reversed(question.options)]
    if isinstance(question, MatchingQuestion):
        keys = [p.match_key for p in question.options]
        return {p.key: keys[(i + 1) % len(keys)] for i, p in enumerate(question.options)}
    raise TypeError(question)


def answers_for(attempt, *, right=True, wrong_from: int | None = None) -> dict:
    """Parsed answers for `attempt`: all right, or wrong from question index `wrong_from` on."""
    questions = attempt_questions_get(attempt=attempt)
    out = {}
    for index, question in enumerate(questions):
        is_right = right and (wrong_from is None or index < wrong_from)
        out[question.pk] = right_answer(question) if is_right else wrong_answer(question)
    return out


def post_for(questions, answers: dict) -> dict:
    """The form data a browser would send for these parsed answers."""
    data: dict = {}
    for question in questions:
        answer = answers[question.pk]
        if isinstance(question, SingleChoiceQuestion):
            data[question.field_name] = answer
        elif isinstance(question, MultipleChoiceQuestion):
            data[question.field_name] = list(answer)
        elif isinstance(question, TrueFalseQuestion):
            data[question.field_name] = "true" if answer else "false"
        elif isinstance(question, OrderingQuestion):
            for place, key in enumerate(answer, start=1):
                data[f"{question.field_name}-{key}"] = str(place)
        elif isinstance(question, MatchingQuestion):
            for prompt_key, match_key in answer.items():
                data[f"{question.field_name}-{prompt_key}"] = match_key
    return data


def attempt_post(attempt, *, right=True, wrong_from=None) -> dict:
    return post_for(
        attempt_questions_get(attempt=attempt),
        answers_for(attempt, right=right, wrong_from=wrong_from),
    )


def quiz_open(client, quiz):
    """Open the quiz as a learner does: press "Starta försöket" (a POST), then load the page."""
    client.post(reverse("quizzes:attempt-start", args=[quiz.pk]))
    return client.get(quiz.get_absolute_url())
