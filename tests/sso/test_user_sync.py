"""sso_user_sync: who an identity provider's person is in Lärspår, and what their claims change."""

import dataclasses

import pytest

from accounts.models import ProfessionalGroup, User
from audit.models import AuditAction, AuditEvent
from privacy.services import person_erase
from sso.conf import ClaimMapping, parse_role_map
from sso.errors import SSORefused
from sso.models import ExternalIdentity
from sso.services import SSOIdentity, sso_identity_from_claims, sso_user_sync
from tests.factories import OrgUnitFactory, UserFactory, make_user

pytestmark = pytest.mark.django_db

ISSUER = "https://idp.example.se"

MAPPING = ClaimMapping(
    match_by=("employee_id", "email"),
    employee_id="employee_id",
    email="email",
    first_name="given_name",
    last_name="family_name",
    unit="unit_code",
    professional_group="professional_group",
    roles="",
    role_map={},
    create_users=True,
)


def identity(**claims) -> SSOIdentity:
    claims.setdefault("sub", "sub-1")
    return sso_identity_from_claims(issuer=ISSUER, claims=claims, mapping=MAPPING)


def test_claims_are_read_through_the_mapping():
    read = identity(
        sub="s",
        email=" Eva@Example.SE ",
        email_verified="true",
        given_name="Eva",
        unit_code="U1",
        groups=["x"],
        amr=["pwd", "mfa"],
    )
    assert (read.email, read.email_verified, read.first_name, read.unit_code) == (
        "eva@example.se",
        True,
        "Eva",
        "U1",
    )
    assert read.role_names == ()  # no roles claim configured
    assert read.amr == ("pwd", "mfa")
    with pytest.raises(SSORefused) as refused:
        sso_identity_from_claims(issuer=ISSUER, claims={"email": "a@b.se"}, mapping=MAPPING)
    assert refused.value.reason == "claims_missing"


def test_a_new_person_is_created_as_a_learner_in_the_unit_and_group_of_the_claims():
    unit = OrgUnitFactory(code="FSK-1")
    ProfessionalGroup.objects.create(name="Förskollärare", key="förskollärare")

    result = sso_user_sync(
        identity=identity(
            email="ny@example.se",
            employee_id="E9",
            unit_code="FSK-1",
            professional_group="förskollärare ",
        ),
        mapping=MAPPING,
    )

    user = result.user
    assert result.created and result.matched_by == "created"
    assert (user.username, user.unit, user.employee_id) == ("ny@example.se", unit, "E9")
    # The known group's spelling, as the HR import does.
    assert user.professional_group == "Förskollärare"
    assert list(user.groups.values_list("name", flat=True)) == ["learner"]
    assert ExternalIdentity.objects.get(issuer=ISSUER, subject="sub-1").user == user
    assert AuditEvent.objects.get(action=AuditAction.SSO_SIGNED_IN).actor == user


def test_the_link_finds_the_person_later_even_when_email_and_unit_change():
    first, second = OrgUnitFactory(code="A"), OrgUnitFactory(code="B")
    user = sso_user_sync(
        identity=identity(email="a@example.se", unit_code="A"), mapping=MAPPING
    ).user

    again = sso_user_sync(identity=identity(email="a2@example.se", unit_code="B"), mapping=MAPPING)

    user.refresh_from_db()
    assert again.user == user and again.matched_by == "link" and not again.created
    assert (user.email, user.unit) == ("a2@example.se", second)
    assert first.members.count() == 0
    assert set(again.changes) == {"email", "unit"}


def test_an_existing_account_is_matched_by_employee_id_before_email():
    by_id = UserFactory(username="id", employee_id="E1", email="old@example.se")
    UserFactory(username="mail", email="new@example.se")

    result = sso_user_sync(
        identity=identity(employee_id="E1", email="new@example.se"), mapping=MAPPING
    )

    assert result.user == by_id and result.matched_by == "employee_id"
    # The address belongs to someone else: kept, and said in the audit event.
    by_id.refresh_from_db()
    assert by_id.email == "old@example.se"
    event = AuditEvent.objects.get(action=AuditAction.SSO_SIGNED_IN)
    assert event.detail["email_not_updated"] == "new@example.se"


def test_matching_by_email_ignores_letter_case_but_not_an_unverified_address():
    person = UserFactory(username="eva", email="Eva@Example.se")
    mapping = dataclasses.replace(MAPPING, match_by=("email",))

    with pytest.raises(SSORefused) as refused:
        sso_user_sync(
            identity=identity(email="eva@example.se", email_verified=False), mapping=mapping
        )
    assert refused.value.reason == "email_conflict"
    assert not ExternalIdentity.objects.exists()

    result = sso_user_sync(identity=identity(email="eva@example.se"), mapping=mapping)
    assert result.user == person and result.matched_by == "email"


def test_a_deactivated_person_is_refused_and_nothing_is_written():
    unit = OrgUnitFactory(code="X")
    person = UserFactory(username="gone", employee_id="E2", is_active=False)

    with pytest.raises(SSORefused) as refused:
        sso_user_sync(identity=identity(employee_id="E2", unit_code="X"), mapping=MAPPING)

    assert refused.value.reason == "account_deactivated"
    assert refused.value.status == 403
    person.refresh_from_db()
    assert person.unit is None and unit.members.count() == 0
    assert not ExternalIdentity.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_linked_person_deactivated_later_is_refused():
    user = sso_user_sync(identity=identity(email="later@example.se"), mapping=MAPPING).user
    user.is_active = False
    user.save()

    with pytest.raises(SSORefused) as refused:
        sso_user_sync(identity=identity(email="later@example.se"), mapping=MAPPING)
    assert refused.value.reason == "account_deactivated"


def test_an_unknown_unit_code_keeps_the_unit_and_is_noted():
    unit = OrgUnitFactory(code="KÄND")
    person = UserFactory(username="p", employee_id="E3")
    person.unit = unit
    person.save()

    sso_user_sync(identity=identity(employee_id="E3", unit_code="OKÄND"), mapping=MAPPING)

    person.refresh_from_db()
    assert person.unit == unit
    event = AuditEvent.objects.get(action=AuditAction.SSO_SIGNED_IN)
    assert event.detail["unit_unknown"] == "OKÄND"


def test_no_roles_come_from_claims_unless_the_mapping_says_so():
    sso_user_sync(identity=identity(groups=["Lärspår-admin"]), mapping=MAPPING)
    assert set(User.objects.get().groups.values_list("name", flat=True)) == {"learner"}

    mapping = dataclasses.replace(
        MAPPING, roles="groups", role_map=parse_role_map("Lärspår-chefer=manager")
    )
    claims = {"sub": "sub-1", "groups": ["Lärspår-admin", "Lärspår-chefer"]}
    read = sso_identity_from_claims(issuer=ISSUER, claims=claims, mapping=mapping)
    result = sso_user_sync(identity=read, mapping=mapping)
    assert set(result.user.groups.values_list("name", flat=True)) == {"learner", "manager"}

    # The mapped role goes when the claim no longer carries it; other roles stay.
    read = sso_identity_from_claims(issuer=ISSUER, claims={"sub": "sub-1"}, mapping=mapping)
    result = sso_user_sync(identity=read, mapping=mapping)
    assert set(result.user.groups.values_list("name", flat=True)) == {"learner"}
    assert result.changes == ["-manager"]


def test_without_an_account_and_with_creation_off_the_person_is_refused():
    mapping = dataclasses.replace(MAPPING, create_users=False)
    with pytest.raises(SSORefused) as refused:
        sso_user_sync(identity=identity(email="x@example.se"), mapping=mapping)
    assert refused.value.reason == "no_account"
    assert not User.objects.exists()


def test_an_account_linked_to_another_identity_is_not_taken_over():
    first = sso_user_sync(identity=identity(sub="sub-a", employee_id="E5"), mapping=MAPPING)
    with pytest.raises(SSORefused) as refused:
        sso_user_sync(identity=identity(sub="sub-b", employee_id="E5"), mapping=MAPPING)
    assert refused.value.reason == "identity_conflict"
    assert ExternalIdentity.objects.get().user == first.user


def test_two_accounts_with_the_address_are_not_guessed_between():
    UserFactory(username="one", email="same@example.se")
    UserFactory(username="two", email="SAME@example.se")
    with pytest.raises(SSORefused) as refused:
        sso_user_sync(identity=identity(email="same@example.se"), mapping=MAPPING)
    assert refused.value.reason == "email_ambiguous"


def test_a_role_map_naming_an_unknown_role_is_refused_at_start_up():
    assert parse_role_map(" A = trainer ,B=administrator") == {"A": "trainer", "B": "administrator"}
    with pytest.raises(ValueError, match="superhero"):
        parse_role_map("A=superhero")


def test_erasing_a_person_removes_their_link_so_a_later_sign_in_starts_afresh(administrator):
    first = sso_user_sync(identity=identity(email="vera@example.se"), mapping=MAPPING).user
    person_erase(user=first, by=administrator)

    assert not ExternalIdentity.objects.filter(user=first).exists()
    again = sso_user_sync(identity=identity(email="vera@example.se"), mapping=MAPPING)
    assert again.created and again.user != first


def test_an_administrator_can_see_and_remove_links_in_the_admin(client):
    admin_user = make_user("adm", roles=["administrator"], is_staff=True)
    link = sso_user_sync(identity=identity(email="lnk@example.se"), mapping=MAPPING)
    client.force_login(admin_user)

    listing = client.get("/admin/sso/externalidentity/")
    removed = client.post(
        f"/admin/sso/externalidentity/{ExternalIdentity.objects.get().pk}/delete/",
        {"post": "yes"},
    )

    assert listing.status_code == 200
    assert "lnk@example.se" in listing.content.decode()
    assert removed.status_code == 302
    assert not ExternalIdentity.objects.filter(user=link.user).exists()


def test_a_returning_person_costs_a_fixed_number_of_queries(django_assert_num_queries):
    OrgUnitFactory(code="Q")
    sso_user_sync(identity=identity(email="q@example.se", unit_code="Q"), mapping=MAPPING)

    # savepoint; link with user and unit (select for update); link update; the audit
    # event in its own savepoint (3); release. The unit is unchanged: not looked up.
    with django_assert_num_queries(7):
        sso_user_sync(identity=identity(email="q@example.se", unit_code="Q"), mapping=MAPPING)
