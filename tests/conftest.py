import shutil

import pytest

from tests.factories import CourseBuilder, make_user


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
