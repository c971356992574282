"""The certificate pages pass axe-core (WCAG 2.1 A/AA) in headless Chromium."""

from datetime import timedelta

import pytest

from certificates.models import Certificate
from certificates.services import certificate_export_request, certificate_revoke
from tests.browser import assert_accessible, requires_chromium
from tests.tasks import run_tasks

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True)]


def test_public_verification_pages_have_no_axe_violations(page, certificate, administrator):
    page.goto("/verify/")
    assert_accessible(page, context="verification form")
    page.fill("#id_code", certificate.code.lower())
    page.click("button:has-text('Kontrollera')")
    assert page.url.endswith(f"/verify/{certificate.display_code}/")
    assert_accessible(page, context="valid certificate")
    certificate_revoke(certificate=certificate, by=administrator, reason="Test")
    page.reload()
    assert page.locator("text=Återkallat").first.is_visible()
    assert_accessible(page, context="revoked certificate")
    page.goto("/verify/0000-0000-0000-0000/")
    assert_accessible(page, context="unknown code")
    page.goto("/verify/?code=fel")
    assert_accessible(page, context="malformed code")


def test_learner_certificate_pages_have_no_axe_violations(
    page, login, certificate, holder, course, today
):
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=today - timedelta(days=1))
    login(holder)
    page.goto("/certifikat/")
    assert page.locator("button:has-text('Gå kursen igen')").is_visible()
    assert_accessible(page, context="my certificates with an expired one")
    page.goto(f"/kurser/{course.slug}/klar/")
    assert_accessible(page, context="course completed page with the certificate")


def test_manager_pages_have_no_axe_violations(page, login, certificate, manager_north):
    login(manager_north)
    page.goto("/certifikat/verifiera/")
    assert_accessible(page, context="bulk verification form")
    page.fill("#id_codes", f"{certificate.display_code}\nfel rad\n0000000000000000")
    page.click("button:has-text('Kontrollera'):not([value=csv])")
    assert page.locator("text=Rad 2:").is_visible()
    assert_accessible(page, context="bulk verification results")
    page.goto("/certifikat/zip/")
    assert_accessible(page, context="ZIP download page")


def test_zip_status_page_has_no_axe_violations_and_its_script_shows_the_download(
    page, login, certificate, manager_north, course
):
    export = certificate_export_request(requester=manager_north, course=course)
    login(manager_north)
    page.goto(f"/certifikat/zip/{export.pk}/")
    assert page.locator("[aria-live=polite]").inner_text().startswith("I kö")
    assert_accessible(page, context="ZIP status, queued")
    run_tasks()
    # No reload: the page's script polls the status and updates the live region.
    page.locator("a:has-text('Ladda ner ZIP-filen')").wait_for(state="visible", timeout=15000)
    assert page.locator("[aria-live=polite]").inner_text().startswith("Klar")
    assert page.locator("a:has-text('Uppdatera')").is_hidden()
    assert_accessible(page, context="ZIP status, done")
