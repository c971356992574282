"""The reporting pages pass axe-core (WCAG 2.1 A/AA) in headless Chromium."""

import pytest

from tests.browser import assert_accessible, requires_chromium

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True)]


def test_reporting_pages_have_no_axe_violations(page, login, org):
    login(org.manager)
    page.goto("/uppfoljning/")
    assert_accessible(page, context="dashboard")
    page.click("table a:has-text('Norr barn') >> nth=0")
    page.wait_for_load_state()
    assert f"unit={org.units.norr_a.pk}" in page.url
    assert_accessible(page, context="dashboard of a sub-unit")
    page.goto(f"/uppfoljning/?unit={org.units.norr.pk}")
    page.click(".fig-overdue a >> nth=0")
    page.wait_for_load_state()
    assert "/uppfoljning/personer/" in page.url
    assert_accessible(page, context="people list")
    page.goto("/uppfoljning/obligatoriska-kurser/")
    assert_accessible(page, context="required courses")
    page.click("button:has-text('Spara krav')")
    assert_accessible(page, context="required courses with errors")


def test_course_list_with_an_overdue_requirement_has_no_axe_violations(page, login, org):
    login(org.people.p1)
    assert "Försenad" in page.content()
    assert_accessible(page, context="course list with required courses")
