"""Reporting's one permission policy: the predicate and the list filter give the same answers."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import OrgUnit, User
from courses.models import CourseRequirement
from reporting.policies import REQUIRE, VIEW, reporting_policy

pytestmark = pytest.mark.django_db


def _users(org, administrator, trainer):
    return [org.manager, administrator, trainer, org.people.p1]


@pytest.mark.parametrize("model", [OrgUnit, User, CourseRequirement])
@pytest.mark.parametrize("action", [VIEW, REQUIRE])
def test_predicate_and_list_filter_agree(org, administrator, trainer, model, action):
    every = model.objects.all()
    for user in _users(org, administrator, trainer):
        allowed = set(reporting_policy.filter_queryset(user, action, every))
        for obj in every:
            assert reporting_policy.user_can(user, action, obj) == (obj in allowed), (
                user,
                action,
                obj,
            )


def test_a_manager_sees_their_subtree_only(org):
    units = reporting_policy.filter_queryset(org.manager, VIEW, OrgUnit.objects.all())
    assert {u.code for u in units} == {"NORR", "NORR-A", "NORR-B"}
    assert reporting_policy.user_can(org.manager, VIEW, org.people.p4)
    assert not reporting_policy.user_can(org.manager, VIEW, org.people.s1)
    assert not reporting_policy.user_can(org.manager, VIEW, org.units.syd)


def test_organisation_wide_requirements_are_visible_to_managers_but_not_theirs_to_change(org):
    requirement = CourseRequirement(unit=None, professional_group="Kurator")
    assert reporting_policy.user_can(org.manager, VIEW, requirement)
    assert not reporting_policy.user_can(org.manager, REQUIRE, requirement)


def test_learners_trainers_and_visitors_may_do_nothing(org, trainer):
    for user in (org.people.p1, trainer, AnonymousUser()):
        assert not reporting_policy.user_can(user, VIEW)
        assert not reporting_policy.filter_queryset(user, VIEW, OrgUnit.objects.all()).exists()


def test_administrators_may_do_everything(org, administrator):
    assert reporting_policy.user_can(administrator, REQUIRE, CourseRequirement(unit=None))
    assert reporting_policy.is_organisation_wide(administrator)
    assert not reporting_policy.is_organisation_wide(org.manager)


def test_unknown_actions_are_refused_loudly(org):
    with pytest.raises(ValueError, match="Unknown reporting action"):
        reporting_policy.user_can(org.manager, "delete", org.units.norr)
