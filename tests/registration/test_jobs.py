"""Email jobs: retried with backoff when SMTP refuses, failures visible, delivered once."""
from __future__ import annotations

import datetime as dt

from eventhub.extensions import db
from eventhub.jobs import huey
from eventhub.jobs.models import JobFailure

from .conftest import form_data, register_url


async def refuse_data(server, session, envelope):
    return "451 4.3.0 Mailbox temporarily unavailable"


def make_retries_due() -> int:
    """Move every scheduled retry to now (instead of waiting for its backoff delay)."""
    later = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(days=1)
    due = huey.read_schedule(later)
    for task in due:
        task.eta = None  # else huey.execute() puts it back on the schedule
        huey.enqueue(task)
    return len(due)


def test_refused_email_is_retried_recorded_and_delivered_exactly_once(app, client, demo_event, smtp_server, run_jobs):
    smtp_server.handle_DATA = refuse_data  # the server now answers 451 to every message
    client.post(register_url("en"), data=form_data())

    assert run_jobs() == 2  # rendering succeeds, delivery fails
    assert smtp_server.envelopes == []
    failure = db.session.execute(db.select(JobFailure)).scalar_one()
    assert failure.task_name == "eventhub.jobs.tasks.send_message_job"
    assert "451" in failure.last_error and "Mailbox temporarily unavailable" in failure.last_error
    assert not failure.resolved and failure.retries_left > 0
    assert "amina" not in failure.arguments  # no personal data in the bookkeeping
    assert huey.scheduled_count() == 1  # a retry is waiting for its backoff delay
    assert run_jobs() == 0  # ... which is not over yet

    listing = app.test_cli_runner().invoke(args=["jobs", "failures"])
    assert "send_message_job" in listing.output and "451" in listing.output

    # Still refusing: a second failure on the same job, with a longer delay.
    assert make_retries_due() == 1
    assert run_jobs() == 1
    db.session.expire_all()
    assert db.session.execute(db.select(JobFailure)).scalar_one().attempts == 2

    del smtp_server.handle_DATA  # the server recovers
    assert make_retries_due() == 1
    assert run_jobs() == 1
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == "amina.diallo@assemblee.example"
    db.session.expire_all()
    assert db.session.execute(db.select(JobFailure)).scalar_one().resolved

    assert make_retries_due() == 0 and run_jobs() == 0
    assert len(smtp_server.messages) == 1
    assert "No failed jobs." in app.test_cli_runner().invoke(args=["jobs", "failures"]).output


def test_drain_command_runs_due_jobs_and_exits(app, client, demo_event, smtp_server):
    client.post(register_url("fr"), data=form_data())
    result = app.test_cli_runner().invoke(args=["jobs", "drain"])
    assert result.exit_code == 0 and "Ran 2 job(s)." in result.output
    assert [m["Content-Language"] for m in smtp_server.messages] == ["fr"]


def test_without_smtp_messages_go_to_the_outbox(app, client, demo_event, run_jobs):
    from pathlib import Path

    client.post(register_url("es"), data=form_data())
    run_jobs()
    outbox = list((Path(app.instance_path) / "outbox").glob("*.eml"))
    assert len(outbox) == 1
    assert b"Content-Language: es" in outbox[0].read_bytes()
