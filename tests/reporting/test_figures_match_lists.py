"""Every figure of the dashboard equals the length of the people list its link opens.

Both come from the one definition of the states in `reporting.states`; these
tests hold that true for every figure, in every scope a page can show.
"""

import pytest
from django.urls import reverse

from reporting.selectors import dashboard_get, people_get, reporting_scope_get
from reporting.states import Figure

pytestmark = pytest.mark.django_db


def _scopes(org, administrator):
    """(user, unit, professional group) of every dashboard a manager or administrator can see."""
    yield org.manager, None, ""
    for unit in (org.units.norr, org.units.norr_a, org.units.norr_b):
        yield org.manager, unit, ""
        yield org.manager, unit, "Socialsekreterare"
    yield administrator, None, ""
    yield administrator, org.units.soc, ""
    yield administrator, org.units.stad, "Kurator"


def test_each_figure_equals_its_people_list_in_every_scope(org, administrator):
    checked = 0
    for user, unit, group in _scopes(org, administrator):
        scope = reporting_scope_get(user=user)
        summaries = dashboard_get(
            scope=scope,
            unit=unit,
            courses=[org.course_a, org.course_b],
            professional_group=group,
            today=org.today,
        )
        for summary in summaries:
            for row in summary.rows:
                if row.kind == "total":
                    units = [unit] if unit is not None else scope.top_units
                else:
                    units = [row.unit]
                for name, value in row.figures.items():
                    people = people_get(
                        units=units,
                        course=summary.course,
                        status=name,
                        professional_group=group,
                        direct=row.kind == "direct",
                        today=org.today,
                    )
                    assert people.count() == value, (user, unit, group, row.unit, name)
                    checked += 1
    # Every figure of every row was compared, not an empty loop.
    assert checked > len(Figure) * 20


def test_each_figure_link_on_the_page_opens_exactly_that_many_people(manager_client, org):
    response = manager_client.get(reverse("reporting:dashboard"), {"unit": org.units.norr.pk})
    links = 0
    for summary in response.context["summaries"]:
        for row in summary.rows:
            for _name, value, _label, query in row.cells:
                listed = manager_client.get(reverse("reporting:people") + "?" + query)
                assert listed.status_code == 200
                assert listed.context["page"].paginator.count == value, query
                links += 1
    assert links == 2 * 4 * len(Figure)  # two courses; NORR total, direct, NORR-A, NORR-B
