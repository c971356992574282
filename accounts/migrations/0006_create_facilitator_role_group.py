"""The facilitator role ("samtalsledare") is a Django group like the other roles.

It grants no admin permissions: a facilitator works on the group pages, whose
policy (groups/policies.py) decides what they may do.
"""

from django.db import migrations


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="facilitator")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_grant_common_and_audit_permissions")]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
