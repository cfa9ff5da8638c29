"""Authoring operations: create, edit (optimistic revision), publish, sessions in local
time (midnight, DST), clone across DST, removal with registrations, the change log."""
from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale

from eventhub.audit.models import AuditEntry
from eventhub.events import operations as ops
from eventhub.events.models import Event
from eventhub.extensions import db

UTC = dt.timezone.utc
ZOOM = "https://us06web.zoom.us/webinar/register/WN_dMEN_hv2QGO5vUyrHFry0g"


def payload(**overrides) -> dict:
    data = {
        "slug": "cyber-2027",
        "reference_timezone": "Europe/Zurich",
        "title": {"en": "Cyber 2027", "fr": "Cyber 2027 (fr)"},
        "organiser": {"en": "Inter-Parliamentary Union"},
        "objectives": [{"text": {"en": "Share risks"}, "short_label": {"en": "Risks"}}],
        "sessions": [
            {"starts_local": "2027-01-12T07:00", "ends_local": "2027-01-12T09:00",
             "region": {"en": "Asia/Pacific"}, "zoom_registration_url": ZOOM, "capacity": 100},
            # Crosses midnight in Geneva.
            {"starts_local": "2027-01-12T23:00", "ends_local": "2027-01-13T01:30",
             "region": {"en": "Americas"}, "interpretation_languages": ["fr", "es"]},
        ],
    }
    data.update(overrides)
    return data


@pytest.fixture
def register_person(demo_event):
    from eventhub.registration import operations
    from tests.registration.conftest import registration_data

    def make(**overrides):
        return operations.register(demo_event, registration_data(demo_event, **overrides))

    return make


def entries(action=None):
    query = db.select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.filter_by(action=action)
    return list(db.session.execute(query).scalars())


def test_create_stores_utc_instants_and_starts_as_a_draft(app, make_user):
    user = make_user("author@ipu.example")
    event = ops.create_event(payload(), creator=user)
    assert event.status == "draft" and event.lifecycle == "draft" and event.revision == 1
    first, second = event.sessions
    assert first.starts_at == dt.datetime(2027, 1, 12, 6, 0, tzinfo=UTC)
    assert second.starts_at == dt.datetime(2027, 1, 12, 22, 0, tzinfo=UTC)
    assert second.ends_at == dt.datetime(2027, 1, 13, 0, 30, tzinfo=UTC)
    assert [o.text["en"] for o in event.objectives] == ["Share risks"]
    # The creator is on the team; creation and each session are in the change log.
    from eventhub.accounts.teams import team_events

    assert [e.slug for e in team_events(user)] == ["cyber-2027"]
    actions = [entry.action for entry in entries()]
    assert actions.count("event_created") == 1 and actions.count("session_added") == 2
    assert "team_changed" in actions


def test_end_is_checked_on_instants_not_the_clock(app):
    bad = payload(sessions=[{"starts_local": "2027-01-12T23:00", "ends_local": "2027-01-12T01:00"}])
    with pytest.raises(ops.EventChangeError) as caught:
        ops.create_event(bad)
    assert "sessions[0].ends_local" in caught.value.errors
    assert db.session.execute(db.select(Event)).first() is None


@pytest.mark.parametrize("local, word", [
    ("2027-03-28T02:30", "forward"),  # Geneva skips 02:00-03:00
    ("2027-10-31T02:30", "twice"),    # and shows 02:00-03:00 twice
])
def test_dst_gaps_and_repeats_are_refused_not_shifted(app, local, word):
    bad = payload(sessions=[{"starts_local": local, "ends_local": "2027-10-31T05:00"}])
    with pytest.raises(ops.EventChangeError) as caught:
        ops.create_event(bad)
    message = caught.value.errors["sessions[0].starts_local"]
    assert word in message and "Europe/Zurich" in message


def test_dst_message_is_localised(app):
    bad = payload(sessions=[{"starts_local": "2027-03-28T02:30", "ends_local": "2027-03-28T05:00"}])
    with force_locale("fr"), pytest.raises(ops.EventChangeError) as caught:
        ops.create_event(bad)
    message = caught.value.errors["sessions[0].starts_local"]
    assert "n’existe pas" in message or "n'existe pas" in message


@pytest.mark.parametrize("field, value", [
    ("slug", "Cyber 2027"), ("slug", "cyber_2027"), ("slug", "-cyber"),
    ("reference_timezone", "Mars/Olympus"), ("reference_timezone", "CEST"),
    ("title", {"de": "Cyber"}), ("title", {}), ("privacy_contact", "not an address"),
    ("registration_opens_at", "2027-01-01T10:00"),  # no zone
    ("status", "ended"),
])
def test_bad_event_fields_are_refused(app, field, value):
    with pytest.raises(ops.EventChangeError) as caught:
        ops.create_event(payload(**{field: value}))
    assert field in caught.value.errors and not caught.value.conflict


@pytest.mark.parametrize("session, field", [
    ({"zoom_registration_url": "https://example.com/webinar/register/WN_dMEN_hv2QGO5vUyrHFry0g"},
     "zoom_registration_url"),
    ({"floor_language": "de"}, "floor_language"),
    ({"interpretation_languages": ["ru"]}, "interpretation_languages"),
    ({"capacity": 0}, "capacity"),
    ({"zoom_webinar_id": "12ab"}, "zoom_webinar_id"),
    ({"colour": "red"}, "colour"),
])
def test_bad_session_fields_are_refused(app, session, field):
    base = {"starts_local": "2027-01-12T07:00", "ends_local": "2027-01-12T09:00"}
    with pytest.raises(ops.EventChangeError) as caught:
        ops.create_event(payload(sessions=[{**base, **session}]))
    assert f"sessions[0].{field}" in caught.value.errors


def test_taken_slug_is_a_conflict(app):
    ops.create_event(payload())
    with pytest.raises(ops.EventChangeError) as caught:
        ops.create_event(payload())
    assert caught.value.conflict and "slug" in caught.value.errors


def test_update_records_field_old_and_new_and_raises_the_revision(app):
    event = ops.create_event(payload())
    changed = ops.update_event(event, {"title": {"en": "Cyber 2027", "ar": "الفضاء"}},
                               expected_revision=1, actor="editor@ipu.example")
    assert set(changed) == {"title"} and event.revision == 2
    entry = entries("event_edited")[-1]
    assert entry.actor == "editor@ipu.example"
    assert entry.changes["title"][0] == {"en": "Cyber 2027", "fr": "Cyber 2027 (fr)"}
    assert entry.changes["title"][1]["ar"] == "الفضاء"
    assert ops.update_event(event, {"title": dict(event.title)}) == {}  # nothing changed


def test_second_save_from_the_same_revision_is_told_to_reload(app):
    event = ops.create_event(payload())
    ops.update_event(event, {"subtitle": {"en": "First editor"}}, expected_revision=1)
    with pytest.raises(ops.RevisionConflict) as caught:
        ops.update_event(event, {"subtitle": {"en": "Second editor"}}, expected_revision=1)
    assert caught.value.current == 2
    db.session.expire_all()
    assert db.session.get(Event, event.id).subtitle == {"en": "First editor"}


def test_concurrent_write_between_read_and_save_is_detected(app):
    """Another worker saved after this one read the row: the UPDATE's revision check fails."""
    event = ops.create_event(payload())
    with db.engine.begin() as conn:
        conn.execute(db.text("UPDATE events SET revision = revision + 1 WHERE id = :id"), {"id": event.id})
    with pytest.raises(ops.RevisionConflict):
        ops.update_event(event, {"subtitle": {"en": "Lost?"}}, expected_revision=1)


def test_publish_needs_a_session_and_is_audited(app):
    event = ops.create_event(payload(slug="empty-event", sessions=[]))
    with pytest.raises(ops.EventChangeError) as caught:
        ops.publish_event(event)
    assert "status" in caught.value.errors
    ops.add_session(event, {"starts_local": "2027-01-12T07:00", "ends_local": "2027-01-12T08:00"})
    ops.publish_event(event, actor="boss@ipu.example")
    assert event.status == "published" and event.lifecycle == "published"
    assert entries("event_published")[-1].changes == {"status": ["draft", "published"]}


def test_lifecycle_ended_and_registration_window(app):
    event = ops.create_event(payload(status="published",
                                     registration_opens_at="2027-01-01T08:00:00Z",
                                     registration_closes_at="2027-01-10T08:00:00+00:00"))
    at = lambda text: dt.datetime.fromisoformat(text).replace(tzinfo=UTC)  # noqa: E731
    assert event.registration_state_at(at("2026-12-31T00:00")) == "not_yet_open"
    assert event.registration_state_at(at("2027-01-05T00:00")) == "open"
    assert event.registration_state_at(at("2027-01-11T00:00")) == "closed"
    assert event.lifecycle_at(at("2027-01-13T00:29")) == "published"
    assert event.lifecycle_at(at("2027-01-13T00:30")) == "ended"
    assert event.registration_state_at(at("2027-01-13T01:00")) == "ended"
    with pytest.raises(ops.EventChangeError) as caught:
        ops.update_event(event, {"registration_closes_at": "2026-12-01T00:00:00Z"})
    assert "registration_closes_at" in caught.value.errors


def test_slug_is_fixed_once_published(app):
    event = ops.create_event(payload(status="published"))
    with pytest.raises(ops.EventChangeError) as caught:
        ops.update_event(event, {"slug": "renamed"})
    assert "slug" in caught.value.errors


def test_session_edit_in_local_time_and_reorder(app):
    event = ops.create_event(payload())
    second = event.session_by_number(2)
    ops.edit_session(second, {"starts_local": "2027-01-12T22:00"}, actor="a@ipu.example")
    assert second.starts_at == dt.datetime(2027, 1, 12, 21, 0, tzinfo=UTC)
    assert entries("session_edited")[-1].target == "session 2"
    with pytest.raises(ops.SessionChangeError) as caught:
        ops.edit_session(second, {"ends_local": "2027-01-12T21:00"})
    assert "ends_local" in caught.value.errors
    ops.reorder_sessions(event, [2, 1])
    assert [s.region["en"] for s in event.sessions] == ["Americas", "Asia/Pacific"]
    assert [s.number for s in event.sessions] == [1, 2]
    with pytest.raises(ops.SessionChangeError):
        ops.reorder_sessions(event, [1, 1])


def test_removing_a_session_with_registrations_asks_then_cancels_and_notifies(
        app, demo_event, register_person, run_jobs):
    register_person(sessions=[2], listening_language={"2": "es"})
    session = demo_event.session_by_number(2)
    with pytest.raises(ops.ConfirmationRequired) as caught:
        ops.remove_session(session)
    assert caught.value.registrations == 1 and not session.is_cancelled
    assert ops.remove_session(session, confirm=True, actor="o@ipu.example") == "cancelled"
    assert session.is_cancelled
    assert run_jobs() >= 1  # the session-notice job, then its email
    # A session nobody registered for is deleted.
    assert ops.remove_session(demo_event.session_by_number(1)) == "deleted"
    assert [s.number for s in demo_event.sessions] == [2]
    assert entries("session_removed")[-1].target == "session 1"


def test_clone_keeps_local_times_across_dst_and_copies_no_zoom_or_people(app, demo_event, register_person):
    register_person()
    demo_event.session_by_number(2).zoom_webinar_id = "84759841045"
    db.session.commit()
    clone = ops.clone_event(demo_event, "safe-cyberspace-2027", "2027-06-08", actor="o@ipu.example")
    assert clone.status == "draft"
    first, second = clone.sessions
    # 07:00 and 16:30 in Geneva, now in summer time (UTC+2) instead of winter (UTC+1).
    assert first.starts_at == dt.datetime(2027, 6, 8, 5, 0, tzinfo=UTC)
    assert second.starts_at == dt.datetime(2027, 6, 8, 14, 30, tzinfo=UTC)
    assert second.ends_at == dt.datetime(2027, 6, 8, 16, 30, tzinfo=UTC)
    assert second.interpretation_languages == ["en", "fr", "es", "ar"]
    assert all(s.zoom_registration_url == "" and s.zoom_webinar_id is None for s in clone.sessions)
    assert clone.title == demo_event.title and len(clone.objectives) == len(demo_event.objectives)
    from eventhub.registration.models import Registration

    assert db.session.execute(db.select(Registration).filter_by(event_id=clone.id)).first() is None
    assert {e.action for e in entries("event_cloned")} == {"event_cloned"}
    assert len(entries("event_cloned")) == 2


def test_clone_refuses_a_day_where_a_local_time_does_not_exist(app):
    source = ops.create_event(payload(sessions=[
        {"starts_local": "2027-01-12T02:30", "ends_local": "2027-01-12T04:00"}]))
    with pytest.raises(ops.EventChangeError) as caught:
        ops.clone_event(source, "cyber-2028", "2028-03-26")  # Geneva skips 02:00-03:00 then
    assert "first_day" in caught.value.errors
    with pytest.raises(ops.EventChangeError) as caught:
        ops.clone_event(source, "cyber-2028", "26/03/2028")
    assert "first_day" in caught.value.errors


def test_demo_is_built_by_the_operations_ended_and_a_practice_copy_is_published(app):
    from eventhub.events.demo import DEMO_SLUG, load_demo_event, load_practice_copy, next_sixth_of_december

    assert next_sixth_of_december(dt.date(2026, 12, 3)) == dt.date(2026, 12, 6)
    assert next_sixth_of_december(dt.date(2026, 12, 6)) == dt.date(2027, 12, 6)
    event, created = load_demo_event()
    assert created and event.slug == DEMO_SLUG and event.lifecycle == "ended"
    assert event.sessions[0].starts_at == dt.datetime(2022, 12, 6, 6, 0, tzinfo=UTC)
    practice, created = load_practice_copy(today=dt.date(2027, 3, 1))
    assert created and practice.slug == "safe-cyberspace-practice-2027"
    assert practice.status == "published" and practice.lifecycle == "published"
    assert practice.sessions[0].starts_at == dt.datetime(2027, 12, 6, 6, 0, tzinfo=UTC)
    again, created = load_practice_copy(today=dt.date(2027, 3, 1))
    assert not created and again.id == practice.id
    assert load_demo_event()[1] is False
    assert {e.actor for e in entries()} == {"demo"}


def test_concept_note_markdown_is_sanitised(app):
    from eventhub.events.markdown import render_markdown

    html = str(render_markdown("# Aims\n\n- one <script>alert(1)</script>\n\n"
                               "[x](javascript:alert(1)) [IPU](https://www.ipu.org)"))
    assert "<h2>Aims</h2>" in html and "<li>" in html
    assert "<script" not in html
    assert 'href="javascript' not in html and '<a href="https://www.ipu.org"' in html
