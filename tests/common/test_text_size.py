"""The text-size control (A− / A+) persists in a cookie the server reads: no JavaScript needed."""

import pytest

from common.context_processors import TEXT_SIZE_COOKIE

pytestmark = pytest.mark.django_db


def test_larger_text_is_remembered_and_marks_the_page(client):
    response = client.post("/textstorlek/", {"change": "larger", "next": "/stod/"})
    assert response.status_code == 302 and response["Location"] == "/stod/"
    assert client.cookies[TEXT_SIZE_COOKIE].value == "1"
    html = client.get("/stod/").content.decode()
    assert '<html lang="sv" class="text-size-1">' in html


def test_text_size_stops_at_the_largest_and_smallest_step(client):
    for _ in range(6):
        client.post("/textstorlek/", {"change": "larger", "next": "/stod/"})
    assert client.cookies[TEXT_SIZE_COOKIE].value == "3"
    assert b'value="larger" class="button button-small" disabled' in client.get("/stod/").content
    for _ in range(6):
        client.post("/textstorlek/", {"change": "smaller", "next": "/stod/"})
    assert client.cookies[TEXT_SIZE_COOKIE].value == ""  # deleted: back to the default size
    assert b'<html lang="sv">' in client.get("/stod/").content


def test_an_unreadable_cookie_means_the_default_size(client):
    client.cookies[TEXT_SIZE_COOKIE] = "99"
    assert b'<html lang="sv">' in client.get("/stod/").content


def test_text_size_never_redirects_to_another_site(client):
    response = client.post("/textstorlek/", {"change": "larger", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_text_size_changes_only_by_post(client):
    assert client.get("/textstorlek/?change=larger").status_code == 405
