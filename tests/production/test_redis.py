"""Several app instances share Redis for the job queue and the rate limits
(EVENTHUB_REDIS_URL). Runs when EVENTHUB_TEST_REDIS_URL points at a Redis server."""
from __future__ import annotations

import pytest

from eventhub import create_app, jobs
from tests.conftest import TEST_REDIS_URL, base_config

pytestmark = pytest.mark.skipif(not TEST_REDIS_URL, reason="needs EVENTHUB_TEST_REDIS_URL (Redis)")

#: What the round-trip job saw; module level so the job (run by drain) can reach it.
executed: list[tuple] = []


@jobs.task(retries=0)
def record_round_trip(number: int, text: str) -> None:
    executed.append((number, text))


def test_queue_storage_is_redis(app):
    from huey.storage import RedisStorage

    assert isinstance(jobs.huey.storage, RedisStorage)
    assert app.config["RATELIMIT_STORAGE_URI"] == TEST_REDIS_URL


def test_job_enqueued_by_one_instance_is_run_by_another(app, tmp_path, queue_name):
    """Instance A (a web worker) enqueues; instance B (the job consumer, another
    process in production) drains the same Redis queue."""
    executed.clear()
    record_round_trip(7, "séance")
    assert jobs.huey.pending_count() == 1
    assert executed == []

    consumer_app = create_app(base_config(app.config["DATABASE_URL"], tmp_path / "consumer", queue_name))
    with consumer_app.app_context():
        assert jobs.drain() == 1
    assert executed == [(7, "séance")]
    assert jobs.huey.pending_count() == 0
    # Nothing is left in Redis for this job: no result (nobody reads job results), no lease.
    assert jobs.huey.storage.result_store_size() == 0


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_rate_limits_are_counted_in_redis(app, client):
    """A limit reached through one instance holds for the others: the counter is in Redis."""
    import uuid

    import redis

    from eventhub.extensions import limiter

    # A name of our own: other test runs may share this Redis server.
    endpoint = f"limited_{uuid.uuid4().hex[:10]}"

    @limiter.limit("2 per minute")
    def limited():
        return "ok"

    app.add_url_rule("/_test/limited", endpoint, limited)
    statuses = [client.get("/_test/limited").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    keys = redis.Redis.from_url(TEST_REDIS_URL).keys(f"*{endpoint}*")
    assert keys, "no rate-limit counter in Redis"
    redis.Redis.from_url(TEST_REDIS_URL).delete(*keys)
