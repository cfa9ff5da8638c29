"""The mail server refuses, then comes back: the message is retried later and arrives
exactly once; the failure stays visible until then. A real SMTP server (aiosmtpd) on
loopback answers 421 (try again later) for a while."""
from __future__ import annotations

import datetime as dt


def later(hours=1) -> dt.datetime:
    """A moment after every retry delay: huey keeps its schedule in naive UTC."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(hours=hours)


def run_retries_due_by(moment: dt.datetime) -> int:
    """Run the retries that are due at ``moment``, as the consumer would then."""
    from eventhub.jobs import huey

    due = huey.read_schedule(moment)
    for task in due:
        huey.execute(task, timestamp=moment)
    return len(due)


def test_refused_message_is_retried_and_delivered_once(app, refusing_smtp, run_jobs):
    from eventhub.extensions import db
    from eventhub.jobs.models import JobFailure
    from eventhub.jobs.tasks import queue_email
    from eventhub.mail import OutgoingEmail, build_message

    queue_email(build_message(OutgoingEmail(
        to="delegate@parliament.example", subject="Confirmation", text="Séance 2", html=None, language="fr")))
    assert run_jobs() == 1
    assert refusing_smtp.envelopes == []
    failure = db.session.execute(db.select(JobFailure)).scalar_one()
    assert failure.task_name.endswith("send_message_job")
    assert "421" in failure.last_error and not failure.resolved and failure.retries_left > 0
    assert "delegate@parliament.example" not in failure.arguments + failure.last_error

    # Still refusing at the first retry.
    assert run_retries_due_by(later()) == 1
    assert refusing_smtp.envelopes == []
    db.session.remove()  # end the read transaction: see what the jobs committed
    assert db.session.execute(db.select(JobFailure)).scalar_one().attempts == 2

    refusing_smtp.refusing = False
    assert run_retries_due_by(later(hours=3)) == 1
    assert len(refusing_smtp.envelopes) == 1
    assert refusing_smtp.messages[0]["To"] == "delegate@parliament.example"
    db.session.remove()  # end the read transaction: see what the jobs committed
    assert db.session.execute(db.select(JobFailure)).scalar_one().resolved

    # Nothing left to send twice.
    assert run_retries_due_by(later(hours=48)) == 0
    assert len(refusing_smtp.envelopes) == 1


def test_unreachable_mail_server_is_retried(app, run_jobs):
    """Nothing listening at all (connection refused) is a failure to retry, not a loss."""
    from eventhub.extensions import db
    from eventhub.jobs import huey
    from eventhub.jobs.models import JobFailure
    from eventhub.jobs.tasks import queue_email
    from eventhub.mail import OutgoingEmail, build_message
    from tests.conftest import free_port

    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_TIMEOUT=3)
    queue_email(build_message(OutgoingEmail(
        to="delegate@parliament.example", subject="Confirmation", text="x", html=None, language="en")))
    assert run_jobs() == 1
    failure = db.session.execute(db.select(JobFailure)).scalar_one()
    assert "ConnectionRefusedError" in failure.last_error
    assert huey.scheduled_count() == 1  # the retry is waiting
