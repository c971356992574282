"""Certificate PDFs: median time to render one, and to serve one already stored.

Targets (development machine): first render under 250 ms median, stored
download under 10 ms median. Prints the figures; it is not a test.
"""

import os
import statistics
import tempfile
import time

N = 30


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms"


def run() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.test.utils import (
        override_settings,
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )

    try:
        setup_test_environment()
        own_environment = True
    except RuntimeError:  # another bench module set it up already
        own_environment = False
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            _measure()
    finally:
        teardown_databases(old_config, verbosity=0)
        if own_environment:
            teardown_test_environment()


def _measure() -> None:
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from certificates.models import Certificate
    from certificates.pdf import certificate_pdf_render
    from certificates.services import certificate_issue, certificate_pdf_get
    from common import clock
    from courses.models import Course, CourseStatus, Enrollment, Lesson, Module

    course = Course.objects.create(
        slug="bench",
        title="Våld i nära relationer – grundkurs",
        status=CourseStatus.PUBLISHED,
        version=3,
        certificate_validity_months=24,
        estimated_minutes=150,
    )
    for position, title in enumerate(
        ["Vad är våld i nära relationer?", "Att fråga om våld", "FREDA i praktiken"]
    ):
        module = Module.objects.create(course=course, position=position, title=title)
        Lesson.objects.create(module=module, position=0, title="Lektion")
    certificates = []
    for i in range(N):
        user = User.objects.create_user(
            username=f"bench{i}", password=None, first_name="Åsa", last_name=f"Öberg {i}"
        )
        enrollment = Enrollment.objects.create(
            user=user, course=course, completed_at=clock.now(), course_version=3
        )
        certificates.append(certificate_issue(enrollment=enrollment))

    started = time.perf_counter()
    certificate_pdf_render(certificate=certificates[0])
    cold = time.perf_counter() - started

    render, render_store = [], []
    for certificate in certificates:
        started = time.perf_counter()
        certificate_pdf_render(certificate=certificate)
        render.append(time.perf_counter() - started)
    for certificate in certificates:
        started = time.perf_counter()
        certificate_pdf_get(certificate=certificate).close()
        render_store.append(time.perf_counter() - started)

    served = []
    client = Client()
    for certificate in Certificate.objects.select_related("user"):
        client.force_login(certificate.user)
        url = reverse("certificates:certificate-download", args=[certificate.pk])
        client.get(url)  # warm this session
        for _ in range(5):
            started = time.perf_counter()
            response = client.get(url)
            b"".join(response.streaming_content)
            served.append(time.perf_counter() - started)
            assert response.status_code == 200

    size = certificates[0].pdf.size
    print(f"certificate PDF, first render in a fresh process: {cold * 1000:.1f} ms")
    print(
        f"certificate PDF render (WeasyPrint, PDF/A-2a, tagged), median of {N}: "
        f"{_median_ms(render)}  (target < 250 ms)"
    )
    print(
        f"certificate PDF render + store on first download, median of {N}: "
        f"{_median_ms(render_store)}"
    )
    print(
        f"stored certificate PDF served by the download view, median of {len(served)}: "
        f"{_median_ms(served)}  (target < 10 ms)"
    )
    print(f"PDF size: {size / 1024:.1f} KiB")
