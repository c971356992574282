"""A certificate says whether the course was taken in a group, and with whose facilitator."""

import io
import re

import pypdf
import pytest
from django.urls import reverse

from accounts.services import org_unit_create
from certificates.models import Certificate
from certificates.services import certificate_pdf_get
from courses.models import Enrollment
from courses.services import enrollment_renew, enrollment_start, step_complete
from groups import services
from tests.factories import CourseBuilder, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def lessons_course(db):
    """One module of two lessons: attending its meeting completes the course."""
    return CourseBuilder.published(modules=[["lesson", "lesson"]], title="Samtal om våld")


@pytest.fixture
def leader():
    city = org_unit_create(code="STAD", name="Exempelstad")
    ifo = org_unit_create(code="IFO", name="IFO Nord", parent=city)
    return make_user("sara", roles=["facilitator"], unit=ifo)


def attend(course, leader, participant, now, capture):
    group = services.group_create(
        course=course, name="Norrgruppen", facilitator=leader, participants=[participant]
    )
    meeting = services.meeting_create(group=group, module=course.modules.get(), starts_at=now)
    meeting = services.meeting_open(meeting=meeting)
    with capture(execute=True):
        services.attendance_register(code=meeting.attendance_code, user=participant)


def test_attending_the_meetings_gives_a_certificate_that_says_taken_in_a_group(
    client, lessons_course, leader, participant, now, django_capture_on_commit_callbacks
):
    attend(lessons_course, leader, participant, now, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get(user=participant, course=lessons_course)
    assert certificate.taken_in_group
    assert certificate.group_organisation == "IFO Nord, Exempelstad"

    page = client.get(reverse("certificates:verify-code", args=[certificate.display_code]))
    assert "I grupp med samtalsledare från IFO Nord, Exempelstad" in page.content.decode()
    facts = client.get(
        reverse("certificates:verify-code-json", args=[certificate.display_code])
    ).json()
    assert facts["taken_in_group"] is True
    assert facts["group_organisation"] == "IFO Nord, Exempelstad"

    pdf = pypdf.PdfReader(io.BytesIO(certificate_pdf_get(certificate=certificate).read()))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))
    assert "I grupp med samtalsledare från IFO Nord, Exempelstad" in text


def test_a_self_paced_certificate_says_so(
    client, lessons_course, participant, django_capture_on_commit_callbacks
):
    enrollment = enrollment_start(user=participant, course=lessons_course)
    with django_capture_on_commit_callbacks(execute=True):
        for step in lessons_course.modules.get().steps.order_by("position"):
            step_complete(enrollment=enrollment, step=step)
    certificate = Certificate.objects.get(user=participant)
    assert not certificate.taken_in_group and certificate.group_organisation == ""
    page = client.get(reverse("certificates:verify-code", args=[certificate.display_code]))
    assert "På egen hand" in page.content.decode()
    assert "I grupp" not in page.content.decode()


def test_a_later_round_taken_alone_is_not_a_group_round(
    lessons_course, leader, participant, now, clock, django_capture_on_commit_callbacks
):
    attend(lessons_course, leader, participant, now, django_capture_on_commit_callbacks)
    first = Certificate.objects.get(user=participant)
    clock.shift(3600 * 24 * 400)
    renewal = enrollment_renew(enrollment=Enrollment.objects.get(user=participant, round=1))
    with django_capture_on_commit_callbacks(execute=True):
        for step in lessons_course.modules.get().steps.order_by("position"):
            step_complete(enrollment=renewal, step=step)
    second = Certificate.objects.get(enrollment=renewal)
    assert first.taken_in_group and not second.taken_in_group


def test_a_facilitator_without_a_unit_still_makes_it_a_group_round(
    client, lessons_course, participant, now, django_capture_on_commit_callbacks
):
    leader = make_user("ulla", roles=["facilitator"])
    attend(lessons_course, leader, participant, now, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get(user=participant)
    assert certificate.taken_in_group and certificate.group_organisation == ""
    page = client.get(reverse("certificates:verify-code", args=[certificate.display_code]))
    assert "I grupp med samtalsledare" in page.content.decode()


def test_the_people_list_says_who_completed_in_a_group(
    client, lessons_course, leader, participant, second_participant, unit, now,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    attend(lessons_course, leader, participant, now, django_capture_on_commit_callbacks)
    enrollment = enrollment_start(user=second_participant, course=lessons_course)
    with django_capture_on_commit_callbacks(execute=True):
        for step in lessons_course.modules.get().steps.order_by("position"):
            step_complete(enrollment=enrollment, step=step)
    manager = make_user("maja", roles=["manager"], unit=unit)
    manager.managed_units.set([unit])
    client.force_login(manager)
    query = {"course": lessons_course.pk, "status": "completed"}
    html = client.get(reverse("reporting:people"), query).content.decode()
    rows = {
        person.pk: row
        for row in re.findall(r"<tr>.*?</tr>", html, flags=re.S)
        for person in (participant, second_participant)
        if f"{person.last_name}, {person.first_name}<" in row
    }
    assert "I grupp" in rows[participant.pk] and "På egen hand" not in rows[participant.pk]
    assert "På egen hand" in rows[second_participant.pk]
    lines = b"".join(
        client.get(reverse("reporting:people-export"), query).streaming_content
    ).decode("utf-8-sig")
    tracks = {line.split(";")[2]: line.split(";")[-1] for line in lines.splitlines()[1:]}
    assert tracks[participant.first_name] == "I grupp"
    assert tracks[second_participant.first_name] == "På egen hand"


def test_the_dashboard_counts_a_completion_in_the_group(
    client, lessons_course, leader, participant, unit, now, django_capture_on_commit_callbacks
):
    attend(lessons_course, leader, participant, now, django_capture_on_commit_callbacks)
    manager = make_user("maja", roles=["manager"], unit=unit)
    manager.managed_units.set([unit])
    client.force_login(manager)
    html = client.get(reverse("reporting:dashboard")).content.decode()
    panel = re.search(r'<section class="report-groups".*?</section>', html, flags=re.S).group(0)
    row = next(r for r in re.findall(r"<tr>.*?</tr>", panel, re.S) if "Norrgruppen" in r)
    numbers = re.findall(r'<td class="num">(\d+)</td>', row)
    assert numbers == ["1", "0", "1", "1", "1"]  # held, planned, people, attended, completed
