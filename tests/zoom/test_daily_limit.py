"""Zoom's daily limit on adding one registrant (3 a day per webinar, reset at 00:00 GMT):
recognised without headers, parked until just after midnight, shown to organisers and
to the person, retried once, and never more than 3 adds a day leave eventhub."""
from __future__ import annotations

import datetime as dt

import pytest

from eventhub.jobs import huey
from eventhub.registration.notifications import place_summaries
from eventhub.zoom import client as zoom_client
from eventhub.zoom import operations, services
from eventhub.zoom.client import ZoomDailyLimit
from eventhub.zoom.limits import REGISTRANT_ADDS_PER_DAY
from tests.zoom.conftest import WEBINAR_ID, fresh, place_of, run_scheduled_now

# Any date would do now that FrozenClock also stops the queue's clock; before, the queue read
# the real clock and, once this evening had passed, re-ran the parked job without end.
EVENING = dt.datetime(2030, 12, 3, 19, 0, tzinfo=dt.timezone.utc)
AFTER_MIDNIGHT = dt.datetime(2030, 12, 4, 0, 1, 30, tzinfo=dt.timezone.utc)


class FrozenClock:
    """One wall clock for eventhub's client, FakeZoom's day and the job queue."""

    def __init__(self, monkeypatch, fake_zoom, now):
        self.now = now
        monkeypatch.setattr(zoom_client, "utc_now", lambda: self.now)
        fake_zoom.utcnow = lambda: self.now
        # huey decides which scheduled jobs are due by its own clock (naive UTC).
        monkeypatch.setattr(huey, "_get_timestamp", lambda: self.now.replace(tzinfo=None))


def posts(fake_zoom):
    return [r for r in fake_zoom.api_requests()
            if r.method == "POST" and r.path == f"/v2/webinars/{WEBINAR_ID}/registrants"]


# ------------------------------------------------------------------------- client --

def test_a_bare_429_naming_the_registrant_limit_is_the_daily_limit_not_retried(fake_zoom, make_client):
    client = make_client(utcnow=lambda: EVENING)
    # FakeZoom counts adds per GMT day: its clock is set before the count is.
    fake_zoom.utcnow = lambda: EVENING
    fake_zoom.set_registrant_adds_today(WEBINAR_ID, "a@example.org", REGISTRANT_ADDS_PER_DAY)
    with pytest.raises(ZoomDailyLimit) as caught:
        client.add_registrant(WEBINAR_ID, email="a@example.org", first_name="A")
    assert caught.value.per_registrant and caught.value.sent
    assert caught.value.retry_at == dt.datetime(2030, 12, 4, tzinfo=dt.timezone.utc)
    [answer] = posts(fake_zoom)  # one request, no per-second retries
    assert answer.status == 429
    # The message alone, without X-RateLimit-Type or Retry-After, was enough.
    fake_zoom.daily_limit_next(1, headers=False, message="You have exceeded the daily rate limit (3) of "
                               "Add webinar registrant API requests. You can resume at GMT 00:00:00.")
    with pytest.raises(ZoomDailyLimit):
        client.add_registrant(WEBINAR_ID, email="b@example.org", first_name="B")


def test_per_second_429_without_headers_is_still_retried(fake_zoom, make_client):
    client = make_client()
    fake_zoom.fail_next(1, status=429, code=429, message="Too many requests.")
    assert client.get_webinar(WEBINAR_ID)["id"] == int(WEBINAR_ID)
    assert len(fake_zoom.api_requests()) == 2


def test_no_fourth_add_of_one_registrant_leaves_eventhub_in_one_gmt_day(fake_zoom, make_client):
    client = make_client(utcnow=lambda: EVENING)
    fake_zoom.utcnow = lambda: EVENING
    for _ in range(REGISTRANT_ADDS_PER_DAY):
        client.add_registrant(WEBINAR_ID, email="same@example.org", first_name="Same")
    with pytest.raises(ZoomDailyLimit) as caught:
        client.add_registrant(WEBINAR_ID, email="SAME@example.org", first_name="Same")
    assert not caught.value.sent
    assert len(posts(fake_zoom)) == REGISTRANT_ADDS_PER_DAY
    assert fake_zoom.registrant_adds_today(WEBINAR_ID, "same@example.org") == REGISTRANT_ADDS_PER_DAY
    client.add_registrant(WEBINAR_ID, email="other@example.org", first_name="Other")  # others go on


# ------------------------------------------------------------------------ the app --

def test_a_registrant_over_the_limit_is_parked_told_and_added_once_after_midnight(
        api_event, people, run_jobs, zoom_api, smtp_server, monkeypatch):
    clock = FrozenClock(monkeypatch, zoom_api, EVENING)
    zoom_api.set_registrant_adds_today(WEBINAR_ID, "busy@parl.example", REGISTRANT_ADDS_PER_DAY)
    registration = people.register(api_event, {2: "fr"}, email="busy@parl.example", language="fr")
    run_jobs()

    place = fresh(place_of(registration, 2))
    assert place.zoom_state == "pending"
    kind, resumes, message = services.parse_zoom_error(place.zoom_error)
    assert kind == "daily_limit" and resumes == "2030-12-04T00:01:00Z" and "(3)" in message
    [parked] = huey.scheduled()
    assert parked.eta == dt.datetime(2030, 12, 4, 0, 1)  # just after 00:00 GMT, not ~54 retries
    assert huey.pending_count() == 0
    assert len(posts(zoom_api)) == 1
    summary = services.zoom_summary(place)
    assert summary["waiting_for"] == "daily_limit" and summary["resumes_at"] == "2030-12-04T00:01:00Z"

    # The person is told (once, in French) that the link follows after the reset.
    [notice] = smtp_server.messages
    assert notice["To"] == "busy@parl.example"
    assert notice["Subject"].startswith("Votre lien pour rejoindre la séance 2 suivra")
    text = notice.get_body(("plain",)).get_content()
    assert "4 déc. 2030, 01:01 — Zurich (heure d’Europe centrale)" in text
    assert "Europe/Zurich" not in text  # the person reads the zone's name, not its IANA ID
    [step] = [s.zoom for s in place_summaries(place.registration, "fr") if s.session.number == 2]
    assert step.kind == "delayed" and "01:01" in step.resume

    clock.now = AFTER_MIDNIGHT
    run_scheduled_now()
    place = fresh(place)
    assert place.zoom_state == "synced" and place.zoom_error is None
    assert [r["email"] for r in zoom_api.registrants_of(WEBINAR_ID)] == ["busy@parl.example"]
    assert [r.status for r in posts(zoom_api)] == [429, 201]
    assert huey.scheduled() == []  # retried once: nothing else is waiting for another attempt
    assert len(smtp_server.messages) == 2  # then the join link
    assert place.zoom_join_url in smtp_server.messages[-1].get_body(("plain",)).get_content()


def test_console_shows_the_parked_place_and_retry_sends_nothing_before_midnight(
        api_event, people, run_jobs, zoom_api, make_user, login_as, client, monkeypatch):
    clock = FrozenClock(monkeypatch, zoom_api, EVENING)
    zoom_api.set_registrant_adds_today(WEBINAR_ID, "busy@parl.example", REGISTRANT_ADDS_PER_DAY)
    registration = people.register(api_event, email="busy@parl.example")
    run_jobs()
    place = fresh(place_of(registration, 2))

    login_as(make_user())
    page = client.get(f"/console/events/{api_event.slug}/zoom?lang=en").get_data(as_text=True)
    assert "Waiting for Zoom's daily limit: the next attempt is at Dec 4, 2030, 12:01\u202fAM UTC." in page
    assert f"/zoom/places/{place.id}/retry" in page

    response = client.post(f"/console/events/{api_event.slug}/zoom/places/{place.id}/retry")
    assert response.status_code == 303
    run_jobs()
    # Zoom already refused this registrant today: the retry is held back, not sent.
    assert len(posts(zoom_api)) == 1
    assert services.parse_zoom_error(fresh(place).zoom_error)[0] == "daily_limit"

    clock.now = AFTER_MIDNIGHT
    client.post(f"/console/events/{api_event.slug}/zoom/places/{place.id}/retry")
    run_jobs()
    assert fresh(place).zoom_state == "synced"
    run_scheduled_now()  # the parked jobs find the place synced: nothing more is sent
    assert [r.status for r in posts(zoom_api)] == [429, 201]
    assert len(zoom_api.registrants_of(WEBINAR_ID)) == 1


def test_retry_works_for_a_pending_place_waiting_for_its_retry(api_event, people, run_jobs, zoom_api,
                                                             make_user, login_as, client):
    zoom_api.fail_next(10, status=503, message="Service Unavailable")
    registration = people.register(api_event, email="waiting@parl.example")
    run_jobs()
    place = fresh(place_of(registration, 2))
    assert place.zoom_state == "pending" and services.parse_zoom_error(place.zoom_error)[0] == "retrying"
    zoom_api.clear_faults()
    login_as(make_user())
    response = client.post(f"/console/events/{api_event.slug}/zoom/places/{place.id}/retry",
                           follow_redirects=True)
    assert "The registration will be sent to Zoom again." in response.get_data(as_text=True)
    run_jobs()
    assert fresh(place).zoom_state == "synced"


def test_the_margin_is_after_zooms_reset():
    assert dt.timedelta(0) < operations.DAILY_RESET_MARGIN <= dt.timedelta(minutes=5)
