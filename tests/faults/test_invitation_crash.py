"""The job consumer is SIGKILLed in the middle of a batch of invitations; restarted, it
sends every invitation, each once. The sends being delivered at the instant of the kill
were left "sending": their jobs come back from the job outbox (the recovery voids the
dead consumer's claim) and resume them, instead of leaving them stuck until an
organiser resends two hours later. Two batch jobs of five (``INVITATIONS_BATCH_SIZE``), one
per worker: each is killed with sends of its batch already sent, one being sent and the
rest still claimed."""
from __future__ import annotations

import asyncio
import signal
from collections import Counter

import pytest
import sqlalchemy as sa

from eventhub.extensions import db
from eventhub.invitations.importing import import_invitees
from eventhub.invitations.models import InvitationSend
from eventhub.invitations.operations import queue_invitations
from tests.faults.test_consumer import start_consumer, stop_gracefully, wait_for, wait_until_quiet
from tests.invitations.conftest import csv_bytes

pytestmark = pytest.mark.slow

INVITEES = 10


def states() -> Counter:
    with db.engine.connect() as connection:
        return Counter(connection.execute(sa.select(InvitationSend.state)).scalars())


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0, INVITATIONS_BATCH_SIZE=5)
def test_consumer_killed_mid_batch_sends_each_invitation_once(app, demo_event, smtp_server):
    addresses = [f"invitee{n}@parliament.example" for n in range(INVITEES)]
    report = import_invitees(demo_event, csv_bytes([["name", "email", "language"]]
                                                   + [[f"Member {n}", a, "en"] for n, a in enumerate(addresses)]),
                             "invitees.csv")
    assert report.ok, report.as_text()

    smtp_server.recipients_waiting = 0

    async def handle_RCPT(server, session, envelope, address, rcpt_options):
        smtp_server.recipients_waiting += 1
        try:
            await asyncio.sleep(0.3)  # a busy relay: the sender that dies meanwhile sent nothing
        finally:
            smtp_server.recipients_waiting -= 1
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = handle_RCPT
    assert queue_invitations(demo_event, actor="organiser@ipu.example") == INVITEES
    db.session.remove()

    env = {"EVENTHUB_INVITATIONS_PER_MINUTE": "0", "EVENTHUB_PUBLIC_BASE_URL": app.config["PUBLIC_BASE_URL"]}
    consumer = start_consumer(app, **env)
    try:
        # Killed while both workers wait on the relay (not in the instant between its
        # "250" and the job recording the send).
        assert wait_for(lambda: len(smtp_server.envelopes) >= 1 and smtp_server.recipients_waiting >= 2,
                        timeout=90), "the consumer sent nothing"
        consumer.send_signal(signal.SIGKILL)
        consumer.wait(timeout=30)
    finally:
        if consumer.poll() is None:
            consumer.kill()
    assert states()["sending"] >= 1, states()  # caught mid-delivery: what used to get stuck

    restarted = start_consumer(app, **env)
    try:
        assert wait_for(lambda: states()["sent"] == INVITEES, timeout=60), states()
        wait_until_quiet(lambda: len(smtp_server.envelopes))
    finally:
        stop_gracefully(restarted)
    received = Counter(message["To"] for message in smtp_server.messages)
    assert received == Counter({address: 1 for address in addresses}), received
