"""State changes of registrations, called directly."""
from __future__ import annotations

import pytest

from eventhub.extensions import db
from eventhub.registration import operations
from eventhub.registration.models import Registration, RegistrationChange, SessionRegistration
from eventhub.security import hash_token
from eventhub.signals import registration_created, session_registration_changed

from .conftest import count_rows, registration_data


@pytest.fixture
def signals_seen():
    """Every registration signal sent, with whether the change was already committed."""
    seen = []

    def on_created(sender, registration):
        # A fresh connection sees only committed rows.
        with db.engine.connect() as conn:
            committed = conn.execute(
                db.select(Registration.id).where(Registration.id == registration.id)
            ).first() is not None
        seen.append(("created", registration.id, committed))

    def on_changed(sender, session_registration, action, previous):
        with db.engine.connect() as conn:
            status = conn.execute(
                db.select(SessionRegistration.status).where(SessionRegistration.id == session_registration.id)
            ).scalar_one()
        seen.append((action, session_registration.id, status, previous))

    registration_created.connect(on_created)
    session_registration_changed.connect(on_changed)
    yield seen
    registration_created.disconnect(on_created)
    session_registration_changed.disconnect(on_changed)


def test_register_stores_person_places_history_and_hashed_token(demo_event, signals_seen):
    data = registration_data(demo_event, sessions=[1, 2], listening_language={"2": "fr"})
    result = operations.register(demo_event, data)

    assert result.created and result.manage_token
    registration = result.registration
    assert registration.manage_token_hash == hash_token(result.manage_token)
    assert result.manage_token not in (registration.manage_token_hash or "")
    assert [(p.session.number, p.listening_language, p.status) for p in registration.sessions] == [
        (1, "en", "confirmed"), (2, "fr", "confirmed")]
    assert registration.consented_at is not None
    assert [c.action for c in registration.changes] == ["created"]
    assert registration.changes[0].details == {"sessions": {"1": "en", "2": "fr"}}
    assert signals_seen == [("created", registration.id, True)]
    assert operations.registration_by_token(result.manage_token) == registration
    assert operations.registration_by_token("not-a-token") is None


def test_duplicate_email_is_not_registered_twice_and_gets_the_same_link_again(demo_event, run_jobs, app):
    first = operations.register(demo_event, registration_data(demo_event))
    again = operations.register(demo_event, registration_data(
        demo_event, email="MARIA.LOPEZ@Congreso.Example", given_name="Someone else"))

    assert not again.created and again.manage_token is None
    assert again.registration.id == first.registration.id
    assert again.registration.given_name == "Maria"
    assert count_rows() == (1, 1)
    # The link just emailed is the one the person has: it still works.
    assert operations.registration_by_token(first.manage_token).id == first.registration.id
    assert operations.current_manage_token(again.registration) == first.manage_token
    assert [c.action for c in again.registration.changes] == ["created", "link_sent"]
    assert run_jobs() == 4  # confirmation, then the manage link: render + deliver each


def test_concurrent_duplicate_integrity_error_is_answered_as_already_registered(demo_event, monkeypatch):
    """Another request registered the address first (a moment before, or at the same
    moment): there is no look-up before our INSERT (issue 20), the unique constraint
    refuses it, and the result is the other request's registration, found then."""
    first = operations.register(demo_event, registration_data(demo_event))
    real_find = operations.find_registration
    calls = []

    def counting_find(event, email):
        calls.append(email)
        return real_find(event, email)

    monkeypatch.setattr(operations, "find_registration", counting_find)
    result = operations.register(demo_event, registration_data(demo_event))

    assert len(calls) == 1  # only the look-up after the IntegrityError
    assert not result.created and result.registration.id == first.registration.id
    assert count_rows() == (1, 1)


def test_a_new_registration_is_not_looked_up_first(demo_event, monkeypatch):
    calls = []
    monkeypatch.setattr(operations, "find_registration", lambda event, email: calls.append(email))
    assert operations.register(demo_event, registration_data(demo_event)).created
    assert calls == []


def test_full_session_waitlists_in_order_and_promotes_when_a_place_frees(demo_event, register_person, signals_seen):
    session = demo_event.session_by_number(2)
    session.capacity = 2
    db.session.commit()
    people = [register_person(email=f"p{i}@parl.example") for i in range(5)]
    places = [p.registration.sessions[0] for p in people]
    assert [p.status for p in places] == ["confirmed", "confirmed", "waitlisted", "waitlisted", "waitlisted"]
    assert [operations.waitlist_position(p) for p in places] == [None, None, 1, 2, 3]
    assert operations.registration_status(people[2].registration) == "waitlisted"
    signals_seen.clear()

    promoted = operations.cancel_session_registration(places[0])

    assert promoted == [places[2]]
    db.session.expire_all()
    assert [p.status for p in places] == ["cancelled", "confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [operations.waitlist_position(p) for p in places[3:]] == [1, 2]
    assert [(s[0], s[2]) for s in signals_seen] == [("cancelled", "cancelled"), ("promoted", "confirmed")]
    assert [c.action for c in people[2].registration.changes] == ["created", "promoted"]

    # Cancelling a waiting place frees nothing: no promotion.
    assert operations.cancel_session_registration(places[4]) == []
    # Cancelling a whole registration promotes the next in line.
    assert operations.cancel_registration(people[1].registration) == [places[3]]
    assert operations.confirmed_count(session) == 2


def test_waitlisted_person_is_emailed_when_promoted(demo_event, register_person, smtp_server, run_jobs):
    demo_event.session_by_number(2).capacity = 1
    db.session.commit()
    first = register_person(email="first@parl.example")
    waiting = register_person(email="second@parl.example", language="fr", listening_language={"2": "fr"})
    run_jobs()
    smtp_server.envelopes.clear()

    operations.cancel_registration(first.registration)
    run_jobs()

    assert [m["To"] for m in smtp_server.messages] == ["second@parl.example"]
    message = smtp_server.messages[0]
    assert message["Content-Language"] == "fr"
    assert "Une place s’est libérée" in message.get_body(("plain",)).get_content()
    assert waiting.registration.sessions[0].status == "confirmed"


def test_add_remove_and_restore_a_session_keep_one_row_per_session(demo_event, register_person, signals_seen):
    registration = register_person(sessions=[2]).registration
    session1 = demo_event.session_by_number(1)
    signals_seen.clear()

    place = operations.add_session(registration, session1, "en")
    assert place.status == "confirmed"
    operations.remove_session(registration, session1)
    assert place.status == "cancelled"
    again = operations.add_session(registration, session1, "en")

    assert again.id == place.id and again.status == "confirmed"
    assert count_rows() == (1, 2)
    assert [s[0] for s in signals_seen] == ["added", "cancelled", "restored"]
    assert [c.action for c in registration.changes] == [
        "created", "session_added", "session_removed", "session_added"]
    with pytest.raises(operations.RegistrationError):
        operations.add_session(registration, session1, "fr")  # session 1 is English only


def test_listening_language_must_be_offered_and_changes_are_recorded(demo_event, register_person, signals_seen):
    registration = register_person().registration
    place = registration.sessions[0]
    signals_seen.clear()

    with pytest.raises(operations.RegistrationError):
        operations.change_listening_language(place, "de")
    assert operations.change_listening_language(place, "ar") is True
    assert operations.change_listening_language(place, "ar") is False

    assert place.listening_language == "ar"
    assert signals_seen[0][0] == "language_changed" and signals_seen[0][3] == {"listening_language": "es"}
    assert registration.changes[-1].details == {"session": 2, "from": "es", "to": "ar"}


def test_change_timezone_validates_and_records(demo_event, register_person):
    registration = register_person().registration
    with pytest.raises(operations.RegistrationError):
        operations.change_timezone(registration, "Mars/Olympus_Mons")
    assert operations.change_timezone(registration, "America/Bogota")
    assert registration.timezone == "America/Bogota"
    change = db.session.execute(db.select(RegistrationChange).order_by(RegistrationChange.id.desc())).scalars().first()
    assert (change.action, change.details) == ("timezone_changed", {"from": "Europe/Madrid", "to": "America/Bogota"})


def test_cancelled_session_cannot_be_registered_for(demo_event):
    demo_event.session_by_number(1).status = "cancelled"
    db.session.commit()
    from eventhub.registration.validation import clean_registration

    data, errors = clean_registration(demo_event, {
        "given_name": "A", "family_name": "B", "email": "a@b.example", "country": "FR",
        "parliament": "Sénat", "role": "member", "sessions": [1], "timezone": "Europe/Paris",
        "consent": True}, "fr")
    assert data is None and "sessions" in errors


@pytest.mark.app_config(ZOOM_ACCOUNT_ID="acc", ZOOM_CLIENT_ID="id", ZOOM_CLIENT_SECRET="secret")
def test_zoom_state_pending_only_with_webinar_id_and_credentials(demo_event, register_person):
    demo_event.session_by_number(2).zoom_webinar_id = "81234567890"
    db.session.commit()
    registration = register_person(sessions=[1, 2], listening_language={"2": "fr"}).registration
    assert {p.session.number: p.zoom_state for p in registration.sessions} == {1: "link", 2: "pending"}


def test_zoom_state_is_link_without_credentials(demo_event, register_person):
    demo_event.session_by_number(2).zoom_webinar_id = "81234567890"
    db.session.commit()
    registration = register_person().registration
    assert registration.sessions[0].zoom_state == "link"


def test_registration_closed_refuses(demo_event):
    demo_event.registration_open = False
    db.session.commit()
    with pytest.raises(operations.RegistrationError):
        operations.register(demo_event, registration_data(demo_event))
    assert count_rows() == (0, 0)


def test_a_failing_receiver_does_not_undo_or_hide_the_registration(demo_event, run_jobs, caplog):
    def broken(sender, registration):
        raise RuntimeError("receiver bug in another domain")

    registration_created.connect(broken)
    try:
        result = operations.register(demo_event, registration_data(demo_event))
    finally:
        registration_created.disconnect(broken)
    assert result.created and count_rows() == (1, 1)
    assert "receiver bug in another domain" in caplog.text
    assert run_jobs() == 2  # the confirmation still went out (render + deliver)
