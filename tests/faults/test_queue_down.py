"""The job queue is down (Redis restarting or unreachable) while people register.

Before, the registration was committed and then the request failed with a 500 when it
tried to queue the confirmation: the person saw an error for a registration that
existed, and no email ever came. Now the job is written to the database outbox with the
registration and waits there until the queue answers again: the person sees the
confirmation page, and the email arrives once the queue is back, exactly once.
"""
from __future__ import annotations

import pytest
from huey.storage import RedisStorage

from eventhub.extensions import db
from eventhub.jobs import huey
from eventhub.jobs.models import OutboxState, QueuedLater
from eventhub.registration.models import Registration
from tests.conftest import free_port
from tests.registration.conftest import form_data, register_url


@pytest.fixture
def queue_down(app):
    """Swap the queue for a Redis nobody answers on; ``back()`` restores the real one."""
    working = huey.storage
    huey.storage = RedisStorage(huey.name, url=f"redis://127.0.0.1:{free_port()}/0")

    class Outage:
        @staticmethod
        def back():
            huey.storage = working

    yield Outage
    huey.storage = working


def kept() -> list[QueuedLater]:
    """Jobs waiting in the outbox for the queue."""
    db.session.remove()
    return db.session.execute(db.select(QueuedLater).filter_by(state=OutboxState.WAITING)).scalars().all()


def test_registering_while_the_queue_is_down_succeeds_and_the_email_follows(client, demo_event, queue_down,
                                                                             run_jobs, smtp_server):
    response = client.post(register_url("fr"), data=form_data(email="pendant.panne@assemblee.example"))
    assert response.status_code == 302 and response.location.endswith("/confirmation")
    assert "Votre inscription est enregistrée" in client.get(response.location).get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(Registration.id))).scalar_one() == 1
    assert [row.task_name.rsplit(".", 1)[1] for row in kept()] == ["prepare_registration_email"]
    assert all(row.reason == "ConnectionError" for row in kept())

    queue_down.back()
    run_jobs()  # the consumer's recovery pass, as every minute
    assert kept() == []
    assert [m["To"] for m in smtp_server.messages] == ["pendant.panne@assemblee.example"]
    assert run_jobs() == 0 and len(smtp_server.messages) == 1


def test_kept_jobs_wait_while_the_queue_is_still_down(client, demo_event, queue_down, run_jobs):
    from eventhub.jobs import recover_abandoned

    client.post(register_url("en"), data=form_data(email="a@parliament.example"))
    client.post(register_url("en"), data=form_data(email="b@parliament.example"))
    assert len(kept()) == 2
    with pytest.raises(Exception):
        recover_abandoned()  # the queue still refuses: nothing is lost meanwhile
    assert len(kept()) == 2
    queue_down.back()
    assert run_jobs() >= 2 and kept() == []
