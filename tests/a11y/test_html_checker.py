"""Zero errors from the Nu HTML Checker on every kind of non-admin page.

One test renders each page kind through the test client (learner path,
quiz result, manager pages, verification, error pages, support, privacy
and accessibility pages, the trainer's preview), writes the HTML to
`build/html/` and runs vnu.jar once over all of it. Without Java or the
npm package it skips, except under CI=true, where it fails so a missing
install step cannot hide. `make html-check` runs just this.
"""

import os
from pathlib import Path

import pytest
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from certificates.models import Certificate
from common import views as common_views
from courses.models import Step
from courses.services import enrollment_start, step_complete
from quizzes.models import Quiz
from quizzes.services import attempt_start, attempt_submit
from tests.a11y import vnu
from tests.factories import CourseBuilder
from tests.quizzes.factories import answers_for

pytestmark = [pytest.mark.html, pytest.mark.django_db]

OUT = vnu.ROOT / "build" / "html"


@pytest.fixture
def checker():
    why = vnu.missing()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"The HTML checker must run in CI: {why}")
        pytest.skip(why)


def _fetch(client, url, *, method="get", data=None, status=200) -> str:
    response = getattr(client, method)(url, data or {})
    assert response.status_code == status, f"{method.upper()} {url}: {response.status_code}"
    return response.content.decode()


def test_every_page_kind_has_no_html_errors(
    checker,
    client,
    org,
    learner,
    trainer,
    django_capture_on_commit_callbacks,
):
    pages: dict[str, str] = {}

    # Public pages and error pages, signed out.
    pages["sign-in"] = _fetch(client, "/accounts/login/")
    pages["sign-in-error"] = _fetch(
        client, "/accounts/login/", method="post", data={"username": "x", "password": "y"}
    )
    pages["password-reset"] = _fetch(client, reverse("password_reset"))
    pages["password-reset-sent"] = _fetch(client, reverse("password_reset_done"))
    pages["password-reset-bad-link"] = _fetch(client, "/accounts/losenord/MQ/fel-lank/")
    pages["password-reset-done"] = _fetch(client, reverse("password_reset_complete"))
    pages["support"] = _fetch(client, reverse("support"))
    pages["accessibility"] = _fetch(client, reverse("accessibility"))
    pages["privacy-notice"] = _fetch(client, reverse("privacy:privacy-notice"))
    pages["verify-form"] = _fetch(client, reverse("certificates:verify"))
    pages["verify-unknown"] = _fetch(client, "/verify/ABCD-EFGH-JKLM/", status=404)
    pages["not-found"] = _fetch(client, "/finns-inte/", status=404)
    request = RequestFactory().get("/")
    request.user = learner
    pages["bad-request"] = common_views.bad_request(request).content.decode()
    pages["forbidden"] = common_views.permission_denied(request).content.decode()
    pages["unavailable"] = common_views.database_unavailable().content.decode()
    pages["server-error"] = (vnu.ROOT / "templates" / "500.html").read_text()

    # The learner's path: start page, course, lesson, locked step, quiz, results, completion.
    course = CourseBuilder.published(modules=[["lesson", "quiz"], ["lesson"]])
    lesson, quiz_step, last = Step.objects.filter(module__course=course).order_by(
        "module__position", "position"
    )
    quiz = Quiz.objects.get(pk=quiz_step.pk)
    client.force_login(learner)
    pages["start-page"] = _fetch(client, "/")
    pages["course-before-start"] = _fetch(client, course.get_absolute_url())
    enrollment = enrollment_start(user=learner, course=course)
    pages["course-started"] = _fetch(client, course.get_absolute_url())
    pages["lesson"] = _fetch(client, lesson.get_absolute_url())
    pages["locked-step"] = _fetch(client, last.get_absolute_url(), status=403)
    step_complete(enrollment=enrollment, step=lesson)
    pages["quiz-before-start"] = _fetch(client, quiz.get_absolute_url())
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    pages["quiz"] = _fetch(client, quiz.get_absolute_url())
    pages["quiz-with-errors"] = _fetch(
        client, reverse("quizzes:attempt-submit", args=[attempt.pk]), method="post"
    )
    with transaction.atomic():
        attempt_submit(attempt=attempt, answers=answers_for(attempt, wrong_from=0))
    pages["quiz-result-failed"] = _fetch(client, attempt.get_absolute_url())
    second = attempt_start(enrollment=enrollment, quiz=quiz)
    with transaction.atomic():
        attempt_submit(attempt=second, answers=answers_for(second))
    pages["quiz-result-passed"] = _fetch(client, second.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        step_complete(enrollment=enrollment, step=last)
    pages["course-completed"] = _fetch(
        client, reverse("courses:course-completed", args=[course.slug])
    )
    pages["my-certificates"] = _fetch(client, reverse("certificates:my-certificates"))
    pages["person-data"] = _fetch(client, reverse("privacy:person-data"))
    pages["person-data-print"] = _fetch(client, reverse("privacy:person-data-print"))
    certificate = Certificate.objects.get(enrollment=enrollment)
    client.logout()
    pages["verify-detail"] = _fetch(client, certificate.get_absolute_url())

    # The manager's pages.
    client.force_login(org.manager)
    pages["dashboard"] = _fetch(client, reverse("reporting:dashboard"))
    pages["people-choose-course"] = _fetch(client, reverse("reporting:people"))
    pages["people"] = _fetch(
        client,
        reverse("reporting:people"),
        data={"course": org.course_a.pk, "status": "not_started"},
    )
    pages["requirements"] = _fetch(client, reverse("reporting:requirement-list"))
    pages["verify-bulk"] = _fetch(client, reverse("certificates:verify-bulk"))
    pages["verify-bulk-results"] = _fetch(
        client,
        reverse("certificates:verify-bulk"),
        method="post",
        data={"codes": f"{certificate.display_code}\nXXXX\nABCD-EFGH-JKLM"},
    )
    pages["certificate-zip"] = _fetch(client, reverse("certificates:certificate-zip"))

    # The trainer's preview and question analysis.
    client.force_login(trainer)
    pages["preview-course"] = _fetch(client, reverse("courses:preview-course", args=[course.slug]))
    pages["preview-lesson"] = _fetch(
        client, reverse("courses:preview-step", args=[course.slug, lesson.pk])
    )
    pages["preview-quiz"] = _fetch(client, reverse("quizzes:preview", args=[quiz.pk]))
    pages["item-analysis"] = _fetch(client, reverse("quizzes:item-analysis", args=[course.slug]))

    OUT.mkdir(parents=True, exist_ok=True)
    files = []
    for name, html in pages.items():
        path = OUT / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    errors = vnu.check(files)
    report = "\n".join(
        f"- {Path(e.get('url', '?')).name}:{e.get('lastLine', '?')}: {e.get('message')}"
        f" [{(e.get('extract') or '').strip()[:80]}]"
        for e in errors
    )
    assert not errors, f"{len(errors)} HTML errors in {len(files)} pages:\n{report}"
