"""The transactional outbox: a job is written with the change that causes it, queued
after the commit (by the process, or by the recovery pass when the process died), and
claimed before it runs, so that a copy of it, or a consumer that was frozen past its
lease, does not send twice."""
from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from eventhub import jobs
from eventhub.extensions import db
from eventhub.jobs import context, outbox
from eventhub.jobs.models import OutboxState, QueuedLater
from eventhub.jobs.tasks import send_message_job
from eventhub.mail import OutgoingEmail, build_message
from eventhub.registration import operations
from eventhub.registration.models import Registration
from tests.registration.conftest import registration_data


def rows() -> list[QueuedLater]:
    db.session.expire_all()
    return db.session.execute(db.select(QueuedLater).order_by(QueuedLater.id)).scalars().all()


def short_name(row) -> str:
    return row.task_name.rsplit(".", 1)[-1]


def message(to="delegate@parliament.example", subject="Hello") -> bytes:
    return bytes(build_message(OutgoingEmail(to=to, subject=subject, text="x", html=None, language="en")))


@pytest.fixture
def refusing_smtp(smtp_server):
    """The loopback SMTP server answering 421 (try later) to every message."""

    async def handle_DATA(server, session, envelope):
        return "421 Service not available, try again later"

    smtp_server.handle_DATA = handle_DATA
    return smtp_server


@pytest.fixture
def web_process_dies_after_commit(monkeypatch):
    """Within ``with dying():`` the process is as if killed right after each commit:
    nothing it wrote reaches the queue."""
    import contextlib

    @contextlib.contextmanager
    def dying():
        real = outbox.hand_over
        monkeypatch.setattr(outbox, "hand_over", lambda tasks: 0)
        try:
            yield
        finally:
            monkeypatch.setattr(outbox, "hand_over", real)

    return dying


def test_registration_and_its_confirmation_commit_together(app, demo_event):
    result = operations.register(demo_event, registration_data(demo_event))
    (row,) = rows()
    assert short_name(row) == "prepare_registration_email" and row.state == OutboxState.QUEUED
    assert jobs.huey.pending_count() == 1
    # The manage link is recomputed by the job: the database never holds it in clear.
    assert result.manage_token.encode() not in row.payload


def test_a_rolled_back_registration_leaves_no_job(app, demo_event):
    data = registration_data(demo_event)
    data.sessions[99] = "en"  # no such session: the registration is refused mid-way
    with pytest.raises(operations.RegistrationError):
        operations.register(demo_event, data)
    assert rows() == [] and jobs.huey.pending_count() == 0
    assert db.session.execute(db.select(db.func.count(Registration.id))).scalar_one() == 0


def test_registration_is_one_transaction_with_indexed_invitee_lookup(app, demo_event):
    """Registration, history, invitee status and outbox row: one COMMIT, and the
    invitee found by its stored (lower-cased) address, not lower(email)."""
    from eventhub.invitations.models import Invitee

    invitee = Invitee(event_id=demo_event.id, name="Maria Lopez", email="maria.lopez@congreso.example",
                      language="es", token_nonce="n", token_hash="h", status="sent", send_count=1)
    db.session.add(invitee)
    db.session.commit()
    log = []

    def statement(conn, cursor, sql, params, context_, executemany):
        log.append(" ".join(sql.split()))

    def commit(conn):
        log.append("COMMIT")

    sa.event.listen(db.engine, "before_cursor_execute", statement)
    sa.event.listen(db.engine, "commit", commit)
    try:
        operations.register(demo_event, registration_data(demo_event, email="Maria.Lopez@Congreso.example"))
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", statement)
        sa.event.remove(db.engine, "commit", commit)
    first_commit = log.index("COMMIT")
    in_transaction = " ".join(log[:first_commit])
    for what in ("INSERT INTO registrations", "INSERT INTO registration_changes", "UPDATE invitees",
                 "INSERT INTO job_outbox"):
        assert what in in_transaction, what
    invitee_updates = [entry for entry in log if entry.startswith("UPDATE invitees")]
    assert invitee_updates and not any("lower(" in entry for entry in invitee_updates)
    db.session.expire_all()
    assert db.session.get(Invitee, invitee.id).status == "registered"


def test_a_job_committed_by_a_process_that_died_is_sent_by_the_recovery_pass(
        app, demo_event, smtp_server, run_jobs, web_process_dies_after_commit):
    with web_process_dies_after_commit():
        operations.register(demo_event, registration_data(demo_event))
    (row,) = rows()
    assert row.state == OutboxState.WAITING and jobs.huey.pending_count() == 0
    run_jobs()  # the recovery pass (every minute in the consumer) queues it
    assert [m["To"] for m in smtp_server.messages] == ["maria.lopez@congreso.example"]
    assert {short_name(r): r.state for r in rows()} == {
        "prepare_registration_email": OutboxState.DONE, "send_message_job": OutboxState.DONE}
    assert run_jobs() == 0 and len(smtp_server.messages) == 1


def test_a_job_on_the_queue_twice_runs_once(app, smtp_server, run_jobs):
    outbox.add(send_message_job.s(message()))
    db.session.commit()  # handed to the queue
    (row,) = rows()
    task = jobs.huey.deserialize_task(row.payload)
    jobs.huey.storage.enqueue(jobs.huey.serialize_task(task))  # the sweep raced the process
    assert jobs.huey.pending_count() == 2
    run_jobs()
    assert len(smtp_server.messages) == 1 and rows()[0].state == OutboxState.DONE


def test_a_frozen_consumer_that_wakes_after_the_takeover_sends_nothing(app, smtp_server, run_jobs):
    outbox.add(send_message_job.s(message()))
    db.session.commit()
    (row,) = rows()
    task = jobs.huey.deserialize_task(row.payload)
    frozen = outbox.claim(task)  # consumer A claims it, then freezes (SIGSTOP, swap)
    assert isinstance(frozen, str) and rows()[0].state == OutboxState.RUNNING
    outbox.reopen(task.id)  # its lease expired: the recovery gives the job back
    run_jobs()  # consumer B sends it
    assert len(smtp_server.messages) == 1
    # A wakes up inside the job, about to talk to the mail server:
    outbox._claims[task.id] = frozen
    marker = context.current_task.set(task)
    try:
        send_message_job.func.__wrapped__(message(), task=task)
        assert not outbox.finish_in_session(db.session, task)
    finally:
        context.current_task.reset(marker)
        outbox.forget(task)
    assert len(smtp_server.messages) == 1


def test_a_claimed_job_is_not_run_by_a_copy_while_it_runs(app):
    outbox.add(send_message_job.s(message()))
    db.session.commit()
    task = jobs.huey.deserialize_task(rows()[0].payload)
    assert isinstance(outbox.claim(task), str)
    assert outbox.claim(task) is outbox.SKIP
    outbox.forget(task)


def test_a_failing_job_gives_its_row_back_for_the_retry(app, refusing_smtp, run_jobs):
    outbox.add(send_message_job.s(message()))
    db.session.commit()
    run_jobs()
    (row,) = rows()
    assert row.state == OutboxState.QUEUED and row.claim is None
    assert jobs.huey.scheduled_count() == 1


def test_follow_up_jobs_commit_with_the_done_mark(app, demo_event, monkeypatch, run_jobs):
    """A job that dies before its final commit queued nothing and is run again."""
    operations.register(demo_event, registration_data(demo_event))

    def crash(session, task):
        raise RuntimeError("killed before the commit")

    monkeypatch.setattr(outbox, "finish_in_session", crash)
    run_jobs()
    assert [short_name(r) for r in rows()] == ["prepare_registration_email"]
    assert rows()[0].state == OutboxState.QUEUED


def test_done_rows_are_purged_after_a_week(app, run_jobs, smtp_server):
    import datetime as dt

    from eventhub.db_types import utcnow

    outbox.add(send_message_job.s(message()))
    db.session.commit()
    run_jobs()
    assert outbox.purge_done() == 0
    assert outbox.purge_done(utcnow() + dt.timedelta(days=8)) == 1 and rows() == []


def test_the_dashboard_counts_only_jobs_that_wait_for_the_queue(app, web_process_dies_after_commit):
    import datetime as dt

    from eventhub.jobs.status import jobs_status

    with web_process_dies_after_commit():
        outbox.add(send_message_job.s(message()))
        db.session.commit()
    assert jobs_status().kept == 0  # just committed: the recovery pass will take it
    from eventhub.db_types import utcnow

    rows()[0].created_at = utcnow() - dt.timedelta(minutes=5)
    db.session.commit()
    assert jobs_status().kept == 1


def test_session_notice_re_run_skips_recipients_done(app, demo_event, smtp_server, run_jobs, monkeypatch):
    """The fan-out is killed (here: fails) part-way; the re-run, and any later copy,
    email only the people not yet done: each recipient once."""
    from eventhub.console import notifications, tasks
    from eventhub.console.models import SessionNoticeRecipient

    app.config["NOTICE_BATCH_SIZE"] = 2
    people = [f"person{n}@parliament.example" for n in range(5)]
    for address in people:
        operations.register(demo_event, registration_data(demo_event, email=address))
    run_jobs()
    smtp_server.envelopes.clear()
    session = demo_event.session_by_number(2)
    real_notice = notifications.session_notice
    rendered = []

    def fails_on_the_third(registration, *args):
        rendered.append(registration.email)
        if len(rendered) == 3:
            raise RuntimeError("template error")
        return real_notice(registration, *args)

    monkeypatch.setattr(notifications, "session_notice", fails_on_the_third)
    notice = tasks.start_session_notice(session, "moved")
    run_jobs()
    assert len(smtp_server.messages) == 2  # the first batch went; the second rolled back
    states = Counter(db.session.execute(db.select(SessionNoticeRecipient.state)).scalars())
    assert states == Counter({"queued": 2, "pending": 3})
    monkeypatch.setattr(notifications, "session_notice", real_notice)
    tasks.send_session_notice(notice.id)  # the retry
    tasks.send_session_notice(notice.id)  # and a late copy of the job
    run_jobs()
    assert Counter(m["To"] for m in smtp_server.messages) == Counter({address: 1 for address in people})


def test_a_job_whose_final_commit_fails_is_retried(app, demo_event, monkeypatch, run_jobs):
    """The commit holding the done mark fails (database locked, connection lost): the
    row goes back to the queue for the job's retry instead of staying claimed."""
    operations.register(demo_event, registration_data(demo_event))
    real_commit = db.session.commit
    calls = []

    def failing_commit():
        if outbox.PENDING in db.session.info and not calls:
            calls.append(1)
            raise sa.exc.OperationalError("COMMIT", {}, Exception("database is locked"))
        return real_commit()

    monkeypatch.setattr(db.session, "commit", failing_commit)
    run_jobs()
    assert calls == [1]
    (row,) = [r for r in rows() if short_name(r) == "prepare_registration_email"]
    assert row.state == OutboxState.QUEUED and row.claim is None
    assert jobs.huey.scheduled_count() == 1
