"""Item analysis for trainers (no learner names) and a trainer's preview that stores nothing."""

import pytest
from django.urls import reverse

from courses.models import Step
from courses.modes import PREVIEW
from courses.selectors import course_outline_get
from courses.services import enrollment_start, step_complete
from courses.steps import step_type_for
from quizzes.models import (
    Attempt,
    MatchingQuestion,
    Quiz,
    Response,
    SingleChoiceQuestion,
)
from quizzes.selectors import item_analysis_get, question_options_load
from quizzes.services import attempt_start, attempt_submit
from tests.factories import CourseBuilder, make_user
from tests.quizzes.factories import answers_for, post_for, right_answer

pytestmark = pytest.mark.django_db


def take_quiz(user, course, quiz, *, wrong_from=None):
    enrollment = enrollment_start(user=user, course=course)
    step_complete(enrollment=enrollment, step=Step.objects.filter(module__course=course).first())
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    return attempt_submit(attempt=attempt, answers=answers_for(attempt, wrong_from=wrong_from))


def test_item_analysis_counts_attempts_right_answers_and_the_most_chosen_wrong_answer(
    client, trainer, quiz_course, quiz
):
    learners = [
        make_user(f"deltagare{i}", first_name=f"Namn{i}", last_name="Hemlig") for i in range(3)
    ]
    take_quiz(learners[0], quiz_course, quiz)  # all right
    take_quiz(learners[1], quiz_course, quiz, wrong_from=0)  # all wrong
    take_quiz(learners[2], quiz_course, quiz, wrong_from=0)

    stats = item_analysis_get(course=quiz_course)
    assert len(stats) == 1
    quiz_stats = stats[0]
    assert (quiz_stats.attempts, quiz_stats.passed, quiz_stats.learners) == (3, 1, 3)
    single = next(s for s in quiz_stats.questions if isinstance(s.question, SingleChoiceQuestion))
    assert single.answered == 3 and single.correct == 1 and single.percent_correct == 33
    # The factories' wrong answer is the first wrong choice, "Ekonomiskt våld".
    assert (single.wrong_answer, single.wrong_count) == ("Ekonomiskt våld", 2)
    true_false = next(
        s for s in quiz_stats.questions if type(s.question).__name__ == "TrueFalseQuestion"
    )
    assert (true_false.wrong_answer, true_false.wrong_count) == ("Sant", 2)
    matching = next(s for s in quiz_stats.questions if isinstance(s.question, MatchingQuestion))
    # The factories' wrong matching gives each prompt the next prompt's match.
    assert (matching.wrong_answer, matching.wrong_count) == ("Slår → Psykiskt våld", 2)

    client.force_login(trainer)
    page = client.get(reverse("quizzes:item-analysis", args=[quiz_course.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ekonomiskt våld" in html and "33 %" in html
    for learner in learners:
        assert learner.username not in html and learner.first_name not in html
    assert "Hemlig" not in html


def test_item_analysis_is_for_trainers_and_administrators_only(
    client, learner, administrator, quiz_course
):
    url = reverse("quizzes:item-analysis", args=[quiz_course.slug])
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(learner)
    assert client.get(url).status_code == 403
    client.force_login(make_user("chef", roles=["manager"]))
    assert client.get(url).status_code == 403
    client.force_login(administrator)
    assert client.get(url).status_code == 200


def test_item_analysis_query_count_does_not_grow_with_questions(trainer, client, quiz_course, quiz):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.quizzes.factories import ALL_TYPES, make_question

    client.force_login(trainer)
    url = reverse("quizzes:item-analysis", args=[quiz_course.slug])
    counts = []
    for round_ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
        for i, kind in enumerate(ALL_TYPES * 2):
            make_question(quiz, kind, 20 + 10 * round_ + i)
    assert counts[0] == counts[1]


def test_a_trainer_previews_a_draft_quiz_and_nothing_is_stored(client, trainer):
    course = CourseBuilder.build(modules=[["lesson", "quiz"]])
    quiz = Quiz.objects.get(module__course=course)
    client.force_login(trainer)
    page = client.get(reverse("quizzes:preview", args=[quiz.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("quizzes:preview-submit", args=[quiz.pk]) in html

    questions = question_options_load(quiz.questions.all())
    data = post_for(questions, {q.pk: right_answer(q) for q in questions})
    data["preview_question"] = [str(q.pk) for q in questions]
    result = client.post(reverse("quizzes:preview-submit", args=[quiz.pk]), data)
    assert result.status_code == 200
    text = result.content.decode()
    assert "Godkänt." in text and "100 % rätt" in text
    assert "Förklaring till fråga 1." in text
    assert not Attempt.objects.exists() and not Response.objects.exists()


def test_the_quiz_step_type_in_the_preview_mode_stores_nothing(rf, trainer, quiz):
    request = rf.get("/")
    request.user = trainer
    outline = course_outline_get(course=quiz.module.course, enrollment=None, mode=PREVIEW)
    context = step_type_for(quiz).page_context(
        request=request, step=quiz, enrollment=None, outline=outline, mode=PREVIEW
    )
    assert context["preview"] and len(context["questions"]) == 5
    assert not Attempt.objects.exists()


def test_learners_cannot_preview(learner_client, quiz):
    assert learner_client.get(reverse("quizzes:preview", args=[quiz.pk])).status_code == 403
    response = learner_client.post(reverse("quizzes:preview-submit", args=[quiz.pk]), {})
    assert response.status_code == 403
