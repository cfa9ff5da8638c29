"""A registrant's own calendar: their sessions, their personal join link, nobody else's."""
import pytest

from eventhub.calendars.services import registration_calendar, session_calendar
from eventhub.events.demo import DEMO_SLUG
from eventhub.events.operations import cancel_session

from .ics import DEMO_INSTANTS, PERSONAL_JOIN_URL, read_both

LANGS = ["en", "fr", "es", "ar"]


def personal_feed(client, token, lang="en"):
    response = client.get(f"/{lang}/r/{token}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return response


@pytest.mark.parametrize("lang", LANGS)
def test_personal_feed_has_the_join_link_and_the_sessions_at_the_right_instants(
        client, registrant_with_join_link, lang):
    _, token = registrant_with_join_link
    first, second = read_both(personal_feed(client, token, lang).data)
    assert (first.starts_at, first.ends_at) == DEMO_INSTANTS[1]
    assert (second.starts_at, second.ends_at) == DEMO_INSTANTS[2]
    assert second.conference == PERSONAL_JOIN_URL
    assert PERSONAL_JOIN_URL in second.description


def test_without_a_join_link_the_session_registration_link_is_given(
        client, demo_event, registrant_with_join_link):
    _, token = registrant_with_join_link
    first, _ = read_both(personal_feed(client, token).data)
    registration_link = demo_event.session_by_number(1).zoom_registration_url
    assert first.conference == registration_link
    assert registration_link in first.description
    assert PERSONAL_JOIN_URL not in first.description


def test_personal_file_never_carries_the_manage_token_and_is_not_cached(client, registrant_with_join_link):
    from eventhub.calendars.services import feed_token

    registration, token = registrant_with_join_link
    response = personal_feed(client, token, "fr")
    assert token.encode() not in response.data  # the manage link can cancel: never in a calendar
    first, second = read_both(response.data)
    assert first.url == second.url == f"http://localhost/fr/c/{registration.id}/{feed_token(registration)}"
    assert "Pour modifier ou annuler votre inscription" in first.description
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["Content-Disposition"] == f'attachment; filename="{DEMO_SLUG}-my-sessions.ics"'


def test_only_this_persons_places_and_not_the_ones_they_cancelled(client, make_registration):
    _, token = make_registration({1: dict(status="cancelled"), 2: dict(status="confirmed")})
    make_registration({1: dict(status="confirmed", zoom_join_url=PERSONAL_JOIN_URL)},
                      email="someone.else@parliament.example")
    data = personal_feed(client, token).data
    [entry] = read_both(data)
    assert (entry.starts_at, entry.ends_at) == DEMO_INSTANTS[2]
    assert PERSONAL_JOIN_URL.encode() not in data  # the other person's link


def test_waitlisted_place_is_tentative_without_a_join_link(client, make_registration):
    _, token = make_registration({2: dict(status="waitlisted", zoom_join_url=PERSONAL_JOIN_URL)})
    [entry] = read_both(personal_feed(client, token).data)
    assert entry.status == "TENTATIVE"
    assert "waiting list" in entry.description
    assert PERSONAL_JOIN_URL not in entry.description


def test_session_cancelled_by_the_organiser_stays_in_the_feed_as_cancelled(
        client, demo_event, registrant_with_join_link):
    _, token = registrant_with_join_link
    cancel_session(demo_event.session_by_number(2))
    first, second = read_both(personal_feed(client, token).data)
    assert (first.status, second.status) == ("CONFIRMED", "CANCELLED")
    assert second.conference is None and PERSONAL_JOIN_URL not in second.description


def test_anonymised_registration_has_no_feed(client, registrant_with_join_link):
    from eventhub.db_types import utcnow
    from eventhub.extensions import db

    registration, token = registrant_with_join_link
    registration.anonymised_at = utcnow()
    db.session.commit()
    assert client.get(f"/en/r/{token}/calendar.ics").status_code == 404


def test_uid_is_the_same_as_in_the_public_files(client, registrant_with_join_link):
    _, token = registrant_with_join_link
    personal = read_both(personal_feed(client, token).data)
    public = read_both(client.get(f"/en/e/{DEMO_SLUG}/calendar.ics").data)
    assert [e.uid for e in personal] == [e.uid for e in public]


@pytest.mark.parametrize("lang", LANGS)
def test_public_files_never_contain_a_join_link(client, demo_event, registrant_with_join_link, lang):
    for url in (f"/{lang}/e/{DEMO_SLUG}/calendar.ics", f"/{lang}/e/{DEMO_SLUG}/s/1.ics",
                f"/{lang}/e/{DEMO_SLUG}/s/2.ics", f"/{lang}/e/{DEMO_SLUG}/"):
        data = client.get(url).data
        assert b"personal-secret-token" not in data
        assert b"zoom.us/w/" not in data


def test_email_attachment_functions_give_the_personal_copy(app, demo_event, registrant_with_join_link):
    from eventhub.calendars.services import registration_attachment, session_attachment

    registration, token = registrant_with_join_link
    [personal] = read_both(session_calendar(demo_event.session_by_number(2), "es", registration,
                                            manage_token=token))
    assert personal.conference == PERSONAL_JOIN_URL
    assert token not in personal.description and token not in personal.url
    assert personal.url.startswith(f"http://localhost/es/c/{registration.id}/")
    [public] = read_both(session_calendar(demo_event.session_by_number(2), "es"))
    assert PERSONAL_JOIN_URL not in public.description and public.conference != PERSONAL_JOIN_URL

    attachment = session_attachment(demo_event.session_by_number(2), "fr", registration)
    assert attachment.filename == f"{DEMO_SLUG}-session-2.ics"
    assert attachment.mimetype == "text/calendar; method=PUBLISH; charset=utf-8"
    assert read_both(attachment.content)[0].conference == PERSONAL_JOIN_URL
    feed = registration_attachment(registration, "ar")
    assert feed.filename == f"{DEMO_SLUG}-my-sessions.ics"
    assert len(read_both(feed.content)) == 2
    assert read_both(registration_calendar(registration, "en"))[1].conference == PERSONAL_JOIN_URL


def test_person_who_left_every_session_gets_an_empty_feed_not_an_error(client, make_registration):
    _, token = make_registration({1: dict(status="cancelled")})
    data = personal_feed(client, token).data
    assert read_both(data) == []
    assert b"METHOD:PUBLISH" in data
