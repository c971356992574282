"""The dashboard counts, per unit, holders of a valid certificate for a course version
older than the course's latest significant change (issue 12)."""

import pytest
from django.urls import reverse

from courses.publishing import course_publish

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

DASHBOARD = reverse("reporting:dashboard")


def outdated(response, title):
    summary = next(s for s in response.context["summaries"] if s.course.title == title)
    return {(row.kind, row.unit.name): row.outdated for row in summary.rows}


def test_no_significant_change_counts_no_one(manager_client, org):
    course_publish(course=org.course_a, summary="Stavfel rättade")  # not significant
    response = manager_client.get(DASHBOARD)
    assert set(outdated(response, "A-kursen").values()) == {0}


def test_valid_certificates_before_a_significant_change_are_counted_per_unit(manager_client, org):
    course_publish(course=org.course_a, summary="Ny socialtjänstlag", significant=True)
    response = manager_client.get(DASHBOARD)
    # p3 (Norr barn, valid) and p4 (Norr vuxen, expiring but valid); the expired (p5, p6)
    # and the revoked (p7) certificates do not count, nor anyone in SYD.
    assert outdated(response, "A-kursen") == {
        ("total", "IFO Norr"): 2,
        ("direct", "IFO Norr"): 0,
        ("subtree", "Norr barn"): 1,
        ("subtree", "Norr vuxen"): 1,
    }
    assert set(outdated(response, "B-kursen").values()) == {0}
    assert (
        "Giltigt certifikat för en version före en väsentlig ändring" in response.content.decode()
    )
