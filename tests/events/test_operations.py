"""update_session / cancel_session: validated edits that calendars and receivers rely on."""
import datetime as dt

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from eventhub.events.models import EventSession
from eventhub.events.operations import SessionChangeError, cancel_session, update_session
from eventhub.extensions import db
from eventhub.signals import session_changed

UTC = dt.timezone.utc
GENEVA = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture
def session_1(demo_event):
    return demo_event.session_by_number(1)


@pytest.fixture
def received(app):
    """Every session_changed signal sent during the test."""
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    session_changed.connect(receiver)
    yield calls
    session_changed.disconnect(receiver)


def reloaded(session) -> EventSession:
    db.session.expire_all()
    return db.session.execute(sa.select(EventSession).filter_by(id=session.id)).scalar_one()


def test_time_change_is_stored_in_utc_raises_revision_and_signals(session_1, received):
    changes = update_session(session_1, starts_at=dt.datetime(2022, 12, 6, 8, 0, tzinfo=GENEVA),
                             ends_at=dt.datetime(2022, 12, 6, 10, 0, tzinfo=GENEVA))
    assert changes == {
        "starts_at": (dt.datetime(2022, 12, 6, 6, 0, tzinfo=UTC), dt.datetime(2022, 12, 6, 7, 0, tzinfo=UTC)),
        "ends_at": (dt.datetime(2022, 12, 6, 8, 0, tzinfo=UTC), dt.datetime(2022, 12, 6, 9, 0, tzinfo=UTC)),
    }
    stored = reloaded(session_1)
    assert stored.starts_at == dt.datetime(2022, 12, 6, 7, 0, tzinfo=UTC)
    assert stored.revision == 1  # once per edit, not once per field
    assert len(received) == 1 and received[0]["session"].id == session_1.id
    assert received[0]["changes"] == changes


@pytest.mark.parametrize("changes", [
    dict(status="cancelled"),
    dict(zoom_registration_url="https://zoom.us/webinar/register/WN_abcdefghijklmnopqrstuv"),
    dict(interpretation_languages=["en", "fr"]),
])
def test_link_status_and_language_changes_raise_revision(session_1, changes):
    update_session(session_1, **changes)
    assert reloaded(session_1).revision == 1


def test_capacity_change_is_saved_and_signalled_without_a_new_revision(session_1, received):
    assert update_session(session_1, capacity=300) == {"capacity": (None, 300)}
    stored = reloaded(session_1)
    assert (stored.capacity, stored.revision) == (300, 0)
    assert received[0]["changes"] == {"capacity": (None, 300)}


def test_no_real_change_means_no_revision_and_no_signal(session_1, received):
    same = dict(starts_at=session_1.starts_at, zoom_registration_url=session_1.zoom_registration_url)
    assert update_session(session_1, **same) == {}
    assert reloaded(session_1).revision == 0
    assert received == []


def test_naive_datetime_is_refused_and_nothing_changes(session_1, received):
    with pytest.raises(SessionChangeError) as refused:
        update_session(session_1, starts_at=dt.datetime(2022, 12, 6, 7, 0), capacity=10)
    assert set(refused.value.errors) == {"starts_at"}
    stored = reloaded(session_1)
    assert stored.starts_at == dt.datetime(2022, 12, 6, 6, 0, tzinfo=UTC)
    assert stored.capacity is None  # the valid field was not applied either
    assert received == []


@pytest.mark.parametrize("changes", [
    dict(ends_at=dt.datetime(2022, 12, 6, 6, 0, tzinfo=UTC)),  # equal to the start
    dict(starts_at=dt.datetime(2022, 12, 6, 9, 0, tzinfo=UTC)),  # after the stored end
    dict(starts_at=dt.datetime(2022, 12, 7, 6, 0, tzinfo=UTC), ends_at=dt.datetime(2022, 12, 7, 5, 0, tzinfo=UTC)),
])
def test_end_must_come_after_start(session_1, changes):
    with pytest.raises(SessionChangeError) as refused:
        update_session(session_1, **changes)
    assert "ends_at" in refused.value.errors
    assert reloaded(session_1).ends_at == dt.datetime(2022, 12, 6, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("value", [
    "https://us06web.zoom.us/j/84759841045",
    "http://us06web.zoom.us/webinar/register/WN_dMEN_hv2QGO5vUyrHFry0g",
    "https://zoom.us.evil.example/webinar/register/WN_dMEN_hv2QGO5vUyrHFry0g",
    "javascript:alert(1)",
    42,
])
def test_zoom_link_must_be_a_webinar_registration_link(session_1, value):
    with pytest.raises(SessionChangeError) as refused:
        update_session(session_1, zoom_registration_url=value)
    assert "zoom_registration_url" in refused.value.errors
    assert reloaded(session_1).zoom_registration_url.endswith("WN_dMEN_hv2QGO5vUyrHFry0g")


def test_zoom_link_is_trimmed(session_1):
    link = "https://us06web.zoom.us/webinar/register/WN_abcdefghijklmnopqrstuv"
    update_session(session_1, zoom_registration_url=f"  {link} ")
    assert reloaded(session_1).zoom_registration_url == link


@pytest.mark.parametrize("value", [["en", "de"], ["zh"], "en", None])
def test_interpretation_languages_among_the_four(session_1, value):
    with pytest.raises(SessionChangeError) as refused:
        update_session(session_1, interpretation_languages=value)
    assert "interpretation_languages" in refused.value.errors
    assert reloaded(session_1).interpretation_languages == []


def test_interpretation_languages_are_kept_in_the_usual_order_without_repeats(session_1):
    update_session(session_1, interpretation_languages=["ar", "en", "fr", "ar"])
    assert reloaded(session_1).interpretation_languages == ["en", "fr", "ar"]


@pytest.mark.parametrize("field, value", [
    ("status", "postponed"), ("capacity", 0), ("capacity", "ten"), ("capacity", True),
    ("floor_language", "de"), ("region", {"de": "Europa"}), ("zoom_webinar_id", "84-75"),
])
def test_other_fields_are_validated(session_1, field, value):
    with pytest.raises(SessionChangeError) as refused:
        update_session(session_1, **{field: value})
    assert set(refused.value.errors) == {field}


def test_fields_that_cannot_be_edited_are_a_programming_error(session_1):
    with pytest.raises(TypeError):
        update_session(session_1, number=7)
    with pytest.raises(TypeError):
        update_session(session_1, revision=99)


def test_messages_are_in_the_current_language(session_1):
    with force_locale("fr"), pytest.raises(SessionChangeError) as refused:
        update_session(session_1, ends_at=session_1.starts_at)
    assert refused.value.errors["ends_at"] == "La séance doit se terminer après son début."
    with force_locale("ar"), pytest.raises(SessionChangeError) as refused:
        update_session(session_1, starts_at=dt.datetime(2022, 12, 6, 7, 0))
    assert refused.value.errors["starts_at"] == "يُرجى إدخال التاريخ والوقت مع المنطقة الزمنية."


def test_cancel_session_marks_it_cancelled_once(session_1, received):
    assert cancel_session(session_1) == {"status": ("scheduled", "cancelled")}
    assert cancel_session(session_1) == {}
    stored = reloaded(session_1)
    assert stored.is_cancelled and stored.revision == 1
    assert len(received) == 1


def test_cancelled_session_can_be_rescheduled(session_1):
    cancel_session(session_1)
    update_session(session_1, status="scheduled")
    stored = reloaded(session_1)
    assert not stored.is_cancelled and stored.revision == 2


def test_reloading_the_demo_after_an_edit_restores_it_with_a_new_revision(session_1, received):
    from eventhub.events.demo import load_demo_event

    update_session(session_1, starts_at=dt.datetime(2022, 12, 6, 5, 0, tzinfo=UTC))
    load_demo_event()
    stored = reloaded(session_1)
    assert stored.starts_at == dt.datetime(2022, 12, 6, 6, 0, tzinfo=UTC)
    assert stored.revision == 2
    assert len(received) == 2
    load_demo_event()  # nothing differs now: no new revision
    assert reloaded(session_1).revision == 2
