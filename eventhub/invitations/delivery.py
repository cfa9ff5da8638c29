"""Delivering one invitation (called by its job): claim, render, send, record.

Dependencies go one way: ``operations`` -> ``tasks`` -> ``delivery`` -> ``notifications``.
"""
from __future__ import annotations

import smtplib

import sqlalchemy as sa

from eventhub.db_types import utcnow
from eventhub.extensions import db
from eventhub.mail import build_message, deliver

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
