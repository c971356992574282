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
