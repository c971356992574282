"""The issue's "Done when", in a real browser: two people, two devices.

The facilitator (a laptop on a projector, 1280×720) creates a group, plans and
opens a meeting, shows it in presentation mode; the participant (a phone,
390×844) scans the QR code, registers as present, finds the module's lessons
done, passes the quiz on the phone and receives a certificate that says it was
taken in a group; the facilitator downloads the course's guide as a tagged PDF,
and the participants' manager sees the group on the dashboard. Every page
passes axe-core.
"""

import io
import shutil
import subprocess

import pypdf
import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from courses.models import DiscussionBlock, Lesson, StepProgress, StepStatus
from groups.models import Attendance
from quizzes.models import Attempt, Quiz
from tests.browser import assert_accessible, requires_chromium
from tests.factories import CourseBuilder, OrgUnitFactory, make_user
from tests.quizzes.factories import make_quiz
from tests.quizzes.test_browser import fill

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True)]


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-test-123")
    page.click("button[type=submit]:has-text('Logga in')")
    page.wait_for_load_state()


def decoded_qr(page, tmp_path) -> str | None:
    """The text of the QR code on the page, read by zbarimg; None without zbarimg."""
    if not shutil.which("zbarimg"):
        return None
    image = tmp_path / "qr.png"
    page.locator(".qr svg").screenshot(path=str(image))
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_group_meeting_attendance_by_phone_and_a_certificate(_browser, live_server, tmp_path):
    course = CourseBuilder.published(modules=[["lesson", "lesson"]], title="Gruppkursen")
    module = course.modules.get()
    make_quiz(module=module, position=2, kinds=("true_false",))
    DiscussionBlock.objects.create(
        lesson=Lesson.objects.get(module=module, position=1),
        position=99,
        questions="- Vad gör ni på er arbetsplats?",
        aim="Att knyta an till vardagen.",
        guidance="Låt alla komma till tals.",
    )
    unit = OrgUnitFactory(name="Enhet Väst")  # the facilitator picks people from their unit
    facilitator = make_user("sanna", roles=["facilitator"], unit=unit)
    participant = make_user("pontus", roles=["learner"], unit=unit)

    laptop = _browser.new_context(
        base_url=live_server.url, locale="sv-SE", viewport={"width": 1280, "height": 720}
    )
    phone = _browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    try:
        screen = laptop.new_page()
        sign_in(screen, facilitator)
        screen.goto("/grupper/")
        screen.click("text=Skapa en grupp")
        assert_accessible(screen, context="create group")
        screen.fill("#id_name", "Västgruppen")
        screen.select_option("#id_course", label="Gruppkursen")
        screen.check(f"input[name=participants][value='{participant.pk}']")
        screen.click("button:has-text('Skapa gruppen')")
        expect(screen.locator("h1")).to_have_text("Västgruppen")
        assert_accessible(screen, context="group page")

        screen.select_option("#id_module", label=module.title)
        screen.fill("#id_starts_at", "2026-05-12T09:55")
        screen.click("button:has-text('Planera mötet')")
        screen.click("button:has-text('Öppna mötet och visa koden')")
        expect(screen.locator(".qr svg")).to_be_visible()
        assert_accessible(screen, context="meeting page with the QR code")
        attendance_url = screen.locator(".attendance-code a").get_attribute("href")
        qr_text = decoded_qr(screen, tmp_path)
        if qr_text is not None:
            assert qr_text == attendance_url

        screen.click("text=Visa på den delade skärmen")
        expect(screen.locator(".presentation-count")).to_have_text("Bild 1 av 3")
        assert "sanna" not in screen.content().lower()  # no personal data on the shared screen
        assert_accessible(screen, context="presentation mode")
        with screen.expect_navigation():
            screen.keyboard.press("ArrowRight")
        expect(screen.locator(".presentation-count")).to_have_text("Bild 2 av 3")
        screen.click("a[rel=next]")
        expect(screen.locator("h1")).to_have_text("Diskussionsfrågor")
        expect(screen.locator("main")).to_contain_text("Vad gör ni på er arbetsplats?")
        expect(screen.locator("main")).not_to_contain_text("Låt alla komma till tals.")
        screen.click("[data-timer-toggle]")
        expect(screen.locator("[data-timer-toggle]")).to_have_text("Pausa tiden")
        assert_accessible(screen, context="presentation mode, discussion slide")

        # The participant, on their phone, opens the QR code's address and signs in.
        mobile = phone.new_page()
        mobile.goto(attendance_url)
        assert "/accounts/login/" in mobile.url
        mobile.fill("#id_username", participant.username)
        mobile.fill("#id_password", "pw-test-123")
        mobile.click("button[type=submit]:has-text('Logga in')")
        expect(mobile.locator("h1")).to_have_text("Registrera närvaro")
        assert_accessible(mobile, context="attendance page on a phone")
        mobile.click("button:has-text('Jag är här')")
        expect(mobile.locator("#attendance-done")).to_be_visible()
        assert Attendance.objects.filter(participant=participant).count() == 1
        lessons = Lesson.objects.filter(module=module)
        done = StepProgress.objects.filter(
            enrollment__user=participant, status=StepStatus.COMPLETED
        ).values_list("step_id", flat=True)
        assert set(done) == {lesson.pk for lesson in lessons}

        # The quiz is the participant's own, on the phone.
        quiz = Quiz.objects.get(module=module)
        mobile.goto(quiz.get_absolute_url())
        mobile.click("button:has-text('Starta försöket')")
        fill(mobile, Attempt.objects.get(submitted_at__isnull=True), right=True)
        mobile.click("button:has-text('Skicka in svaren')")
        assert "Godkänt" in mobile.inner_text(".result-summary")
        assert Certificate.objects.filter(user=participant, course=course).exists()
        mobile.goto("/certifikat/")
        expect(mobile.locator("main")).to_contain_text("Gruppkursen")
        expect(mobile.locator("main")).to_contain_text("I grupp med samtalsledare från Enhet Väst")
        certificate = Certificate.objects.get(user=participant, course=course)
        mobile.goto(f"/verify/{certificate.display_code}/")
        expect(mobile.locator("main")).to_contain_text("I grupp med samtalsledare från Enhet Väst")
        assert_accessible(mobile, context="verification page of a group certificate")

        # The facilitator sees who registered themselves.
        screen.click("text=Avsluta visningen")
        expect(screen.locator(f"label[for='present-{participant.pk}']")).to_contain_text(
            "registrerade sig själv"
        )
        assert screen.locator(f"#present-{participant.pk}").is_checked()

        # The facilitator guide: on screen, then as a tagged PDF.
        screen.click("text=Västgruppen")
        screen.click("text=Samtalsledarhandledning för kursen")
        expect(screen.locator("main")).to_contain_text("Vad gör ni på er arbetsplats?")
        assert_accessible(screen, context="facilitator guide")
        with screen.expect_download() as download:
            screen.click("text=Ladda ned handledningen som PDF")
        pdf = pypdf.PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
        assert "/StructTreeRoot" in pdf.trailer["/Root"]
        assert "Vad gör ni på er arbetsplats?" in " ".join(p.extract_text() for p in pdf.pages)

        # The participants' manager sees the group on the dashboard.
        manager = make_user("maria", roles=["manager"], unit=unit)
        manager.managed_units.set([unit])
        laptop.clear_cookies()
        sign_in(screen, manager)
        screen.goto("/uppfoljning/")
        expect(screen.locator(".report-groups")).to_contain_text("Västgruppen")
        assert_accessible(screen, context="dashboard with the group section")
    finally:
        laptop.close()
        phone.close()
