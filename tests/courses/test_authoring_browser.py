"""The authoring area's own JavaScript works in a real browser: adding a block by type inline."""

import pytest
from django.urls import reverse

from courses.models import Lesson, TextBlock
from tests.browser import requires_chromium
from tests.factories import CourseBuilder

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True)]


def test_adding_a_text_block_inline_by_choosing_its_type(page, login, administrator):
    # An administrator: transaction=True flushes the groups' permissions between tests.
    course = CourseBuilder.build(modules=[["lesson"]])
    lesson = Lesson.objects.get(module__course=course)
    before = TextBlock.objects.filter(lesson=lesson).count()
    login(administrator)
    page.goto(reverse("admin:courses_lesson_change", args=[lesson.pk]))
    page.click(".polymorphic-add-choice > a")
    page.click(".polymorphic-type-menu a[data-type=textblock]")
    # The new form is appended after the existing blocks (the template form has __prefix__).
    body = page.locator("textarea[name^='blocks-'][name$='-body']:not([name*='__prefix__'])")
    body.last.fill("Ny text med **fetstil**.")
    name = body.last.get_attribute("name").removesuffix("-body")
    page.fill(f"input[name='{name}-position']", "9")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert TextBlock.objects.filter(lesson=lesson).count() == before + 1
    added = TextBlock.objects.filter(lesson=lesson).order_by("-pk").first()
    assert added.body == "Ny text med **fetstil**." and added.position == 9
    # After saving, the block's rendered preview is on the page.
    assert page.locator("strong", has_text="fetstil").count() >= 1


def test_the_text_field_shows_a_live_preview_while_typing(page, login, administrator):
    course = CourseBuilder.build(modules=[["lesson"]])
    lesson = Lesson.objects.get(module__course=course)
    block = TextBlock.objects.filter(lesson=lesson).order_by("position").first()
    refused = []
    page.on(
        "console", lambda msg: refused.append(msg.text) if "Content Security" in msg.text else None
    )
    login(administrator)
    page.goto(reverse("admin:courses_textblock_change", args=[block.pk]))
    field = page.locator("textarea[name=body]")
    field.fill("Barnet har **rätt** till stöd. <script>alert(1)</script>[x](javascript:alert(1))")
    region = page.locator(f"#{field.get_attribute('id')}-live-preview [aria-live=polite]")
    region.locator("strong", has_text="rätt").wait_for()
    assert region.locator("script, a").count() == 0
    # Nothing was saved by previewing.
    block.refresh_from_db()
    assert "rätt" not in block.body
    assert not refused, refused
