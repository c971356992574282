import shutil

import pytest

from tests.factories import CourseBuilder, make_user
from tests.quizzes import factories as _quiz_factories  # noqa: F401 - registers the "quiz" step kind


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads to its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


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
    import os

    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # calls made by live_server fixtures are safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

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
        return page

    return _login
