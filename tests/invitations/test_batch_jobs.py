""""Send all" delivers in batches (issue 20): one job per INVITATIONS_BATCH_SIZE sends,
claimed together, each recorded as it is accepted, each copy the person's own, the
per-minute limit kept, one refused address not stopping the others."""
from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from eventhub.extensions import db
from eventhub.invitations.importing import import_invitees
from eventhub.invitations.models import InvitationSend, Invitee
from eventhub.invitations.notifications import render_invitation_for_send
from eventhub.invitations.operations import batch_size, queue_invitations
from eventhub.jobs.models import QueuedLater
from eventhub.mail import build_message

from .conftest import FOUR_LANGUAGES, csv_bytes, run_all_jobs, run_jobs_due_within

ADDRESSES = [row[1] for row in FOUR_LANGUAGES[1:]]


def batch_jobs() -> list[QueuedLater]:
    return db.session.execute(sa.select(QueuedLater).where(
        QueuedLater.task_name.like("%send_invitation_batch_job"))).scalars().all()


def states() -> dict[str, str]:
    db.session.expire_all()
    return dict(db.session.execute(sa.select(InvitationSend.recipient, InvitationSend.state)).all())


def body(message, subtype):
    return message.get_body(preferencelist=(subtype,)).get_content().replace("\r\n", "\n")


@pytest.mark.parametrize("per_minute, size", [(60, 1), (30, 1), (120, 2), (600, 10), (0, 50), (60_000, 50)])
def test_batch_size_follows_the_per_minute_limit(app, per_minute, size):
    app.config.update(INVITATIONS_PER_MINUTE=per_minute, INVITATIONS_BATCH_SIZE=50)
    assert batch_size() == size


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0, INVITATIONS_BATCH_SIZE=3)
def test_send_all_writes_one_job_per_batch_and_each_copy_is_the_persons_own(four_language_list, smtp_server):
    assert queue_invitations(four_language_list, actor="a@ipu.example") == 4
    from eventhub.jobs import huey

    sizes = [len(huey.deserialize_task(job.payload).args[0]) for job in batch_jobs()]
    assert sorted(sizes) == [1, 3]  # two jobs: three sends and one
    run_all_jobs()
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(ADDRESSES)
    assert set(states().values()) == {"sent"}
    received = {m["To"]: m for m in smtp_server.messages}
    for send in db.session.execute(sa.select(InvitationSend)).scalars():
        # What delivering this send alone builds (Date, Message-ID and the MIME
        # boundaries aside): name, salutation, links, zone and language are its own.
        alone = build_message(render_invitation_for_send(send))
        got = received[send.recipient]
        assert body(got, "plain") == body(alone, "plain")
        assert body(got, "html") == body(alone, "html")
        for header in ("Subject", "List-Unsubscribe", "Content-Language", "From"):
            assert got[header] == alone[header]
    assert {job.state for job in batch_jobs()} == {"done"}


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0, INVITATIONS_BATCH_SIZE=10)
def test_one_address_refused_for_good_does_not_stop_the_batch(four_language_list, smtp_server):
    refused = "helene.dubois@assemblee.fr"

    async def handle_RCPT(server, session, envelope, address, rcpt_options):
        if address == refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = handle_RCPT
    queue_invitations(four_language_list, actor="a@ipu.example")
    assert len(batch_jobs()) == 1
    run_all_jobs()
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(set(ADDRESSES) - {refused})
    assert states() == {address: ("failed" if address == refused else "sent") for address in ADDRESSES}
    helene = db.session.execute(sa.select(Invitee).filter_by(email=refused)).scalar_one()
    assert helene.status == "failed" and "550" in helene.last_error
    assert set(db.session.execute(sa.select(InvitationSend.attempts)).scalars()) == {1}


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0, INVITATIONS_BATCH_SIZE=10)
def test_an_address_refused_for_now_is_retried_alone_and_each_is_sent_once(four_language_list, smtp_server):
    busy = {"maria.perez@congreso.es": 2}  # refused twice with a 4xx, then accepted

    async def handle_RCPT(server, session, envelope, address, rcpt_options):
        if busy.get(address):
            busy[address] -= 1
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = handle_RCPT
    queue_invitations(four_language_list, actor="a@ipu.example")
    run_jobs_due_within(1)  # the batch's first attempt: three go, one waits for the retry
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(set(ADDRESSES) - {"maria.perez@congreso.es"})
    assert states()["maria.perez@congreso.es"] == "queued"
    run_all_jobs()
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(ADDRESSES)  # each once
    assert set(states().values()) == {"sent"}
    attempts = dict(db.session.execute(sa.select(InvitationSend.recipient, InvitationSend.attempts)).all())
    assert attempts == {address: (3 if address == "maria.perez@congreso.es" else 1) for address in ADDRESSES}


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=300, INVITATIONS_BATCH_SIZE=50)
def test_a_batch_keeps_the_per_minute_spacing(four_language_list, smtp_server):
    # 300 a minute: slots 0.2 s apart, so a batch holds five; the job spaces them itself.
    arrivals = []
    original = smtp_server.handle_DATA

    async def handle_DATA(server, session, envelope):
        arrivals.append(time.monotonic())
        return await original(server, session, envelope)

    smtp_server.handle_DATA = handle_DATA
    queue_invitations(four_language_list, actor="a@ipu.example")
    assert len(batch_jobs()) == 1
    run_jobs_due_within(1)
    assert len(arrivals) == 4
    # Never faster than the limit: the k-th message at least k slots after the first (the
    # server's clock: one message held up on the way may arrive close to the next).
    since_first = [at - arrivals[0] for at in arrivals]
    assert all(elapsed >= 0.2 * k - 0.05 for k, elapsed in enumerate(since_first)), since_first


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0, INVITATIONS_BATCH_SIZE=10)
def test_people_who_unsubscribed_or_registered_meanwhile_are_not_sent_to(four_language_list, smtp_server, app):
    from eventhub.invitations.optouts import opt_out
    from eventhub.registration.models import Registration

    event = four_language_list
    queue_invitations(event, actor="a@ipu.example")
    opt_out(event.id, "Jane.Wanjiru@parliament.go.ke", source="link")
    db.session.add(Registration(event_id=event.id, email="Ahmed@Parliament.ma", given_name="Ahmed",
                                family_name="Al-Mansouri", language="ar", timezone="UTC"))
    db.session.commit()
    run_all_jobs()
    assert sorted(m["To"] for m in smtp_server.messages) == ["helene.dubois@assemblee.fr", "maria.perez@congreso.es"]
    sends = dict(db.session.execute(sa.select(InvitationSend.recipient, InvitationSend.last_error)).all())
    assert "unsubscribed" in sends["jane.wanjiru@parliament.go.ke"]
    assert "registered" in sends["ahmed@parliament.ma"]
    status = dict(db.session.execute(sa.select(Invitee.email, Invitee.status)).all())
    assert status == {"jane.wanjiru@parliament.go.ke": "not_sent", "helene.dubois@assemblee.fr": "sent",
                      "maria.perez@congreso.es": "sent", "ahmed@parliament.ma": "registered"}


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0, INVITATIONS_BATCH_SIZE=10)
def test_a_batch_resumed_after_its_consumer_died_sends_only_what_was_not_sent(demo_event, smtp_server):
    """The consumer died after two of five were accepted and recorded, the third being
    sent: the recovery runs the job again (its outbox claim voided), which resumes the
    sends left "sending" and does not send the two again."""
    from eventhub.jobs import huey, outbox

    rows = [["name", "email", "language"]] + [[f"Member {n}", f"m{n}@parl.example", "en"] for n in range(5)]
    assert import_invitees(demo_event, csv_bytes(rows), "x.csv").ok
    queue_invitations(demo_event, actor="a@ipu.example")
    (job,) = batch_jobs()
    task = huey.deserialize_task(job.payload)
    huey.flush()  # the queued copy is gone with the dead consumer's memory
    # What the dead run left: claimed everything, two recorded sent, the rest "sending".
    sends = db.session.execute(sa.select(InvitationSend).order_by(InvitationSend.id)).scalars().all()
    for n, send in enumerate(sends):
        send.state, send.attempts = ("sent" if n < 2 else "sending"), 1
    job.state, job.claim = "running", "dead-consumer"
    db.session.commit()
    outbox.reopen(job.task_id)  # what the lease recovery does for a dead consumer
    huey.enqueue(task)
    run_all_jobs()
    assert sorted(m["To"] for m in smtp_server.messages) == ["m2@parl.example", "m3@parl.example", "m4@parl.example"]
    assert set(states().values()) == {"sent"}
    db.session.expire_all()
    assert db.session.get(QueuedLater, job.id).state == "done"


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0, INVITATIONS_BATCH_SIZE=10)
def test_an_edit_of_the_event_during_a_batch_shows_in_its_next_message(four_language_list, smtp_server, monkeypatch):
    from eventhub.db_types import utcnow
    from eventhub.events.models import Event
    from eventhub.invitations import delivery

    event_id = four_language_list.id
    record = delivery._record_batch_sent

    def record_then_edit(send):
        record(send)
        if len(smtp_server.envelopes) == 1:  # an organiser renames the event (another connection)
            with db.engine.begin() as connection:
                connection.execute(sa.update(Event.__table__).where(Event.__table__.c.id == event_id).values(
                    title={lang: "Renamed <meeting>" for lang in ("en", "fr", "es", "ar")}, updated_at=utcnow()))

    monkeypatch.setattr(delivery, "_record_batch_sent", record_then_edit)
    queue_invitations(four_language_list, actor="a@ipu.example")
    run_all_jobs()
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert "Renamed" not in subjects[0]
    assert all("Renamed <meeting>" in subject for subject in subjects[1:]), subjects
    assert all("Renamed &lt;meeting&gt;" in body(m, "html") for m in smtp_server.messages[1:])
