"""Database unreachable: pages answer 503 with Retry-After; after it returns, none fail."""

from unittest import mock

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.test import RequestFactory

from tests.factories import make_user

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://…)"
)


def _assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Tjänsten är tillfälligt otillgänglig" in page
    assert "kan inte nå sin databas" in page


def _refuse_every_query(*args, **kwargs):
    raise OperationalError("could not connect to server: Connection refused")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/certifikat/", "/uppfoljning/", "/admin/"])
def test_a_signed_in_person_gets_503_while_the_database_is_unreachable(client, url):
    """The session look-up is the first query to fail; the 503 page itself needs none."""
    client.force_login(make_user("lena", roles=["learner"], is_staff=True))
    client.raise_request_exception = False
    with mock.patch.object(CursorWrapper, "_execute_with_wrappers", _refuse_every_query):
        response = client.get(url)
    _assert_unavailable_page(response)


@pytest.mark.django_db
def test_a_public_page_that_needs_the_database_gets_503(client):
    client.raise_request_exception = False
    with mock.patch.object(CursorWrapper, "_execute_with_wrappers", _refuse_every_query):
        response = client.get("/verify/AAAA-BBBB-CCCC-DDDD/")
    _assert_unavailable_page(response)


@pytest.mark.django_db
def test_other_errors_still_answer_500(client):
    client.raise_request_exception = False
    with mock.patch("django.urls.resolvers.URLPattern.resolve", side_effect=RuntimeError("bug")):
        response = client.get("/stod/")
    assert response.status_code == 500


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_on_a_closed_port_gives_503(client):
    """A real refused connection: the database's port is closed."""
    client.force_login(make_user("lena", roles=["learner"]))
    client.raise_request_exception = False
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        response = client.get("/")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    _assert_unavailable_page(response)
    assert client.get("/").status_code == 200


def _wsgi_get(path: str) -> int:
    """One request through Django's full WSGI cycle, request_started/finished included
    (the test client skips the connection housekeeping that health checks hang on)."""
    statuses = []
    environ = RequestFactory().get(path).environ
    body = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    b"".join(body)
    body.close()
    return int(statuses[0].split()[0])


def _terminate_this_connections_backend():
    """Kill the app's database session from a second connection, as a restart would."""
    import psycopg

    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("context", None)
    params.pop("cursor_factory", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


@needs_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("health_checks", [True, False])
def test_a_killed_connection_does_not_fail_the_next_request(health_checks):
    """With CONN_HEALTH_CHECKS the request after a dropped connection reconnects (200);
    without them it fails (the configuration this test guards)."""
    saved = connection.settings_dict["CONN_HEALTH_CHECKS"]
    connection.close()
    connection.settings_dict["CONN_HEALTH_CHECKS"] = health_checks
    try:
        assert _wsgi_get("/healthz") == 200
        assert connection.connection is not None  # persistent: kept after the request
        _terminate_this_connections_backend()
        assert _wsgi_get("/healthz") == (200 if health_checks else 503)
    finally:
        connection.close()
        connection.settings_dict["CONN_HEALTH_CHECKS"] = saved
