"""The completion chart draws in every interface language, and has its data table."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
SVG_NUMBER_ATTRIBUTES = ("x", "y", "x1", "y1", "x2", "y2", "width", "height")


def _svg_numbers(html: str) -> list[str]:
    start = html.index("<svg")
    svg = html[start : html.index("</svg>")]
    opening, drawing = svg.split(">", 1)  # the <svg> element's own width is "100%"
    values = re.findall(r'\s(?:%s)="([^"]*)"' % "|".join(SVG_NUMBER_ATTRIBUTES), drawing)  # noqa: UP031
    values += re.findall(r'viewBox="([^"]*)"', opening)[0].split()
    return values


@pytest.mark.parametrize("language", ["sv", "en"])
def test_svg_numbers_are_never_localised(manager_client, org, language):
    manager_client.cookies["django_language"] = language
    response = manager_client.get(
        reverse("reporting:dashboard"),
        {"course": org.course_a.pk},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    html = response.content.decode()
    numbers = _svg_numbers(html)
    # 12 bars with x, y, width, height and two labels; the axis; the view box.
    assert len(numbers) > 12 * 8
    assert all(NUMBER.match(value) for value in numbers), [
        v for v in numbers if not NUMBER.match(v)
    ]
    # Fractional coordinates exist (12 slots of 50 units: bars start at 7.5).
    assert 'x="7.5"' in html


def test_the_chart_has_a_data_table_anyone_can_open(manager_client, org):
    response = manager_client.get(reverse("reporting:dashboard"), {"course": org.course_a.pk})
    html = response.content.decode()
    table = html[html.index('<details class="chart-data">') :]
    assert "<summary>Visa siffrorna som tabell</summary>" in table
    [course_a] = response.context["summaries"]
    for bar in course_a.chart.bars:
        assert f'<td class="num">{bar.value}</td>' in table
