"""The authoring admin speaks Swedish to a trainer: no English words or machine names on screen.

Only what a person sees is checked — text, button captions and the options
of drop-downs — never attributes, ids, URLs or CSRF tokens, which may
legitimately hold English or random letters.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from courses.models import ContentBlock, Lesson, Module
from quizzes.models import Question, Quiz
from tests.factories import CourseBuilder

pytestmark = pytest.mark.django_db

# The usual leftovers of Django's admin and of English model definitions.
ENGLISH = [
    "Type",
    "Save",
    "Add",
    "Delete",
    "Change",
    "Edit",
    "Remove",
    "Home",
    "History",
    "Search",
    "Select",
    "Action",
    "Go",
    "Updated at",
    "Created at",
    "Polymorphic ctype",
    "View on site",
    "Preview",
    "Publish",
    "Draft",
    "Module",
    "Lesson",
    "Step",
    "Question",
    "Quiz",
    "Course",
    "Choice",
    "Position",
    "Title",
    "Yes",
    "No",
    # Role (group) names as stored.
    "learner",
    "trainer",
    "manager",
    "administrator",
    "facilitator",
]
ENGLISH_WORD = re.compile(
    r"(?<![\w.-])(" + "|".join(re.escape(word) for word in ENGLISH) + r")(?![\w-])",
    re.IGNORECASE,
)


class VisibleText(HTMLParser):
    """Text a person sees: text nodes outside script/style/template, and button captions."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.HIDDEN:
            self._hidden += 1
        elif tag == "input" and attributes.get("type") in {"submit", "button", "reset"}:
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_words(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    text = visible_text(response.content.decode())
    return sorted({match.group(0) for match in ENGLISH_WORD.finditer(text)})


def test_the_checker_sees_text_and_buttons_but_not_attributes():
    html = (
        '<p title="Change">Ändra</p><input type="hidden" name="csrf" value="xAddSave">'
        '<input type="submit" value="Save"><a href="/admin/add/">Lägg till</a>'
        "<script>var Type = 1;</script><button>Delete</button>"
    )
    assert visible_text(html) == "Ändra Save Lägg till Delete"
    assert ENGLISH_WORD.findall(visible_text(html)) == ["Save", "Delete"]


@pytest.fixture
def course_with_everything(db):
    import tests.quizzes.factories  # noqa: F401 - registers the "quiz" step kind

    course = CourseBuilder.build(modules=[["lesson", "quiz"]], title="Våld i nära relationer")
    CourseBuilder.build(modules=[["lesson", "quiz"]], title="Hedersrelaterat våld")
    return course


def authoring_urls(course) -> dict[str, str]:
    module = Module.objects.get(course=course)
    lesson = Lesson.objects.get(module=module)
    quiz = Quiz.objects.get(module=module)
    block = ContentBlock.objects.filter(lesson=lesson).order_by("position").first()
    urls = {
        "start": reverse("admin:index"),
        "course list": reverse("admin:courses_course_changelist"),
        "course": reverse("admin:courses_course_change", args=[course.pk]),
        "new course": reverse("admin:courses_course_add"),
        "import": reverse("admin:courses_course_import"),
        "publish": reverse("admin:courses_course_publish", args=[course.pk]),
        "copy course": reverse("admin:courses_course_duplicate", args=[course.pk]),
        "module list": reverse("admin:courses_module_changelist"),
        "module": reverse("admin:courses_module_change", args=[module.pk]),
        "new module": reverse("admin:courses_module_add") + f"?course={course.pk}",
        "copy module": reverse("admin:courses_module_duplicate", args=[module.pk]),
        "step list": reverse("admin:courses_step_changelist"),
        "new step": reverse("admin:courses_step_add") + f"?module={module.pk}",
        "copy step": reverse("admin:courses_step_duplicate", args=[lesson.pk]),
        "lesson": reverse("admin:courses_lesson_change", args=[lesson.pk]),
        "new lesson": reverse("admin:courses_lesson_add") + f"?module={module.pk}",
        "block list": reverse("admin:courses_contentblock_changelist"),
        "new block": reverse("admin:courses_contentblock_add") + f"?lesson={lesson.pk}",
        "block": reverse(
            f"admin:courses_{block.get_real_instance_class()._meta.model_name}_change",
            args=[block.pk],
        ),
        "quiz": reverse("admin:quizzes_quiz_change", args=[quiz.pk]),
        "question list": reverse("admin:quizzes_question_changelist"),
        "new question": reverse("admin:quizzes_question_add") + f"?quiz={quiz.pk}",
    }
    for question in Question.objects.filter(quiz=quiz):
        real = question.get_real_instance_class()
        urls[f"question {real.__name__}"] = reverse(
            f"admin:quizzes_{real._meta.model_name}_change", args=[question.pk]
        )
    return urls


def test_a_trainer_sees_no_english_on_any_authoring_page(client, trainer, course_with_everything):
    client.force_login(trainer)
    found = {
        name: words
        for name, url in authoring_urls(course_with_everything).items()
        if (words := english_words(client, url))
    }
    assert not found, found


def test_roles_are_shown_by_their_swedish_names(client, administrator):
    client.force_login(administrator)
    trainer_group = Group.objects.get(name="trainer")
    pages = {
        "user list": reverse("admin:accounts_user_changelist"),
        "user": reverse("admin:accounts_user_change", args=[administrator.pk]),
        "role list": reverse("admin:auth_group_changelist"),
    }
    for name, url in pages.items():
        text = visible_text(client.get(url).content.decode())
        assert "Utbildare" in text, name
        assert not re.search(r"\b(learner|trainer|manager|facilitator)\b", text), name
    page = client.get(reverse("admin:auth_group_change", args=[trainer_group.pk]))
    assert "Ändra rollen Utbildare" in visible_text(page.content.decode())
