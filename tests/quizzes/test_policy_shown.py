"""The learner sees the quiz's rules before starting: questions, pass mark, attempts,
pauses and when the right answers are shown."""

import pytest

from courses.models import Step
from courses.services import enrollment_start, step_complete
from quizzes.models import Quiz, RevealAnswers
from quizzes.policy import policy_lines
from tests.factories import CourseBuilder
from tests.quizzes.factories import make_quiz

pytestmark = pytest.mark.django_db


def test_the_quiz_page_states_the_policy_before_the_start_button(client, learner):
    course = CourseBuilder.published(modules=[["lesson"]])
    quiz = make_quiz(
        module=course.modules.get(),
        position=1,
        kinds=("single", "true_false"),
        repeat=5,
        draw_count=6,
        pass_mark=75,
        max_attempts=5,
        failures_before_wait=3,
        wait_hours=24,
        reveal_answers=RevealAnswers.AFTER_PASS,
        is_final=True,
    )
    enrollment = enrollment_start(user=learner, course=course)
    step_complete(enrollment=enrollment, step=Step.objects.get(module__course=course, position=0))
    client.force_login(learner)
    html = client.get(quiz.get_absolute_url()).content.decode()
    rules = html[html.index("Så fungerar kunskapskontrollen") : html.index("Starta försöket")]
    for expected in (
        "6 frågor per försök.",
        "Du behöver 75 % rätt",
        "dras ur en frågebank",
        "Du har 5 försök kvar.",
        "Efter 3 underkända försök i rad får du vänta 24 timmar",
        "Rätt svar och förklaringar visas när du har klarat kunskapskontrollen.",
    ):
        assert expected in rules, expected


@pytest.mark.parametrize(
    ("reveal", "words"),
    [
        (RevealAnswers.AFTER_EACH_ATTEMPT, "Efter varje försök ser du vilka svar som var rätt"),
        (RevealAnswers.NEVER, "rätt svar visas inte"),
    ],
)
def test_policy_words_follow_the_settings(reveal, words):
    quiz = Quiz(
        pass_mark=80, reveal_answers=reveal, failures_before_wait=1, after_failures="reread"
    )
    lines = policy_lines(quiz=quiz, question_count=1, attempts_left=None)
    assert lines[0] == "1 fråga per försök."
    assert "så många gånger du behöver" in " ".join(lines)
    assert "Efter 1 underkänt försök i rad behöver du öppna modulens lektioner" in " ".join(lines)
    assert words in lines[-1]
