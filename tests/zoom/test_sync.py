"""Registrations reach the Zoom webinar (FakeZoom over real HTTP) through jobs: exactly
once, with the person's details, and Zoom's refusals, limits and outages handled."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from eventhub.events.operations import update_session
from eventhub.extensions import db
from eventhub.jobs import huey
from eventhub.registration.models import RegistrationChange
from eventhub.zoom import operations, services
from eventhub.zoom.tasks import sync_session_registration
from tests.zoom.conftest import SECOND_WEBINAR_ID, WEBINAR_ID, fresh, place_of, run_scheduled_now


def posts(fake_zoom, webinar_id=WEBINAR_ID):
    return [r for r in fake_zoom.api_requests()
            if r.method == "POST" and r.path == f"/v2/webinars/{webinar_id}/registrants"]


def test_every_registration_reaches_zoom_once_with_the_persons_details(api_event, people, run_jobs, zoom_api):
    amina = people.register(api_event, {2: "ar"}, email="amina@parl.ma", given_name="Amina",
                            family_name="Haddad", country="MA", language="ar", role="member")
    jean = people.register(api_event, {2: "fr"}, email="jean@assemblee.fr", given_name="Jean",
                           family_name="Dupont", country="FR", language="fr", role="staff",
                           parliament="Assemblée nationale")
    maria = people.register(api_event, {1: "en", 2: "es"}, email="maria@congreso.es", language="es")

    assert huey.pending_count() == 3  # one job per API-mode place; session 1 is in link mode
    run_jobs()
    on_zoom = {r["email"]: r for r in zoom_api.registrants_of(WEBINAR_ID)}
    assert sorted(on_zoom) == ["amina@parl.ma", "jean@assemblee.fr", "maria@congreso.es"]
    assert len(posts(zoom_api)) == 3

    jean_on_zoom = on_zoom["jean@assemblee.fr"]
    assert (jean_on_zoom["first_name"], jean_on_zoom["last_name"]) == ("Jean", "Dupont")
    assert jean_on_zoom["org"] == "Assemblée nationale"
    assert jean_on_zoom["job_title"] == "Parliamentary staff"
    assert jean_on_zoom["country"] == "FR"
    assert jean_on_zoom["language"] == "fr-FR"
    assert {q["title"]: q["value"] for q in jean_on_zoom["custom_questions"]} == {
        "Listening language": "French", "Interpretation channel": "French"}
    # Zoom has no Arabic pages: English confirmation, Arabic recorded as the listening language.
    assert on_zoom["amina@parl.ma"]["language"] == "en-US"
    assert on_zoom["amina@parl.ma"]["custom_questions"][0]["value"] == "Arabic"

    place = fresh(place_of(jean, 2))
    assert place.zoom_state == "synced"
    assert place.zoom_registrant_id == jean_on_zoom["id"]
    assert place.zoom_join_url == jean_on_zoom["join_url"]
    assert place.zoom_join_url.startswith(f"https://zoom.example/w/{WEBINAR_ID}?tk=")
    assert place.zoom_synced_at is not None and place.zoom_error is None
    assert fresh(place_of(maria, 1)).zoom_state == "link"
    assert services.zoom_summary(fresh(place_of(amina, 2))) == {
        "mode": "api", "state": "synced", "registrant_id": on_zoom["amina@parl.ma"]["id"],
        "join_url": on_zoom["amina@parl.ma"]["join_url"], "error": None,
        "waiting_for": None, "resumes_at": None}


def test_floor_language_listeners_need_no_interpretation_channel(api_event, people, run_jobs, zoom_api):
    people.register(api_event, {2: "en"}, email="floor@parl.example")
    run_jobs()
    questions = zoom_api.registrants_of(WEBINAR_ID)[0]["custom_questions"]
    assert {q["title"]: q["value"] for q in questions} == {
        "Listening language": "English", "Interpretation channel": "Floor (no interpretation)"}


def test_a_job_that_runs_twice_registers_once(api_event, people, run_jobs, zoom_api):
    registration = people.register(api_event)
    place_id = place_of(registration, 2).id
    sync_session_registration(place_id)  # queued a second time (e.g. a double click on Retry)
    assert huey.pending_count() == 2
    run_jobs()
    sync_session_registration(place_id)
    run_jobs()
    assert len(zoom_api.registrants_of(WEBINAR_ID)) == 1
    assert len(posts(zoom_api)) == 1


def test_timeout_after_zoom_created_the_registrant_links_it_on_retry(api_event, people, run_jobs, zoom_api, app):
    app.config.update(ZOOM_TIMEOUT=[2, 0.3], ZOOM_MAX_RETRIES=0)
    zoom_api.hang_next(1, seconds=0.8)  # Zoom answers after the client gave up, but does create
    registration = people.register(api_event, email="slow@parl.example")
    run_jobs()
    place = fresh(place_of(registration, 2))
    assert place.zoom_state == "pending"
    assert services.parse_zoom_error(place.zoom_error)[0] == "retrying"
    deadline = time.monotonic() + 5
    while not zoom_api.registrants_of(WEBINAR_ID) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(zoom_api.registrants_of(WEBINAR_ID)) == 1  # created on Zoom, unknown to us

    assert huey.scheduled_count() == 1  # huey's own retry, with backoff
    run_scheduled_now()
    place = fresh(place)
    registrant = zoom_api.registrants_of(WEBINAR_ID)[0]
    assert place.zoom_state == "synced", place.zoom_error
    assert place.zoom_registrant_id == registrant["id"]
    assert place.zoom_error is None
    assert len(zoom_api.registrants_of(WEBINAR_ID)) == 1
    assert len(posts(zoom_api)) == 1  # the retry looked the person up instead of adding again


@pytest.mark.parametrize("duplicate_mode", ["same", "error"])
def test_someone_already_registered_on_zoom_is_linked_not_duplicated(duplicate_mode, api_event, people,
                                                                     run_jobs, zoom_api):
    zoom_api.duplicate_mode = duplicate_mode
    zoom_api.seed_registrants(WEBINAR_ID, 1, email_pattern="early.bird@parl.example")
    existing = zoom_api.registrants_of(WEBINAR_ID)[0]
    registration = people.register(api_event, email="Early.Bird@parl.example")
    run_jobs()
    place = fresh(place_of(registration, 2))
    assert place.zoom_state == "synced"
    assert place.zoom_registrant_id == existing["id"]
    assert place.zoom_join_url == existing["join_url"]
    assert len(zoom_api.registrants_of(WEBINAR_ID)) == 1


def test_server_errors_are_retried_then_succeed(api_event, people, run_jobs, zoom_api):
    zoom_api.fail_next(2, status=500)  # within the client's own retries (2 in these tests)
    registration = people.register(api_event)
    run_jobs()
    assert fresh(place_of(registration, 2)).zoom_state == "synced"
    assert [r.status for r in posts(zoom_api)] == [500, 500, 201]


@pytest.mark.parametrize("retry_after", [None, 0.2])
def test_per_second_limits_are_waited_out(retry_after, api_event, people, run_jobs, zoom_api):
    zoom_api.rate_limit_next(2, retry_after=retry_after)
    registration = people.register(api_event)
    started = time.monotonic()
    run_jobs()
    assert fresh(place_of(registration, 2)).zoom_state == "synced"
    assert [r.status for r in posts(zoom_api)] == [429, 429, 201]
    if retry_after:
        assert time.monotonic() - started >= 2 * retry_after  # Zoom's Retry-After was honoured
    assert len(zoom_api.registrants_of(WEBINAR_ID)) == 1


def test_a_longer_outage_is_retried_by_the_queue_with_backoff(api_event, people, run_jobs, zoom_api):
    zoom_api.fail_next(3, status=503, message="Service Unavailable")  # more than the client retries
    registration = people.register(api_event)
    run_jobs()
    place = fresh(place_of(registration, 2))
    assert place.zoom_state == "pending"
    kind, _, message = services.parse_zoom_error(place.zoom_error)
    assert kind == "retrying" and "Service Unavailable" in message
    [retry] = huey.scheduled()
    assert retry.retries == 7  # 8 configured, one used
    assert retry.eta > dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(seconds=20)

    run_scheduled_now()
    place = fresh(place)
    assert place.zoom_state == "synced" and place.zoom_error is None
    assert len(zoom_api.registrants_of(WEBINAR_ID)) == 1


def test_daily_limit_parks_the_job_until_midnight_utc(api_event, people, run_jobs, zoom_api):
    zoom_api.daily_limit_next(1)
    registration = people.register(api_event)
    before = dt.datetime.now(dt.timezone.utc)
    run_jobs()
    after = dt.datetime.now(dt.timezone.utc)
    place = fresh(place_of(registration, 2))
    assert place.zoom_state == "pending"
    kind, retry_at, message = services.parse_zoom_error(place.zoom_error)
    assert kind == "daily_limit" and "daily rate limit" in message
    midnights = {(moment + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
                 + operations.DAILY_RESET_MARGIN for moment in (before, after)}
    [parked] = huey.scheduled()
    assert parked.eta.replace(tzinfo=dt.timezone.utc) in midnights
    assert retry_at in {m.strftime("%Y-%m-%dT%H:%M:%SZ") for m in midnights}
    assert len(posts(zoom_api)) == 1

    run_scheduled_now()  # midnight came
    place = fresh(place)
    assert place.zoom_state == "synced"
    assert len(zoom_api.registrants_of(WEBINAR_ID)) == 1


def test_validation_error_is_stored_not_retried_and_retry_works_once_fixed(api_event, people, run_jobs,
                                                                          zoom_api, make_user, login_as, client):
    registration = people.register(api_event, email="typo@nodot", given_name="Typo")
    run_jobs()
    place = fresh(place_of(registration, 2))
    assert place.zoom_state == "failed"
    assert "Validation Failed" in place.zoom_error and "email" in place.zoom_error
    assert huey.scheduled_count() == 0 and huey.pending_count() == 0
    assert services.zoom_summary(place)["error"] == place.zoom_error

    login_as(make_user())
    page = client.get(f"/console/events/{api_event.slug}/zoom").get_data(as_text=True)
    assert "Validation Failed" in page and "Typo" in page and "Retry" in page

    place.registration.email = "typo@dot.example"
    db.session.commit()
    response = client.post(f"/console/events/{api_event.slug}/zoom/places/{place.id}/retry")
    assert response.status_code == 303
    assert fresh(place).zoom_state == "pending"
    run_jobs()
    place = fresh(place)
    assert place.zoom_state == "synced" and place.zoom_error is None
    assert [r["email"] for r in zoom_api.registrants_of(WEBINAR_ID)] == ["typo@dot.example"]


def test_full_webinar_is_a_refusal(api_event, people, run_jobs, zoom_api):
    zoom_api.add_webinar(SECOND_WEBINAR_ID, capacity=1)
    session = api_event.session_by_number(2)
    session.zoom_webinar_id = SECOND_WEBINAR_ID
    db.session.commit()
    first = people.register(api_event)
    second = people.register(api_event)
    run_jobs()
    assert fresh(place_of(first, 2)).zoom_state == "synced"
    refused = fresh(place_of(second, 2))
    assert refused.zoom_state == "failed" and "capacity" in refused.zoom_error


def test_unknown_webinar_is_a_refusal_organisers_see(api_event, people, run_jobs, zoom_api):
    api_event.session_by_number(2).zoom_webinar_id = "99999999999"
    db.session.commit()
    registration = people.register(api_event)
    run_jobs()
    place = fresh(place_of(registration, 2))
    assert place.zoom_state == "failed" and "does not exist" in place.zoom_error


def test_cancellation_cancels_on_zoom(api_event, people, run_jobs, zoom_api):
    registration = people.register(api_event)
    run_jobs()
    place = fresh(place_of(registration, 2))
    people.change(place, "cancelled", status="cancelled")
    run_jobs()
    place = fresh(place)
    assert place.zoom_state == "cancelled" and place.zoom_join_url is None
    assert [r["status"] for r in zoom_api.registrants_of(WEBINAR_ID)] == ["cancelled"]
    cancel = [r for r in zoom_api.api_requests() if r.method == "PUT"]
    assert cancel[0].body == {"action": "cancel",
                              "registrants": [{"id": place.zoom_registrant_id, "email": registration.email}]}


def test_cancelled_before_the_sync_ran_never_reaches_zoom(api_event, people, run_jobs, zoom_api):
    registration = people.register(api_event)
    people.change(place_of(registration, 2), "cancelled", status="cancelled")
    run_jobs()
    assert fresh(place_of(registration, 2)).zoom_state == "cancelled"
    assert zoom_api.api_requests() == []


def test_moving_to_another_session_moves_the_zoom_registration(api_event, people, run_jobs, zoom_api):
    zoom_api.add_webinar(SECOND_WEBINAR_ID)
    api_event.session_by_number(1).zoom_webinar_id = SECOND_WEBINAR_ID
    db.session.commit()
    registration = people.register(api_event, {1: "en"}, email="mover@parl.example")
    run_jobs()
    assert len(zoom_api.registrants_of(SECOND_WEBINAR_ID, status="approved")) == 1

    # What the registration domain's change of sessions does: give up one, add the other.
    people.change(place_of(registration, 1), "cancelled", status="cancelled")
    from eventhub.registration.models import SessionRegistration
    new_place = SessionRegistration(registration=registration, session=api_event.session_by_number(2),
                                    listening_language="fr", status="confirmed", zoom_state="pending")
    db.session.add(new_place)
    db.session.commit()
    people.change(new_place, "added")
    run_jobs()
    assert [r["status"] for r in zoom_api.registrants_of(SECOND_WEBINAR_ID)] == ["cancelled"]
    assert [r["email"] for r in zoom_api.registrants_of(WEBINAR_ID, status="approved")] == ["mover@parl.example"]
    assert fresh(new_place).zoom_state == "synced"


def test_a_place_taken_again_is_approved_again_on_zoom(api_event, people, run_jobs, zoom_api):
    registration = people.register(api_event)
    run_jobs()
    place = fresh(place_of(registration, 2))
    people.change(place, "cancelled", status="cancelled")
    run_jobs()
    # The registration domain's "restored": the same row, Zoom fields reset, pending again.
    people.change(fresh(place), "restored", status="confirmed", zoom_state="pending",
                  zoom_registrant_id=None, zoom_join_url=None, zoom_error=None)
    run_jobs()
    place = fresh(place)
    assert place.zoom_state == "synced"
    assert [r["status"] for r in zoom_api.registrants_of(WEBINAR_ID)] == ["approved"]


def test_waiting_list_places_reach_zoom_only_when_promoted(api_event, people, run_jobs, zoom_api):
    registration = people.register(api_event, status="waitlisted")
    run_jobs()
    assert zoom_api.registrants_of(WEBINAR_ID) == []
    place = fresh(place_of(registration, 2))
    assert place.zoom_state == "pending"
    people.change(place, "promoted", status="confirmed", waitlisted_at=None)
    run_jobs()
    assert fresh(place).zoom_state == "synced"
    assert len(zoom_api.registrants_of(WEBINAR_ID)) == 1


def test_language_change_is_recorded_here_and_not_sent_to_zoom(api_event, people, run_jobs, zoom_api):
    registration = people.register(api_event, {2: "fr"})
    run_jobs()
    zoom_api.clear_log()
    people.change(fresh(place_of(registration, 2)), "language_changed", listening_language="es")
    run_jobs()
    assert zoom_api.api_requests() == []  # Zoom has no way to edit a registrant
    assert fresh(place_of(registration, 2)).listening_language == "es"
    note = db.session.execute(db.select(RegistrationChange).filter_by(
        registration_id=registration.id, action="zoom_answer_outdated")).scalar_one()
    assert note.details == {"session": 2, "zoom_value": "fr", "current": "es"}


def test_link_mode_without_credentials_sends_nothing(demo_event, people, run_jobs, fake_zoom):
    demo_event.session_by_number(2).zoom_webinar_id = WEBINAR_ID
    db.session.commit()
    registration = people.register(demo_event)
    assert huey.pending_count() == 0
    assert fresh(place_of(registration, 2)).zoom_state == "link"
    assert services.zoom_summary(place_of(registration, 2))["mode"] == "link"
    assert fake_zoom.request_log == []


def test_setting_the_webinar_id_links_existing_zoom_registrants_and_creates_the_rest(demo_event, zoom_api,
                                                                                    people, run_jobs):
    early = people.register(demo_event, email="early@parl.example")  # link mode: registered on Zoom's form
    late = people.register(demo_event, email="late@parl.example")
    waiting = people.register(demo_event, email="waiting@parl.example", status="waitlisted")
    assert huey.pending_count() == 0
    zoom_api.seed_registrants(WEBINAR_ID, 1, email_pattern="early@parl.example")
    early_on_zoom = zoom_api.registrants_of(WEBINAR_ID)[0]

    update_session(demo_event.session_by_number(2), zoom_webinar_id="847 5984 1045")
    assert fresh(place_of(late, 2)).zoom_state == "pending"
    assert fresh(place_of(waiting, 2)).zoom_state == "link"
    run_jobs()
    assert fresh(place_of(early, 2)).zoom_registrant_id == early_on_zoom["id"]
    assert fresh(place_of(late, 2)).zoom_state == "synced"
    assert sorted(r["email"] for r in zoom_api.registrants_of(WEBINAR_ID)) == [
        "early@parl.example", "late@parl.example"]
    assert len(posts(zoom_api)) == 1


def test_changing_the_webinar_id_moves_everyone_to_the_new_webinar(api_event, people, run_jobs, zoom_api):
    zoom_api.add_webinar(SECOND_WEBINAR_ID)
    registrations = [people.register(api_event) for _ in range(3)]
    run_jobs()
    update_session(api_event.session_by_number(2), zoom_webinar_id=SECOND_WEBINAR_ID)
    run_jobs()
    assert [r["status"] for r in zoom_api.registrants_of(WEBINAR_ID)] == ["cancelled"] * 3
    new = zoom_api.registrants_of(SECOND_WEBINAR_ID)
    assert sorted(r["email"] for r in new) == sorted(r.email for r in registrations)
    for registration in registrations:
        place = fresh(place_of(registration, 2))
        assert place.zoom_state == "synced" and f"/w/{SECOND_WEBINAR_ID}?" in place.zoom_join_url


def test_clearing_the_webinar_id_sends_unsynced_people_back_to_the_link(api_event, people, run_jobs, zoom_api):
    synced = people.register(api_event)
    run_jobs()
    zoom_api.fail_next(10, status=500)
    stuck = people.register(api_event)
    run_jobs()
    assert fresh(place_of(stuck, 2)).zoom_state == "pending"
    update_session(api_event.session_by_number(2), zoom_webinar_id=None)
    assert fresh(place_of(stuck, 2)).zoom_state == "link"
    assert fresh(place_of(stuck, 2)).zoom_error is None
    kept = fresh(place_of(synced, 2))
    assert kept.zoom_state == "synced" and kept.zoom_join_url  # Zoom still honours that link


def test_the_client_is_shared_per_process_and_rebuilt_on_new_settings(app, zoom_api):
    first = services.get_client()
    assert services.get_client() is first
    app.config["ZOOM_MAX_REQUESTS_PER_SECOND"] = 29
    second = services.get_client()
    assert second is not first and second._limiter.ceiling == 29


def test_default_rate_stays_below_zooms_light_limit(app):
    assert app.config["ZOOM_MAX_REQUESTS_PER_SECOND"] == 25


# ------------------------------------------------------------------ join-link email --

def test_the_person_is_emailed_the_join_link_in_their_language(api_event, people, run_jobs, zoom_api, smtp_server):
    people.register(api_event, {2: "es"}, email="jean@assemblee.fr", given_name="Jean", family_name="Dupont",
                    language="fr")
    people.register(api_event, {2: "ar"}, email="amina@parl.ma", given_name="أمينة", family_name="حداد",
                    language="ar")
    run_jobs()
    messages = {m["To"]: m for m in smtp_server.messages}
    links = {r["email"]: r["join_url"] for r in zoom_api.registrants_of(WEBINAR_ID)}

    french = messages["jean@assemblee.fr"]
    assert french["Subject"].startswith("Votre lien personnel pour rejoindre la séance 2\u00a0: "), french["Subject"]
    text = french.get_body(("plain",)).get_content()
    assert links["jean@assemblee.fr"] in text
    assert text.startswith("Madame, Monsieur,")  # no honorific given: the formal French salutation
    assert "espagnol" in text  # his listening language, named in French
    assert "Your personal link" not in text
    [calendar] = [part for part in french.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert links["jean@assemblee.fr"] in calendar.get_content().replace("\r\n ", "")

    arabic = messages["amina@parl.ma"]
    html = arabic.get_body(("html",)).get_content()
    assert '<html lang="ar" dir="rtl">' in html
    assert f'<a href="{links["amina@parl.ma"]}" dir="ltr"' in html
    assert '<bdi dir="auto">أمينة حداد</bdi>' in html


def test_no_second_email_when_nothing_changed_but_a_new_link_is_sent(api_event, people, run_jobs, zoom_api,
                                                                    smtp_server):
    registration = people.register(api_event, email="once@parl.example")
    run_jobs()
    sync_session_registration(place_of(registration, 2).id, force=True, lookup_first=True)
    run_jobs()
    assert len(smtp_server.messages) == 1
    zoom_api.add_webinar(SECOND_WEBINAR_ID)
    update_session(api_event.session_by_number(2), zoom_webinar_id=SECOND_WEBINAR_ID)
    run_jobs()
    assert len(smtp_server.messages) == 2
    assert f"/w/{SECOND_WEBINAR_ID}?" in smtp_server.messages[-1].get_body(("plain",)).get_content()


@pytest.mark.app_config(ZOOM_JOIN_LINK_EMAIL=False)
def test_join_link_email_can_be_switched_off(api_event, people, run_jobs, zoom_api, smtp_server):
    people.register(api_event)
    run_jobs()
    assert smtp_server.messages == []


def test_a_sync_whose_commit_fails_sends_the_join_link_email_once(api_event, people, run_jobs, zoom_api,
                                                                 smtp_server, monkeypatch):
    """The join-link email is part of the sync's transaction: when saving the synced place
    fails (the job is then retried), no email has gone out for the failed attempt."""
    person = people.register(api_event, {2: "fr"}, email="once@parl.example")
    real_commit = db.session.commit
    failures = []

    def commit_failing_once_after_linking():
        # The first commit once Zoom holds the registrant: the sync saving the place.
        if not failures and zoom_api.registrants_of(WEBINAR_ID):
            failures.append(True)
            db.session.rollback()
            raise RuntimeError("database went away while saving")
        return real_commit()

    monkeypatch.setattr(db.session, "commit", commit_failing_once_after_linking)
    run_jobs()
    monkeypatch.undo()
    assert failures == [True]
    run_scheduled_now()
    assert [m["To"] for m in smtp_server.messages].count("once@parl.example") == 1
    assert [r["email"] for r in zoom_api.registrants_of(WEBINAR_ID)] == ["once@parl.example"]
    assert fresh(place_of(person, 2)).zoom_state == "synced"


# --------------------------------------------------------------- batch registration --

def test_switching_to_api_mode_registers_95_people_in_4_batch_calls(demo_event, people, run_jobs, zoom_api,
                                                                    smtp_server):
    """POST /webinars/{id}/batch_registrants takes 30 at most: 30 + 30 + 30 + 5."""
    registrations = [people.register(demo_event, email=f"p{n}@parl.example") for n in range(95)]
    run_jobs()
    assert zoom_api.api_requests() == []  # link mode so far
    zoom_api.batch_refuse.add("p7@parl.example")  # one the batch leaves out: added on its own
    update_session(demo_event.session_by_number(2), zoom_webinar_id=WEBINAR_ID)
    run_jobs()
    batches = [r for r in zoom_api.api_requests() if r.path == f"/v2/webinars/{WEBINAR_ID}/batch_registrants"]
    assert [len(r.body["registrants"]) for r in batches] == [30, 30, 30, 5]
    assert all(r.body["auto_approve"] is True for r in batches)
    assert [r.body["email"] for r in posts(zoom_api)] == ["p7@parl.example"]
    places = [fresh(place_of(r, 2)) for r in registrations]
    assert {p.zoom_state for p in places} == {"synced"}
    on_zoom = {r["email"]: r for r in zoom_api.registrants_of(WEBINAR_ID)}
    assert len(on_zoom) == 95
    assert all(p.zoom_registrant_id == on_zoom[p.registration.email]["id"] for p in places)
    assert len(smtp_server.messages) == 95  # each person's join link, once

    # Idempotent: the batch job run again changes nothing and sends no email.
    from eventhub.zoom.tasks import batch_register

    batch_register(demo_event.session_by_number(2).id, [p.id for p in places[:30]])
    run_jobs()
    assert len(zoom_api.registrants_of(WEBINAR_ID)) == 95 and len(smtp_server.messages) == 95


def batch_calls(fake_zoom):
    return [r for r in fake_zoom.api_requests() if r.path == f"/v2/webinars/{WEBINAR_ID}/batch_registrants"]


def test_a_form_requiring_answers_a_batch_cannot_carry_gets_single_adds_with_the_answers(
        demo_event, people, run_jobs, zoom_api):
    """A batch entry has only email and names: when the webinar's form requires the
    organisation and eventhub's listening-language question, everyone is added one by
    one with those answers, and nobody reaches Zoom without them."""
    zoom_api.set_questions(WEBINAR_ID, questions=[{"field_name": "org", "required": True}], custom_questions=[
        {"title": services.LISTENING_LANGUAGE_QUESTION, "type": "single", "required": True}])
    registrations = [people.register(demo_event, email=f"q{n}@parl.example") for n in range(3)]
    run_jobs()
    update_session(demo_event.session_by_number(2), zoom_webinar_id=WEBINAR_ID)
    run_jobs()
    assert batch_calls(zoom_api) == []
    assert len(posts(zoom_api)) == 3
    for registrant in zoom_api.registrants_of(WEBINAR_ID):
        assert registrant["org"] == "Chamber of Representatives"
        assert services.answer_of(registrant, services.LISTENING_LANGUAGE_QUESTION) == "French"
    assert {fresh(place_of(r, 2)).zoom_state for r in registrations} == {"synced"}


def test_eventhubs_optional_questions_on_the_form_mean_single_adds_carrying_the_answers(
        demo_event, people, run_jobs, zoom_api, smtp_server):
    """Optional questions are not required by Zoom, but a batch entry cannot carry their
    answers and nothing sets them later: with eventhub's questions on the form, even
    optional, everyone is added one by one with the answers, and nobody in a batch."""
    zoom_api.set_questions(WEBINAR_ID, custom_questions=[
        {"title": services.LISTENING_LANGUAGE_QUESTION, "type": "single", "required": False},
        {"title": services.INTERPRETATION_CHANNEL_QUESTION, "type": "single", "required": False}])
    registrations = [people.register(demo_event, email=f"o{n}@parl.example") for n in range(4)]
    run_jobs()
    update_session(demo_event.session_by_number(2), zoom_webinar_id=WEBINAR_ID)
    run_jobs()
    assert batch_calls(zoom_api) == []
    assert sorted(r.body["email"] for r in posts(zoom_api)) == [f"o{n}@parl.example" for n in range(4)]
    on_zoom = zoom_api.registrants_of(WEBINAR_ID)
    assert len(on_zoom) == 4
    for registrant in on_zoom:
        assert services.answer_of(registrant, services.LISTENING_LANGUAGE_QUESTION) == "French"
        assert services.answer_of(registrant, services.INTERPRETATION_CHANNEL_QUESTION) == "French"
    assert {fresh(place_of(r, 2)).zoom_state for r in registrations} == {"synced"}
    assert len(smtp_server.messages) == 4  # each person's join link, once


def test_a_batch_refused_as_a_whole_falls_back_to_single_adds(demo_event, people, run_jobs, zoom_api):
    zoom_api.batch_error = (400, 300, "Validation Failed.")
    registrations = [people.register(demo_event, email=f"w{n}@parl.example") for n in range(3)]
    run_jobs()
    update_session(demo_event.session_by_number(2), zoom_webinar_id=WEBINAR_ID)
    run_jobs()
    assert len(batch_calls(zoom_api)) == 1 and batch_calls(zoom_api)[0].status == 400
    assert sorted(r.body["email"] for r in posts(zoom_api)) == [f"w{n}@parl.example" for n in range(3)]
    assert {fresh(place_of(r, 2)).zoom_state for r in registrations} == {"synced"}


def test_a_required_question_eventhub_cannot_answer_stops_the_batch_before_anyone_is_sent(
        demo_event, people, run_jobs, zoom_api, client, make_user, login_as):
    zoom_api.set_questions(WEBINAR_ID, questions=[{"field_name": "phone", "required": True}])
    registrations = [people.register(demo_event, email=f"r{n}@parl.example") for n in range(3)]
    run_jobs()
    update_session(demo_event.session_by_number(2), zoom_webinar_id=WEBINAR_ID)
    run_jobs()
    assert batch_calls(zoom_api) == [] and posts(zoom_api) == []
    places = [fresh(place_of(r, 2)) for r in registrations]
    assert {p.zoom_state for p in places} == {"failed"}
    login_as(make_user())
    page = client.get(f"/console/events/{demo_event.slug}/zoom?lang=fr").get_data(as_text=True)
    assert "Non transmise à Zoom" in page and "phone" in page
    zoom_api.set_questions(WEBINAR_ID, questions=[{"field_name": "phone", "required": False}])
    client.post(f"/console/events/{demo_event.slug}/zoom/places/{places[0].id}/retry")
    run_jobs()
    assert fresh(places[0]).zoom_state == "synced"


def test_a_recurring_webinar_is_not_batched(demo_event, people, run_jobs, zoom_api):
    """Zoom's batch registration is for scheduled webinars (type 5) only."""
    zoom_api.add_webinar(SECOND_WEBINAR_ID, webinar_type=9)
    registrations = [people.register(demo_event, email=f"s{n}@parl.example") for n in range(2)]
    run_jobs()
    update_session(demo_event.session_by_number(2), zoom_webinar_id=SECOND_WEBINAR_ID)
    run_jobs()
    assert not [r for r in zoom_api.api_requests() if r.path.endswith("/batch_registrants")]
    assert {fresh(place_of(r, 2)).zoom_state for r in registrations} == {"synced"}
