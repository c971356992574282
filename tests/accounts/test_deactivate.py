"""Deactivating a person stops their sign-in but keeps their certificates verifiable."""

import pytest

from accounts.services import user_deactivate
from certificates.models import Certificate
from certificates.services import certificate_issue
from courses.models import Enrollment

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_deactivated_holder_keeps_a_valid_certificate(client, learner, small_course, now):
    enrollment = Enrollment.objects.create(user=learner, course=small_course, completed_at=now)
    certificate = certificate_issue(enrollment=enrollment)
    user_deactivate(user=learner)
    user_deactivate(user=learner)  # idempotent
    learner.refresh_from_db()
    assert not learner.is_active
    assert client.login(username=learner.username, password="pw-test-123") is False
    kept = Certificate.objects.get(code=certificate.code)
    assert kept.status == "valid" and kept.holder_name == certificate.holder_name
    # The public verification page still confirms it.
    response = client.get(kept.get_absolute_url())
    assert response.status_code == 200
    assert certificate.holder_name in response.content.decode()
