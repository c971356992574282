"""Item-writing checks: patterns in a question bank that let a learner pass without knowing.

- the right option is the longest in most single-choice questions (test-wise
  learners pick the longest);
- true/false statements are heavily one-sided (always answering "falskt" passes);
- the same question twice in a pool (a draw then shows it twice as often).

They are warnings, not errors: the trainer sees them when publishing and
previewing and decides. The functions are pure: they read questions whose
`options` are loaded (`question_options_load`, or unsaved objects read from a
course file), so the same figures come from the database and from a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .models import Question

# Warn when the right option is the longest in more than this share of a pool's
# single-choice questions. By chance it is about 1/3 with three options.
LONGEST_RIGHT_MAX_SHARE = 0.5
# Warn when the share of true statements falls outside this range.
TRUE_SHARE_RANGE = (0.25, 0.75)
# Below these counts a share says too little to warn about.
MIN_SINGLE_CHOICE = 4
MIN_TRUE_FALSE = 4

_NOT_WORD = re.compile(r"[\W_]+")


def _norm(text: str) -> str:
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def right_is_longest(options: Sequence) -> bool:
    """True if the one right choice's text is strictly longer than every other choice's."""
    right = [len(o.text.strip()) for o in options if o.is_correct]
    wrong = [len(o.text.strip()) for o in options if not o.is_correct]
    return len(right) == 1 and bool(wrong) and right[0] > max(wrong)


def duplicate_groups(questions: Sequence[Question]) -> list[tuple[int, ...]]:
    """Numbers (1-based, in the order given) of questions asking the same thing.

    Same means the same case and question text once case, punctuation and
    spacing are ignored.
    """
    seen: dict[tuple[str, str], list[int]] = {}
    for number, question in enumerate(questions, start=1):
        seen.setdefault((_norm(question.scenario), _norm(question.text)), []).append(number)
    return [tuple(numbers) for numbers in seen.values() if len(numbers) > 1]


@dataclass
class ItemFigures:
    """The counts behind the checks, for one pool or summed over a course."""

    single_choice: int = 0
    right_longest: int = 0
    true_false: int = 0
    true_statements: int = 0
    duplicates: list[tuple[int, ...]] = field(default_factory=list)

    @property
    def right_longest_share(self) -> float | None:
        return self.right_longest / self.single_choice if self.single_choice else None

    @property
    def true_share(self) -> float | None:
        return self.true_statements / self.true_false if self.true_false else None

    def add(self, other: ItemFigures) -> None:
        self.single_choice += other.single_choice
        self.right_longest += other.right_longest
        self.true_false += other.true_false
        self.true_statements += other.true_statements
        self.duplicates += other.duplicates


def item_figures(questions: Iterable[Question]) -> ItemFigures:
    """Count, over one pool, what the item-writing checks look at. Makes no queries.

    Each question type adds its own counts (`Question.item_figures_add`).
    """
    questions = list(questions)
    figures = ItemFigures(duplicates=duplicate_groups(questions))
    for question in questions:
        question.item_figures_add(figures)
    return figures


def item_warnings(questions: Iterable[Question]) -> list[str]:
    """The item-writing warnings for one pool, in words a trainer can act on."""
    figures = item_figures(questions)
    warnings = []
    share = figures.right_longest_share
    if figures.single_choice >= MIN_SINGLE_CHOICE and share > LONGEST_RIGHT_MAX_SHARE:
        warnings.append(
            _(
                "det rätta alternativet är det längsta i %(n)s av %(total)s frågor med ett rätt "
                "svar: den som gissar på det längsta klarar sig. Korta det rätta eller gör "
                "felsvaren lika utförliga."
            )
            % {"n": figures.right_longest, "total": figures.single_choice}
        )
    share = figures.true_share
    low, high = TRUE_SHARE_RANGE
    if figures.true_false >= MIN_TRUE_FALSE and not low <= share <= high:
        warnings.append(
            _(
                "%(n)s av %(total)s påståenden är sanna: den som alltid svarar ”%(guess)s” "
                "klarar de flesta. Sikta på ungefär hälften sanna."
            )
            % {
                "n": figures.true_statements,
                "total": figures.true_false,
                "guess": _("sant") if share > high else _("falskt"),
            }
        )
    for group in figures.duplicates:
        numbers = ", ".join(str(n) for n in group)
        warnings.append(
            _("frågorna %(numbers)s är samma fråga (samma fall och frågetext)")
            % {"numbers": numbers}
        )
    return warnings
