"""Zoom fails (500s, 429s with and without Retry-After, hanging past the client's
timeout) while parliamentarians register through the public form; later Zoom (and the
mail server) come back. After recovery every registration, email and Zoom registrant
is there exactly once, nothing is left in the queue and no failure stays open.

Everything real but the clock: the form over HTTP, FakeZoom (a real HTTP server) for
both sessions' webinars, a real SMTP server on loopback, the job queue drained
in-process. Retries that the consumer would run minutes later are run at once
(``time_passes``), as huey would when they fall due.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest
from werkzeug.datastructures import MultiDict

from eventhub.extensions import db
from eventhub.jobs import huey
from eventhub.jobs.models import JobFailure
from eventhub.registration.models import Registration
from tests.conftest import free_port
from tests.forms import parse_forms
from tests.zoom.conftest import (  # noqa: F401 (fixtures)
    SECOND_WEBINAR_ID,
    WEBINAR_ID,
    api_event,
    fake_zoom,
    run_scheduled_now,
    zoom_api,
)

SLUG = "safe-cyberspace-2022"
#: Session number -> the FakeZoom webinar it registers people on.
WEBINARS = {1: SECOND_WEBINAR_ID, 2: WEBINAR_ID}
#: "Zoom is down" for longer than any test can use up.
OUTAGE = 100_000


@dataclass
class Person:
    lang: str  # language of the form page they fill in (and of their emails)
    email: str
    given_name: str
    family_name: str
    country: str
    timezone: str
    sessions: dict[int, str]  # session number -> listening language
    token: str = ""


def parliamentarians() -> list[Person]:
    return [
        Person("en", "amina.haddad@parl.ma", "Amina", "Haddad", "MA", "Africa/Casablanca", {1: "en", 2: "ar"}),
        Person("fr", "jean.dupont@assemblee.fr", "Jean", "Dupont", "FR", "Europe/Paris", {2: "fr"}),
        Person("es", "maria.lopez@congreso.es", "María", "López", "ES", "Europe/Madrid", {1: "en", 2: "es"}),
        Person("ar", "layla.nasser@parliament.jo", "ليلى", "ناصر", "JO", "Asia/Amman", {2: "ar"}),
        Person("en", "kofi.mensah@parliament.gh", "Kofi", "Mensah", "GH", "Africa/Accra", {1: "en"}),
        Person("fr", "awa.diallo@assemblee.sn", "Awa", "Diallo", "SN", "Africa/Dakar", {1: "en", 2: "fr"}),
        Person("en", "lena.berg@riksdag.se", "Lena", "Berg", "SE", "Europe/Stockholm", {2: "en"}),
    ]


@pytest.fixture
def both_sessions_on_zoom(api_event, zoom_api):
    """Session 2 on WEBINAR_ID (api_event), session 1 on a second webinar: both in API mode."""
    zoom_api.add_webinar(SECOND_WEBINAR_ID, topic="Creating a safe cyberspace: session 1")
    api_event.session_by_number(1).zoom_webinar_id = SECOND_WEBINAR_ID
    db.session.commit()
    return api_event


# --------------------------------------------------------------------------- helpers --

def register_through_the_form(client, person: Person) -> Person:
    """Fill in the public form as the person would and keep their manage token."""
    page = client.get(f"/{person.lang}/e/{SLUG}/register")
    assert page.status_code == 200
    [form] = [f for f in parse_forms(page.get_data(as_text=True)) if f.method == "post"]
    overrides = {
        "honorific": "hon", "given_name": person.given_name, "family_name": person.family_name,
        "email": person.email, "country": person.country, "parliament": "National Assembly",
        "role": "member", "timezone": person.timezone,
        "sessions": [str(number) for number in sorted(person.sessions)],
    }
    overrides.update({f"language_{number}": listening for number, listening in person.sessions.items()})
    response = client.post(form.action, data=MultiDict(form.valid_data(overrides)))
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    person.token = re.fullmatch(rf"/{person.lang}/r/([^/]+)/confirmation", response.location).group(1)
    return person


def cancel_through_the_manage_page(client, person: Person) -> None:
    response = client.post(f"/{person.lang}/r/{person.token}/cancel", data={})
    assert response.status_code in (302, 303)


def time_passes() -> int:
    """Every retry waiting in the schedule falls due and runs, with what it queues."""
    return run_scheduled_now()


def time_passes_until_all_is_done(rounds: int = 5) -> None:
    """Hours pass: retries, and the checks they schedule, run until none is left."""
    for _ in range(rounds):
        if not time_passes():
            return
    raise AssertionError(f"jobs still being scheduled after {rounds} rounds")


def wait_until_zoom_answered_everything(zoom, seconds: float = 5) -> None:
    """Requests the client gave up on still run to their end on Zoom's side."""
    deadline = time.monotonic() + seconds
    while zoom.in_flight() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert zoom.in_flight() == 0


def plain_text(message) -> str:
    return message.get_body(("plain",)).get_content()


def failures() -> list[JobFailure]:
    db.session.remove()  # see what the jobs committed
    return list(db.session.execute(db.select(JobFailure)).scalars())


def assert_outage_was_felt(people: list[Person], zoom) -> None:
    """During the outage nobody got onto Zoom through us and the failures are on record."""
    open_failures = [f for f in failures() if not f.resolved]
    assert any(f.task_name.endswith("sync_session_registration") for f in open_failures)
    assert huey.scheduled_count() > 0  # retries waiting
    db.session.remove()
    for person in people:
        registration = db.session.execute(db.select(Registration).filter_by(email=person.email)).scalar_one()
        assert all(place.zoom_state in ("pending", "cancelled") and place.zoom_join_url is None
                   for place in registration.sessions)


def assert_everything_exactly_once(people: list[Person], zoom, smtp, cancelled: tuple[Person, ...] = ()) -> None:
    db.session.remove()
    # The queue is empty and every failure was followed by a success.
    assert huey.pending_count() == 0 and huey.scheduled_count() == 0
    recorded = failures()
    assert recorded, "the outage left no trace: nothing was really tested"
    assert [f.task_name for f in recorded if not f.resolved] == []

    on_zoom = {number: zoom.registrants_of(webinar) for number, webinar in WEBINARS.items()}
    messages = smtp.messages
    for person in people:
        mine = [m for m in messages if m["To"] == person.email]
        [registration] = db.session.execute(
            db.select(Registration).filter_by(email=person.email)).scalars().all()
        places = {place.session.number: place for place in registration.sessions}
        assert sorted(places) == sorted(person.sessions), person.email  # one row per chosen session

        # One confirmation, carrying the manage link.
        confirmations = [m for m in mine if f"/r/{person.token}" in plain_text(m)]
        assert len(confirmations) == 1, (person.email, [m["Subject"] for m in mine])

        for number, place in places.items():
            webinar = WEBINARS[number]
            theirs = [r for r in on_zoom[number] if r["email"].casefold() == person.email.casefold()]
            if person in cancelled:
                assert place.status == "cancelled" and place.zoom_state == "cancelled"
                assert place.zoom_join_url is None
                assert [r["status"] for r in theirs] in ([], ["cancelled"]), (person.email, webinar)
                continue
            assert place.status == "confirmed" and place.listening_language == person.sessions[number]
            # Exactly one registrant on the right webinar, and the place knows it.
            assert len(theirs) == 1, (person.email, webinar, theirs)
            [registrant] = theirs
            assert registrant["status"] == "approved"
            assert (place.zoom_state, place.zoom_error) == ("synced", None), (person.email, place.zoom_error)
            assert place.zoom_registrant_id == registrant["id"]
            assert place.zoom_join_url == registrant["join_url"]
            # The personal join link reached the person once.
            carrying_link = [m for m in mine if registrant["join_url"] in plain_text(m)]
            assert len(carrying_link) == 1, (person.email, number, [m["Subject"] for m in mine])
            assert carrying_link[0] not in confirmations
        expected = 1 if person in cancelled else 1 + len(person.sessions)
        assert len(mine) == expected, (person.email, [m["Subject"] for m in mine])

    # Nobody else on either webinar, nobody twice.
    for number, registrants in on_zoom.items():
        emails = [r["email"] for r in registrants]
        assert len(emails) == len(set(emails)), emails
        assert sorted(emails) == sorted(p.email for p in people if number in p.sessions
                                        and (p not in cancelled or p.email in emails))


# ----------------------------------------------------------------------------- tests --

OUTAGES = {
    "500": lambda zoom: zoom.fail_next(OUTAGE, status=500),
    "503": lambda zoom: zoom.fail_next(OUTAGE, status=503, message="Service Unavailable"),
    "429 without Retry-After": lambda zoom: zoom.rate_limit_next(OUTAGE),
    "429 with Retry-After": lambda zoom: zoom.rate_limit_next(OUTAGE, retry_after=0.02),
}


@pytest.mark.parametrize("outage", list(OUTAGES))
def test_registrations_made_while_zoom_fails_reach_zoom_once_it_recovers(
        outage, both_sessions_on_zoom, zoom_api, client, smtp_server, run_jobs):
    OUTAGES[outage](zoom_api)
    people = [register_through_the_form(client, person) for person in parliamentarians()]
    quitter = people[2]  # both sessions; changes her mind while Zoom is still down
    run_jobs()
    assert_outage_was_felt(people, zoom_api)
    # Confirmations do not wait for Zoom.
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(p.email for p in people)

    cancel_through_the_manage_page(client, quitter)
    time_passes()  # the first retries: Zoom still failing
    assert_outage_was_felt(people, zoom_api)
    assert all(zoom_api.registrants_of(webinar) == [] for webinar in WEBINARS.values())
    # Meanwhile the person's page promises the link and shows nothing of Zoom's trouble.
    amina = people[0]
    page = client.get(f"/en/r/{amina.token}").get_data(as_text=True)
    assert page.count("Your personal link to join will be emailed to you shortly.") == 2
    assert "Join the webinar" not in page
    for zooms_words in ("Internal Server Error", "Service Unavailable", "rate limit", "timed out"):
        assert zooms_words not in page

    zoom_api.clear_faults()
    time_passes_until_all_is_done()
    assert_everything_exactly_once(people, zoom_api, smtp_server, cancelled=(quitter,))
    page = client.get(f"/en/r/{amina.token}").get_data(as_text=True)
    for webinar in WEBINARS.values():
        [registrant] = [r for r in zoom_api.registrants_of(webinar) if r["email"] == amina.email]
        assert registrant["join_url"] in page
    assert "emailed to you shortly" not in page


def test_zoom_hanging_past_the_client_timeout_still_registers_each_person_once(
        app, both_sessions_on_zoom, zoom_api, client, smtp_server, run_jobs):
    """Zoom takes longer than the client waits, but does the work: the registrants exist
    on Zoom while we still think they are pending. The retries find and link them."""
    app.config.update(ZOOM_TIMEOUT=[2, 0.2], ZOOM_MAX_RETRIES=0)
    zoom_api.hang_next(OUTAGE, seconds=0.5)
    people = [register_through_the_form(client, person) for person in parliamentarians()[:5]]
    quitter = people[0]  # both sessions
    run_jobs()
    assert_outage_was_felt(people, zoom_api)
    cancel_through_the_manage_page(client, quitter)
    run_jobs()  # the cancellation goes to Zoom (and hangs) too

    wait_until_zoom_answered_everything(zoom_api)
    # Zoom did create everyone the client gave up on; we do not know their links yet.
    assert sorted(r["email"] for r in zoom_api.registrants_of(WEBINAR_ID)) == sorted(
        p.email for p in people if 2 in p.sessions)

    zoom_api.clear_faults()
    time_passes_until_all_is_done()
    assert_everything_exactly_once(people, zoom_api, smtp_server, cancelled=(quitter,))
    posts = [r for r in zoom_api.api_requests() if r.method == "POST" and r.status == 201]
    # After recovery the person was looked up, not added again.
    assert len(posts) == sum(len(p.sessions) for p in people)


@pytest.mark.parametrize("mail_fault", ["421", "connection refused"])
def test_zoom_and_the_mail_server_down_together_everything_arrives_once(
        mail_fault, app, both_sessions_on_zoom, zoom_api, client, refusing_smtp, run_jobs):
    if mail_fault == "connection refused":
        refusing_smtp.refusing = False
        app.config.update(SMTP_PORT=free_port(), SMTP_TIMEOUT=3)  # nothing listens there
    zoom_api.fail_next(OUTAGE, status=500)
    people = [register_through_the_form(client, person) for person in parliamentarians()]
    quitter = people[-1]
    run_jobs()
    assert_outage_was_felt(people, zoom_api)
    assert refusing_smtp.envelopes == []
    mail_failures = [f for f in failures() if f.task_name.endswith("send_message_job")]
    assert len(mail_failures) == len(people)  # every confirmation is waiting for a retry
    cancel_through_the_manage_page(client, quitter)

    # Zoom comes back first: the join links are ready but the mail server still refuses.
    zoom_api.clear_faults()
    time_passes()
    assert refusing_smtp.envelopes == []
    assert len(zoom_api.registrants_of(WEBINAR_ID, status="approved")) == sum(
        1 for p in people if 2 in p.sessions and p is not quitter)

    refusing_smtp.refusing = False
    app.config.update(SMTP_PORT=refusing_smtp.port)
    time_passes_until_all_is_done()
    assert_everything_exactly_once(people, zoom_api, refusing_smtp, cancelled=(quitter,))


def test_a_registrant_zoom_creates_late_after_the_person_cancelled_is_cancelled_again(
        app, both_sessions_on_zoom, zoom_api, client, smtp_server, run_jobs):
    """Zoom hangs on adding Jean past the client's timeout; Jean cancels; the
    cancellation (by email: we never learned his registrant) reaches Zoom first, then
    Zoom finishes the add. He must not stay registered there."""
    app.config.update(ZOOM_TIMEOUT=[2, 0.2], ZOOM_MAX_RETRIES=0)
    zoom_api.hang_next(1, seconds=3)  # only the add; Zoom answers everything else at once
    [jean] = [register_through_the_form(client, person) for person in parliamentarians()[1:2]]
    run_jobs()
    cancel_through_the_manage_page(client, jean)
    run_jobs()
    assert zoom_api.registrants_of(WEBINAR_ID) == []  # the cancellation came first (nothing to cancel)
    wait_until_zoom_answered_everything(zoom_api)
    assert [r["status"] for r in zoom_api.registrants_of(WEBINAR_ID)] == ["approved"]  # the late add

    time_passes_until_all_is_done()  # the cancellation is sent again ten minutes later
    assert [r["status"] for r in zoom_api.registrants_of(WEBINAR_ID)] == ["cancelled"]
    assert_everything_exactly_once([jean], zoom_api, smtp_server, cancelled=(jean,))
