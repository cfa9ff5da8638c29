"""Background jobs started from the console."""
from __future__ import annotations

import datetime as dt
import time

import sqlalchemy as sa
from flask import current_app

from eventhub import jobs
from eventhub.db_types import utcnow
from eventhub.extensions import db

from .models import NoticeRecipientState, SessionNotice, SessionNoticeRecipient

PENDING = NoticeRecipientState.PENDING
QUEUED = NoticeRecipientState.QUEUED


def notice_recipients_query(session_id: int):
    """Registrations holding a place (confirmed or waiting list) in the session, with an
    address that can receive mail (anonymised ones cannot)."""
    from eventhub.registration.models import Registration, SessionRegistration

    return (
        db.select(Registration)
        .join(SessionRegistration, SessionRegistration.registration_id == Registration.id)
        .where(SessionRegistration.session_id == session_id,
               SessionRegistration.status.in_(("confirmed", "waitlisted")),
               Registration.anonymised_at.is_(None))
        .order_by(Registration.id)
    )


def count_notice_recipients(session_id: int) -> int:
    query = notice_recipients_query(session_id)
    return db.session.execute(db.select(db.func.count()).select_from(query.subquery())).scalar_one()


def start_session_notice(session, kind: str, previous_starts: dt.datetime | None = None,
                         previous_ends: dt.datetime | None = None, actor: str = "") -> SessionNotice:
    """Record the notice and its fan-out job in one transaction (the job outbox): the
    job exists exactly when the notice does, even if this process dies right after."""
    notice = SessionNotice(session_id=session.id, kind=kind, previous_starts_at=previous_starts,
                           previous_ends_at=previous_ends, actor=str(actor or "")[:64])
    db.session.add(notice)
    db.session.flush()
    jobs.enqueue_with_transaction(send_session_notice, notice.id)
    db.session.commit()
    return notice


def _list_recipients(notice: SessionNotice) -> None:
    """Write the recipient rows once (a re-run finds them listed and keeps that list)."""
    if notice.recipients_listed_at is not None:
        return
    from eventhub.registration.models import Registration

    ids = db.session.execute(
        notice_recipients_query(notice.session_id).with_only_columns(Registration.id)).scalars().all()
    table = SessionNoticeRecipient.__table__
    claimed = db.session.execute(
        sa.update(SessionNotice.__table__)
        .where(SessionNotice.__table__.c.id == notice.id, SessionNotice.__table__.c.recipients_listed_at.is_(None))
        .values(recipients_listed_at=utcnow())).rowcount
    if not claimed:  # another run listed them meanwhile
        db.session.rollback()
        return
    if ids:
        db.session.execute(sa.insert(table), [
            {"notice_id": notice.id, "registration_id": registration_id, "state": PENDING}
            for registration_id in ids])
    db.session.commit()


@jobs.task(retries=3, retry_delay=60)
def send_session_notice(notice_id: int) -> int:
    """Queue one localised email per recipient of the notice, in batches. Each recipient
    row is claimed (pending -> queued, a conditional UPDATE) in the transaction that
    writes its email to the job outbox: a re-run after a crash, or a copy of this job
    run by a consumer that was frozen meanwhile, skips everyone already done, and a
    failure while rendering leaves the rest pending for the retry. Returns how many
    emails this run queued."""
    from eventhub.events.models import EventSession
    from eventhub.jobs.tasks import queue_email
    from eventhub.mail import build_message
    from eventhub.registration.models import Registration

    from .notifications import session_notice

    notice = db.session.get(SessionNotice, notice_id)
    if notice is None:
        return 0
    session = db.session.get(EventSession, notice.session_id)
    if session is None:
        return 0
    _list_recipients(notice)
    batch = int(current_app.config.get("NOTICE_BATCH_SIZE") or 50)
    pause = float(current_app.config.get("NOTICE_BATCH_PAUSE") or 0)
    table = SessionNoticeRecipient.__table__
    queued = 0
    while True:
        pending = db.session.execute(
            sa.select(table.c.id, table.c.registration_id)
            .where(table.c.notice_id == notice_id, table.c.state == PENDING)
            .order_by(table.c.id).limit(batch)).all()
        if not pending:
            break
        if queued and pause > 0:
            time.sleep(pause)
        for row_id, registration_id in pending:
            claimed = db.session.execute(
                sa.update(table).where(table.c.id == row_id, table.c.state == PENDING)
                .values(state=QUEUED, queued_at=utcnow())).rowcount
            if not claimed:
                continue  # another run has this person
            registration = db.session.get(Registration, registration_id)
            if registration is None or registration.anonymised_at is not None:
                continue
            message = build_message(session_notice(registration, session, notice.kind,
                                                   notice.previous_starts_at, notice.previous_ends_at))
            queue_email(message, with_transaction=True)
            queued += 1
        db.session.commit()  # these claims and their emails together
    return queued


@jobs.task(retries=3, retry_delay=60)
def notify_session_registrants(session_id: int, kind: str, previous_starts_iso: str = "",
                               previous_ends_iso: str = "") -> int:
    """Jobs queued before session notices were recorded: record one and send it."""
    from eventhub.events.models import EventSession

    session = db.session.get(EventSession, session_id)
    if session is None:
        return 0
    previous_starts = dt.datetime.fromisoformat(previous_starts_iso) if previous_starts_iso else None
    previous_ends = dt.datetime.fromisoformat(previous_ends_iso) if previous_ends_iso else None
    notice = start_session_notice(session, kind, previous_starts, previous_ends, actor="job")
    return notice.id
