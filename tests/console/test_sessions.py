"""Editing a session: times typed in the reference zone, validation, calendar revision,
cancellation, and the localised notice to registrants."""
from __future__ import annotations

import datetime as dt

import pytest

from eventhub.events.models import EventSession
from eventhub.events.operations import SessionChangeError, cancel_session, update_session
from eventhub.extensions import db
from eventhub.signals import session_changed

from .helpers import make_registration

URL = "/console/e/safe-cyberspace-2022/s/2/"
UTC = dt.timezone.utc


def form(**overrides):
    data = {
        "day": "2022-12-06", "starts": "16:30", "ends": "18:30", "floor_language": "en",
        "interpretation_languages": ["en", "fr", "es", "ar"],
        "zoom_registration_url": "https://us06web.zoom.us/webinar/register/WN_HYpQIITqR_uSqLUt0Zj9tq",
        "zoom_webinar_id": "", "capacity": "", "action": "save",
    }
    data.update(overrides)
    return data


def session_two():
    db.session.expire_all()
    return db.session.execute(db.select(EventSession).filter_by(number=2)).scalar_one()


@pytest.fixture
def changes_sent(app):
    received = []

    def receiver(sender, session, changes):
        received.append((session.number, changes))

    session_changed.connect(receiver, weak=False)
    yield received
    session_changed.disconnect(receiver)


def test_update_session_raises_revision_only_for_calendar_fields(demo_event, changes_sent):
    session = demo_event.session_by_number(2)
    start = session.revision
    changes = update_session(session, capacity=100)
    assert changes == {"capacity": (None, 100)} and session.revision == start
    new_start = dt.datetime(2022, 12, 6, 16, 0, tzinfo=UTC)
    changes = update_session(session, starts_at=new_start)
    assert changes["starts_at"][1] == new_start and session.revision == start + 1
    assert update_session(session, starts_at=new_start) == {}  # no change, no new revision
    assert session.revision == start + 1
    assert [number for number, _ in changes_sent] == [2, 2]
    cancelled = cancel_session(session)
    assert cancelled == {"status": ("scheduled", "cancelled")} and session.revision == start + 2


@pytest.mark.parametrize("changes, field", [
    ({"zoom_registration_url": "https://zoom.us.evil.example/webinar/register/WN_HYpQIITqR_uSqLUt0Zj9tq"},
     "zoom_registration_url"),
    ({"zoom_webinar_id": "12ab"}, "zoom_webinar_id"),
    ({"ends_at": dt.datetime(2022, 12, 6, 15, 0, tzinfo=UTC)}, "ends_at"),
    ({"starts_at": dt.datetime(2022, 12, 6, 15, 0)}, "starts_at"),
    ({"capacity": 0}, "capacity"),
    ({"floor_language": "de"}, "floor_language"),
])
def test_update_session_refuses_bad_values(demo_event, changes, field):
    session = demo_event.session_by_number(2)
    with pytest.raises(SessionChangeError) as error:
        update_session(session, **changes)
    assert set(error.value.errors) == {field}


def test_update_session_refuses_fields_that_are_not_editable(demo_event):
    with pytest.raises(TypeError):
        update_session(demo_event.session_by_number(2), revision=9)


def test_times_are_typed_in_reference_zone_and_stored_in_utc(demo_event, signed_in_organiser, changes_sent):
    response = signed_in_organiser.post(URL, data=form(starts="17:00", ends="19:15", zoom_webinar_id="812 3456 7890",
                                                       capacity="250"))
    assert response.status_code == 302
    session = session_two()
    assert session.starts_at == dt.datetime(2022, 12, 6, 16, 0, tzinfo=UTC)  # 17:00 CET
    assert session.ends_at == dt.datetime(2022, 12, 6, 18, 15, tzinfo=UTC)
    assert session.zoom_webinar_id == "81234567890" and session.capacity == 250
    assert session.revision == 1
    page = signed_in_organiser.get(URL + "?lang=en").get_data(as_text=True)
    assert "Dec 6, 2022, 4:00\u202fPM UTC – Dec 6, 2022, 6:15\u202fPM UTC" in page
    assert "Tuesday, December 6, 2022, <bdi dir=\"ltr\">17:00–19:15</bdi>" in page and ">CET</abbr>" in page
    assert "Notify registrants" in page  # the session moved: offer to tell people


def test_summer_time_is_respected(demo_event, signed_in_organiser):
    signed_in_organiser.post(URL, data=form(day="2023-06-20", starts="16:30", ends="18:30"))
    assert session_two().starts_at == dt.datetime(2023, 6, 20, 14, 30, tzinfo=UTC)  # CEST = UTC+2


def test_preview_shows_utc_without_saving(demo_event, signed_in_organiser):
    page = signed_in_organiser.post(URL + "?lang=en", data=form(starts="09:00", ends="10:00", action="preview"))
    text = page.get_data(as_text=True)
    assert "Dec 6, 2022, 8:00\u202fAM UTC – Dec 6, 2022, 9:00\u202fAM UTC" in text and "Nothing is saved yet." in text
    assert session_two().starts_at == dt.datetime(2022, 12, 6, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize("overrides, message", [
    ({"zoom_registration_url": "https://example.org/webinar"}, "This is not a Zoom webinar registration link."),
    ({"zoom_webinar_id": "12-ab-34"}, "A Zoom webinar ID has 9 to 12 digits"),
    ({"starts": "18:30", "ends": "16:30"}, "The session must end after it starts"),
    ({"day": "2023-03-26", "starts": "02:30", "ends": "04:00"}, "does not exist or occurs twice"),
    ({"day": "06/12/2022"}, "Enter the date as YYYY-MM-DD."),
    ({"capacity": "0"}, "Enter a number from 1 to 100,000."),
    ({"floor_language": "de"}, "Not a valid choice"),
])
def test_bad_input_is_explained_and_nothing_is_saved(demo_event, signed_in_organiser, overrides, message):
    before = (session_two().starts_at, session_two().zoom_registration_url, session_two().revision)
    response = signed_in_organiser.post(URL + "?lang=en", data=form(**overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    session = session_two()
    assert (session.starts_at, session.zoom_registration_url, session.revision) == before


def test_error_messages_are_in_the_console_language(demo_event, signed_in_organiser):
    response = signed_in_organiser.post(URL + "?lang=fr", data=form(starts="18:30", ends="16:30"))
    text = response.get_data(as_text=True)
    assert "La séance doit se terminer après son début" in text
    assert "The session must end" not in text


def test_cancel_and_reinstate(demo_event, signed_in_organiser):
    assert signed_in_organiser.post(URL + "cancel").status_code == 302
    session = session_two()
    assert session.status == "cancelled" and session.revision == 1
    page = signed_in_organiser.get(URL + "?lang=en").get_data(as_text=True)
    assert "This session is cancelled." in page and "Notify registrants" in page
    signed_in_organiser.post(URL + "reinstate")
    session = session_two()
    assert session.status == "scheduled" and session.revision == 2


def calendar_attached(message):
    from icalendar import Calendar

    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_payload(decode=True))


def session_uid(session):
    from eventhub.calendars.services import session_calendar
    from icalendar import Calendar

    [entry] = Calendar.from_ical(session_calendar(session, "en")).walk("VEVENT")
    return entry["UID"]


def test_notify_registrants_each_in_their_language_with_both_times(demo_event, signed_in_organiser, smtp_server,
                                                                    run_jobs):
    make_registration(demo_event, email="fr@parliament.example", language="fr", timezone="America/Montreal",
                      given_name="Jeanne", family_name="Roy", places=((2, "fr", "confirmed"),))
    make_registration(demo_event, email="ar@parliament.example", language="ar", timezone="Asia/Amman",
                      given_name="ليلى", family_name="حداد", places=((2, "ar", "waitlisted"),))
    make_registration(demo_event, email="gone@parliament.example", language="en",
                      places=((2, "en", "cancelled"),))
    make_registration(demo_event, email="other@parliament.example", language="es",
                      places=((1, "en", "confirmed"),))
    signed_in_organiser.post(URL, data=form(starts="17:00", ends="19:00"))
    page = signed_in_organiser.get(URL + "?lang=en").get_data(as_text=True)
    assert "2 registrants" in page
    response = signed_in_organiser.post(URL + "notify", data={
        "kind": "moved", "previous_starts_at": "2022-12-06T15:30:00Z", "previous_ends_at": "2022-12-06T17:30:00Z"})
    assert response.status_code == 302
    run_jobs()
    messages = {m["To"]: m for m in smtp_server.messages}
    assert set(messages) == {"fr@parliament.example", "ar@parliament.example"}

    french = messages["fr@parliament.example"]
    assert french["Content-Language"] == "fr"
    assert "Nouvel horaire de la séance 2" in french["Subject"]
    body = french.get_body(("plain",)).get_content()
    assert "17:00–19:00" in body  # Geneva time
    assert "11:00–13:00" in body  # Montreal time
    assert "16:30–18:30" in body  # the previous time
    assert body.startswith("Madame, Monsieur,") and "Bonjour" not in body
    # Her own copy of the session, moved: same UID as before, SEQUENCE raised by the move.
    calendar = calendar_attached(french)
    [entry] = calendar.walk("VEVENT")
    assert entry.decoded("DTSTART") == dt.datetime(2022, 12, 6, 16, 0, tzinfo=dt.timezone.utc)
    assert entry["UID"] == session_uid(demo_event.session_by_number(2))
    assert int(entry["SEQUENCE"]) >= 1
    assert "fichier de calendrier joint" in body

    arabic = messages["ar@parliament.example"]
    assert arabic["Content-Language"] == "ar"
    html = arabic.get_body(("html",)).get_content()
    assert 'dir="rtl"' in html and "ليلى حداد" in html
    assert "19:00–21:00" in arabic.get_body(("plain",)).get_content()  # Amman (UTC+2 in 2022-12)
    assert "New time" not in arabic.get_body(("plain",)).get_content()

    # The offer is gone once used.
    assert "Notify registrants" not in signed_in_organiser.get(URL + "?lang=en").get_data(as_text=True)


def test_moving_twice_before_notifying_keeps_the_time_people_know(demo_event, signed_in_organiser):
    signed_in_organiser.post(URL, data=form(starts="17:00", ends="19:00"))
    signed_in_organiser.post(URL, data=form(starts="18:00", ends="20:00"))
    page = signed_in_organiser.get(URL + "?lang=en").get_data(as_text=True)
    assert 'name="previous_starts_at" type="hidden" value="2022-12-06T15:30:00Z"' in page


def test_notify_after_cancellation_uses_the_cancellation_text(demo_event, signed_in_organiser, smtp_server,
                                                                run_jobs):
    make_registration(demo_event, email="es@parliament.example", language="es", timezone="America/Bogota",
                      places=((2, "es", "confirmed"),))
    signed_in_organiser.post(URL + "cancel")
    signed_in_organiser.post(URL + "notify", data={"kind": "cancelled"})
    run_jobs()
    (message,) = smtp_server.messages
    assert "Sesión 2 cancelada" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "ha sido cancelada" in body and "10:30–12:30" in body  # Bogotá time of the cancelled slot
    [entry] = calendar_attached(message).walk("VEVENT")
    assert str(entry["STATUS"]) == "CANCELLED"


def test_notify_with_unknown_kind_sends_nothing(demo_event, signed_in_organiser, run_jobs):
    make_registration(demo_event, places=((2, "fr", "confirmed"),))
    signed_in_organiser.post(URL + "notify", data={"kind": "party"})
    assert run_jobs() == 0
