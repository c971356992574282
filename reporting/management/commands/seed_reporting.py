"""Seed a large organisation for the reporting benchmark (never on a real database)."""

import datetime
import random
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.api import OrgUnit, Role, User, org_unit_create, user_role_grant
from certificates.api import Certificate, code_generate
from common import clock
from courses.api import Course, CourseRequirement, CourseStatus, Enrollment

GROUPS = ["Socialsekreterare", "Förskollärare", "Undersköterska", "Sjuksköterska", "Kurator"]
BATCH = 2000


class Command(BaseCommand):
    help = (
        "Skapa en stor påhittad organisation för prestandamätning av uppföljningen: "
        "ett enhetsträd (rot → 4 förvaltningar → 5 områden → 5 enheter), N deltagare, "
        "kurser med kursdeltaganden, certifikat och krav. Endast för testdatabaser."
    )

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=20_000)
        parser.add_argument("--courses", type=int, default=3)
        parser.add_argument("--root", default="BENCH", help="Kod för trädets rot (unik).")
        parser.add_argument("--seed", type=int, default=1)

    @transaction.atomic
    def handle(self, *args, learners: int, courses: int, root: str, seed: int, **options):
        started = time.perf_counter()
        rng = random.Random(seed)  # noqa: S311 - made-up benchmark data
        today = clock.today()
        if OrgUnit.objects.filter(code=root).exists():
            self.stdout.write(f"{root} finns redan; ingenting skapat.")
            return
        top = org_unit_create(code=root, name=f"{root} kommun")
        leaves = []
        for a in range(4):
            admin_unit = org_unit_create(code=f"{root}-F{a}", name=f"Förvaltning {a}", parent=top)
            for d in range(5):
                district = org_unit_create(
                    code=f"{root}-F{a}-O{d}", name=f"Område {a}.{d}", parent=admin_unit
                )
                for u in range(5):
                    leaves.append(
                        org_unit_create(
                            code=f"{root}-F{a}-O{d}-E{u}",
                            name=f"Enhet {a}.{d}.{u}",
                            parent=district,
                        )
                    )
        course_list = []
        for n in range(1, courses + 1):
            course, _created = Course.objects.get_or_create(
                slug=f"bench-kurs-{n}",
                defaults={
                    "title": f"Mätkurs {n}",
                    "status": CourseStatus.PUBLISHED,
                    "version": 1,
                    "certificate_validity_months": 24,
                },
            )
            course_list.append(course)

        unusable = make_password(None)
        users = User.objects.bulk_create(
            [
                User(
                    username=f"{root.lower()}-{i}",
                    password=unusable,  # nobody signs in as seeded staff
                    first_name=f"Förnamn{i}",
                    last_name=f"Efternamn{i % 997}",
                    email=f"{root.lower()}-{i}@example.invalid",
                    employee_id=f"{root}-{i}",
                    unit=leaves[i % len(leaves)],
                    professional_group=GROUPS[i % len(GROUPS)],
                )
                for i in range(learners)
            ],
            batch_size=BATCH,
        )
        enrollments, certified = [], []
        now = clock.now()
        for user in users:
            for course in course_list:
                roll = rng.random()
                if roll < 0.3:
                    continue  # not started
                started_at = now - datetime.timedelta(days=rng.randint(1, 900))
                completed_at = None
                if roll >= 0.55:
                    completed_at = started_at + datetime.timedelta(days=rng.randint(0, 30))
                    completed_at = min(completed_at, now)
                enrollment = Enrollment(
                    user=user, course=course, round=1, completed_at=completed_at, course_version=1
                )
                enrollments.append(enrollment)
                if completed_at is not None:
                    certified.append(enrollment)
        Enrollment.objects.bulk_create(enrollments, batch_size=BATCH)
        certificates = []
        for enrollment in certified:
            completed_on = clock.local_date(enrollment.completed_at)
            certificates.append(
                Certificate(
                    enrollment=enrollment,
                    user_id=enrollment.user_id,
                    course_id=enrollment.course_id,
                    code=code_generate(),
                    holder_name=f"Bench {enrollment.user_id}",
                    course_title="Mätkurs",
                    course_version=1,
                    estimated_hours=1,
                    issuer_name=settings.LARSPAR_ISSUER_NAME,
                    completed_on=completed_on,
                    issued_at=enrollment.completed_at,
                    expires_on=completed_on + datetime.timedelta(days=730),
                )
            )
        Certificate.objects.bulk_create(certificates, batch_size=BATCH)
        for index, course in enumerate(course_list):
            CourseRequirement.objects.get_or_create(
                course=course,
                unit=top.children.order_by("code")[index % 4],
                professional_group="",
                defaults={"due_date": today - datetime.timedelta(days=30)},
            )
            CourseRequirement.objects.get_or_create(
                course=course,
                unit=top,
                professional_group=GROUPS[index % len(GROUPS)],
                defaults={"due_date": today + datetime.timedelta(days=60)},
            )
        manager, created = User.objects.get_or_create(
            username=f"{root.lower()}-chef", defaults={"first_name": "Chef", "unit": top}
        )
        if created:
            manager.set_unusable_password()
            manager.save()
        user_role_grant(user=manager, role=Role.MANAGER)
        manager.managed_units.add(top)
        self.stdout.write(
            f"{root}: {len(leaves) + 30} enheter, {learners} deltagare, "
            f"{len(enrollments)} kursdeltaganden, {len(certificates)} certifikat "
            f"på {time.perf_counter() - started:.1f} s."
        )
