"""Messages beside what they concern, no way into a locked step, titles that say what happened."""

import re

import pytest
import yaml
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from courses.models import ReflectionBlock
from courses.services import enrollment_start, step_complete
from quizzes.models import Quiz
from quizzes.services import attempt_start, attempt_submit
from tests.courses.test_gating import steps_of
from tests.factories import CourseBuilder
from tests.quizzes.factories import answers_for

pytestmark = pytest.mark.django_db


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_the_saved_reflection_message_stands_beside_the_reflection(learner_client, small_course):
    block = ReflectionBlock.objects.filter(lesson__module__course=small_course).first()
    learner_client.post(reverse("courses:course-start", args=[small_course.slug]))
    saved = learner_client.post(
        reverse("courses:reflection-save", args=[small_course.slug, block.pk]), {"text": "Svar"}
    )
    # The browser lands on the confirmation itself, which sits in the block after the form.
    assert saved.url.endswith(f"#reflection-saved-{block.pk}")
    html = learner_client.get(saved.url).content.decode()
    main = html.split("<main", 1)[1]
    section = main.split(f'id="block-{block.pk}"', 1)[1].split('class="block"', 1)[0]
    assert 'class="messages"' not in main.split(f'id="block-{block.pk}"', 1)[0]
    assert "Svar</textarea>" in section
    after_form = section.split("</form>", 1)[1]
    assert f'id="reflection-saved-{block.pk}"' in after_form
    assert "Ditt svar är sparat. Det syns bara för dig." in after_form
    # The same address for a reflection with no answer claims nothing.
    other = ReflectionBlock.objects.filter(lesson__module__course=small_course).exclude(pk=block.pk)
    if other.exists():
        url = f"{other.first().lesson.get_absolute_url()}?sparat={other.first().pk}"
        assert "Ditt svar är sparat" not in learner_client.get(url).content.decode()


def test_no_link_to_a_locked_next_step_beside_done_and_next(learner_client, small_course):
    first, second, third = steps_of(small_course)
    learner_client.post(reverse("courses:course-start", args=[small_course.slug]))
    learner_client.post(reverse("courses:step-complete", args=[small_course.slug, first.pk]))
    html = learner_client.get(second.get_absolute_url()).content.decode()
    nav = html.split('class="step-nav"', 1)[1].split("</nav>", 1)[0]
    assert "Klar – nästa steg" in html
    assert third.get_absolute_url() not in nav
    assert "(låst)" not in nav
    assert f'rel="prev" href="{first.get_absolute_url()}"' in nav

    learner_client.post(reverse("courses:step-complete", args=[small_course.slug, second.pk]))
    html = learner_client.get(second.get_absolute_url()).content.decode()
    assert f'rel="next" href="{third.get_absolute_url()}"' in html  # open now: offered


def test_signing_out_is_confirmed_on_the_page_it_leads_to(learner_client):
    response = learner_client.post("/accounts/logout/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Du är utloggad." in html
    assert 'role="status"' in html.split("Du är utloggad.")[0].rsplit("<div", 1)[1]


def test_the_course_page_says_before_you_start_once(client, learner):
    for path in sorted((settings.BASE_DIR / "fixtures" / "courses").glob("*.yaml")):
        note = yaml.safe_load(path.read_text(encoding="utf-8"))["content_note"]
        assert "Innan du börjar" not in note, path.name  # the page's heading says it
    course = CourseBuilder.published(modules=[["lesson"]])
    client.force_login(learner)
    html = client.get(course.get_absolute_url()).content.decode()
    assert html.count("Innan du börjar") == 1


def test_the_completed_page_says_why_it_sent_the_learner_back_after_a_failed_final_test(
    learner_client, learner
):
    course = CourseBuilder.published(modules=[["lesson", "quiz"]])
    lesson, _quiz = steps_of(course)
    quiz = Quiz.objects.get(module__course=course)
    enrollment = enrollment_start(user=learner, course=course)
    step_complete(enrollment=enrollment, step=lesson)
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    with transaction.atomic():
        attempt_submit(attempt=attempt, answers=answers_for(attempt, wrong_from=0))

    response = learner_client.get(reverse("courses:course-completed", args=[course.slug]))
    assert response.url == course.get_absolute_url()
    html = learner_client.get(response.url).content.decode()
    assert "Kursen är inte klar än." in html


def test_an_invalid_password_reset_link_is_titled_as_such(client, learner):
    html = client.get("/accounts/losenord/MQ/fel-lank/").content.decode()
    assert title_of(html) == "Länken till nytt lösenord fungerar inte – Lärspår"
    uid = urlsafe_base64_encode(force_bytes(learner.pk))
    token = default_token_generator.make_token(learner)
    page = client.get(f"/accounts/losenord/{uid}/{token}/", follow=True).content.decode()
    assert title_of(page) == "Välj nytt lösenord – Lärspår"


def test_pages_with_form_errors_say_so_first_in_their_title(client, learner, small_course):
    assert title_of(client.get("/accounts/login/").content.decode()) == "Logga in – Lärspår"
    failed = client.post("/accounts/login/", {"username": "lena", "password": "fel"})
    assert title_of(failed.content.decode()) == "Fel: Logga in – Lärspår"

    course = CourseBuilder.published(modules=[["quiz"]])
    quiz = Quiz.objects.get(module__course=course)
    enrollment = enrollment_start(user=learner, course=course)
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    client.force_login(learner)
    empty = client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]))
    assert title_of(empty.content.decode()).startswith("Fel: ")
    assert not title_of(client.get(quiz.get_absolute_url()).content.decode()).startswith("Fel")
