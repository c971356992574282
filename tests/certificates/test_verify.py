"""Public verification: what a verifier sees for valid, expired, revoked and unknown codes."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from certificates.models import Certificate
from certificates.services import certificate_reinstate, certificate_revoke
from tests.factories import CourseBuilder

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def page(client, code, **extra):
    return client.get(f"/verify/{code}/", **extra)


def test_valid_certificate_shows_what_was_certified(client, certificate, holder, settings):
    response = page(client, certificate.display_code)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Giltigt" in html
    for expected in [
        "Åsa Öberg-Ängström",
        "Våld i nära relationer – grundkurs",
        "version 1",
        "Modul 1",
        "Modul 2",
        settings.LARSPAR_ISSUER_NAME,
        certificate.display_code,
    ]:
        assert expected in html, expected
    assert str(certificate.expires_on.year) in html
    # Nothing else about the person. The user name as a whole word: the page's random CSRF
    # token may hold the letters of a short user name ("asa") by chance.
    assert not re.search(rf"(?<![\w-]){re.escape(holder.username)}(?![\w-])", html)
    for private in [holder.email or "@", "Norr", "Återkallat"]:
        assert private not in html, private


def test_verification_pages_are_not_indexed_or_cached(client, certificate):
    response = page(client, certificate.display_code)
    assert '<meta name="robots" content="noindex' in response.content.decode()
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in client.get("/verify/")["X-Robots-Tag"]


def test_the_qr_codes_url_is_the_verification_page(client, certificate, settings):
    settings.LARSPAR_BASE_URL = "https://larspar.example.se/"
    url = certificate.verification_url
    assert url == f"https://larspar.example.se/verify/{certificate.display_code}/"
    assert page(client, certificate.display_code).status_code == 200


def test_code_typed_sloppily_still_finds_the_certificate(client, certificate):
    sloppy = certificate.code.lower().replace("0", "o").replace("1", "l")
    assert page(client, sloppy).status_code == 200
    response = client.get("/verify/", {"code": " " + certificate.display_code.lower() + " "})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certificate.display_code}/"


def test_form_explains_what_is_wrong_with_a_malformed_code(client):
    response = client.get("/verify/", {"code": "ABC"})
    assert response.status_code == 400
    assert "inte en verifieringskod" in response.content.decode()


def test_expired_certificate_verifies_as_expired_with_its_date(client, certificate, today):
    yesterday = today - timedelta(days=1)
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=yesterday)
    response = page(client, certificate.display_code)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Utgånget" in html
    assert "Giltigt<" not in html
    with translation.override("sv"):
        expected = date_format(yesterday, "j F Y")
    assert f"gällde bara till och med {expected}." in html


def test_revoked_certificate_verifies_as_revoked_from_that_moment(
    client, certificate, administrator
):
    assert "Giltigt" in page(client, certificate.display_code).content.decode()
    certificate_revoke(certificate=certificate, by=administrator, reason="Fusk vid provet")
    response = page(client, certificate.display_code)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Återkallat" in html
    assert "återkallades" in html
    # The reason is between the administrator and the holder.
    assert "Fusk" not in html

    certificate_reinstate(certificate=certificate, by=administrator, reason="Felaktigt beslut")
    assert "Giltigt" in page(client, certificate.display_code).content.decode()


def test_unknown_code_says_so_with_404(client):
    response = page(client, "0000-0000-0000-0000")
    assert response.status_code == 404
    assert "Inget certifikat med den här koden" in response.content.decode()
    assert page(client, "not-a-code").status_code == 404


def test_json_gives_the_same_facts(client, certificate, settings, today):
    response = client.get(f"/verify/{certificate.display_code}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["status"] == "valid"
    assert data["code"] == certificate.display_code
    assert data["holder_name"] == "Åsa Öberg-Ängström"
    assert data["course_title"] == "Våld i nära relationer – grundkurs"
    assert data["course_version"] == 1
    assert data["modules"] == ["Modul 1", "Modul 2"]
    assert data["issued_on"] == today.isoformat()
    assert data["expires_on"] == certificate.expires_on.isoformat()
    assert data["revoked_on"] is None
    assert data["issuer"] == settings.LARSPAR_ISSUER_NAME
    assert set(data) == {
        "code", "status", "status_label", "holder_name", "course_title", "course_version",
        "modules", "estimated_hours", "completed_on", "issued_on", "expires_on", "revoked_on",
        "issuer", "taken_in_group", "group_organisation", "verification_url",
    }  # fmt: skip
    assert data["taken_in_group"] is False and data["group_organisation"] is None


def test_json_for_revoked_and_unknown_codes(client, certificate, administrator, today):
    certificate_revoke(certificate=certificate, by=administrator, reason="Fel person")
    data = client.get(f"/verify/{certificate.code.lower()}.json").json()
    assert data["status"] == "revoked"
    assert data["revoked_on"] == today.isoformat()
    response = client.get("/verify/0000000000000000.json")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_look_ups_beyond_the_limit_get_429_found_or_not(client, certificate, settings):
    settings.LARSPAR_VERIFY_RATE_LIMIT = 3
    assert page(client, certificate.display_code).status_code == 200
    assert page(client, "0000-0000-0000-0000").status_code == 404
    assert client.get(f"/verify/{certificate.display_code}.json").status_code == 200
    response = page(client, certificate.display_code)
    assert response.status_code == 429
    assert "För många kontroller" in response.content.decode()
    assert response["Retry-After"] == "60"
    json_response = client.get(f"/verify/{certificate.display_code}.json")
    assert json_response.status_code == 429
    assert json_response.json()["error"] == "rate_limited"
    # Another client is counted on its own.
    assert page(client, certificate.display_code, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_the_limit_is_per_minute(client, certificate, settings, clock):
    settings.LARSPAR_VERIFY_RATE_LIMIT = 1
    # One second before a minute boundary: the next look-up falls in a new window.
    start = datetime(2027, 3, 1, 9, 59, 59, tzinfo=UTC)
    clock.move_to(start)
    assert page(client, certificate.display_code).status_code == 200
    assert page(client, certificate.display_code).status_code == 429
    clock.move_to(start + timedelta(seconds=1))
    assert page(client, certificate.display_code).status_code == 200
    assert page(client, certificate.display_code).status_code == 429
    clock.move_to(start + timedelta(seconds=61))
    assert page(client, certificate.display_code).status_code == 200


def count_queries(client, code) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = page(client, code)
    assert response.status_code == 200
    return len(captured)


def test_verification_page_query_count_is_small_and_constant(
    client, holder, complete, django_assert_num_queries
):
    small = CourseBuilder.published(modules=[["lesson"]])
    large = CourseBuilder.published(modules=[["lesson"] * 3 for _ in range(12)])
    complete(holder, small)
    complete(holder, large)
    codes = [Certificate.objects.get(course=c).display_code for c in (small, large)]
    # The client's first look-up in a window also clears its older windows (one more query).
    page(client, codes[0])
    assert count_queries(client, codes[0]) == count_queries(client, codes[1])
    # The rate-limit counter (one upsert; not the first hit in this window, so
    # no clean-up) and the certificate (1).
    with django_assert_num_queries(2):
        page(client, codes[1])


def test_verify_urls_resolve_to_the_public_views():
    assert reverse("certificates:verify") == "/verify/"
    assert reverse("certificates:verify-code", args=["AAAA-BBBB-CCCC-DDDD"]) == (
        "/verify/AAAA-BBBB-CCCC-DDDD/"
    )
    assert reverse("certificates:verify-code-json", args=["AAAA-BBBB-CCCC-DDDD"]) == (
        "/verify/AAAA-BBBB-CCCC-DDDD.json"
    )
