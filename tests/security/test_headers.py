"""Strict CSP, Permissions-Policy, no-store where personal, security.txt, idle sessions."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.template import engines

from accounts.services import org_unit_create
from certificates.models import Certificate
from courses.models import Step
from courses.services import enrollment_start, step_complete

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(learner, small_course, django_capture_on_commit_callbacks):
    """The learner (in a unit) has completed the small course and holds its certificate."""
    learner.unit = org_unit_create(code="NORR", name="Norr")
    learner.save()
    enrollment = enrollment_start(user=learner, course=small_course)
    steps = Step.objects.filter(module__course=small_course).order_by(
        "module__position", "position"
    )
    with django_capture_on_commit_callbacks(execute=True):
        for step in steps:
            step_complete(enrollment=enrollment, step=step)
    return Certificate.objects.get(user=learner, course=small_course)


def _learner_pages(course, certificate):
    step = Step.objects.filter(module__course=course).order_by("module__position", "position")[0]
    return [
        "/",
        f"/kurser/{course.slug}/",
        f"/kurser/{course.slug}/steg/{step.pk}/",
        "/certifikat/",
        f"/certifikat/{certificate.pk}/pdf/",
        "/stod/",
    ]


ADMIN_PAGES = ["/uppfoljning/", "/uppfoljning/personer/", "/uppfoljning/personer.csv", "/admin/"]
PUBLIC_PAGES = ["/accounts/login/", "/verify/", "/stod/", "/tillganglighet/"]


def test_every_main_page_sends_a_strict_csp_and_permissions_policy(
    client, learner, administrator, small_course, completed
):
    responses = [client.get(url) for url in PUBLIC_PAGES]
    client.force_login(learner)
    responses += [client.get(url) for url in _learner_pages(small_course, completed)]
    client.force_login(administrator)
    responses += [client.get(url) for url in ADMIN_PAGES]
    for response in responses:
        assert response.status_code == 200, response.request["PATH_INFO"]
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_only_the_admin_may_use_its_one_hashed_style_attribute(client, learner, administrator):
    client.force_login(learner)
    assert "unsafe-hashes" not in client.get("/")["Content-Security-Policy"]
    client.force_login(administrator)
    csp = client.get("/admin/courses/course/add/")["Content-Security-Policy"]
    style_src = next(part for part in csp.split(";") if part.strip().startswith("style-src"))
    assert style_src.split()[1:] == [
        "'self'",
        "'unsafe-hashes'",
        *settings.LARSPAR_ADMIN_STYLE_ATTRIBUTE_HASHES,
    ]


def test_personal_pages_and_files_are_never_stored(
    client, learner, administrator, small_course, completed
):
    """Every response to a signed-in person, and every PDF/CSV, is `private, no-store`."""
    client.force_login(learner)
    for url in _learner_pages(small_course, completed):
        response = client.get(url)
        assert response["Cache-Control"] == "private, no-store", url
    client.force_login(administrator)
    for url in ADMIN_PAGES:
        assert client.get(url)["Cache-Control"] == "private, no-store", url


def test_public_pages_for_visitors_are_not_marked_private(client):
    """The sign-in and support pages for an anonymous visitor carry no personal data."""
    for url in ["/stod/", "/tillganglighet/"]:
        assert "private" not in client.get(url).get("Cache-Control", "")


# Templates rendered only into PDFs by WeasyPrint, never sent to a browser:
# their <style> block is outside the CSP's reach.
PDF_ONLY_TEMPLATES = {"certificates/certificate_pdf.html", "groups/facilitator_guide_pdf.html"}
INLINE = [
    # Scripts load from static files (`<script src=… defer>`, allowed by 'self').
    (re.compile(r"<script\b(?![^>]*\bsrc=)", re.IGNORECASE), "inline <script>"),
    (re.compile(r"<script\b[^>]*\bsrc=[^>]*>\s*[^<\s]", re.IGNORECASE), "<script src> with a body"),
    (re.compile(r"<style\b", re.IGNORECASE), "<style>"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "event handler attribute"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
]


def _project_templates():
    roots = [Path(d) for d in engines["django"].engine.dirs]
    roots += [Path(settings.BASE_DIR) / app / "templates" for app in settings.INSTALLED_APPS]
    for root in roots:
        if root.is_dir() and Path(settings.BASE_DIR) in root.parents:
            for path in root.rglob("*.html"):
                yield path.relative_to(root).as_posix(), path


def test_no_template_has_inline_script_or_style():
    """The CSP forbids inline script and style: no template may rely on them."""
    found = []
    checked = 0
    for name, path in _project_templates():
        if name in PDF_ONLY_TEMPLATES:
            continue
        checked += 1
        text = path.read_text(encoding="utf-8")
        found += [f"{name}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert checked > 50
    assert found == []


def test_security_txt_names_the_contact_from_the_setting(client, settings):
    settings.LARSPAR_SECURITY_CONTACT = "mailto:sakerhet@example.se"
    with time_machine.travel(T0, tick=False):
        response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Contact: mailto:sakerhet@example.se\n" in body
    assert "Expires: 2026-08-29T08:00:00Z\n" in body


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_a_session_ends_after_eight_idle_hours_but_lasts_while_active(client, learner):
    with time_machine.travel(T0, tick=False) as traveller:
        client.force_login(learner)
        # Active every seven hours: still signed in after 21 hours.
        for hours in (7, 14, 21):
            traveller.move_to(T0 + timedelta(hours=hours))
            assert _signed_in(client), hours
        # Eight hours and a minute without a request: signed out.
        traveller.move_to(T0 + timedelta(hours=29, minutes=1))
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_idle_limit_is_a_setting(client, learner):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client.post("/accounts/login/", {"username": "lena", "password": "pw-test-123"})
    assert client.cookies["sessionid"]["max-age"] == 8 * 3600
