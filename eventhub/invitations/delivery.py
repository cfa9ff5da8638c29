"""Delivering one invitation (called by its job): claim, render, send, record.

Dependencies go one way: ``operations`` -> ``tasks`` -> ``delivery`` -> ``notifications``.
"""
from __future__ import annotations

import smtplib

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from eventhub.db_types import utcnow
from eventhub.extensions import db
from eventhub.mail import build_message, deliver, deliver_prepared
from eventhub.mail_prepared import prepare

from .models import InvitationSend, Invitee, InviteeStatus, SendKind, SendState
from .notifications import render_invitation_for_send
from .optouts import is_opted_out
from .registered import _registration_of_invitee, sync_registered

#: Statuses that a delivered invitation turns into "sent" (registered and declined stay).
BECOME_SENT = (InviteeStatus.NOT_SENT.value, InviteeStatus.QUEUED.value, InviteeStatus.FAILED.value)


def is_permanent_failure(exc: Exception) -> bool:
    """A 5xx refusal of this message: retrying cannot help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, (smtplib.SMTPSenderRefused, smtplib.SMTPDataError)):
        return exc.smtp_code >= 500
    return False


def describe_failure(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        detail = "; ".join(f"{code} {message.decode('utf-8', 'replace') if isinstance(message, bytes) else message}"
                           for code, message in exc.recipients.values())
        return f"SMTPRecipientsRefused: {detail}"[:1000]
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"{type(exc).__name__}: {exc.smtp_code} {message}"[:1000]
    return f"{type(exc).__name__}: {exc}"[:1000]


def deliver_invitation(send_id: int, final_attempt: bool, task=None) -> str:
    """Claim, render, deliver and record one InvitationSend. Returns "sent",
    "skipped" (already claimed or done) or "failed" (permanent refusal). Raises on
    a failure that should be retried (the send is back to "queued").

    ``task``: the job running this. When it holds its job-outbox claim (the job came from
    the outbox), that claim is what makes the run exclusive: a send left "sending" by a
    consumer that died (the recovery voided its claim and queued the job again) is
    resumed instead of being stuck; the accepted message is recorded as sent in the
    same transaction as the job's done mark."""
    from eventhub import jobs

    resumable = task is not None and jobs.outbox.held_claim(task) is not None
    claimable = (SendState.QUEUED.value, SendState.SENDING.value) if resumable else (SendState.QUEUED.value,)
    claimed = db.session.execute(
        sa.update(InvitationSend)
        .where(InvitationSend.id == send_id, InvitationSend.state.in_(claimable))
        .values(state=SendState.SENDING.value, claimed_at=utcnow(),
                attempts=InvitationSend.attempts + 1)
    ).rowcount
    db.session.commit()
    if not claimed:
        return "skipped"
    send = db.session.get(InvitationSend, send_id)
    if send.invitee_id is not None and _no_longer_wanted(send):
        return "skipped"
    def accepted():
        _record_sent(send_id)
        if resumable:
            jobs.outbox.finish_in_session(db.session, task)
        db.session.commit()
        if task is not None:
            jobs.leases.settle(jobs.huey, task)

    try:
        message = build_message(render_invitation_for_send(send))
        if resumable and not jobs.outbox.still_mine(task):
            return "skipped"  # frozen past its lease: the job runs elsewhere now
        deliver(message, on_accepted=accepted)
    except Exception as exc:
        db.session.rollback()
        send = db.session.get(InvitationSend, send_id)
        if send.state == SendState.SENT.value:
            return "sent"  # accepted; only the goodbye failed
        permanent = is_permanent_failure(exc)
        send.last_error = describe_failure(exc)
        if final_attempt or permanent:
            _record_failure(send)
            db.session.commit()
            if permanent:
                return "failed"
        else:
            send.state = SendState.QUEUED.value  # the job's retry claims it again
            db.session.commit()
        raise
    return "sent"


def _record_sent(send_id: int) -> None:
    """The mail server accepted the message: the send and its invitee say so (the
    caller commits)."""
    now = utcnow()
    send = db.session.get(InvitationSend, send_id)
    send.state, send.sent_at = SendState.SENT.value, now
    if send.invitee_id is not None:
        db.session.execute(
            sa.update(Invitee).where(Invitee.id == send.invitee_id).values(
                send_count=Invitee.send_count + 1, sent_at=now, last_error=None, updated_at=now,
                status=sa.case((Invitee.status.in_(BECOME_SENT), InviteeStatus.SENT.value),
                               else_=Invitee.status),
            )
        )


def _no_longer_wanted(send: InvitationSend) -> bool:
    """Between queueing and sending, the person unsubscribed or registered: the send is
    closed unsent (with the reason) and the invitee shows what is true. Commits."""
    invitee = send.invitee
    if is_opted_out(invitee.event_id, invitee.email):
        reason = "Not sent: this address unsubscribed from this event's invitations and reminders."
        if invitee.status == InviteeStatus.QUEUED.value:
            invitee.status = InviteeStatus.NOT_SENT.value
    elif send.kind == SendKind.INITIAL.value and (
            invitee.status == InviteeStatus.REGISTERED.value
            or db.session.execute(sa.select(_registration_of_invitee()).where(Invitee.id == invitee.id)).scalar()):
        # (An organiser's explicit resend to someone registered still goes.)
        reason = "Not sent: this address has registered."
        sync_registered(invitee.event)
        send = db.session.get(InvitationSend, send.id)
    else:
        return False
    send.state, send.last_error = SendState.FAILED.value, reason
    db.session.commit()
    return True


def _record_failure(send: InvitationSend) -> None:
    send.state = SendState.FAILED.value
    if send.invitee_id is not None:
        db.session.execute(
            sa.update(Invitee)
            .where(Invitee.id == send.invitee_id, Invitee.status == InviteeStatus.QUEUED.value)
            .values(status=InviteeStatus.FAILED.value, last_error=send.last_error, updated_at=utcnow())
        )


# --- a batch of invitations (one job, one SMTP connection) --------------------------------

#: How often a long batch checks that it still holds its job (``outbox.still_mine``): a
#: consumer frozen past its lease (minutes) always checks again before its next message.
STILL_MINE_EVERY_SECONDS = 1.0


def _stops_the_batch(exc: Exception) -> bool:
    """The connection or the server failed, not this one address: the next messages
    would fail the same way (or wait for the same timeout), so the batch stops."""
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused)):
        return False  # the server answered about this message
    return isinstance(exc, (OSError, smtplib.SMTPException))


def deliver_invitation_batch(send_ids: list[int], final_attempt: bool, task=None) -> str:
    """Claim, render, deliver and record a batch of InvitationSends, in slot order, over
    the worker thread's SMTP connection. The same guarantees as ``deliver_invitation``,
    per send:

    - the sends are claimed together (one conditional UPDATE: queued -> sending; with the
      job's outbox claim, "sending" too, so a run that took over from a dead consumer
      resumes them) and looked at together for opt-outs and registrations (one query
      each for the whole batch, at its start);
    - each accepted message is recorded as sent at once, in its own short commit, so a
      consumer killed mid-batch sends again at most the message it was sending;
    - a refused address is recorded (failed if permanent or on the last attempt, else
      back to queued) and the others go on; a broken connection stops the batch (the
      rest go back to queued, or failed on the last attempt);
    - when some sends could not go for a passing reason the job raises afterwards: huey
      retries it, and the retry claims only the sends still queued (on the last
      attempt they are failed first, and the job's failure is recorded as given up);
    - sends due apart (INVITATIONS_PER_MINUTE) are spaced as their slots are; the batch's
      job is due at its first slot.

    Returns "sent" (all went, or were closed unsent), "skipped" (nothing left to claim,
    or the job runs elsewhere now) or "failed" (some refused for good)."""
    import time

    from eventhub import jobs
    from eventhub.events.models import Event

    ids = sorted({int(send_id) for send_id in send_ids})
    resumable = task is not None and jobs.outbox.held_claim(task) is not None
    claimable = (SendState.QUEUED.value, SendState.SENDING.value) if resumable else (SendState.QUEUED.value,)
    claimed = set(db.session.execute(
        sa.update(InvitationSend)
        .where(InvitationSend.id.in_(ids), InvitationSend.state.in_(claimable))
        .values(state=SendState.SENDING.value, claimed_at=utcnow(),
                attempts=InvitationSend.attempts + 1)
        .returning(InvitationSend.id)
        .execution_options(synchronize_session=False)
    ).scalars())
    db.session.commit()
    if not claimed:
        return "skipped"
    claimed -= _close_unwanted(claimed)
    if not claimed:
        return "sent"

    session = db.session()
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        sends = db.session.execute(
            sa.select(InvitationSend).where(InvitationSend.id.in_(claimed))
            .options(selectinload(InvitationSend.invitee))
            .order_by(InvitationSend.scheduled_for, InvitationSend.id)
        ).scalars().all()
        events = {send.event_id: db.session.get(Event, send.event_id) for send in sends}
        checked_at = previous = None  # (previous: its slot, and when it was handed over)
        retry, error, refused = [], None, False
        for position, send in enumerate(sends):
            _reload_if_edited(events[send.event_id])
            try:
                email = render_invitation_for_send(send)
                # From the prepared template when it can write this one (the same bytes).
                prepared = prepare(email)
                message = None if prepared is not None else build_message(email)
                if previous is not None:
                    # Never closer to the previous message than their slots are.
                    gap = (_aware(send.scheduled_for) - previous[0]).total_seconds()
                    wait = gap - (time.monotonic() - previous[1])
                    if wait > 0:
                        time.sleep(wait)
                if resumable and (checked_at is None or time.monotonic() - checked_at > STILL_MINE_EVERY_SECONDS):
                    if not jobs.outbox.still_mine(task):
                        return "skipped"  # frozen past its lease: the job runs elsewhere now
                    checked_at = time.monotonic()
                previous = (_aware(send.scheduled_for), time.monotonic())
                accepted = lambda send=send: _record_batch_sent(send)  # noqa: E731
                if prepared is not None:
                    deliver_prepared(prepared, on_accepted=accepted)
                else:
                    deliver(message, on_accepted=accepted)
            except Exception as exc:
                db.session.rollback()
                if _is_sent(send.id):
                    continue  # accepted; only the goodbye failed
                reason = describe_failure(exc)
                if is_permanent_failure(exc):
                    _record_batch_failure([send], reason)
                    refused = True
                    continue
                error = exc
                if _stops_the_batch(exc):
                    retry.extend((later, reason) for later in sends[position:])
                    break
                retry.append((send, reason))
        if retry:
            for reason in {reason for _, reason in retry}:
                group = [send for send, why in retry if why == reason]
                if final_attempt:
                    _record_batch_failure(group, reason)
                else:
                    db.session.execute(
                        sa.update(InvitationSend)
                        .where(InvitationSend.id.in_([send.id for send in group]),
                               InvitationSend.state == SendState.SENDING.value)
                        .values(state=SendState.QUEUED.value, last_error=reason)
                        .execution_options(synchronize_session=False))
            db.session.commit()
            # Retries left: huey retries the job, which claims these again. None left:
            # they are failed, and the job's failure is given up (console, jobs list).
            raise error
        return "failed" if refused else "sent"
    finally:
        session.expire_on_commit = expire_on_commit


def _aware(value):
    import datetime as dt

    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def _reload_if_edited(event) -> None:
    """An edit of the event during the batch shows in its next message: the event's
    version is read from the database before each one (a primary-key read, in Core:
    it runs once per message)."""
    version = db.session.connection().execute(_EVENT_VERSION, {"b_id": event.id}).scalar()
    if version != event.updated_at:
        db.session.expire_all()


def _statements():
    from eventhub.events.models import Event

    sends, invitees = InvitationSend.__table__, Invitee.__table__
    version = sa.select(Event.__table__.c.updated_at).where(Event.__table__.c.id == sa.bindparam("b_id"))
    send_sent = (sa.update(sends).where(sends.c.id == sa.bindparam("b_id"))
                 .values(state=SendState.SENT.value, sent_at=sa.bindparam("b_now")))
    invitee_sent = (sa.update(invitees).where(invitees.c.id == sa.bindparam("b_id")).values(
        send_count=invitees.c.send_count + 1, sent_at=sa.bindparam("b_now"), last_error=None,
        updated_at=sa.bindparam("b_now"),
        status=sa.case((invitees.c.status.in_(BECOME_SENT), InviteeStatus.SENT.value),
                       else_=invitees.c.status)))
    return version, send_sent, invitee_sent


_EVENT_VERSION, _SEND_SENT, _INVITEE_SENT = _statements()


def _is_sent(send_id: int) -> bool:
    return db.session.execute(
        sa.select(InvitationSend.state).where(InvitationSend.id == send_id)).scalar() == SendState.SENT.value


def _record_batch_sent(send: InvitationSend) -> None:
    """The mail server accepted this message: the send and its invitee say so, committed
    now (before the next message). Core statements built once: this runs per message."""
    now = utcnow()
    connection = db.session.connection()
    connection.execute(_SEND_SENT, {"b_id": send.id, "b_now": now})
    if send.invitee_id is not None:
        connection.execute(_INVITEE_SENT, {"b_id": send.invitee_id, "b_now": now})
    db.session.commit()


def _record_batch_failure(sends: list[InvitationSend], reason: str) -> None:
    """As ``_record_failure``, for sends of a batch (commits)."""
    now = utcnow()
    ids = [send.id for send in sends]
    db.session.execute(
        sa.update(InvitationSend).where(InvitationSend.id.in_(ids))
        .values(state=SendState.FAILED.value, last_error=reason)
        .execution_options(synchronize_session=False))
    invitee_ids = [send.invitee_id for send in sends if send.invitee_id is not None]
    if invitee_ids:
        db.session.execute(
            sa.update(Invitee)
            .where(Invitee.id.in_(invitee_ids), Invitee.status == InviteeStatus.QUEUED.value)
            .values(status=InviteeStatus.FAILED.value, last_error=reason, updated_at=now)
            .execution_options(synchronize_session=False))
    db.session.commit()


def _close_unwanted(send_ids: set[int]) -> set[int]:
    """``_no_longer_wanted`` for a batch, one query for opt-outs and one for registrations:
    sends to people who unsubscribed or registered since queueing are closed unsent
    (with the reason). Returns their ids. Commits."""
    from .optouts import opted_out_clause

    mine = sa.and_(InvitationSend.id.in_(send_ids), InvitationSend.invitee_id == Invitee.id)
    opted_out = dict(db.session.execute(
        sa.select(InvitationSend.id, Invitee.id).where(mine, opted_out_clause(Invitee.event_id, Invitee.email))
    ).all())
    registered = dict(db.session.execute(
        sa.select(InvitationSend.id, Invitee.event_id).where(
            mine, InvitationSend.kind == SendKind.INITIAL.value,
            sa.or_(Invitee.status == InviteeStatus.REGISTERED.value, _registration_of_invitee().isnot(None)))
    ).all())
    for send_id in opted_out:
        registered.pop(send_id, None)  # (opting out is the reason given first)
    if opted_out:
        db.session.execute(
            sa.update(Invitee).where(Invitee.id.in_(list(opted_out.values())),
                                     Invitee.status == InviteeStatus.QUEUED.value)
            .values(status=InviteeStatus.NOT_SENT.value, updated_at=utcnow())
            .execution_options(synchronize_session=False))
        db.session.execute(
            sa.update(InvitationSend).where(InvitationSend.id.in_(list(opted_out)))
            .values(state=SendState.FAILED.value,
                    last_error="Not sent: this address unsubscribed from this event's invitations and reminders.")
            .execution_options(synchronize_session=False))
    if registered:
        from eventhub.events.models import Event

        db.session.commit()
        for event_id in set(registered.values()):
            sync_registered(db.session.get(Event, event_id))
        db.session.execute(
            sa.update(InvitationSend).where(InvitationSend.id.in_(list(registered)))
            .values(state=SendState.FAILED.value, last_error="Not sent: this address has registered.")
            .execution_options(synchronize_session=False))
    db.session.commit()
    return set(opted_out) | set(registered)
