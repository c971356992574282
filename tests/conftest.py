import datetime
import shutil
import zoneinfo

import pytest
import time_machine
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import CourseBuilder, make_user, totp_code
from tests.quizzes import factories as _quiz_factories  # noqa: F401 - registers the "quiz" step kind

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")

# Every test runs at this moment unless it asks for another: the suite gives the
# same result on whatever day it is run.
DEFAULT_MOMENT = datetime.datetime(2026, 5, 12, 10, 0, tzinfo=STOCKHOLM)

# `pytest --calendar -m dates` runs every date-sensitive test at each of these
# moments: the edges of months and years, a leap day and the nights Swedish
# clocks change (02:00 → 03:00 in March, 03:00 → 02:00 in October).
CALENDAR_MOMENTS = {
    "first-of-month": datetime.datetime(2027, 3, 1, 9, 0, tzinfo=STOCKHOLM),
    "fifteenth": datetime.datetime(2027, 6, 15, 12, 0, tzinfo=STOCKHOLM),
    "last-of-month": datetime.datetime(2027, 4, 30, 16, 0, tzinfo=STOCKHOLM),
    "leap-day": datetime.datetime(2028, 2, 29, 10, 0, tzinfo=STOCKHOLM),
    "new-years-eve": datetime.datetime(2026, 12, 31, 23, 50, tzinfo=STOCKHOLM),
    "new-years-day": datetime.datetime(2027, 1, 1, 0, 10, tzinfo=STOCKHOLM),
    "dst-starts": datetime.datetime(2027, 3, 28, 1, 30, tzinfo=datetime.UTC),  # 03:30 CEST
    "dst-ends": datetime.datetime(2027, 10, 31, 0, 30, tzinfo=datetime.UTC),  # 02:30 CEST
}


def pytest_addoption(parser):
    parser.addoption(
        "--calendar",
        action="store_true",
        help="run each test marked `dates` at every moment in tests/conftest.py CALENDAR_MOMENTS",
    )


def pytest_generate_tests(metafunc):
    if (
        metafunc.config.getoption("calendar")
        and metafunc.definition.get_closest_marker("dates")
        and "frozen_moment" in metafunc.fixturenames
    ):
        metafunc.parametrize(
            "frozen_moment",
            list(CALENDAR_MOMENTS.values()),
            ids=list(CALENDAR_MOMENTS),
            indirect=True,
        )


def pytest_collection_modifyitems(config, items):
    # A test that drives the browser is a browser test, whatever its module says.
    for item in items:
        if {"page", "_browser"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
    # Browser tests run last, so the browser (and the permission it needs to
    # make ORM calls beside Playwright's event loop) starts after every other test.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip(
                "needs PostgreSQL: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/test"
            )


@pytest.fixture
def frozen_moment(request):
    """The moment the test runs at (DEFAULT_MOMENT, or one of CALENDAR_MOMENTS)."""
    return getattr(request, "param", DEFAULT_MOMENT)


@pytest.fixture
def now(frozen_moment):
    """The moment the test starts at, as an aware datetime (no clock read)."""
    return frozen_moment


@pytest.fixture
def today(frozen_moment):
    """The site-local date of the moment the test starts at (no clock read)."""
    from django.utils import timezone

    return timezone.localdate(frozen_moment)


@pytest.fixture(autouse=True)
def clock(request, frozen_moment):
    """Freeze time for every test; move it with `clock.move_to(...)` or `clock.shift(...)`.

    Browser tests start at the same moment but let it run, because the live
    server and the browser wait on each other in real time.
    """
    tick = request.node.get_closest_marker("browser") is not None
    with time_machine.travel(frozen_moment, tick=tick) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _content_cache():
    """Each test starts with an empty content cache (courses/content_cache.py).

    Rolled-back tests reuse ids and the frozen clock gives every course the
    same save time, so a course of an earlier test could share a cache key.
    """
    from django.core.cache import caches

    caches["content"].clear()
    yield
    caches["content"].clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads and certificate files to its own temporary folders."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LARSPAR_PRIVATE_ROOT = tmp_path / "private"
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)
    shutil.rmtree(tmp_path / "private", ignore_errors=True)


class SignInClient(Client):
    """The test client, whose `force_login` also passes the second step when the person can.

    Signing in for real is a password and then a code from the person's
    authenticator app. `force_login` skips the password; this skips the code
    the same way — it stores the person's confirmed app device in the session,
    exactly what django_otp.login() does after a right code. People without a
    device stay unverified (the middleware sends those who need one to set it
    up), and `force_login(user, otp=False)` stops after the password step.
    """

    def force_login(self, user, backend=None, *, otp: bool = True):
        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if otp else None
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client():
    """pytest-django's `client`, as a SignInClient."""
    return SignInClient()


@pytest.fixture
def learner(db):
    return make_user("lena", roles=["learner"])


@pytest.fixture
def other_learner(db):
    return make_user("olle", roles=["learner"])


@pytest.fixture
def trainer(db):
    return make_user("tove", roles=["trainer"], is_staff=True)


@pytest.fixture
def administrator(db):
    return make_user("ada", roles=["administrator"], is_staff=True, is_superuser=True)


@pytest.fixture
def course_builder(db):
    return CourseBuilder


@pytest.fixture
def small_course(db):
    """Published, sequential: module 1 (lesson, lesson), module 2 (lesson)."""
    return CourseBuilder.published(modules=[["lesson", "lesson"], ["lesson"]])


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture(scope="session")
def _browser():
    from tests.browser import CHROMIUM, CHROMIUM_ARGS, chromium_available

    if not chromium_available():
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, so
    # Django refuses ORM calls here unless told they are safe. They are: each
    # call finishes before Playwright runs again. Set only while the browser
    # is open; browser tests are sorted to run after all others.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def page(_browser, live_server):
    """A fresh browser page (own cookies) against the live test server."""
    context = _browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Sign in through the real sign-in page: `login(user)`; the password is the factories'."""

    def _login(user, password="pw-test-123"):
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]:has-text('Logga in')")
        page.wait_for_load_state()
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None and "/tvastegsverifiering/" in page.url:
            # The second step, with the code the person's app shows now (the
            # browser tests' clock runs).
            page.fill("#id_code", totp_code(device))
            page.click("button[type=submit]:has-text('Fortsätt')")
            page.wait_for_load_state()
        return page

    return _login
