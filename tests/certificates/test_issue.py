"""A certificate is issued once, automatically, when the last required step is done."""

import threading
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from certificates.models import Certificate, CertificateStatus
from certificates.services import CertificateNotDue, add_months, certificate_issue
from courses.models import Enrollment, Module
from courses.services import enrollment_start, step_complete
from tests.certificates.conftest import steps_in_order
from tests.factories import CourseBuilder, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_finishing_the_last_required_step_issues_one_certificate(holder, course, complete):
    steps = steps_in_order(course)
    enrollment = enrollment_start(user=holder, course=course)
    for step in steps[:-1]:
        step_complete(enrollment=enrollment, step=step)
    assert not Certificate.objects.exists()

    complete(holder, course)

    certificate = Certificate.objects.get()
    assert certificate.user == holder
    assert certificate.enrollment == enrollment
    assert certificate.status == CertificateStatus.VALID


def test_issuing_again_returns_the_same_certificate(certificate):
    again = certificate_issue(enrollment=certificate.enrollment)
    assert again.pk == certificate.pk
    assert again.code == certificate.code
    assert Certificate.objects.count() == 1


def test_the_database_refuses_a_second_certificate_for_the_same_completion(certificate, today):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            enrollment=certificate.enrollment,
            user=certificate.user,
            course=certificate.course,
            code="0" * 16,
            holder_name="X",
            course_title="X",
            course_version=1,
            estimated_hours=1,
            issuer_name="X",
            completed_on=today,
        )


def test_no_certificate_before_the_course_is_completed(holder, course):
    enrollment = enrollment_start(user=holder, course=course)
    with pytest.raises(CertificateNotDue):
        certificate_issue(enrollment=enrollment)
    assert not Certificate.objects.exists()


def test_optional_steps_are_not_needed_for_the_certificate(holder):
    course = CourseBuilder.published(modules=[["lesson", "lesson:optional"]])
    enrollment = enrollment_start(user=holder, course=course)
    step_complete(enrollment=enrollment, step=steps_in_order(course)[0])
    enrollment.refresh_from_db()
    assert enrollment.is_completed
    assert certificate_issue(enrollment=enrollment).course == course


def test_certificate_snapshots_what_was_certified(certificate, holder, course, settings, today):
    assert certificate.holder_name == "Åsa Öberg-Ängström"
    assert certificate.course_title == "Våld i nära relationer – grundkurs"
    assert certificate.course_version == 1
    assert certificate.modules == ["Modul 1", "Modul 2"]
    assert certificate.issuer_name == settings.LARSPAR_ISSUER_NAME
    assert certificate.completed_on == today
    assert str(certificate.estimated_hours) == "1.5"


def test_without_a_course_estimate_the_hours_are_the_steps_estimates(holder, complete):
    course = CourseBuilder.published(modules=[["lesson", "lesson"], ["lesson"]])
    complete(holder, course)
    # Three lessons of five minutes each: 0.25 h, rounded half up.
    assert str(Certificate.objects.get(course=course).estimated_hours) == "0.3"


def test_later_edits_of_course_and_user_do_not_change_an_issued_certificate(
    certificate, holder, course, settings
):
    before = Certificate.objects.values().get(pk=certificate.pk)
    holder.first_name, holder.last_name = "Annan", "Person"
    holder.save()
    course.title, course.version, course.certificate_validity_months = "Ny titel", 7, 3
    course.save()
    Module.objects.filter(course=course).update(title="Omdöpt modul")
    Module.objects.create(course=course, position=9, title="Ny modul")
    settings.LARSPAR_ISSUER_NAME = "Någon annan"

    assert Certificate.objects.values().get(pk=certificate.pk) == before


def test_expiry_follows_the_courses_validity_in_months(holder, complete):
    course = CourseBuilder.published(modules=[["lesson"]], certificate_validity_months=24)
    complete(holder, course)
    certificate = Certificate.objects.get(course=course)
    assert certificate.expires_on == add_months(certificate.completed_on, 24)


def test_no_validity_means_the_certificate_never_expires(holder, complete):
    course = CourseBuilder.published(modules=[["lesson"]], certificate_validity_months=None)
    complete(holder, course)
    certificate = Certificate.objects.get(course=course)
    assert certificate.expires_on is None
    assert certificate.status_on(date(2100, 1, 1)) == CertificateStatus.VALID


def test_months_are_calendar_months_clamped_to_the_months_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 22), 24) == date(2028, 11, 22)


def test_expired_certificate_stays_expired_not_unknown(certificate):
    last_day = certificate.expires_on
    assert certificate.status_on(last_day) == CertificateStatus.VALID
    assert certificate.status_on(last_day + timedelta(days=1)) == CertificateStatus.EXPIRED
    assert Certificate.objects.expired(on=last_day + timedelta(days=1)).get() == certificate
    assert not Certificate.objects.valid(on=last_day + timedelta(days=1)).exists()


def test_issuing_costs_a_fixed_number_of_queries_however_big_the_course(holder, now):
    small = CourseBuilder.published(modules=[["lesson"]])
    large = CourseBuilder.published(modules=[["lesson"] * 4 for _ in range(6)])
    counts = []
    for course in (small, large):
        enrollment = Enrollment.objects.create(
            user=holder, course=course, completed_at=now, course_version=1
        )
        with CaptureQueriesContext(connection) as captured:
            certificate_issue(enrollment=enrollment)
        counts.append(len(captured))
    assert counts[0] == counts[1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_requests_finishing_the_course_at_once_give_one_certificate():
    """On PostgreSQL, threads complete the last step at the same moment: one certificate."""
    learner = make_user(roles=["learner"])
    course = CourseBuilder.published(modules=[["lesson", "lesson"]])
    steps = steps_in_order(course)
    enrollment = enrollment_start(user=learner, course=course)
    step_complete(enrollment=enrollment, step=steps[0])

    barrier = threading.Barrier(4)
    errors = []

    def finish():
        try:
            barrier.wait()
            step_complete(enrollment=enrollment, step=steps[1])
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    def issue():
        try:
            barrier.wait()
            certificate_issue(enrollment=Enrollment.objects.get(pk=enrollment.pk))
        except CertificateNotDue:
            pass
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=finish) for _ in range(2)]
    threads += [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_returns_the_one_certificate_to_everyone(now):
    """On PostgreSQL, six threads issue for the same completion at once: one row, one code."""
    learner = make_user(roles=["learner"])
    course = CourseBuilder.published(modules=[["lesson"]])
    enrollment = Enrollment.objects.create(
        user=learner, course=course, completed_at=now, course_version=1
    )
    barrier = threading.Barrier(6)
    results, errors = [], []

    def issue():
        try:
            barrier.wait()
            results.append(certificate_issue(enrollment=enrollment).code)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1
    assert set(results) == {Certificate.objects.get(enrollment=enrollment).code}


def test_missing_certificates_can_be_issued_afterwards(holder, course, now):
    from io import StringIO

    from django.core.management import call_command

    # Completed while the receiver was not connected (or failed): no certificate.
    enrollment = Enrollment.objects.create(
        user=holder, course=course, completed_at=now, course_version=1
    )
    Enrollment.objects.create(user=holder, course=CourseBuilder.published(modules=[["lesson"]]))
    out = StringIO()
    call_command("certificates_issue_missing", stdout=out)
    assert "Issued 1" in out.getvalue()
    assert Certificate.objects.get().enrollment == enrollment
    call_command("certificates_issue_missing", stdout=out)
    assert Certificate.objects.count() == 1
