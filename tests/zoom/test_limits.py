"""Zoom's limits kept per account and per category, shared by every process through the
job store (eventhub/zoom/limits.py)."""
from __future__ import annotations

import datetime as dt
import os
import threading
import time

import pytest

from eventhub.zoom.limits import (
    HEAVY,
    LIGHT,
    MEDIUM,
    RESOURCE_INTENSIVE,
    AccountLimiter,
    MemoryStore,
    RedisStore,
    SqliteStore,
    category_of,
)

NOW = dt.datetime(2026, 12, 3, 19, 0, tzinfo=dt.timezone.utc)


def stores(tmp_path):
    """Two handles on one store, as two processes would hold them."""
    path = str(tmp_path / "jobs.sqlite3")
    yield "sqlite", SqliteStore(path), SqliteStore(path)
    url = os.environ.get("EVENTHUB_TEST_REDIS_URL")
    if url:
        prefix = f"test-{os.getpid()}-{threading.get_ident()}:"
        first, second = RedisStore(url, prefix=prefix), RedisStore(url, prefix=prefix)
        first.clear()
        yield "redis", first, second
        first.clear()


def test_registrant_adds_are_counted_by_every_process_and_reset_with_the_gmt_day(tmp_path):
    for name, first, second in stores(tmp_path):
        one = AccountLimiter(first, "acct")
        two = AccountLimiter(second, "acct")
        assert one.count_registrant_add("84759841045", "A@example.org", NOW) == 1, name
        assert two.count_registrant_add("84759841045", "a@example.org", NOW) == 2, name
        assert one.registrant_adds("84759841045", "a@example.org", NOW) == 2, name
        assert two.registrant_adds("81234567890", "a@example.org", NOW) == 0, name  # per webinar
        assert AccountLimiter(first, "other").registrant_adds("84759841045", "a@example.org", NOW) == 0
        tomorrow = NOW + dt.timedelta(hours=5, minutes=1)  # 00:01 GMT
        assert one.registrant_adds("84759841045", "a@example.org", tomorrow) == 0, name


def test_slots_are_spaced_across_processes_and_a_block_holds_everyone(tmp_path):
    now = time.time()  # blocks are wall-clock instants (Redis expires them)
    for name, first, second in stores(tmp_path):
        waits = [first.reserve("k", 0.1, now), second.reserve("k", 0.1, now), first.reserve("k", 0.1, now)]
        assert waits == pytest.approx([0.0, 0.1, 0.2], abs=1e-5), name
        second.block("k", now + 5)
        assert first.reserve("k", 0.1, now + 1) == pytest.approx(4.0, abs=1e-5), name
        assert first.reserve("other", 0.1, now + 1) == 0.0, name


def test_categories_follow_zooms_labels_and_plans():
    assert category_of("POST", "/webinars/1/registrants") == LIGHT
    assert category_of("GET", "/webinars/1/registrants") == MEDIUM
    assert category_of("GET", "/report/webinars/1/participants") == HEAVY
    assert category_of("GET", "/report/webinars/%252Fab%253D%253D/participants") == HEAVY
    assert category_of("POST", "/webinars/1/batch_registrants") == HEAVY
    pro = AccountLimiter(MemoryStore(), "a", plan="pro")
    business = AccountLimiter(MemoryStore(), "a", plan="business")
    assert [pro.rate(c) for c in (LIGHT, MEDIUM, HEAVY)] == [30, 20, 10]
    assert [business.rate(c) for c in (LIGHT, MEDIUM, HEAVY)] == [80, 60, 40]
    assert pro.rate(RESOURCE_INTENSIVE) == pytest.approx(10 / 60)
    assert AccountLimiter(MemoryStore(), "a", ceiling=25).rate(LIGHT) == 25
    with pytest.raises(ValueError):
        AccountLimiter(MemoryStore(), "a", plan="free-for-all")


def test_zooms_declared_limit_and_spent_daily_quota_are_obeyed():
    sleeps = []
    limiter = AccountLimiter(MemoryStore(), "a", clock=lambda: 1000.0, sleep=sleeps.append)
    limiter.observe(MEDIUM, {"X-RateLimit-Category": "Medium", "X-RateLimit-Type": "QPS",
                             "X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "4"})
    assert limiter.rate(MEDIUM) == 5
    limiter.observe(HEAVY, {"X-RateLimit-Category": "Heavy", "X-RateLimit-Type": "Daily-limit",
                            "X-RateLimit-Limit": "30000", "X-RateLimit-Remaining": "0"}, utcnow=NOW)
    assert limiter.acquire(HEAVY) == pytest.approx(5 * 3600)  # until 00:00 GMT
    assert limiter.acquire(LIGHT) == 0.0


# ------------------------------------------------------------------- the client --

def test_the_client_spaces_each_category_at_its_own_rate(fake_zoom, make_client, fake_clock):
    from tests.zoom.conftest import WEBINAR_ID

    fake_zoom.category_limits = {"Light": 30, "Medium": 20, "Heavy": 10}
    client = make_client(max_requests_per_second=1000)  # the plan's figures (Pro) decide
    client.get_webinar(WEBINAR_ID)  # token + first Light slot
    fake_clock.sleeps.clear()
    for _ in range(3):
        client.get_webinar(WEBINAR_ID)  # Light: 1/30 s apart
    light = sum(fake_clock.sleeps)
    fake_clock.sleeps.clear()
    for _ in range(3):
        list(client.list_participants(WEBINAR_ID))  # Heavy: 1/10 s apart
    heavy = sum(fake_clock.sleeps)
    assert light == pytest.approx(3 / 30, abs=0.01)
    assert heavy == pytest.approx(2 / 10, abs=0.01)  # the first Heavy call had a free slot
    answer = fake_zoom.api_requests()[-1]
    assert answer.status == 200 and all(r.status != 429 for r in fake_zoom.api_requests())


def test_retry_after_holds_every_process_sharing_the_store(fake_zoom, make_client, fake_clock, tmp_path):
    from tests.zoom.conftest import WEBINAR_ID

    store = SqliteStore(str(tmp_path / "jobs.sqlite3"))
    first = make_client(limiter=AccountLimiter(store, "fake-account", clock=fake_clock, sleep=fake_clock.sleep))
    second = make_client(limiter=AccountLimiter(store, "fake-account", clock=fake_clock, sleep=fake_clock.sleep))
    second.get_webinar(WEBINAR_ID)
    fake_zoom.rate_limit_next(1, retry_after=7)
    first.get_webinar(WEBINAR_ID)  # 429, Retry-After: 7, then the retry succeeds
    fake_clock.advance(-7)  # as if the other process had not slept
    fake_clock.sleeps.clear()
    second.get_webinar(WEBINAR_ID)
    assert max(fake_clock.sleeps) == pytest.approx(7, abs=0.1)  # it waited for Zoom's Retry-After too


def test_a_lower_limit_declared_by_zoom_is_followed(fake_zoom, make_client):
    from tests.zoom.conftest import WEBINAR_ID

    fake_zoom.category_limits = {"Light": 8}
    client = make_client(max_requests_per_second=1000)
    client.get_webinar(WEBINAR_ID)
    assert client._limiter.rate(LIGHT) == 8
    assert fake_zoom.api_requests()[-1].status == 200
