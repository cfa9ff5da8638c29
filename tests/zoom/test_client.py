"""ZoomClient against FakeZoom over real HTTP on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from eventhub.zoom.client import (
    TokenBucket,
    ZoomAuthError,
    ZoomClient,
    ZoomDailyLimit,
    ZoomNotFound,
    ZoomUnavailable,
    ZoomValidationError,
    ZoomWebinarFull,
    next_utc_midnight,
    normalise_webinar_id,
    zoom_language_for,
)
from tests.zoom.conftest import WEBINAR_ID, FakeClock
from tests.zoom.fake_zoom import FakeZoom


def api_statuses(fake_zoom: FakeZoom) -> list[int]:
    return [entry.status for entry in fake_zoom.api_requests()]


# ------------------------------------------------------------------ helpers --


@pytest.mark.parametrize("text, expected", [
    ("847 5984 1045", "84759841045"),
    ("847-5984-1045", "84759841045"),
    (" 847\u00a05984\u00a01045 ", "84759841045"),
    (84759841045, "84759841045"),
    ("123456789", "123456789"),
    ("123456789012", "123456789012"),
])
def test_normalise_webinar_id_accepts_pasted_forms(text, expected):
    assert normalise_webinar_id(text) == expected


@pytest.mark.parametrize("text", ["", "12345678", "1234567890123", "847 5984 104x", "٨٤٧٥٩٨٤١٠٤٥", None, True])
def test_normalise_webinar_id_rejects_non_ids(text):
    with pytest.raises(ValueError):
        normalise_webinar_id(text)


@pytest.mark.parametrize("lang, expected", [
    ("en", "en-US"), ("fr", "fr-FR"), ("es", "es-ES"), ("ar", "en-US"),
    ("fr_CA", "fr-FR"), ("ES", "es-ES"), (None, "en-US"), ("", "en-US"), ("de", "en-US"),
])
def test_zoom_language_for(lang, expected):
    assert zoom_language_for(lang) == expected


def test_next_utc_midnight_uses_utc_not_local_date():
    # 23:30 in New York on 22 March is already 03:30 UTC on 23 March.
    new_york_evening = datetime(2025, 3, 22, 23, 30, tzinfo=timezone(timedelta(hours=-4)))
    assert next_utc_midnight(new_york_evening) == datetime(2025, 3, 24, tzinfo=timezone.utc)
    assert next_utc_midnight(datetime(2025, 3, 22, 0, 0, tzinfo=timezone.utc)) == \
        datetime(2025, 3, 23, tzinfo=timezone.utc)


def test_client_requires_credentials():
    with pytest.raises(ValueError):
        ZoomClient("", "id", "secret")


# -------------------------------------------------------------------- tokens --


def test_token_is_fetched_once_and_reused(fake_zoom, make_client):
    client = make_client()
    client.get_webinar(WEBINAR_ID)
    client.get_webinar(WEBINAR_ID)
    client.get_webinar(WEBINAR_ID)

    assert len(fake_zoom.token_requests()) == 1
    authorizations = {entry.authorization for entry in fake_zoom.api_requests()}
    assert len(authorizations) == 1 and authorizations.pop().startswith("Bearer ")


def test_token_request_uses_basic_auth_and_account_credentials(fake_zoom, make_client):
    make_client().get_webinar(WEBINAR_ID)
    [token_request] = fake_zoom.token_requests()
    assert token_request.method == "POST"
    # FakeZoom checks the Basic header and form itself; a 200 proves both were right.
    assert token_request.status == 200


def test_token_renewed_shortly_before_expiry(fake_zoom, make_client, fake_clock):
    client = make_client()
    client.get_webinar(WEBINAR_ID)
    fake_clock.advance(3600 - 60 - 1)  # still inside the safety margin
    client.get_webinar(WEBINAR_ID)
    assert len(fake_zoom.token_requests()) == 1

    fake_clock.advance(2)  # now within 60 s of Zoom's expiry
    client.get_webinar(WEBINAR_ID)
    assert len(fake_zoom.token_requests()) == 2
    assert api_statuses(fake_zoom) == [200, 200, 200]  # renewed proactively, never refused


def test_token_renewed_once_on_401(fake_zoom, make_client):
    client = make_client()
    client.get_webinar(WEBINAR_ID)
    fake_zoom.expire_tokens()

    assert client.get_webinar(WEBINAR_ID)["topic"] == "Consultation on water and climate"
    assert len(fake_zoom.token_requests()) == 2
    assert api_statuses(fake_zoom) == [200, 401, 200]


def test_token_lapsing_on_the_server_clock_is_renewed(fake_clock, monkeypatch):
    # Without the safety margin, and with the client's clock standing still,
    # the client keeps a token the server's real clock lets lapse after 1 s.
    monkeypatch.setattr("eventhub.zoom.client.TOKEN_EXPIRY_MARGIN_SECONDS", 0)
    with FakeZoom(token_ttl=1) as server:
        server.add_webinar(WEBINAR_ID)
        client = ZoomClient(**server.client_kwargs(clock=fake_clock, sleep=fake_clock.sleep))
        client.get_webinar(WEBINAR_ID)
        time.sleep(1.1)
        client.get_webinar(WEBINAR_ID)
        assert [entry.status for entry in server.api_requests()] == [200, 401, 200]
        assert len(server.token_requests()) == 2


def test_token_shorter_lived_than_the_margin_is_not_reused(make_client, fake_zoom):
    fake_zoom.token_ttl = 30  # under the 60 s margin: caching it would risk using it expired
    client = make_client()
    client.get_webinar(WEBINAR_ID)
    client.get_webinar(WEBINAR_ID)
    assert len(fake_zoom.token_requests()) == 2
    assert api_statuses(fake_zoom) == [200, 200]


def test_token_renewed_on_error_code_124_whatever_the_status(fake_zoom, make_client):
    client = make_client()
    fake_zoom.fail_next(1, status=400, code=124, message="Invalid access token.")
    client.get_webinar(WEBINAR_ID)
    assert len(fake_zoom.token_requests()) == 2
    assert api_statuses(fake_zoom) == [400, 200]


def test_second_token_refusal_raises_auth_error(fake_zoom, make_client):
    client = make_client()
    fake_zoom.fail_next(5, status=401, code=124, message="Invalid access token.")
    with pytest.raises(ZoomAuthError) as caught:
        client.get_webinar(WEBINAR_ID)
    assert caught.value.code == 124
    assert len(fake_zoom.token_requests()) == 2  # renewed exactly once
    assert len(fake_zoom.api_requests()) == 2


def test_wrong_client_secret_raises_auth_error_without_retrying(fake_zoom, make_client, fake_clock):
    client = make_client(client_secret="wrong")
    with pytest.raises(ZoomAuthError):
        client.get_webinar(WEBINAR_ID)
    assert len(fake_zoom.token_requests()) == 1
    assert fake_zoom.api_requests() == []
    assert fake_clock.sleeps == []


# ------------------------------------------------------------------ retries --


def test_server_errors_are_retried_with_growing_backoff(fake_zoom, make_client, fake_clock):
    client = make_client(backoff_base=0.5)
    fake_zoom.fail_next(3, status=500)

    assert client.get_webinar(WEBINAR_ID)["id"] == int(WEBINAR_ID)
    assert api_statuses(fake_zoom) == [500, 500, 500, 200]
    backoffs = [delay for delay in fake_clock.sleeps if delay >= 0.2]  # leave out rate-limiter waits
    assert len(backoffs) == 3
    for retry_number, delay in enumerate(backoffs):
        ceiling = 0.5 * 2 ** retry_number
        assert ceiling / 2 <= delay <= ceiling  # exponential, with jitter in the upper half


def test_server_errors_give_up_after_max_retries(fake_zoom, make_client):
    client = make_client(max_retries=2)
    fake_zoom.fail_next(10, status=503, message="Service Unavailable")
    with pytest.raises(ZoomUnavailable) as caught:
        client.get_webinar(WEBINAR_ID)
    assert caught.value.status == 503
    assert len(fake_zoom.api_requests()) == 3


def test_qps_429_honours_retry_after(fake_zoom, make_client, fake_clock):
    client = make_client()
    fake_zoom.rate_limit_next(1, retry_after=2)
    client.get_webinar(WEBINAR_ID)
    assert api_statuses(fake_zoom) == [429, 200]
    assert 2.0 in fake_clock.sleeps


def test_qps_429_without_retry_after_backs_off(fake_zoom, make_client, fake_clock):
    client = make_client(backoff_base=0.5)
    fake_zoom.rate_limit_next(2)
    client.get_webinar(WEBINAR_ID)
    assert api_statuses(fake_zoom) == [429, 429, 200]
    backoffs = [delay for delay in fake_clock.sleeps if delay >= 0.2]
    assert len(backoffs) == 2 and 0.25 <= backoffs[0] <= 0.5 and 0.5 <= backoffs[1] <= 1.0


def test_retry_after_longer_than_allowed_is_not_waited_out(fake_zoom, make_client, fake_clock):
    client = make_client(max_retry_after=60)
    fake_zoom.rate_limit_next(1, retry_after=3600)
    with pytest.raises(ZoomUnavailable, match="3600"):
        client.get_webinar(WEBINAR_ID)
    assert max(fake_clock.sleeps, default=0) < 60


def test_daily_limit_raises_with_next_midnight_utc_and_is_not_retried(fake_zoom, make_client):
    now = datetime(2025, 3, 22, 19, 13, 27, tzinfo=timezone.utc)
    client = make_client(utcnow=lambda: now)
    fake_zoom.daily_limit_next(1)
    with pytest.raises(ZoomDailyLimit) as caught:
        client.add_registrant(WEBINAR_ID, email="a@example.org", first_name="A")
    assert caught.value.retry_at == datetime(2025, 3, 23, 0, 0, tzinfo=timezone.utc)
    assert caught.value.status == 429
    assert len(fake_zoom.api_requests()) == 1


def test_hanging_response_times_out_and_is_retried(fake_zoom, make_client):
    # Real socket timeout: the server holds the first answer for 3 s, the
    # client gives up reading after 0.3 s and retries (backoff sleeps are fake).
    client = make_client(timeout=(1, 0.3))
    fake_zoom.hang_next(1, seconds=3)
    started = time.monotonic()
    assert client.get_webinar(WEBINAR_ID)["id"] == int(WEBINAR_ID)
    assert time.monotonic() - started < 2.5
    assert len(fake_zoom.api_requests()) == 2


def test_timed_out_registration_retried_does_not_register_twice(fake_zoom, make_client):
    client = make_client(timeout=(1, 0.3))
    fake_zoom.hang_next(1, seconds=1)
    answer = client.add_registrant(WEBINAR_ID, email="slow@example.org", first_name="Slow")
    time.sleep(1.2)  # let the hung request finish on the server, as Zoom would
    registrants = fake_zoom.registrants_of(WEBINAR_ID)
    assert [registrant["id"] for registrant in registrants] == [answer["registrant_id"]]


def test_hanging_every_time_ends_in_unavailable(fake_zoom, make_client):
    client = make_client(timeout=(1, 0.2), max_retries=1)
    fake_zoom.hang_next(2, seconds=2)
    with pytest.raises(ZoomUnavailable, match="timed out"):
        client.get_webinar(WEBINAR_ID)


def test_connection_refused_is_retried_then_unavailable(fake_zoom, fake_clock):
    with socket.socket() as probe:  # find a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    client = ZoomClient(**fake_zoom.client_kwargs(
        api_base=f"http://127.0.0.1:{dead_port}/v2", clock=fake_clock, sleep=fake_clock.sleep,
        timeout=(1, 1), max_retries=2))
    with pytest.raises(ZoomUnavailable, match="connection failed"):
        client.get_webinar(WEBINAR_ID)
    assert len([delay for delay in fake_clock.sleeps if delay >= 0.2]) == 2


def test_validation_error_is_not_retried(fake_zoom, make_client, fake_clock):
    client = make_client()
    with pytest.raises(ZoomValidationError) as caught:
        client.add_registrant(WEBINAR_ID, email="someone@nodot", first_name="Someone")
    assert caught.value.status == 400 and caught.value.code == 300
    assert len(fake_zoom.api_requests()) == 1
    assert all(delay < 0.2 for delay in fake_clock.sleeps)


def test_unknown_webinar_raises_not_found(fake_zoom, make_client):
    with pytest.raises(ZoomNotFound) as caught:
        make_client().get_webinar("999 9999 9999")
    assert caught.value.code == 3001
    assert len(fake_zoom.api_requests()) == 1


def test_full_webinar_raises_webinar_full(fake_zoom, make_client):
    fake_zoom.add_webinar("11122233344", capacity=1)
    client = make_client()
    client.add_registrant("11122233344", email="first@example.org", first_name="First")
    with pytest.raises(ZoomWebinarFull):
        client.add_registrant("11122233344", email="second@example.org", first_name="Second")


def test_arguments_checked_before_any_request(fake_zoom, make_client):
    client = make_client()
    with pytest.raises(ValueError):
        client.add_registrant(WEBINAR_ID, email="", first_name="A")
    with pytest.raises(ValueError):
        client.add_registrant(WEBINAR_ID, email="a@example.org", first_name="  ")
    with pytest.raises(ValueError):
        client.add_registrant("12", email="a@example.org", first_name="A")
    with pytest.raises(ValueError):
        client.update_registrant_status(WEBINAR_ID, "delete", [{"id": "x"}])
    with pytest.raises(ValueError):
        list(client.list_registrants(WEBINAR_ID, status="cancelled"))
    assert fake_zoom.request_log == []


# ------------------------------------------------------------ registrations --


def test_add_registrant_sends_only_given_fields(fake_zoom, make_client):
    client = make_client()
    answer = client.add_registrant(
        "847 5984 1045", email="amina@example.org", first_name="أمينة", last_name="حداد",
        country="ma", language=zoom_language_for("ar"),
        custom_questions={"Parliament": "Chamber of Representatives"})

    [request] = fake_zoom.api_requests()
    assert request.path == f"/v2/webinars/{WEBINAR_ID}/registrants"
    assert request.body == {
        "email": "amina@example.org", "first_name": "أمينة", "last_name": "حداد",
        "country": "MA", "language": "en-US",
        "custom_questions": [{"title": "Parliament", "value": "Chamber of Representatives"}],
    }
    assert answer["join_url"] and answer["registrant_id"]
    assert answer["topic"] == "Consultation on water and climate"


def test_duplicate_email_gives_one_registrant(fake_zoom, make_client):
    client = make_client()
    first = client.add_registrant(WEBINAR_ID, email="Jean.Dupont@example.fr", first_name="Jean")
    second = client.add_registrant(WEBINAR_ID, email="jean.dupont@example.fr", first_name="Jean")
    assert first["registrant_id"] == second["registrant_id"]
    assert first["join_url"] == second["join_url"]
    assert len(fake_zoom.registrants_of(WEBINAR_ID)) == 1


def test_duplicate_reported_as_error_returns_the_existing_registrant():
    with FakeZoom(duplicate_mode="error") as server:
        server.add_webinar(WEBINAR_ID)
        clock = FakeClock()
        client = ZoomClient(**server.client_kwargs(clock=clock, sleep=clock.sleep))
        first = client.add_registrant(WEBINAR_ID, email="maria@example.es", first_name="María")
        second = client.add_registrant(WEBINAR_ID, email="MARIA@example.es", first_name="María")
        assert second["already_registered"] is True
        assert second["registrant_id"] == first["registrant_id"]
        assert second["join_url"] == first["join_url"]
        assert len(server.registrants_of(WEBINAR_ID)) == 1


def test_list_registrants_follows_every_page(fake_zoom, make_client):
    fake_zoom.seed_registrants(WEBINAR_ID, 650)
    fake_zoom.seed_registrants(WEBINAR_ID, 5, status="pending", email_pattern="waiting{n}@example.org")
    client = make_client()

    approved = list(client.list_registrants(WEBINAR_ID))
    assert len(approved) == 650
    assert len({registrant["id"] for registrant in approved}) == 650
    page_requests = fake_zoom.api_requests()
    assert len(page_requests) == 3
    assert all(entry.query["page_size"] == "300" for entry in page_requests)
    assert "next_page_token" not in page_requests[0].query
    assert all(entry.query.get("next_page_token") for entry in page_requests[1:])

    assert len(list(client.list_registrants(WEBINAR_ID, status="pending"))) == 5


def test_find_registrant_by_email_checks_pending_too(fake_zoom, make_client):
    fake_zoom.add_webinar("55566677788", approval_type=1)  # manual approval: registrants wait
    client = make_client()
    added = client.add_registrant("55566677788", email="pending.person@example.org", first_name="P")

    found = client.find_registrant_by_email("55566677788", "  Pending.Person@EXAMPLE.org ")
    assert found["id"] == added["registrant_id"] and found["status"] == "pending"
    assert client.find_registrant_by_email("55566677788", "nobody@example.org") is None


def test_update_registrant_status_in_batches_of_30(fake_zoom, make_client):
    fake_zoom.seed_registrants(WEBINAR_ID, 65)
    client = make_client()
    everyone = [{"id": r["id"], "email": r["email"]} for r in client.list_registrants(WEBINAR_ID)]
    fake_zoom.clear_log()

    client.update_registrant_status(WEBINAR_ID, "cancel", everyone)

    puts = fake_zoom.api_requests()
    assert [len(entry.body["registrants"]) for entry in puts] == [30, 30, 5]
    assert all(entry.status == 204 and entry.body["action"] == "cancel" for entry in puts)
    assert {r["status"] for r in fake_zoom.registrants_of(WEBINAR_ID)} == {"cancelled"}
    assert list(client.list_registrants(WEBINAR_ID)) == []


def test_approve_and_deny_by_email(fake_zoom, make_client):
    fake_zoom.add_webinar("55566677788", approval_type=1)
    client = make_client()
    for name in ("yes", "no"):
        client.add_registrant("55566677788", email=f"{name}@example.org", first_name=name)
    client.update_registrant_status("55566677788", "approve", [{"email": "yes@example.org"}])
    client.update_registrant_status("55566677788", "deny", [{"email": "no@example.org"}])
    assert [r["email"] for r in client.list_registrants("55566677788", "approved")] == ["yes@example.org"]
    assert [r["email"] for r in client.list_registrants("55566677788", "denied")] == ["no@example.org"]


def test_get_webinar_reports_settings(fake_zoom, make_client):
    fake_zoom.add_webinar("11122233344", approval_type=1, interpretation_languages=("FR", "ES"))
    webinar = make_client().get_webinar("111 2223 3344")
    assert webinar["settings"]["approval_type"] == 1
    assert webinar["settings"]["language_interpretation"]["enable"] is True


@pytest.mark.parametrize("report, expected_path", [
    (True, f"/v2/report/webinars/{WEBINAR_ID}/participants"),
    (False, f"/v2/past_webinars/{WEBINAR_ID}/participants"),
])
def test_list_participants_follows_every_page(fake_zoom, make_client, report, expected_path):
    for n in range(305):
        fake_zoom.add_participant(WEBINAR_ID, name=f"Viewer {n}", user_email=f"viewer{n}@example.org",
                                  registrant_id=f"reg{n}")
    participants = list(make_client().list_participants(WEBINAR_ID, report=report))
    assert len(participants) == 305
    assert {entry.path for entry in fake_zoom.api_requests()} == {expected_path}
    assert len(fake_zoom.api_requests()) == 2
    if report:
        assert participants[0]["duration"] == 3600 and participants[0]["registrant_id"] == "reg0"


# ------------------------------------------------------------- rate limiting --


def test_token_bucket_spaces_acquisitions_at_the_rate():
    clock = FakeClock()
    bucket = TokenBucket(10, clock=clock, sleep=clock.sleep)
    acquired_at = []
    for _ in range(25):
        bucket.acquire()
        acquired_at.append(clock())
    assert acquired_at[-1] - acquired_at[0] == pytest.approx(2.4)
    for index, start in enumerate(acquired_at):
        in_window = [moment for moment in acquired_at[index:] if moment < start + 1.0]
        assert len(in_window) <= 10


def test_token_bucket_allows_configured_burst_then_throttles():
    clock = FakeClock()
    bucket = TokenBucket(5, burst=5, clock=clock, sleep=clock.sleep)
    for _ in range(5):
        assert bucket.acquire() == 0.0
    assert bucket.acquire() == pytest.approx(0.2)


def test_token_bucket_is_thread_safe():
    clock = FakeClock()
    bucket = TokenBucket(100, clock=clock, sleep=clock.sleep)
    threads = [threading.Thread(target=lambda: [bucket.acquire() for _ in range(50)]) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # 200 tokens at 100/s, the first free: the clock must have moved at least 1.99 s.
    assert clock() - 1000.0 >= 1.99 - 1e-9


def test_concurrent_burst_stays_under_the_configured_rate(fake_zoom):
    # Real time on purpose: the assertion is on what the *server* saw. Only
    # upper bounds on requests per window are checked, with slack, so a slow
    # machine can make this test slower but not make it fail.
    rate = 20
    fake_zoom.rate_limit_per_second = 25  # the server would answer 429 above this
    client = ZoomClient(**fake_zoom.client_kwargs(max_requests_per_second=rate))
    client.get_webinar(WEBINAR_ID)  # fetch the token outside the burst
    fake_zoom.clear_log()

    def worker():
        for _ in range(10):
            client.get_webinar(WEBINAR_ID)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    client.close()

    arrivals = sorted(entry.time for entry in fake_zoom.api_requests())
    assert len(arrivals) == 40
    assert all(status == 200 for status in api_statuses(fake_zoom))  # never tripped the server
    busiest_second = max(sum(1 for moment in arrivals if start <= moment < start + 1.0)
                         for start in arrivals)
    assert busiest_second <= rate + 3
    # 40 evenly spaced requests at 20/s span about 1.95 s.
    assert arrivals[-1] - arrivals[0] >= 1.5


def test_client_recovers_from_server_side_rate_limit(fake_zoom):
    # A client configured above the server's limit (say, two app processes
    # sharing one Zoom account) gets 429 QPS and must back off until the
    # server's one-second window frees up. Real sleeps: about one second.
    fake_zoom.rate_limit_per_second = 3
    client = ZoomClient(**fake_zoom.client_kwargs(max_requests_per_second=1000, backoff_base=0.4))
    for _ in range(5):
        client.get_webinar(WEBINAR_ID)
    client.close()
    statuses = api_statuses(fake_zoom)
    assert 429 in statuses and statuses.count(200) == 5
