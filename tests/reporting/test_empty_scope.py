"""The reporting pages of an organisation where nobody is placed in a unit yet."""

import pytest

from tests.factories import CourseBuilder, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/uppfoljning/", "/uppfoljning/oversikt.csv"])
def test_an_administrator_sees_empty_figures_when_nobody_has_a_unit(client, path):
    CourseBuilder.published(modules=[["lesson"]], title="A-kursen")
    make_user("utan-enhet", roles=["learner"])
    client.force_login(make_user("admin", roles=["administrator"]))
    response = client.get(path)
    assert response.status_code == 200
    body = b"".join(response) if response.streaming else response.content
    assert "A-kursen" in body.decode("utf-8-sig")
