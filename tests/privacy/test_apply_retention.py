"""apply_retention: people deactivated past the retention period are erased."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.services import user_deactivate
from courses.models import ReflectionAnswer
from quizzes.models import Attempt
from tests.factories import make_user

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
LONG_AGO = datetime.datetime(2024, 1, 10, 9, 0, tzinfo=STOCKHOLM)
LAST_AUTUMN = datetime.datetime(2025, 10, 1, 9, 0, tzinfo=STOCKHOLM)
NOW = datetime.datetime(2026, 5, 12, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def people(db, history):
    """Deactivated long ago (with a history), deactivated recently, and active but quiet."""
    with time_machine.travel(LONG_AGO, tick=False):
        gone = make_user("gone", roles=["learner"], first_name="Gunnel", email="g@example.se")
        history(gone, courses=1)
        User.objects.filter(pk=gone.pk).update(last_login=LONG_AGO)
        user_deactivate(user=gone)
        quiet = make_user("quiet", roles=["learner"], first_name="Quintus")
        User.objects.filter(pk=quiet.pk).update(last_login=LONG_AGO)
    with time_machine.travel(LAST_AUTUMN, tick=False):
        recent = make_user("recent", roles=["learner"], first_name="Rut")
        User.objects.filter(pk=recent.pk).update(last_login=LAST_AUTUMN)
        user_deactivate(user=recent)
    return {"gone": gone, "quiet": quiet, "recent": recent}


def _run(*args) -> str:
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("apply_retention", "--by", "ada", *args, stdout=out)
    return out.getvalue()


def test_erases_only_people_deactivated_past_the_retention_period(people, administrator):
    attempts_before = Attempt.objects.filter(enrollment__user=people["gone"]).count()

    output = _run()

    assert "1 erased (retention 24 months)" in output
    gone = User.objects.get(pk=people["gone"].pk)
    assert gone.get_full_name() == "Raderad person" and gone.email == ""
    assert not ReflectionAnswer.objects.filter(user=gone).exists()
    assert Attempt.objects.filter(enrollment__user=gone).count() == attempts_before > 0
    assert User.objects.get(pk=people["quiet"].pk).first_name == "Quintus"
    assert User.objects.get(pk=people["recent"].pk).first_name == "Rut"


def test_retention_period_comes_from_settings(people, administrator, settings):
    settings.LARSPAR_RETENTION_MONTHS = 6

    output = _run()

    assert "2 erased (retention 6 months)" in output
    assert User.objects.get(pk=people["recent"].pk).first_name == "Raderad"
    assert User.objects.get(pk=people["quiet"].pk).first_name == "Quintus"


def test_dry_run_lists_but_changes_nothing(people, administrator):
    output = _run("--dry-run")

    assert f"would erase user id {people['gone'].pk}" in output
    assert User.objects.get(pk=people["gone"].pk).first_name == "Gunnel"
    assert ReflectionAnswer.objects.filter(user=people["gone"]).exists()


def test_second_run_finds_nobody(people, administrator):
    _run()
    assert "0 erased" in _run()


def test_must_run_in_the_name_of_an_administrator(people, trainer):
    with pytest.raises(CommandError):
        call_command("apply_retention", "--by", trainer.username)
    assert User.objects.get(pk=people["gone"].pk).first_name == "Gunnel"
