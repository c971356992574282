"""Changes to who may do what (roles, staff, managed units, role permissions, 2FA) are logged."""

import pytest
from django.contrib.auth.models import Group, Permission
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from accounts.services import org_unit_create, user_role_grant
from audit.models import AuditAction, AuditEvent
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _change_form(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "groups": [g.pk for g in user.groups.all()],
        "managed_units": [u.pk for u in user.managed_units.all()],
        "professional_group": "",
    }
    data.update(changes)
    return data


def test_an_administrator_giving_a_role_and_units_is_logged(client, administrator):
    person = make_user("pia", roles=["learner"])
    unit = org_unit_create(code="NORR", name="Norr")
    manager_group, _ = Group.objects.get_or_create(name=Role.MANAGER.value)
    client.force_login(administrator)
    response = client.post(
        f"/admin/accounts/user/{person.pk}/change/",
        _change_form(
            person,
            groups=[*person.groups.values_list("pk", flat=True), manager_group.pk],
            managed_units=[unit.pk],
            is_staff="on",
        ),
        REMOTE_ADDR="10.9.8.7",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action=AuditAction.ROLES_CHANGED)
    assert (event.actor, event.target, event.client_address) == (administrator, "pia", "10.9.8.7")
    assert event.detail == {
        "user_id": person.pk,
        "is_staff": {"from": False, "to": True},
        "groups": {"added": ["manager"], "removed": []},
        "managed_units": {"added": ["NORR"], "removed": []},
    }


def test_saving_a_person_without_changing_their_access_logs_nothing(client, administrator):
    person = make_user("pia", roles=["learner"])
    client.force_login(administrator)
    response = client.post(
        f"/admin/accounts/user/{person.pk}/change/", _change_form(person, first_name="Pia")
    )
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=AuditAction.ROLES_CHANGED).exists()


def test_granting_a_role_through_the_service_is_logged_once(administrator):
    person = make_user("pia")
    user_role_grant(user=person, role=Role.TRAINER, by=administrator)
    user_role_grant(user=person, role=Role.TRAINER, by=administrator)
    event = AuditEvent.objects.get(action=AuditAction.ROLES_CHANGED)
    assert event.detail["groups"] == {"added": ["trainer"], "removed": []}
    assert event.actor == administrator


def test_changing_a_roles_permissions_is_logged(client, administrator):
    group, _ = Group.objects.get_or_create(name=Role.MANAGER.value)
    permission = Permission.objects.get(codename="view_auditevent")
    client.force_login(administrator)
    response = client.post(
        f"/admin/auth/group/{group.pk}/change/",
        {
            "name": group.name,
            "permissions": [*group.permissions.values_list("pk", flat=True), permission.pk],
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.ROLES_CHANGED)
    assert event.detail["permissions"] == {"added": ["audit.view_auditevent"], "removed": []}


def test_an_administrator_resets_two_factor_and_it_is_logged(client, administrator, trainer):
    StaticDevice.objects.create(user=trainer, name="Reservkoder")
    client.force_login(administrator)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [trainer.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=trainer).exists()
    assert not StaticDevice.objects.filter(user=trainer).exists()
    event = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_RESET)
    assert (event.actor, event.target) == (administrator, "tove")
    assert event.detail == {"user_id": trainer.pk, "devices": 2}
    # At the next sign-in the trainer is led to set it up again.
    later = type(client)()
    later.force_login(trainer)
    assert later.get("/admin/")["Location"].startswith("/accounts/tvastegsverifiering/installera/")


def test_device_admins_are_not_offered(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
