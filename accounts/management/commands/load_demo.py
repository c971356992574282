from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import OrgUnit, Role, User
from accounts.services import org_unit_create, two_factor_device_install, user_role_grant


class Command(BaseCommand):
    help = "Läs in demodata: organisationsenheter, ett konto per roll och standardkurserna."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=Path(settings.BASE_DIR) / "fixtures" / "demo.yaml"
        )
        parser.add_argument("--skip-courses", action="store_true")

    @transaction.atomic
    def handle(self, *args, file: Path, skip_courses: bool, **options):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        units: dict[str, OrgUnit] = {u.code: u for u in OrgUnit.objects.all()}
        for item in data["units"]:
            if item["code"] not in units:
                parent = units.get(item.get("parent"))
                units[item["code"]] = org_unit_create(
                    code=item["code"], name=item["name"], parent=parent
                )
        for item in data["users"]:
            user = User.objects.filter(username=item["username"]).first()
            if user is None:
                user = User(username=item["username"])
                if item.get("password"):
                    user.set_password(item["password"])
                else:
                    user.set_unusable_password()
            for key in ("first_name", "last_name", "email", "employee_id", "professional_group"):
                setattr(user, key, item.get(key, ""))
            user.unit = units[item["unit"]]
            user.is_superuser = user.is_staff = bool(item.get("superuser"))
            if "trainer" in item["roles"]:
                user.is_staff = True
            user.save()
            for role in item["roles"]:
                user_role_grant(user=user, role=Role(role))
            if item.get("two_factor_secret"):
                two_factor_device_install(user=user, secret=item["two_factor_secret"])
            if item.get("manages"):
                user.managed_units.set([units[code] for code in item["manages"]])
        self.stdout.write(
            self.style.SUCCESS(f"Demodata: {len(units)} enheter, {len(data['users'])} konton.")
        )
        if not skip_courses:
            call_command("load_default_courses", stdout=self.stdout, stderr=self.stderr)
            # Called by name: accounts does not import the apps above it.
            call_command("load_demo_progress", file=file, stdout=self.stdout, stderr=self.stderr)
            call_command("load_demo_groups", file=file, stdout=self.stdout, stderr=self.stderr)
