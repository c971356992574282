"""The learner's path through the Django test client: sign in, start, work, leave, continue."""

import pytest
from django.urls import reverse

from courses.models import CourseStatus, ReflectionAnswer, ReflectionBlock, StepProgress
from tests.courses.test_gating import steps_of

pytestmark = pytest.mark.django_db


def complete(client, course, step):
    return client.post(
        reverse("courses:step-complete", kwargs={"slug": course.slug, "step_id": step.pk})
    )


def test_sign_in_start_leave_and_continue_where_left_off(client, learner, small_course):
    response = client.post(
        "/accounts/login/", {"username": learner.username, "password": "pw-test-123"}
    )
    assert response.status_code == 302 and response.url == "/"

    page = client.get("/")
    assert small_course.title in page.content.decode()
    assert "Inte påbörjad" in page.content.decode()

    course_page = client.get(small_course.get_absolute_url()).content.decode()
    assert "Innan du börjar" in course_page  # the content note before starting
    assert "020-50 50 50" in course_page

    first, second, third = steps_of(small_course)
    started = client.post(reverse("courses:course-start", kwargs={"slug": small_course.slug}))
    assert started.url == first.get_absolute_url()
    assert first.title in client.get(started.url).content.decode()

    assert complete(client, small_course, first).url == second.get_absolute_url()

    # Leave: sign out, sign in again, "continue" lands on the first unfinished step.
    client.post("/accounts/logout/")
    client.force_login(learner)
    overview = client.get("/").content.decode()
    assert "1 av 3 obligatoriska steg klara (33 %)" in overview
    resumed = client.get(reverse("courses:course-continue", kwargs={"slug": small_course.slug}))
    assert resumed.url == second.get_absolute_url()

    assert complete(client, small_course, second).url == third.get_absolute_url()
    finished = complete(client, small_course, third)
    assert finished.url == reverse("courses:course-completed", kwargs={"slug": small_course.slug})
    done_page = client.get(finished.url).content.decode()
    assert "Du har gjort klart" in done_page
    assert "Modul 1" in done_page and "Modul 2" in done_page
    assert "3 av 3 obligatoriska steg klara (100 %)" in client.get("/").content.decode()


def test_a_locked_step_says_what_to_finish_first_and_hides_its_content(
    learner_client, small_course
):
    first, _second, third = steps_of(small_course)
    learner_client.post(reverse("courses:course-start", kwargs={"slug": small_course.slug}))
    response = learner_client.get(third.get_absolute_url())
    assert response.status_code == 403
    html = response.content.decode()
    assert first.get_absolute_url() in html  # a way forward, never a dead end
    assert "Gör först klart" in html
    assert "Ett påhittat fall" not in html  # the locked lesson's blocks are not shown


def test_double_submit_and_back_button_do_not_duplicate_progress(learner_client, small_course):
    first, second, _ = steps_of(small_course)
    learner_client.post(reverse("courses:course-start", kwargs={"slug": small_course.slug}))
    for _ in range(3):
        complete(learner_client, small_course, first)
    learner_client.get(first.get_absolute_url())  # back button
    complete(learner_client, small_course, first)
    rows = StepProgress.objects.filter(enrollment__user__username="lena")
    assert rows.count() == 1
    assert rows.get().status == "completed"
    assert learner_client.get(second.get_absolute_url()).status_code == 200


def test_previous_and_next_links_work_around_locked_steps(learner_client, small_course):
    """The previous step is linked; a locked next step is not (tests/a11y checks why)."""
    first, second, third = steps_of(small_course)
    learner_client.post(reverse("courses:course-start", kwargs={"slug": small_course.slug}))
    complete(learner_client, small_course, first)
    html = learner_client.get(second.get_absolute_url()).content.decode()
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert 'rel="next"' not in html
    complete(learner_client, small_course, second)
    html = learner_client.get(second.get_absolute_url()).content.decode()
    assert f'rel="next" href="{third.get_absolute_url()}"' in html


def test_unknown_course_and_step_give_404(learner_client, small_course, course_builder):
    other = course_builder.published(modules=[["lesson"]])
    learner_client.post(reverse("courses:course-start", kwargs={"slug": small_course.slug}))
    assert learner_client.get("/kurser/finns-inte/").status_code == 404
    foreign_step = steps_of(other)[0]
    url = reverse("courses:step", kwargs={"slug": small_course.slug, "step_id": foreign_step.pk})
    assert learner_client.get(url).status_code == 404
    url = reverse("courses:step", kwargs={"slug": small_course.slug, "step_id": 999999})
    assert learner_client.get(url).status_code == 404


def test_unpublished_courses_are_404_for_learners(learner_client, course_builder):
    for status in (CourseStatus.DRAFT, CourseStatus.ARCHIVED):
        course = course_builder.build(modules=[["lesson"]], status=status)
        assert learner_client.get(course.get_absolute_url()).status_code == 404
        assert course.title not in learner_client.get("/").content.decode()


def test_pages_require_sign_in(client, small_course):
    response = client.get(small_course.get_absolute_url())
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_reflection_answers_are_private_to_the_learner(
    client, learner, other_learner, small_course
):
    block = ReflectionBlock.objects.filter(lesson__module__course=small_course).first()
    lesson_url = block.lesson.get_absolute_url()
    save_url = reverse(
        "courses:reflection-save", kwargs={"slug": small_course.slug, "block_id": block.pk}
    )
    client.force_login(learner)
    client.post(reverse("courses:course-start", kwargs={"slug": small_course.slug}))
    client.post(save_url, {"text": "Mitt privata svar"})
    assert "Mitt privata svar" in client.get(lesson_url).content.decode()

    client.force_login(other_learner)
    client.post(reverse("courses:course-start", kwargs={"slug": small_course.slug}))
    assert "Mitt privata svar" not in client.get(lesson_url).content.decode()
    assert ReflectionAnswer.objects.get(block=block).user == learner


def test_malformed_post_gets_400_and_stores_nothing(learner_client, small_course):
    block = ReflectionBlock.objects.filter(lesson__module__course=small_course).first()
    learner_client.post(reverse("courses:course-start", kwargs={"slug": small_course.slug}))
    url = reverse(
        "courses:reflection-save", kwargs={"slug": small_course.slug, "block_id": block.pk}
    )
    for data in ({}, {"text": ""}, {"text": "x" * 10_001}):
        response = learner_client.post(url, data)
        assert response.status_code == 400
        assert "inget har sparats" in response.content.decode().lower() or "Svaret" in (
            response.content.decode()
        )
    assert not ReflectionAnswer.objects.exists()


def test_get_on_a_state_changing_url_is_refused(learner_client, small_course):
    first = steps_of(small_course)[0]
    url = reverse("courses:step-complete", kwargs={"slug": small_course.slug, "step_id": first.pk})
    assert learner_client.get(url).status_code == 405
    assert not StepProgress.objects.exists()


def test_interface_is_swedish_by_default_and_english_selectable(learner_client, small_course):
    html = learner_client.get("/").content.decode()
    assert '<html lang="sv">' in html and "Mina kurser" in html
    learner_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = learner_client.get("/").content.decode()
    assert '<html lang="en">' in html and "My courses" in html


def test_swedish_is_the_default_whatever_the_browser_prefers(learner_client):
    html = learner_client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="sv">' in html and "Mina kurser" in html
