"""The page cache (eventhub/pagecache.py): anonymous public pages served again while their
event is unchanged, and never a stale page after an edit, on any instance."""
from __future__ import annotations

import datetime as dt

import pytest

from eventhub import create_app
from eventhub.extensions import db

from tests.conftest import DEMO_NOW, FreshRequestClient, base_config

PAGE = "/en/e/safe-cyberspace-2022/"


@pytest.fixture
def second_instance(app, database_url, tmp_path, queue_name):
    """Another application on the same database: a second server behind the load balancer."""
    # Same events clock as the demo_event fixture's (the 2022 event still open).
    other = create_app({**base_config(database_url, tmp_path / "other-instance", queue_name),
                        "EVENTS_NOW": DEMO_NOW})
    other.test_client_class = FreshRequestClient
    yield other
    with other.app_context():
        db.engine.dispose()


def cached_pages(app) -> int:
    return len(app.extensions["eventhub.pagecache"])


def test_an_anonymous_page_is_rendered_once_and_served_again(app, client, demo_event):
    first = client.get(PAGE)
    assert first.status_code == 200 and cached_pages(app) == 1
    second = client.get(PAGE)
    assert second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Cache-Control"] == "public, max-age=30"
    assert "Cookie" in second.headers["Vary"]
    assert cached_pages(app) == 1


def test_languages_and_zones_are_kept_apart(app, client, demo_event):
    english = client.get(PAGE).get_data(as_text=True)
    french = client.get("/fr/e/safe-cyberspace-2022/").get_data(as_text=True)
    manila = client.get(PAGE + "?tz=Asia/Manila").get_data(as_text=True)
    assert "Creating a safe cyberspace" in english and "Créer un cyberespace sûr" in french
    assert 'data-zone="Asia/Manila"' in manila and 'data-zone="Asia/Manila"' not in english
    assert cached_pages(app) == 3


def test_an_edit_shows_at_once_on_this_and_every_other_instance(app, client, demo_event, second_instance):
    other = second_instance.test_client()
    assert "Sessions" in client.get(PAGE).get_data(as_text=True)
    with second_instance.app_context():
        before_other = other.get(PAGE).data
        assert other.get(PAGE).data == before_other and cached_pages(second_instance) == 1
    session = demo_event.sessions[0]
    session.starts_at = session.starts_at + dt.timedelta(hours=1)
    session.ends_at = session.ends_at + dt.timedelta(hours=1)
    db.session.commit()
    after = client.get(PAGE)
    assert after.data != before_other
    with second_instance.app_context():
        assert other.get(PAGE).data == after.data


def test_title_edit_changes_event_page_api_and_calendar(app, client, demo_event):
    client.get(PAGE)
    api_before = client.get("/api/v1/events/safe-cyberspace-2022").get_json()
    ics_before = client.get("/en/e/safe-cyberspace-2022/calendar.ics").data
    demo_event.title = {**demo_event.title, "en": "A retitled consultation"}
    db.session.commit()
    assert "A retitled consultation" in client.get(PAGE).get_data(as_text=True)
    assert client.get("/api/v1/events/safe-cyberspace-2022").get_json()["title"]["en"] == "A retitled consultation"
    assert api_before["title"]["en"] != "A retitled consultation"
    assert client.get("/en/e/safe-cyberspace-2022/calendar.ics").data != ics_before


def test_objective_edits_move_the_version(app, client, demo_event):
    client.get(PAGE)
    objective = demo_event.objectives[0]
    objective.text = {**objective.text, "en": "An objective rewritten by the organiser"}
    db.session.commit()
    assert "An objective rewritten by the organiser" in client.get(PAGE).get_data(as_text=True)


def test_304_only_while_unchanged(app, client, demo_event):
    etag = client.get(PAGE).headers["ETag"]
    assert client.get(PAGE, headers={"If-None-Match": etag}).status_code == 304
    demo_event.sessions[0].ends_at += dt.timedelta(minutes=30)
    db.session.commit()
    changed = client.get(PAGE, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_a_visitor_with_a_session_is_never_served_from_the_cache(app, demo_event):
    """A session cookie may carry flashed messages or a signed-in user: render for them."""
    anonymous = app.test_client()
    anonymous.get(PAGE)
    with_session = app.test_client()
    with with_session.session_transaction() as session:
        session["_flashes"] = [("message", "Your registration was cancelled for Ms Personal Person.")]
    page = with_session.get(PAGE)
    assert "Ms Personal Person" in page.get_data(as_text=True)
    assert "public" not in page.headers.get("Cache-Control", "")
    assert "Ms Personal Person" not in anonymous.get(PAGE).get_data(as_text=True)


def test_time_bounds_every_entry(app, client, demo_event, monkeypatch):
    import time

    client.get(PAGE)
    real = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: real() + 31)
    client.get(PAGE)  # expired: rendered again, and the old entry dropped
    assert cached_pages(app) == 1


def test_a_cancelled_session_reaches_the_page_and_its_calendar_file(app, client, demo_event):
    from eventhub.events.models import SessionStatus

    ics = "/en/e/safe-cyberspace-2022/s/2.ics"
    assert b"STATUS:CANCELLED" not in client.get(ics).data
    client.get(PAGE)
    demo_event.session_by_number(2).status = SessionStatus.CANCELLED
    db.session.commit()
    assert b"STATUS:CANCELLED" in client.get(ics).data
    assert "badge-cancelled" in client.get(PAGE).get_data(as_text=True)


def test_unknown_events_are_not_cached(app, client, demo_event):
    assert client.get("/en/e/no-such-event/").status_code == 404
    assert client.get("/api/v1/events/no-such-event").status_code == 404
    assert cached_pages(app) == 0


@pytest.mark.app_config(PAGE_CACHE_SECONDS=0)
def test_the_cache_can_be_turned_off(app, client, demo_event):
    client.get(PAGE)
    client.get(PAGE)
    assert cached_pages(app) == 0


def test_the_version_is_read_on_a_connection_of_its_own(app, client, demo_event, monkeypatch):
    """The version read costs more through the ORM session than serving the cached page:
    it has an autocommit connection of its own (and sees the latest commit)."""
    from eventhub import pagecache

    client.get(PAGE)
    version = pagecache.event_version("safe-cyberspace-2022")

    def no_orm(*args, **kwargs):
        raise AssertionError("the version was read through the ORM session")

    monkeypatch.setattr(db.session, "execute", no_orm)
    assert pagecache.event_version("safe-cyberspace-2022") == version
    monkeypatch.undo()
    demo_event.sessions[0].ends_at += dt.timedelta(minutes=5)
    db.session.commit()
    monkeypatch.setattr(db.session, "execute", no_orm)
    assert pagecache.event_version("safe-cyberspace-2022") != version


def test_version_connections_are_reused_whatever_thread_asks(app, demo_event):
    """A server starting a thread per request must not open a connection per thread."""
    import os
    import threading

    from eventhub import pagecache

    def read():
        with app.app_context():
            assert pagecache.event_version("safe-cyberspace-2022") is not None

    for _ in range(5):
        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
    kept = [raw for key, raws in pagecache._connections._free.items()
            if key[:2] == (os.getpid(), id(db.engine)) for raw in raws]
    assert len(kept) == 1


def _is_open(raw) -> bool:
    try:
        raw.cursor().execute("SELECT 1")
        return True
    except Exception:
        return False


def test_version_connections_end_with_their_engine(app, demo_event, database_url, tmp_path, queue_name):
    """One app after another in a process (the test suite) must not keep every earlier
    app's connections open: PostgreSQL refuses clients past max_connections."""
    from eventhub import pagecache

    assert pagecache.event_version("safe-cyberspace-2022") is not None
    first = [raw for raws in pagecache._connections._free.values() for raw in raws]
    assert first and all(_is_open(raw) for raw in first)

    other = create_app({**base_config(database_url, tmp_path / "next-instance", queue_name)})
    with other.app_context():
        assert pagecache.event_version("safe-cyberspace-2022") is not None
        assert not any(_is_open(raw) for raw in first), "the first engine's connections are still open"
        second = [raw for raws in pagecache._connections._free.values() for raw in raws]
        assert second and all(_is_open(raw) for raw in second)
        db.engine.dispose()
    assert not any(_is_open(raw) for raw in second), "a disposed engine's connections are still open"
