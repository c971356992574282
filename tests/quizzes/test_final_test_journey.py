"""Issue 12, the learner's journey through a final test, as a browser would make it:
failing reveals no right answer, the next attempt draws other questions, the fourth
failed attempt waits (with a date in Swedish) and the wait ends by itself."""

import datetime
import random

import pytest
from django.urls import reverse

from courses.models import Step
from quizzes.models import Attempt, Question, RevealAnswers, SingleChoiceQuestion
from tests.factories import CourseBuilder
from tests.quizzes.factories import attempt_post, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded_draws(monkeypatch):
    """Every draw comes from one seeded source, so the journey is the same on each run."""
    rng = random.Random(2026)
    monkeypatch.setattr("common.clock.system_rng", lambda: rng)


def test_fail_see_no_answers_meet_other_questions_wait_after_the_third_failure(
    client, learner, clock, seeded_draws
):
    course = CourseBuilder.published(modules=[["lesson"]])
    final = make_quiz(
        module=course.modules.get(),
        position=1,
        kinds=("single", "true_false", "multiple"),
        repeat=3,  # a bank of 9
        draw_count=6,
        is_final=True,
        reveal_answers=RevealAnswers.AFTER_PASS,
        failures_before_wait=3,
        wait_hours=24,
    )
    bank = set(Question.objects.filter(quiz=final).values_list("pk", flat=True))
    client.force_login(learner)
    client.post(reverse("courses:course-start", kwargs={"slug": course.slug}))
    lesson = Step.objects.get(module__course=course, position=0)
    client.post(
        reverse("courses:step-complete", kwargs={"slug": course.slug, "step_id": lesson.pk})
    )

    # Before starting, the learner reads the rules.
    rules = client.get(final.get_absolute_url()).content.decode()
    assert "6 frågor per försök." in rules and "Efter 3 underkända försök i rad" in rules

    drawn = []
    for number in (1, 2, 3):
        assert client.post(reverse("quizzes:attempt-start", args=[final.pk])).status_code == 302
        attempt = Attempt.objects.get(quiz=final, number=number)
        drawn.append(set(attempt.question_ids))
        response = client.post(
            reverse("quizzes:attempt-submit", args=[attempt.pk]), attempt_post(attempt, right=False)
        )
        result = client.get(response["Location"]).content.decode()

        # Failing reveals no right answer: no option marked right, no key, no explanation.
        assert "tag-correct" not in result and "is-correct" not in result
        assert "Rätt svar:" not in result
        for question in Question.objects.filter(pk__in=attempt.question_ids):
            assert question.explanation not in result
            if isinstance(question, SingleChoiceQuestion):
                assert all(not c.feedback or c.feedback not in result for c in question.options)
        assert "Frågor du svarade fel eller delvis fel på" in result
        assert lesson.get_absolute_url() in result
        clock.shift(datetime.timedelta(minutes=15))

    # Each next attempt draws the questions the one before did not show.
    for before, after in zip(drawn, drawn[1:], strict=False):
        assert bank - before <= after and after != before

    # The fourth attempt waits 24 hours from the third failure (handed in at 10.30).
    refused = client.post(reverse("quizzes:attempt-start", args=[final.pk]))
    assert refused.status_code == 429
    assert "tidigast onsdag 13 maj 2026 kl. 10.30" in refused.content.decode()
    assert not Attempt.objects.filter(quiz=final, number=4).exists()

    clock.shift(datetime.timedelta(hours=24))
    client.force_login(learner)  # the session from yesterday has run out
    assert client.post(reverse("quizzes:attempt-start", args=[final.pk])).status_code == 302
    assert Attempt.objects.filter(quiz=final, number=4).exists()
