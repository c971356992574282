"""Two-factor sign-in in the browser: set-up and the code page pass axe-core, and work at 320 px."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser import assert_accessible, requires_chromium
from tests.factories import make_user, totp_code

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True)]


def test_a_new_trainer_sets_up_the_app_and_signs_in_with_a_code(page, login):
    trainer = make_user("nina", roles=["trainer"], is_staff=True, two_factor=False)
    page.set_viewport_size({"width": 320, "height": 800})
    login(trainer)
    assert "/tvastegsverifiering/installera/" in page.url
    assert page.locator(".qr-code svg").count() == 1
    assert_accessible(page, context="two-factor set-up")
    # Nothing runs sideways at 320 px: the key wraps.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    page.fill("#id_code", "000000")
    page.click("button[type=submit]:has-text('Aktivera')")
    assert page.locator(".error-summary").count() == 1
    assert_accessible(page, context="two-factor set-up with a wrong code")

    device = TOTPDevice.objects.get(user=trainer, confirmed=False)
    page.fill("#id_code", totp_code(device))
    page.click("button[type=submit]:has-text('Aktivera')")
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible(page, context="recovery codes")


def test_the_code_page_is_accessible(page, login, trainer):
    page.goto("/accounts/login/")
    page.fill("#id_username", trainer.username)
    page.fill("#id_password", "pw-test-123")
    page.click("button[type=submit]:has-text('Logga in')")
    page.wait_for_load_state()
    assert "/accounts/tvastegsverifiering/" in page.url
    assert_accessible(page, context="two-factor code page")
