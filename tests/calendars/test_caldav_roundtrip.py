"""Every calendar artefact the product makes (a session, the whole event, the person's
file, their subscription feed, an organiser's notice, the confirmation's attachments)
stored in a real CalDAV server (Radicale on loopback) and read back with a second,
independent parser (vobject): same UID, instants, SEQUENCE and STATUS as we wrote
(read with icalendar). And X-PUBLISHED-TTL is a duration wherever it appears."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import vobject

from eventhub.calendars.services import feed_token
from eventhub.events.demo import DEMO_SLUG
from eventhub.events.operations import cancel_session, update_session
from eventhub.extensions import db

from .ics import DEMO_INSTANTS, read_with_icalendar, read_with_vobject

TTL = re.compile(rb"^X-PUBLISHED-TTL:(.*)\r$", re.M)


def key(entry):
    return (entry.uid, entry.starts_at, entry.ends_at, entry.sequence, entry.status)


def roundtrip(caldav_server, data: bytes, one_object: bool) -> list:
    """Store ``data`` in a fresh calendar; what the server gives back, read with vobject."""
    calendar = caldav_server.new_calendar()
    _, written = read_with_icalendar(data)
    caldav_server.put(calendar, data, name="entry.ics" if one_object else None)
    _, read_back = read_with_vobject(caldav_server.get(calendar))
    assert sorted(map(key, read_back)) == sorted(map(key, written))
    return written


@pytest.fixture
def person(client, demo_event):
    """Registered through the form for both sessions: (registration, manage token)."""
    from eventhub.registration.models import Registration

    from tests.registration.conftest import form_data, register_url

    location = client.post(register_url("fr"), data=form_data(sessions=["1", "2"], language_2="fr")).location
    token = location.removesuffix("/confirmation").rsplit("/", 1)[1]
    registration = db.session.execute(db.select(Registration)).scalar_one()
    return registration, token


def artefacts(client, registration, token) -> dict[str, tuple[bytes, bool]]:
    from eventhub.console.notifications import session_notice
    from eventhub.registration.notifications import build_confirmation

    files = {
        "session": (client.get(f"/fr/e/{DEMO_SLUG}/s/1.ics").data, True),
        "event": (client.get(f"/ar/e/{DEMO_SLUG}/calendar.ics").data, False),
        "personal": (client.get(f"/es/r/{token}/calendar.ics").data, False),
        "feed": (client.get(f"/en/r/{registration.id}/{feed_token(registration)}/feed.ics").data, False),
        "notice": (session_notice(registration, registration.event.session_by_number(2), "moved")
                   .attachments[0].content, True),
    }
    for number, attachment in enumerate(build_confirmation(registration, token).attachments, 1):
        files[f"confirmation-{number}"] = (attachment.content, True)
    return files


def test_every_artefact_survives_a_caldav_server_and_a_second_parser(client, demo_event, person, caldav_server):
    registration, token = person
    files = artefacts(client, registration, token)
    number_of = {f"session-{s.id}@{client.application.config['CALENDAR_UID_DOMAIN']}": s.number
                 for s in demo_event.sessions}
    for name, (data, one_object) in files.items():
        assert data.startswith(b"BEGIN:VCALENDAR"), name
        assert token.encode() not in data, f"{name} carries the manage token"
        entries = roundtrip(caldav_server, data, one_object)
        for entry in entries:
            assert (entry.starts_at, entry.ends_at) == DEMO_INSTANTS[number_of[entry.uid]], name
            assert entry.status == "CONFIRMED", name
    # One UID per session in every file: a later file replaces, never duplicates.
    uids = {name: {e.uid for e in read_with_icalendar(data)[1]} for name, (data, _) in files.items()}
    assert uids["event"] == uids["personal"] == uids["feed"]
    assert uids["session"] | uids["notice"] == uids["event"]


def test_changes_reach_the_stored_entry_with_higher_sequence_and_cancelled_status(
        client, demo_event, person, caldav_server):
    from eventhub.console.notifications import session_notice
    from eventhub.registration.notifications import build_confirmation

    registration, token = person
    calendar = caldav_server.new_calendar()
    for attachment in build_confirmation(registration, token).attachments:  # the person imports both
        uid = read_with_icalendar(attachment.content)[1][0].uid
        caldav_server.put(calendar, attachment.content, name=f"{uid}.ics")
    _, before = read_with_vobject(caldav_server.get(calendar))

    session = demo_event.session_by_number(2)
    later = session.starts_at + dt.timedelta(hours=1), session.ends_at + dt.timedelta(hours=1)
    update_session(session, starts_at=later[0], ends_at=later[1])
    moved = session_notice(registration, session, "moved").attachments[0].content
    cancel_session(demo_event.session_by_number(1))
    cancelled = session_notice(registration, demo_event.session_by_number(1), "cancelled").attachments[0].content
    for data in (moved, cancelled):  # opening the notice's file updates the entry it names
        uid = read_with_icalendar(data)[1][0].uid
        caldav_server.put(calendar, data, name=f"{uid}.ics")

    _, after = read_with_vobject(caldav_server.get(calendar))
    assert len(after) == len(before) == 2
    old = {e.uid: e for e in before}
    new = {e.uid: e for e in after}
    assert set(old) == set(new)
    uid_1 = next(u for u in new if u.startswith(f"session-{demo_event.session_by_number(1).id}@"))
    uid_2 = next(u for u in new if u.startswith(f"session-{session.id}@"))
    assert new[uid_1].status == "CANCELLED" and new[uid_1].sequence > old[uid_1].sequence
    assert (new[uid_2].starts_at, new[uid_2].ends_at) == later
    assert new[uid_2].sequence > old[uid_2].sequence and new[uid_2].status == "CONFIRMED"


def test_published_ttl_is_a_duration_wherever_it_appears(client, demo_event, person):
    registration, token = person
    files = artefacts(client, registration, token)
    seen = 0
    for name, (data, _) in files.items():
        for value in TTL.findall(data):
            seen += 1
            assert value == b"PT12H", name
            assert vobject.icalendar.stringToDurations(value.decode()) == [dt.timedelta(hours=12)]
    assert seen == 3  # event, personal file, feed


def test_one_sequence_rule_for_a_uid_across_public_and_personal_files(client, demo_event, person, caldav_server):
    """The same UID is in the public files and in the person's copy: within one revision
    of the session the person's copy (after their own change) is above the public file, so
    importing the public file again does not undo it; after the organiser changes the
    session, the public file is above every personal copy made before, and the notice's
    personal copy above the public one. Read back with vobject, through the CalDAV server."""
    from eventhub.console.notifications import session_notice
    from eventhub.registration import operations

    registration, token = person
    session = demo_event.session_by_number(2)
    uid = f"session-{session.id}@{client.application.config['CALENDAR_UID_DOMAIN']}"

    def sequence(data: bytes, one_object: bool = True) -> int:
        entries = roundtrip(caldav_server, data, one_object)
        [entry] = [e for e in entries if e.uid == uid]
        return entry.sequence

    public_before = sequence(client.get(f"/fr/e/{DEMO_SLUG}/s/2.ics").data)
    place = next(p for p in registration.sessions if p.session_id == session.id)
    other = next(code for code in session.listening_languages if code != place.listening_language)
    assert operations.change_listening_language(place, other)
    personal_before = sequence(client.get(f"/es/r/{token}/calendar.ics").data, one_object=False)
    assert personal_before > public_before
    assert sequence(client.get(f"/ar/e/{DEMO_SLUG}/calendar.ics").data, one_object=False) < personal_before

    later = session.starts_at + dt.timedelta(hours=1), session.ends_at + dt.timedelta(hours=1)
    update_session(session, starts_at=later[0], ends_at=later[1])
    public_after = sequence(client.get(f"/fr/e/{DEMO_SLUG}/s/2.ics").data)
    assert public_after > personal_before
    assert sequence(client.get(f"/ar/e/{DEMO_SLUG}/calendar.ics").data, one_object=False) == public_after
    notice = sequence(session_notice(registration, session, "moved").attachments[0].content)
    feed = sequence(client.get(f"/en/r/{registration.id}/{feed_token(registration)}/feed.ics").data,
                    one_object=False)
    assert notice == feed > public_after
