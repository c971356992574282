"""Rate limits: atomic counting in fixed windows of the clock; bulk verification per person."""

import threading
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection

from certificates.ratelimit import rate_limit_hit
from common.models import RateLimitCounter
from tests.factories import make_user

BULK = "/certifikat/verifiera/"
T0 = datetime(2026, 3, 2, 10, 59, 59, tzinfo=UTC)


@pytest.mark.django_db
def test_hits_are_counted_per_key_and_window_and_old_windows_are_removed():
    with time_machine.travel(T0, tick=False) as traveller:
        assert [rate_limit_hit(key="a", limit=2, window=60) for _ in range(3)] == [
            False,
            False,
            True,
        ]
        assert rate_limit_hit(key="b", limit=2, window=60) is False
        traveller.move_to(datetime(2026, 3, 2, 11, 0, 0, tzinfo=UTC))
        assert rate_limit_hit(key="a", limit=2, window=60) is False
        eleven = int(datetime(2026, 3, 2, 11, 0, tzinfo=UTC).timestamp())
        assert RateLimitCounter.objects.get(bucket_key="a", window_start=eleven).hits == 1
        traveller.move_to(datetime(2026, 3, 2, 11, 2, 0, tzinfo=UTC))
        rate_limit_hit(key="a", limit=2, window=60)
    # Windows older than the previous one are deleted when a key starts a new one.
    assert sorted(RateLimitCounter.objects.values_list("bucket_key", flat=True)) == ["a"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_are_all_counted():
    """Eight threads, 25 hits each, on their own connections: exactly 200 counted."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads cannot share SQLite's in-memory test database")

    def hit():
        with time_machine.travel(T0, tick=False):
            for _ in range(25):
                rate_limit_hit(key="shared", limit=1000, window=3600)
        connection.close()

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert RateLimitCounter.objects.get(bucket_key="shared").hits == 200


@pytest.mark.django_db
def test_bulk_verification_is_limited_per_person(client, settings, manager_north, units):
    settings.LARSPAR_BULK_VERIFY_RATE_LIMIT = 2
    other_manager = make_user("mona", roles=["manager"], unit=units["top"])
    other_manager.managed_units.add(units["norr"])
    with time_machine.travel(T0, tick=False) as traveller:
        client.force_login(manager_north)
        assert client.post(BULK, {"codes": "0000-0000-0000-0000"}).status_code == 200
        assert client.post(BULK, {"codes": "0000-0000-0000-0000"}).status_code == 200
        response = client.post(BULK, {"codes": "0000-0000-0000-0000"})
        assert response.status_code == 429
        assert "Vänta en stund" in response.content.decode()
        assert response["Retry-After"] == "3600"
        # Showing the form does not count.
        assert client.get(BULK).status_code == 200
        # Another manager has her own count.
        client.force_login(other_manager)
        assert client.post(BULK, {"codes": "0000-0000-0000-0000"}).status_code == 200
        # The next hour starts over (10:59:59 → 11:00:00 crosses the window).
        client.force_login(manager_north)
        traveller.move_to(datetime(2026, 3, 2, 11, 0, 0, tzinfo=UTC))
        assert client.post(BULK, {"codes": "0000-0000-0000-0000"}).status_code == 200
