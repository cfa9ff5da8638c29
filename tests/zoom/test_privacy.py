"""Erasing a person's data here deletes their registrant on Zoom too (FakeZoom over real
HTTP): Zoom keeps name, email and answers otherwise, even for a cancelled registrant."""
from __future__ import annotations

import datetime as dt
import json
import time

import pytest

from eventhub.extensions import db
from eventhub.jobs import huey
from eventhub.privacy.operations import anonymise_registration
from eventhub.registration.models import Registration, RegistrationChange
from eventhub.zoom import services
from eventhub.zoom.reconciliation import reconcile
from eventhub.zoom.tasks import sync_session_registration
from tests.zoom.conftest import WEBINAR_ID, fresh, place_of, run_scheduled_now

UTC = dt.timezone.utc


def requests_since(fake_zoom, count):
    """API requests FakeZoom received after the first ``count``."""
    return fake_zoom.api_requests()[count:]


def mentions(requests, *texts):
    """The requests whose path, query or body contains one of ``texts`` (case-insensitive)."""
    found = []
    for request in requests:
        seen = json.dumps([request.path, request.query, request.body], ensure_ascii=False).casefold()
        if any(text.casefold() in seen for text in texts):
            found.append(request)
    return found


def deletes(fake_zoom):
    return [r for r in fake_zoom.api_requests() if r.method == "DELETE"]


def emails_on_zoom(fake_zoom):
    return sorted(r["email"] for r in fake_zoom.registrants_of(WEBINAR_ID))


def removal_entries(registration):
    return [(c.actor, c.details) for c in db.session.execute(
        db.select(RegistrationChange).filter_by(registration_id=registration.id, action="removed_from_zoom")
    ).scalars()]


@pytest.fixture
def synced(api_event, people, run_jobs, zoom_api):
    """Two people registered on Zoom; the first will ask for their data to be erased."""
    nadia = people.register(api_event, email="nadia@parliament.dz", given_name="Nadia", family_name="Benali")
    other = people.register(api_event, email="jean@assemblee.fr", given_name="Jean", family_name="Dupont")
    run_jobs()
    assert emails_on_zoom(zoom_api) == ["jean@assemblee.fr", "nadia@parliament.dz"]
    return nadia, other


def test_erasing_from_the_console_deletes_the_person_from_zoom(api_event, synced, run_jobs, zoom_api,
                                                              make_user, login_as, client):
    nadia, other = synced
    registrant_id = fresh(place_of(nadia, 2)).zoom_registrant_id
    login_as(make_user())
    before = len(zoom_api.api_requests())
    response = client.post(f"/console/e/{api_event.slug}/registrations/{nadia.id}/anonymise",
                           data={"confirm": "yes"})
    assert response.status_code == 302
    run_jobs()

    assert emails_on_zoom(zoom_api) == ["jean@assemblee.fr"]  # gone from Zoom, the other person stays
    [delete] = deletes(zoom_api)
    assert (delete.path, delete.status) == (f"/v2/webinars/{WEBINAR_ID}/registrants/{registrant_id}", 204)
    after = requests_since(zoom_api, before)
    assert after == [delete]
    assert mentions(after, "nadia@parliament.dz", "Nadia", "Benali", "anonymised.invalid") == []

    place = fresh(place_of(nadia, 2))
    assert place.zoom_state == "cancelled"
    assert (place.zoom_registrant_id, place.zoom_join_url, place.zoom_error) == (None, None, None)
    assert removal_entries(nadia) == [("system", {"session": 2})]
    assert fresh(place_of(other, 2)).zoom_state == "synced"

    page = client.get(f"/console/e/{api_event.slug}/registrations/{nadia.id}?lang=en").get_data(as_text=True)
    assert "Removed from Zoom" in page and "Cancelled on Zoom" in page
    page = client.get(f"/console/e/{api_event.slug}/registrations/{nadia.id}?lang=fr").get_data(as_text=True)
    assert "Supprimée de Zoom" in page and "Annulée sur Zoom" in page
    # Nobody is offered to send the anonymised person to Zoom again.
    assert [row.place.id for row in reconcile(api_event.session_by_number(2)).only_here] == []


def test_a_cancelled_registrant_still_on_zoom_is_deleted_too(api_event, synced, people, run_jobs, zoom_api):
    nadia, _ = synced
    people.change(fresh(place_of(nadia, 2)), "cancelled", status="cancelled")
    run_jobs()
    statuses = {r["email"]: r["status"] for r in zoom_api.registrants_of(WEBINAR_ID)}
    assert statuses["nadia@parliament.dz"] == "cancelled"  # cancelled, but Zoom keeps the data

    anonymise_registration(fresh(nadia), "organiser@ipu.example")
    run_jobs()
    assert emails_on_zoom(zoom_api) == ["jean@assemblee.fr"]
    assert fresh(place_of(nadia, 2)).zoom_registrant_id is None


def test_the_retention_purge_deletes_old_registrations_from_zoom(app, api_event, people, run_jobs, zoom_api):
    old = [people.register(api_event, email=f"old{n}@parl.example") for n in range(3)]
    recent = people.register(api_event, email="recent@parl.example")
    run_jobs()
    db.session.execute(db.update(Registration).where(Registration.id.in_([r.id for r in old]))
                       .values(created_at=dt.datetime(2022, 12, 1, 12, tzinfo=UTC)))
    db.session.execute(db.update(Registration).where(Registration.id == recent.id)
                       .values(created_at=dt.datetime(2023, 2, 1, tzinfo=UTC)))
    db.session.commit()
    before = len(zoom_api.api_requests())

    result = app.test_cli_runner().invoke(args=["data", "purge", "--event", api_event.slug,
                                                "--before", "2023-01-01"])
    assert result.exit_code == 0 and result.output.startswith("Anonymised 3 registration(s)")
    run_jobs()

    assert emails_on_zoom(zoom_api) == ["recent@parl.example"]
    after = requests_since(zoom_api, before)
    assert sorted((r.method, r.status) for r in after) == [("DELETE", 204)] * 3
    assert mentions(after, "old0@", "old1@", "old2@", "anonymised.invalid") == []
    for registration in old:
        assert fresh(place_of(registration, 2)).zoom_state == "cancelled"
        assert removal_entries(registration) == [("system", {"session": 2})]


def test_a_registrant_already_deleted_on_zoom_counts_as_removed(api_event, synced, run_jobs, zoom_api):
    nadia, _ = synced
    place = fresh(place_of(nadia, 2))
    # Someone deleted the registration in Zoom's portal meanwhile.
    assert services.get_client().delete_registrant(WEBINAR_ID, place.zoom_registrant_id) is True

    anonymise_registration(fresh(nadia), "organiser@ipu.example")
    run_jobs()
    assert [r.status for r in deletes(zoom_api)] == [204, 404]  # Zoom: no such registrant
    place = fresh(place)
    assert place.zoom_state == "cancelled" and place.zoom_error is None
    assert place.zoom_registrant_id is None
    assert removal_entries(nadia) == [("system", {"session": 2})]
    assert huey.scheduled_count() == 0 and huey.pending_count() == 0


def test_a_zoom_outage_is_retried_and_the_registrant_deleted_once(api_event, synced, run_jobs, zoom_api):
    nadia, _ = synced
    zoom_api.fail_next(3, status=500)  # more than the client's own 2 retries in these tests
    anonymise_registration(fresh(nadia), "organiser@ipu.example")
    run_jobs()
    place = fresh(place_of(nadia, 2))
    assert place.zoom_registrant_id is not None and place.zoom_state == "synced"
    assert services.parse_zoom_error(place.zoom_error)[0] == "retrying"
    assert "nadia@parliament.dz" in emails_on_zoom(zoom_api)
    assert huey.scheduled_count() == 1  # the queue's retry, with backoff

    run_scheduled_now()
    assert emails_on_zoom(zoom_api) == ["jean@assemblee.fr"]
    assert [r.status for r in deletes(zoom_api)] == [500, 500, 500, 204]
    place = fresh(place)
    assert place.zoom_state == "cancelled" and place.zoom_error is None
    assert removal_entries(nadia) == [("system", {"session": 2})]
    run_scheduled_now()
    assert len(deletes(zoom_api)) == 4  # nothing left to retry


def test_a_timeout_after_zoom_deleted_ends_removed_on_retry(app, api_event, synced, run_jobs, zoom_api):
    nadia, _ = synced
    app.config.update(ZOOM_TIMEOUT=[2, 0.3], ZOOM_MAX_RETRIES=0)
    zoom_api.hang_next(1, seconds=0.8)  # Zoom deletes after the client gave up waiting
    anonymise_registration(fresh(nadia), "organiser@ipu.example")
    run_jobs()
    assert services.parse_zoom_error(fresh(place_of(nadia, 2)).zoom_error)[0] == "retrying"
    deadline = time.monotonic() + 5
    while "nadia@parliament.dz" in emails_on_zoom(zoom_api) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert emails_on_zoom(zoom_api) == ["jean@assemblee.fr"]

    run_scheduled_now()
    assert [r.status for r in deletes(zoom_api)] == [204, 404]
    place = fresh(place_of(nadia, 2))
    assert place.zoom_state == "cancelled" and place.zoom_error is None
    assert removal_entries(nadia) == [("system", {"session": 2})]


def test_daily_limit_parks_the_deletion_until_midnight_utc(api_event, synced, run_jobs, zoom_api):
    nadia, _ = synced
    zoom_api.daily_limit_next(1)
    anonymise_registration(fresh(nadia), "organiser@ipu.example")
    run_jobs()
    assert services.parse_zoom_error(fresh(place_of(nadia, 2)).zoom_error)[0] == "daily_limit"
    [parked] = huey.scheduled()
    assert parked.eta.hour == 0 and parked.eta.minute == 1  # just after 00:00 GMT (DAILY_RESET_MARGIN)
    run_scheduled_now()
    assert emails_on_zoom(zoom_api) == ["jean@assemblee.fr"]
    assert fresh(place_of(nadia, 2)).zoom_state == "cancelled"


def test_a_refusal_is_shown_to_organisers_and_retry_deletes(api_event, synced, run_jobs, zoom_api,
                                                          make_user, login_as, client):
    nadia, _ = synced
    zoom_api.fail_next(1, status=400, code=200, message="Webinar plan is missing.")
    anonymise_registration(fresh(nadia), "organiser@ipu.example")
    run_jobs()
    place = fresh(place_of(nadia, 2))
    assert place.zoom_state == "failed" and place.zoom_error == "Webinar plan is missing."
    assert huey.scheduled_count() == 0  # a refusal is not retried by itself
    assert "nadia@parliament.dz" in emails_on_zoom(zoom_api)

    login_as(make_user())
    page = client.get(f"/console/events/{api_event.slug}/zoom?lang=en").get_data(as_text=True)
    assert "Webinar plan is missing." in page
    assert "Personal data erased here; Zoom did not delete its copy of this registration." in page
    response = client.post(f"/console/events/{api_event.slug}/zoom/places/{place.id}/retry")
    assert response.status_code == 303
    run_jobs()
    assert emails_on_zoom(zoom_api) == ["jean@assemblee.fr"]
    place = fresh(place)
    assert place.zoom_state == "cancelled" and place.zoom_error is None
    assert mentions(zoom_api.api_requests(), "anonymised.invalid") == []


def test_a_sync_queued_before_the_erasure_never_sends_the_placeholder(api_event, people, run_jobs, zoom_api):
    registration = people.register(api_event, email="late@parl.example")
    place_id = place_of(registration, 2).id
    assert huey.pending_count() == 1  # the sync job, not yet run
    anonymise_registration(fresh(registration), "organiser@ipu.example")
    sync_session_registration(place_id, lookup_first=True, force=True)  # e.g. an organiser's push
    run_jobs()

    assert zoom_api.registrants_of(WEBINAR_ID) == []
    assert zoom_api.api_requests() == []  # neither the placeholder nor a lookup reached Zoom
    place = fresh(place_of(registration, 2))
    assert place.zoom_registrant_id is None and place.zoom_state == "pending" and place.zoom_error is None
    assert removal_entries(registration) == []  # never on Zoom: nothing to remove


def test_link_mode_places_need_nothing(demo_event, people, run_jobs, fake_zoom):
    registration = people.register(demo_event)
    anonymise_registration(fresh(registration), "organiser@ipu.example")
    assert huey.pending_count() == 0
    run_jobs()
    assert fake_zoom.request_log == []


# ------------------------------------------------------------------------- client --

def test_client_delete_registrant_deletes_then_reports_already_gone(make_client, fake_zoom):
    client = make_client()
    answer = client.add_registrant("847 5984 1045", email="a@example.org", first_name="A")
    assert client.delete_registrant("847 5984 1045", answer["registrant_id"]) is True
    assert fake_zoom.registrants_of(WEBINAR_ID) == []
    assert client.delete_registrant(WEBINAR_ID, answer["registrant_id"]) is False
    assert client.delete_registrant("99999999999", "no-such-registrant") is False  # webinar gone: so is it
    assert [(r.method, r.status) for r in fake_zoom.api_requests()] == [
        ("POST", 201), ("DELETE", 204), ("DELETE", 404), ("DELETE", 404)]
    with pytest.raises(ValueError):
        client.delete_registrant(WEBINAR_ID, " ")


def test_client_delete_registrant_retries_like_every_call(make_client, fake_zoom, fake_clock):
    client = make_client(max_retries=3)
    answer = client.add_registrant(WEBINAR_ID, email="a@example.org", first_name="A")
    fake_zoom.fail_next(2, status=503)
    fake_zoom.rate_limit_next(1, retry_after=2)
    assert client.delete_registrant(WEBINAR_ID, answer["registrant_id"]) is True
    assert [r.status for r in fake_zoom.api_requests() if r.method == "DELETE"] == [503, 503, 429, 204]
    assert 2 in fake_clock.sleeps  # Zoom's Retry-After was honoured
