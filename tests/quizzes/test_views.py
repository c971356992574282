"""The learner's quiz flow through the real views: fail, review, retry, pass, next step opens."""

import re

import pytest
from django.urls import reverse

from courses.models import Step
from courses.publishing import course_publish
from courses.selectors import course_outline_get
from quizzes.models import Attempt, Response
from tests.quizzes.factories import attempt_post, quiz_open

pytestmark = pytest.mark.django_db


def open_attempt(enrollment, quiz):
    return Attempt.objects.get(enrollment=enrollment, quiz=quiz, submitted_at__isnull=True)


def submit_url(attempt):
    return reverse("quizzes:attempt-submit", kwargs={"attempt_id": attempt.pk})


def test_fail_review_retry_pass_opens_the_next_module(learner_client, enrollment, quiz):
    page = quiz_open(learner_client, quiz)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<fieldset" in html and "<legend" in html
    attempt = open_attempt(enrollment, quiz)
    assert submit_url(attempt) in html

    # Fail: 2 of 5 right.
    response = learner_client.post(submit_url(attempt), attempt_post(attempt, wrong_from=2))
    assert response.status_code == 302
    result = learner_client.get(response["Location"])
    text = result.content.decode()
    assert "Inte godkänt" in text and "40 % rätt" in text
    assert "Förklaring till fråga 3." in text  # the explanation says why
    lessons = Step.objects.filter(module=quiz.module).exclude(pk=quiz.pk)
    for lesson in lessons:
        assert lesson.get_absolute_url() in text  # links back to review
    assert "Försök igen" in text
    nxt = Step.objects.get(module__course=quiz.module.course, module__position=1)
    assert (
        course_outline_get(course=enrollment.course, enrollment=enrollment)
        .state_of(nxt.pk)
        .is_locked
    )

    # Retry: "Försök igen" (a POST) starts a fresh attempt.
    quiz_open(learner_client, quiz)
    second = open_attempt(enrollment, quiz)
    assert second.number == 2
    response = learner_client.post(submit_url(second), attempt_post(second))
    result = learner_client.get(response["Location"])
    text = result.content.decode()
    assert "Godkänt." in text and "100 % rätt" in text
    assert nxt.get_absolute_url() in text
    outline = course_outline_get(course=enrollment.course, enrollment=enrollment)
    assert outline.state_of(quiz.pk).is_done
    assert outline.state_of(nxt.pk).state == "available"
    assert learner_client.get(nxt.get_absolute_url()).status_code == 200

    # The history lists both attempts.
    assert "Försök 1" in text and "Försök 2" in text


def test_missing_answers_show_the_form_again_with_a_linked_summary(
    learner_client, enrollment, quiz
):
    quiz_open(learner_client, quiz)
    attempt = open_attempt(enrollment, quiz)
    data = attempt_post(attempt)
    first_key = next(iter(data))
    data.pop(first_key)
    response = learner_client.post(submit_url(attempt), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'role="alert"' in html
    anchors = re.findall(r'<a href="#(q-\d+-0)">', html)
    assert len(anchors) == 1
    assert f'id="{anchors[0]}"' in html
    assert not Attempt.objects.get(pk=attempt.pk).is_submitted
    assert not Response.objects.exists()
    # What the learner had filled in is kept.
    assert html.count(" checked") + html.count(" selected") >= 4


@pytest.mark.parametrize(
    "tamper",
    ["foreign_choice", "unknown_field", "two_answers", "bad_place", "other_attempts_question"],
)
def test_malformed_submissions_get_400_and_store_nothing(
    tamper, learner_client, enrollment, quiz, quiz_course
):
    quiz_open(learner_client, quiz)
    attempt = open_attempt(enrollment, quiz)
    data = attempt_post(attempt)
    single = next(q for q in quiz.questions.all() if q.field_name in data)
    if tamper == "foreign_choice":
        from quizzes.models import Choice

        data[single.field_name] = Choice.objects.exclude(question=single).first().key
    elif tamper == "unknown_field":
        data["q-999999"] = "x"
    elif tamper == "two_answers":
        data[single.field_name] = [data[single.field_name], data[single.field_name]]
    elif tamper == "bad_place":
        # Option keys are random and may themselves contain "-", so name the row
        # the way the form does rather than parsing the posted keys.
        from quizzes.models import OrderingQuestion

        ordering = next(q for q in quiz.questions.all() if isinstance(q, OrderingQuestion))
        data[ordering.row_field(ordering.options[0])] = "99"
    elif tamper == "other_attempts_question":
        from tests.quizzes.factories import make_question

        other = make_question(quiz, "single", 10)
        data[other.field_name] = other.choices.first().key
    response = learner_client.post(submit_url(attempt), data)
    assert response.status_code == 400
    assert "Inget har sparats" in response.content.decode()
    assert not Attempt.objects.get(pk=attempt.pk).is_submitted
    assert not Response.objects.exists()


def test_resubmitting_a_finished_attempt_is_refused_and_changes_nothing(
    learner_client, enrollment, quiz
):
    quiz_open(learner_client, quiz)
    attempt = open_attempt(enrollment, quiz)
    post = attempt_post(attempt, right=False)
    learner_client.post(submit_url(attempt), post)
    before = list(Response.objects.values_list("pk", "points"))
    again = learner_client.post(submit_url(attempt), attempt_post(attempt))
    assert again.status_code == 400
    assert "redan inskickat" in again.content.decode()
    attempt.refresh_from_db()
    assert attempt.passed is False
    assert list(Response.objects.values_list("pk", "points")) == before


def test_another_learners_attempt_is_not_found(client, other_learner, enrollment, quiz):
    from courses.services import enrollment_start

    client.force_login(enrollment.user)
    quiz_open(client, quiz)
    attempt = open_attempt(enrollment, quiz)
    post = attempt_post(attempt)
    client.force_login(other_learner)
    enrollment_start(user=other_learner, course=quiz.module.course)
    assert client.post(submit_url(attempt), post).status_code == 404
    assert client.get(attempt.get_absolute_url()).status_code == 404
    assert not Attempt.objects.get(pk=attempt.pk).is_submitted


def test_answers_to_a_locked_quiz_are_refused(client, learner, quiz, quiz_course):
    """A learner who has not done the lesson before cannot submit to the quiz (forged attempt)."""
    from courses.services import enrollment_start

    enrollment = enrollment_start(user=learner, course=quiz_course)
    attempt = Attempt.objects.create(
        enrollment=enrollment, quiz=quiz, number=1, pass_mark=80, layout={"questions": []}
    )
    client.force_login(learner)
    assert client.get(quiz.get_absolute_url()).status_code == 403
    assert client.post(submit_url(attempt), {}).status_code == 403
    assert not Attempt.objects.get(pk=attempt.pk).is_submitted
    assert client.post(reverse("quizzes:attempt-start", args=[quiz.pk])).status_code == 403


def test_the_quiz_step_cannot_be_completed_by_saying_so(learner_client, enrollment, quiz):
    url = reverse("courses:step-complete", args=[quiz.module.course.slug, quiz.pk])
    assert learner_client.post(url).status_code == 400
    outline = course_outline_get(course=enrollment.course, enrollment=enrollment)
    assert not outline.state_of(quiz.pk).is_done


def test_after_a_pass_the_step_page_shows_the_result_and_offers_another_go(
    learner_client, enrollment, quiz
):
    quiz_open(learner_client, quiz)
    attempt = open_attempt(enrollment, quiz)
    learner_client.post(submit_url(attempt), attempt_post(attempt))
    page = learner_client.get(quiz.get_absolute_url()).content.decode()
    assert "Du har klarat kunskapskontrollen" in page
    assert not Attempt.objects.filter(submitted_at__isnull=True).exists()
    start = reverse("quizzes:attempt-start", args=[quiz.pk])
    assert start in page
    assert learner_client.post(start).status_code == 302
    assert Attempt.objects.filter(submitted_at__isnull=True).count() == 1


def test_when_attempts_are_used_up_no_new_attempt_starts(learner_client, enrollment, quiz):
    quiz.max_attempts = 1
    quiz.save()
    # Learners get a published course's changes with its next version.
    course_publish(course=quiz.module.course)
    quiz_open(learner_client, quiz)
    attempt = open_attempt(enrollment, quiz)
    learner_client.post(submit_url(attempt), attempt_post(attempt, right=False))
    page = learner_client.get(quiz.get_absolute_url()).content.decode()
    assert "Du har använt alla försök" in page
    assert Attempt.objects.count() == 1
    response = learner_client.post(reverse("quizzes:attempt-start", args=[quiz.pk]))
    assert response.status_code == 400


def test_a_reload_shows_the_same_questions_and_options_in_the_same_order(
    learner_client, enrollment, quiz
):
    quiz.shuffle_questions = True
    quiz.shuffle_choices = True
    quiz.save()

    def order(html):
        return re.findall(r'(?:name|value)="(q-[\w-]+|[\w-]{11})"', html)

    first = quiz_open(learner_client, quiz).content.decode()
    for _ in range(3):
        assert order(quiz_open(learner_client, quiz).content.decode()) == order(first)
    assert Attempt.objects.count() == 1


def test_with_reveal_after_pass_a_fail_shows_right_or_wrong_but_not_the_right_answers(
    learner_client, enrollment, quiz
):
    quiz.reveal_answers = "after_pass"
    quiz.save()
    quiz_open(learner_client, quiz)
    attempt = open_attempt(enrollment, quiz)
    response = learner_client.post(submit_url(attempt), attempt_post(attempt, right=False))
    failed = learner_client.get(response["Location"]).content.decode()
    assert "✗ Fel" in failed
    assert "rätt svar</span>" not in failed and "<h4>Rätt ordning</h4>" not in failed
    assert "Rätt svar:" not in failed
    # Explanations and feedback often name the right answer: they wait for the pass too.
    assert "Förklaring till fråga 1." not in failed
    assert "Ekonomiskt våld handlar om pengar." not in failed

    quiz_open(learner_client, quiz)
    second = open_attempt(enrollment, quiz)
    response = learner_client.post(submit_url(second), attempt_post(second))
    learner_client.get(response["Location"])
    # Once passed, the earlier failed attempt shows the right answers too.
    again = learner_client.get(attempt.get_absolute_url()).content.decode()
    assert "rätt svar</span>" in again and "<h4>Rätt ordning</h4>" in again
    assert "Förklaring till fråga 1." in again
