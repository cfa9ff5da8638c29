"""The Zoom jobs of a place are written to the job outbox in the transaction that changes
the place: a web process that dies right after the commit (before handing the job to the
queue, before any signal) leaves nothing behind; a change rolled back sends nothing."""
from __future__ import annotations

import pytest

from eventhub.extensions import db
from eventhub.jobs import outbox
from eventhub.jobs.models import QueuedLater
from eventhub.registration import operations
from eventhub.signals import registration_creating
from tests.registration.conftest import registration_data
from tests.zoom.conftest import WEBINAR_ID, fresh, place_of


@pytest.fixture
def dies_after_commit(monkeypatch):
    """The web process is killed right after its commit: the outbox's hand-over to the
    queue and the signals sent after the commit never happen."""
    monkeypatch.setattr(outbox, "hand_over", lambda tasks: 0)
    monkeypatch.setattr(operations, "send_signal", lambda signal, **kwargs: None)
    return monkeypatch


def zoom_jobs(state=None) -> list[str]:
    db.session.expire_all()
    query = db.select(QueuedLater).where(QueuedLater.task_name.like("eventhub.zoom.%"))
    if state:
        query = query.where(QueuedLater.state == state)
    return [row.task_name.rsplit(".", 1)[-1] for row in db.session.execute(query).scalars()]


def test_a_registration_whose_process_died_after_the_commit_still_reaches_zoom(api_event, run_jobs, zoom_api,
                                                                               dies_after_commit):
    registration = operations.register(api_event, registration_data(api_event, email="late@parl.example")).registration
    assert zoom_jobs("waiting") == ["sync_session_registration"]
    dies_after_commit.undo()

    run_jobs()  # the recovery pass queues what the dead process committed
    assert [r["email"] for r in zoom_api.registrants_of(WEBINAR_ID, status="approved")] == ["late@parl.example"]
    assert fresh(place_of(registration, 2)).zoom_state == "synced"
    run_jobs()
    assert len([r for r in zoom_api.api_requests() if r.method == "POST"]) == 1


def test_a_cancellation_whose_process_died_after_the_commit_still_reaches_zoom(api_event, run_jobs, zoom_api,
                                                                               monkeypatch):
    registration = operations.register(api_event, registration_data(api_event, email="gone@parl.example")).registration
    run_jobs()
    assert fresh(place_of(registration, 2)).zoom_state == "synced"

    monkeypatch.setattr(outbox, "hand_over", lambda tasks: 0)
    monkeypatch.setattr(operations, "send_signal", lambda signal, **kwargs: None)
    operations.cancel_registration(fresh(registration))
    assert zoom_jobs("waiting") == ["cancel_on_zoom"]
    monkeypatch.undo()

    run_jobs()
    assert [r["status"] for r in zoom_api.registrants_of(WEBINAR_ID)] == ["cancelled"]
    assert fresh(place_of(registration, 2)).zoom_state == "cancelled"


def test_a_place_taken_again_from_the_manage_page_is_approved_again(api_event, run_jobs, zoom_api):
    registration = operations.register(api_event, registration_data(api_event, email="back@parl.example")).registration
    run_jobs()
    session = api_event.session_by_number(2)
    operations.remove_session(fresh(registration), session)
    run_jobs()
    operations.add_session(fresh(registration), session, "fr")
    assert zoom_jobs("queued") == ["sync_session_registration"]
    run_jobs()
    assert [r["status"] for r in zoom_api.registrants_of(WEBINAR_ID)] == ["approved"]
    assert fresh(place_of(registration, 2)).zoom_state == "synced"


def test_a_registration_rolled_back_sends_nothing_to_zoom(api_event, run_jobs, zoom_api, app):
    def broken(sender, **kwargs):
        raise RuntimeError("invitee update failed")

    registration_creating.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            operations.register(api_event, registration_data(api_event, email="never@parl.example"))
    finally:
        registration_creating.disconnect(broken)
    assert zoom_jobs() == []
    run_jobs()
    assert zoom_api.registrants_of(WEBINAR_ID) == []
