"""In Chromium: sign in through the loopback OpenID provider, see the unit's required course,
sign out at both ends."""

import datetime

import pytest

from accounts.models import User
from courses.models import CourseRequirement
from tests.browser import assert_accessible, requires_chromium
from tests.factories import CourseBuilder, OrgUnitFactory

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True)]


def test_a_person_signs_in_with_the_organisations_account_and_out_at_both_ends(
    page, live_server, oidc_provider, today
):
    unit = OrgUnitFactory(code="IFO-N", name="IFO Norr")
    required = CourseBuilder.published(modules=[["lesson"]], title="Våld i nära relationer – bas")
    CourseRequirement.objects.create(
        course=required, unit=unit, due_date=today + datetime.timedelta(days=30)
    )
    oidc_provider.person = {
        "sub": "sub-browser",
        "email": "frida@example.se",
        "given_name": "Frida",
        "family_name": "Fors",
        "unit_code": "IFO-N",
    }

    page.goto("/accounts/login/")
    assert_accessible(page, context="sign-in page with single sign-on")
    page.get_by_role("link", name="Logga in med din organisations konto").click()
    page.wait_for_url(f"{live_server.url}/")

    assert "Våld i nära relationer – bas" in page.content()
    assert User.objects.get(email="frida@example.se").unit == unit

    page.locator("form.logout-form").evaluate("form => { form.closest('details').open = true; }")
    page.get_by_role("button", name="Logga ut Frida Fors").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")

    assert len(oidc_provider.logouts) == 1
    assert oidc_provider.logouts[0]["client_id"] == "larspar-test"
    page.goto("/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
