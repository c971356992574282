"""The group policy: a facilitator manages only their own groups; participants see theirs."""

import pytest
from django.contrib.auth.models import AnonymousUser

from groups import services
from groups.models import StudyGroup
from groups.policies import study_group_policy
from tests.common.test_policies import assert_forms_agree
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(facilitator, participant, outsider):
    return {
        "anonymous": AnonymousUser(),
        "facilitator": facilitator,
        "other facilitator": make_user("fia", roles=["facilitator"]),
        "participant": participant,
        "outsider": outsider,
        "former facilitator": make_user("frans", roles=["learner"]),
        "administrator": make_user("ada", roles=["administrator"]),
        "inactive facilitator": make_user("ina", roles=["facilitator"], is_active=False),
    }


@pytest.fixture
def groups(group, people, group_course):
    other = services.group_create(
        course=group_course, name="Södergruppen", facilitator=people["other facilitator"]
    )
    lost = services.group_create(
        course=group_course, name="Gamla gruppen", facilitator=people["other facilitator"]
    )
    # A group whose facilitator has lost the role since: they no longer manage it.
    lost.facilitator = people["former facilitator"]
    lost.save()
    services.group_member_add(group=other, user=people["participant"])
    return [group, other, lost]


def test_group_policy_forms_agree(people, groups):
    assert_forms_agree(study_group_policy, people, groups, StudyGroup.objects.all())


def test_a_facilitator_manages_only_their_own_group(people, groups):
    own, other, _ = groups
    assert study_group_policy.user_can(people["facilitator"], "manage", own)
    assert not study_group_policy.user_can(people["facilitator"], "manage", other)
    assert study_group_policy.user_can(people["administrator"], "manage", other)


def test_a_participant_sees_and_attends_but_does_not_manage(people, groups):
    own, _, lost = groups
    participant = people["participant"]
    assert study_group_policy.user_can(participant, "view", own)
    assert study_group_policy.user_can(participant, "attend", own)
    assert not study_group_policy.user_can(participant, "manage", own)
    assert not study_group_policy.user_can(participant, "view", lost)
    assert not study_group_policy.user_can(people["outsider"], "view", own)
