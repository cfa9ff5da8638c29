"""The job consumer is stopped in the middle of a batch of emails and started again.

A real consumer process (``flask --app wsgi jobs run``) sends to a real, slow SMTP
server on loopback. Stopped the way docs/deploy.md says (SIGINT: running jobs finish),
then restarted, every message arrives exactly once. Killed outright (SIGKILL: a crash,
the OOM killer), the messages being sent at that instant were lost before job leases
(huey removes a job from the queue before running it and has no acknowledgement); now
the restarted consumer finds the dead process's leases and sends them again.
"""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BATCH = 16

pytestmark = pytest.mark.slow


@pytest.fixture
def slow_smtp(smtp_server):
    """A busy relay: each recipient takes 0.3 s to be accepted, before the message is
    sent (a sender that dies meanwhile has delivered nothing)."""

    smtp_server.recipients_waiting = 0

    async def handle_RCPT(server, session, envelope, address, rcpt_options):
        smtp_server.recipients_waiting += 1
        try:
            await asyncio.sleep(0.3)
        finally:
            smtp_server.recipients_waiting -= 1
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = handle_RCPT
    return smtp_server


def queue_batch():
    from eventhub.jobs.tasks import queue_email
    from eventhub.mail import OutgoingEmail, build_message

    for number in range(BATCH):
        queue_email(build_message(OutgoingEmail(
            to=f"delegate{number}@parliament.example", subject=f"Message {number}", text="x",
            html=None, language="en")))


def start_consumer(app, **extra_env: str) -> subprocess.Popen:
    config = app.config
    env = dict(
        os.environ,
        EVENTHUB_DATABASE_URL=config["DATABASE_URL"], EVENTHUB_INSTANCE_PATH=app.instance_path,
        EVENTHUB_SECRET_KEY=config["SECRET_KEY"], EVENTHUB_JOBS_QUEUE_NAME=config["JOBS_QUEUE_NAME"],
        EVENTHUB_JOBS_SQLITE_PATH=config["JOBS_SQLITE_PATH"], EVENTHUB_REDIS_URL=config.get("REDIS_URL", ""),
        EVENTHUB_SMTP_HOST=config["SMTP_HOST"], EVENTHUB_SMTP_PORT=str(config["SMTP_PORT"]),
        EVENTHUB_MAIL_FROM=config["MAIL_FROM"], **extra_env,
    )
    # Its output goes to instance/consumer-N.log: a test that waits for it in vain says
    # what it printed (``consumer_log``).
    logs = sorted(Path(app.instance_path).glob("consumer-*.log"))
    log = open(Path(app.instance_path) / f"consumer-{len(logs)}.log", "wb")
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "run", "--workers", "2"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )


def consumer_log(app, tail: int = 4000) -> str:
    """The end of what the consumers of this test printed."""
    texts = [f"--- {path.name}\n" + path.read_text(errors="replace")[-tail:]
             for path in sorted(Path(app.instance_path).glob("consumer-*.log"))]
    return "\n".join(texts)


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def wait_until_quiet(count, seconds: float = 1.5) -> None:
    """Wait until ``count()`` has not changed for ``seconds``: what was in flight lands,
    or a duplicate shows up."""
    seen, quiet_since = -1, time.monotonic()
    while time.monotonic() - quiet_since < seconds:
        if count() != seen:
            seen, quiet_since = count(), time.monotonic()
        time.sleep(0.1)


def stop_gracefully(consumer: subprocess.Popen) -> None:
    consumer.send_signal(signal.SIGINT)
    try:
        consumer.wait(timeout=30)
    except subprocess.TimeoutExpired:
        consumer.kill()


def subjects(smtp):
    return Counter(message["Subject"] for message in smtp.messages)


def run_interrupted_batch(app, smtp, stop_signal) -> Counter:
    from eventhub.jobs import huey

    queue_batch()
    consumer = start_consumer(app)
    try:
        # Stop it while both workers are surely half-way through a message (each waiting
        # for its recipient to be accepted). Not a moment when one has just had its
        # message accepted and not yet noted it: delivery is at least once, and that
        # instant (between the server's "250" and the job settling its lease, well under
        # a millisecond) is the one where a crash sends a message twice.
        assert wait_for(lambda: len(smtp.envelopes) >= 3 and smtp.recipients_waiting >= 2), \
            "the consumer sent nothing"
        consumer.send_signal(stop_signal)
        consumer.wait(timeout=60)
        assert len(smtp.envelopes) < BATCH, "the batch finished before the stop: nothing was tested"
    finally:
        if consumer.poll() is None:
            consumer.kill()
    restarted = start_consumer(app)
    try:
        wait_for(lambda: huey.pending_count() == 0, timeout=60)
        wait_until_quiet(lambda: len(smtp.envelopes))
    finally:
        stop_gracefully(restarted)
    return subjects(smtp)


def test_graceful_stop_and_restart_delivers_every_message_once(app, slow_smtp):
    delivered = run_interrupted_batch(app, slow_smtp, signal.SIGINT)
    assert delivered == Counter({f"Message {n}": 1 for n in range(BATCH)}), dict(delivered)


def test_killed_consumer_loses_no_message(app, slow_smtp):
    delivered = run_interrupted_batch(app, slow_smtp, signal.SIGKILL)
    lost = [f"Message {n}" for n in range(BATCH) if delivered[f"Message {n}"] == 0]
    assert lost == [] and max(delivered.values()) == 1, f"lost {lost}; delivered {dict(delivered)}"


def test_consumer_stopped_at_once_loses_no_message(app, slow_smtp):
    """SIGTERM (what systemd and Docker send by default) stops huey without waiting for
    running jobs: their leases stay and the restarted consumer sends them."""
    delivered = run_interrupted_batch(app, slow_smtp, signal.SIGTERM)
    lost = [f"Message {n}" for n in range(BATCH) if delivered[f"Message {n}"] == 0]
    assert lost == [] and max(delivered.values()) == 1, f"lost {lost}; delivered {dict(delivered)}"


def test_killed_consumer_leaves_every_person_on_zoom_once(app, demo_event, smtp_server):
    """A consumer registering a batch of people on Zoom (a slow Zoom: 0.3 s a call) is
    killed and restarted: afterwards each person is a Zoom registrant exactly once, every
    place has its join link, and each person got the join-link email once."""
    from eventhub.extensions import db
    from eventhub.jobs import huey
    from eventhub.registration.models import SessionRegistration
    from eventhub.zoom import services
    from tests.zoom.conftest import WEBINAR_ID, PeopleFactory
    from tests.zoom.fake_zoom import FakeZoom

    people_count = 10
    with FakeZoom(latency=0.3) as zoom:
        zoom.add_webinar(WEBINAR_ID, topic="Creating a safe cyberspace for democracy")
        settings = dict(
            ZOOM_ACCOUNT_ID=zoom.account_id, ZOOM_CLIENT_ID=zoom.client_id,
            ZOOM_CLIENT_SECRET=zoom.client_secret, ZOOM_API_BASE=zoom.api_base,
            ZOOM_OAUTH_URL=zoom.oauth_url, ZOOM_MAX_REQUESTS_PER_SECOND=1000, ZOOM_BACKOFF_BASE=0.05)
        app.config.update(settings)
        services.reset_client()
        demo_event.session_by_number(2).zoom_webinar_id = WEBINAR_ID
        db.session.commit()
        people = PeopleFactory(app)
        emails = [people.register(demo_event, {2: "fr"}).email for _ in range(people_count)]
        assert huey.pending_count() == people_count

        env = {f"EVENTHUB_{key}": str(value) for key, value in settings.items()}
        consumer = start_consumer(app, **env)
        try:
            assert wait_for(lambda: len(zoom.registrants_of(WEBINAR_ID)) >= 3), "nothing reached Zoom"
            consumer.send_signal(signal.SIGKILL)
            consumer.wait(timeout=30)
        finally:
            if consumer.poll() is None:
                consumer.kill()
        assert len(zoom.registrants_of(WEBINAR_ID)) < people_count, "the batch finished before the kill"

        def all_synced():
            db.session.remove()
            states = db.session.execute(db.select(SessionRegistration.zoom_state)).scalars().all()
            return states and all(state == "synced" for state in states)

        restarted = start_consumer(app, **env)
        try:
            assert wait_for(all_synced, timeout=90), "some places never reached Zoom"
            assert wait_for(lambda: len(smtp_server.messages) >= people_count, timeout=60), (
                len(smtp_server.messages), huey.pending_count(), huey.scheduled_count())
            wait_for(lambda: huey.pending_count() == 0, timeout=30)
            wait_until_quiet(lambda: len(smtp_server.messages) + len(zoom.registrants_of(WEBINAR_ID)))
        finally:
            stop_gracefully(restarted)
        on_zoom = Counter(r["email"] for r in zoom.registrants_of(WEBINAR_ID))
        services.reset_client()
    assert on_zoom == Counter({email: 1 for email in emails}), dict(on_zoom)
    join_link_emails = Counter(message["To"] for message in smtp_server.messages)
    assert join_link_emails == Counter({email: 1 for email in emails}), dict(join_link_emails)
    places = db.session.execute(db.select(SessionRegistration)).scalars().all()
    assert all(place.zoom_join_url and place.zoom_registrant_id for place in places)
