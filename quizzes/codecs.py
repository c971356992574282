"""The course-file codecs of the quizzes app: the quiz step and each question type.

Registered in `QuizzesConfig.ready()`, beside the courses app's own codecs.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from courses.api import Codec, Node, Reader, Spec, StepCodec, Writer, codec_register, codec_write

from .models import (
    AfterFailures,
    Choice,
    MatchingPair,
    MatchingQuestion,
    MultipleChoiceQuestion,
    MultipleChoiceScoring,
    OrderingItem,
    OrderingQuestion,
    Question,
    Quiz,
    RevealAnswers,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)


class QuizCodec(StepCodec):
    model = Quiz
    file_type = "quiz"
    fields = [
        *StepCodec.fields,
        Spec("intro", "md", required=False, default=""),
        Spec("pass_mark", "int", required=False, default=80),
        Spec("max_attempts", "int", required=False, nullable=True),
        Spec("shuffle_questions", "bool", required=False, default=False),
        Spec("shuffle_choices", "bool", required=False, default=True),
        Spec("draw_count", "int", required=False, nullable=True),
        Spec(
            "reveal_answers",
            "choice",
            required=False,
            choices=tuple(RevealAnswers.values),
            default=RevealAnswers.AFTER_EACH_ATTEMPT,
        ),
        Spec("final_test", "bool", required=False, default=False, attr="is_final"),
        Spec("failures_before_wait", "int", required=False, nullable=True),
        Spec(
            "after_failures",
            "choice",
            required=False,
            choices=tuple(AfterFailures.values),
            default=AfterFailures.WAIT,
        ),
        Spec("wait_hours", "int", required=False, default=24),
    ]
    # Assessment-policy keys added after the format was first published: they
    # are written only when they differ from their default, so course files
    # written before them still export byte for byte as they were.
    written_when_set = {
        "final_test": False,
        "failures_before_wait": None,
        "after_failures": AfterFailures.WAIT,
        "wait_hours": 24,
    }

    def read(self, data: dict, reader: Reader, path: str) -> Node:
        node = super().read(data, reader, path)
        quiz = node.obj
        if quiz.is_final and "reveal_answers" not in data:
            # A final test shows the right answers only once passed, unless the file says otherwise.
            quiz.reveal_answers = RevealAnswers.AFTER_PASS
        if quiz.pass_mark is not None and not 1 <= quiz.pass_mark <= 100:
            reader.error(f"{path}.pass_mark", _("ska vara en procentsats mellan 1 och 100"))
        for key in ("max_attempts", "draw_count", "failures_before_wait", "wait_hours"):
            if getattr(quiz, key) == 0:
                reader.error(f"{path}.{key}", _("ska vara minst 1 eller null"))
        questions = self.read_children(
            node, data, reader, path, key="questions", base=Question, parent="quiz"
        )
        if quiz.draw_count and quiz.draw_count > len(questions):
            reader.error(f"{path}.draw_count", _("får inte vara större än antalet frågor"))
        return node

    def write(self, obj: Quiz, writer: Writer) -> dict:
        out = super().write(obj, writer)
        out["max_attempts"] = obj.max_attempts
        out["draw_count"] = obj.draw_count
        for key, default in self.written_when_set.items():
            if out.get(key) == default:
                out.pop(key, None)
        questions = Question.objects.filter(quiz=obj, is_archived=False).order_by("position", "pk")
        out["questions"] = [codec_write(question, writer) for question in questions]
        return out


class QuestionCodec(Codec):
    """What every question has in the file; each type adds its options."""

    fields = [
        Spec("scenario", "md", required=False, default=""),
        Spec("text", "md"),
        Spec("explanation", "md"),
        Spec("points", "int", required=False, default=1),
    ]

    def read(self, data: dict, reader: Reader, path: str) -> Node:
        node = super().read(data, reader, path)
        if node.obj.points == 0:
            reader.error(f"{path}.points", _("ska vara minst 1"))
        return node


CHOICE_FIELDS = [
    Spec("text", "md"),
    Spec("correct", "bool", required=False, default=False, attr="is_correct"),
    Spec("feedback", "md", required=False, default=""),
]


class ChoiceQuestionCodec(QuestionCodec):
    """Single and multiple choice: a `choices:` list."""

    def read_choices(self, node: Node, data: dict, reader: Reader, path: str) -> list[Choice]:
        choices = []
        for index, item in enumerate(reader.items(data, "choices", path)):
            where = f"{path}.choices[{index}]"
            item = reader.mapping(item, where)
            if not item:
                continue
            choice = Choice(position=index)
            for spec in CHOICE_FIELDS:
                value = reader.value(item, spec, where)
                if value is not None:
                    setattr(choice, spec.model_attr, value)
            choices.append(choice)
            keys = {spec.model_attr: spec.key for spec in CHOICE_FIELDS}
            node.children.append(Node(choice, parent_attr="question", path=where, keys=keys))
        if len(choices) < 2 and "choices" in data:
            reader.error(f"{path}.choices", _("minst två svarsalternativ"))
        return choices

    def write(self, obj: Question, writer: Writer) -> dict:
        out = super().write(obj, writer)
        out["choices"] = []
        for choice in obj.options:
            item = {"text": choice.text, "correct": choice.is_correct}
            if choice.feedback:
                item["feedback"] = choice.feedback
            out["choices"].append(item)
        return out


class SingleChoiceCodec(ChoiceQuestionCodec):
    model = SingleChoiceQuestion
    file_type = "single_choice"

    def read(self, data: dict, reader: Reader, path: str) -> Node:
        node = super().read(data, reader, path)
        choices = self.read_choices(node, data, reader, path)
        if choices and sum(1 for c in choices if c.is_correct) != 1:
            reader.error(f"{path}.choices", _("exakt ett svarsalternativ ska vara rätt"))
        return node


class MultipleChoiceCodec(ChoiceQuestionCodec):
    model = MultipleChoiceQuestion
    file_type = "multiple_choice"
    fields = [
        *QuestionCodec.fields,
        Spec(
            "scoring",
            "choice",
            required=False,
            choices=tuple(MultipleChoiceScoring.values),
            default=MultipleChoiceScoring.ALL_OR_NOTHING,
        ),
    ]

    def read(self, data: dict, reader: Reader, path: str) -> Node:
        node = super().read(data, reader, path)
        choices = self.read_choices(node, data, reader, path)
        if choices and not any(c.is_correct for c in choices):
            reader.error(f"{path}.choices", _("minst ett svarsalternativ ska vara rätt"))
        return node


class TrueFalseCodec(QuestionCodec):
    model = TrueFalseQuestion
    file_type = "true_false"
    fields = [*QuestionCodec.fields, Spec("correct", "bool")]


class OrderingCodec(QuestionCodec):
    model = OrderingQuestion
    file_type = "ordering"

    def read(self, data: dict, reader: Reader, path: str) -> Node:
        node = super().read(data, reader, path)
        items = reader.items(data, "items", path)
        texts = []
        for index, text in enumerate(items):
            if not isinstance(text, str) or not text.strip():
                reader.error(f"{path}.items[{index}]", _("ska vara en text"))
                continue
            texts.append(text)
            node.children.append(
                Node(
                    OrderingItem(position=index, text=text),
                    parent_attr="question",
                    path=f"{path}.items[{index}]",
                    keys={"text": ""},
                )
            )
        if "items" in data and len(items) < 2:
            reader.error(f"{path}.items", _("minst två steg att ordna"))
        if len(set(texts)) != len(texts):
            reader.error(f"{path}.items", _("stegen ska vara olika"))
        return node

    def write(self, obj: OrderingQuestion, writer: Writer) -> dict:
        out = super().write(obj, writer)
        out["items"] = [item.text for item in obj.options]
        return out


class MatchingCodec(QuestionCodec):
    model = MatchingQuestion
    file_type = "matching"

    def read(self, data: dict, reader: Reader, path: str) -> Node:
        node = super().read(data, reader, path)
        pairs = reader.items(data, "pairs", path)
        prompts, matches = [], []
        for index, item in enumerate(pairs):
            where = f"{path}.pairs[{index}]"
            item = reader.mapping(item, where)
            if not item:
                continue
            prompt = reader.value(item, Spec("prompt"), where)
            match = reader.value(item, Spec("match"), where)
            prompts.append(prompt)
            matches.append(match)
            node.children.append(
                Node(
                    MatchingPair(position=index, prompt=prompt or "", match=match or ""),
                    parent_attr="question",
                    path=where,
                )
            )
        if "pairs" in data and len(pairs) < 2:
            reader.error(f"{path}.pairs", _("minst två par"))
        if len(set(prompts)) != len(prompts) or len(set(matches)) != len(matches):
            reader.error(f"{path}.pairs", _("exemplen och svaren ska vara olika inbördes"))
        return node

    def write(self, obj: MatchingQuestion, writer: Writer) -> dict:
        out = super().write(obj, writer)
        out["pairs"] = [{"prompt": p.prompt, "match": p.match} for p in obj.options]
        return out


def register() -> None:
    """Register the quizzes app's codecs (from `QuizzesConfig.ready()`)."""
    for codec in (
        QuizCodec(),
        SingleChoiceCodec(),
        MultipleChoiceCodec(),
        TrueFalseCodec(),
        OrderingCodec(),
        MatchingCodec(),
    ):
        codec_register(codec)
