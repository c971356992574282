"""Each permission policy answers the same in both forms.

For every action and a spread of users (nobody signed in, an inactive
account, learner, trainer, managers of different units, administrator,
superuser), `filter_queryset` returns exactly the objects for which
`user_can` is true — so a list can never show more or less than a page allows.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from accounts.models import OrgUnit, User
from accounts.policies import org_unit_policy, user_policy
from accounts.services import org_unit_create
from certificates.models import Certificate
from certificates.policies import certificate_policy
from certificates.services import certificate_revoke
from common.policies import PermissionPolicy, policy_for
from courses.models import Course, Step
from courses.policies import course_policy
from courses.services import enrollment_start, step_complete
from tests.factories import CourseBuilder, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    top = org_unit_create(code="SOC", name="Socialförvaltningen")
    north = org_unit_create(code="NORR", name="Norr", parent=top)
    north_east = org_unit_create(code="NORR-O", name="Norr öst", parent=north)
    south = org_unit_create(code="SYD", name="Syd", parent=top)
    manager_north = make_user("maja", roles=["manager"], unit=top)
    manager_north.managed_units.add(north)
    manager_south = make_user("sven", roles=["manager"], unit=south)
    manager_south.managed_units.add(south)
    return {
        "anonymous": AnonymousUser(),
        "inactive administrator": make_user("gone", roles=["administrator"], is_active=False),
        "learner north": make_user("asa", roles=["learner"], unit=north),
        "learner north-east": make_user("nils", roles=["learner"], unit=north_east),
        "learner south": make_user("sara", roles=["learner"], unit=south),
        "learner without unit": make_user("ulla", roles=["learner"]),
        "trainer": make_user("tove", roles=["trainer"], is_staff=True),
        "staff learner": make_user("stig", roles=["learner"], is_staff=True),
        "manager north": manager_north,
        "manager south": manager_south,
        "administrator": make_user("ada", roles=["administrator"]),
        "superuser": make_user("root", is_superuser=True),
    }


def _complete(user, course, capture):
    enrollment = enrollment_start(user=user, course=course)
    with capture(execute=True):
        for step in Step.objects.filter(module__course=course).order_by(
            "module__position", "position"
        ):
            step_complete(enrollment=enrollment, step=step)


@pytest.fixture
def certificates(people, django_capture_on_commit_callbacks):
    """Certificates held by learners in several units and a manager; one revoked."""
    course = CourseBuilder.published(modules=[["lesson"]])
    for name in (
        "learner north",
        "learner north-east",
        "learner south",
        "learner without unit",
        "manager south",
    ):
        _complete(people[name], course, django_capture_on_commit_callbacks)
    revoked = Certificate.objects.get(user=people["learner north-east"])
    certificate_revoke(certificate=revoked, by=people["administrator"], reason="Fel person")
    return list(Certificate.objects.all())


def assert_forms_agree(policy: PermissionPolicy, people, objects, queryset):
    assert objects, "the check needs objects"
    for action in sorted(policy.actions):
        for name, user in people.items():
            listed = {obj.pk for obj in policy.filter_queryset(user, action, queryset)}
            allowed = {obj.pk for obj in objects if policy.user_can(user, action, obj)}
            assert listed == allowed, (action, name)


def test_certificate_policy_forms_agree(people, certificates):
    assert_forms_agree(certificate_policy, people, certificates, Certificate.objects.all())


def test_course_policy_forms_agree(people):
    courses = [CourseBuilder.build(modules=[["lesson"]]), CourseBuilder.published(modules=[])]
    assert_forms_agree(course_policy, people, courses, Course.objects.all())


def test_user_and_org_unit_policies_forms_agree(people):
    assert_forms_agree(user_policy, people, list(User.objects.all()), User.objects.all())
    assert_forms_agree(org_unit_policy, people, list(OrgUnit.objects.all()), OrgUnit.objects.all())


def test_certificate_download_rules(people, certificates):
    """Holder, managers of the holder's unit or a unit above, administrators; revoked: admins."""
    by_holder = {c.user.username: c for c in certificates}
    may = certificate_policy.user_can
    north, north_east = by_holder["asa"], by_holder["nils"]
    assert may(people["learner north"], "download", north)
    assert may(people["manager north"], "download", north)
    assert not may(people["manager south"], "download", north)
    assert not may(people["learner south"], "download", north)
    assert not may(people["trainer"], "download", north)
    # Revoked: not even the holder or the manager of the unit; administrators still.
    assert not may(people["learner north-east"], "download", north_east)
    assert not may(people["manager north"], "download", north_east)
    assert may(people["administrator"], "download", north_east)
    # A manager's own certificate, outside the units they manage: theirs to download,
    # not part of what they export for their units.
    own = by_holder["sven"]
    assert may(people["manager south"], "download", own)
    assert may(people["manager south"], "export", own)  # sven works in the south unit he manages
    assert not may(people["manager north"], "export", own)


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("administrator", {"view", "revoke", "reinstate", "rename", "export", "verify_many"}),
        ("superuser", {"view", "revoke", "reinstate", "rename", "export", "verify_many"}),
        ("manager north", {"export", "verify_many"}),
        ("trainer", set()),
        ("learner north", set()),
        ("inactive administrator", set()),
        ("anonymous", set()),
    ],
)
def test_certificate_actions_in_general(people, name, allowed):
    for action in ("view", "revoke", "reinstate", "rename", "export", "verify_many"):
        assert certificate_policy.user_can(people[name], action) is (action in allowed), action


@pytest.mark.parametrize(
    ("name", "may_author"),
    [
        ("trainer", True),
        ("administrator", True),
        ("superuser", True),
        ("staff learner", False),
        ("manager north", False),
        ("inactive administrator", False),
        ("anonymous", False),
    ],
)
def test_course_authoring_is_by_role_not_staff_flag(people, name, may_author):
    for action in ("author", "preview", "analyse"):
        assert course_policy.user_can(people[name], action) is may_author


def test_people_are_managed_by_administrators_only(people):
    for name, user in people.items():
        expected = name in ("administrator", "superuser")
        assert user_policy.user_can(user, "import") is expected, name
        assert org_unit_policy.user_can(user, "change") is expected, name


def test_an_unknown_action_is_an_error_not_a_refusal(people):
    with pytest.raises(ValueError, match="no action"):
        certificate_policy.user_can(people["administrator"], "veiw")
    with pytest.raises(ValueError, match="no action"):
        course_policy.filter_queryset(people["trainer"], "edit", Course.objects.all())


def test_policies_are_found_by_model():
    assert policy_for("certificates.certificate") is certificate_policy
    assert policy_for(Course) is course_policy
    assert policy_for("accounts.user") is user_policy


def test_the_template_tag_asks_the_policy(people, certificates):
    template = Template(
        '{% load policies %}{% user_can user "author" "courses.course" as a %}'
        '{% user_can user "download" certificate as d %}{{ a }} {{ d }}'
    )
    north = next(c for c in certificates if c.user.username == "asa")
    render = lambda name: template.render(  # noqa: E731
        Context({"user": people[name], "certificate": north})
    )
    assert render("trainer") == "True False"
    assert render("manager north") == "False True"
    assert render("administrator") == "True True"
