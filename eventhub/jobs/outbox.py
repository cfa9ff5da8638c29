"""The job outbox: a job is written in the same database transaction as the change that
causes it, handed to the queue after the commit, and claimed before it runs.

Why: a web worker killed between committing a registration and putting its
confirmation on the queue (SIGKILL, the OOM killer, a restart) used to lose the email;
putting it on the queue *before* the commit would send a confirmation for a
registration that was rolled back. Here:

1. ``add(task)`` writes the job (``job_outbox``, state ``waiting``) in the caller's
   session: committed, or rolled back, with the caller's changes.
2. After the commit (a SQLAlchemy ``after_commit`` hook) this process puts it on the
   queue and marks it ``queued``. If the process died first, or the queue was down,
   ``requeue_kept`` (the recovery pass: every minute in the consumer, at its start, and
   before ``flask jobs drain``) queues every row still ``waiting``. Queuing a job twice
   (the process died between the two steps) is harmless, because of 3.
3. The consumer claims the row (conditional UPDATE to ``running`` with a random token)
   before running the job; a copy that finds it ``running`` or ``done`` does nothing.
   A job's own follow-up jobs (``add`` inside a job) are committed together with its
   ``done`` mark, so a job that crashes before that commit is run again and queues them
   then, and one that got that far is not run again.
4. A consumer frozen past its lease (``leases.py``) has its job run again elsewhere:
   the recovery resets the row's claim, so when the frozen one wakes, its ``done`` mark
   (and anything it would have committed with it) is refused, and ``still_mine()``
   (checked just before an irreversible step: the SMTP conversation) tells it to stop.

Jobs put on the queue directly (``my_task(args)``) have no row and are not claimed;
when the queue refuses them (Redis restarting) ``keep`` writes them here instead, in a
short transaction of their own, so that the request that made them still succeeds.
"""
from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import uuid

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from .context import app as _app
from .context import current_task
from .models import OutboxState, QueuedLater

log = logging.getLogger(__name__)

#: What a queue that is down raises (Redis storage, or the SQLite queue file locked).
#: Redis' own are added when redis is imported (``expect_redis_errors``, from
#: ``eventhub.jobs.drivers``): a process on the SQLite queue never imports redis.
QUEUE_ERRORS: tuple[type[BaseException], ...] = (sqlite3.OperationalError,)


def expect_redis_errors(exceptions) -> None:
    """Count ``redis.exceptions``' connection errors as a queue that is down."""
    global QUEUE_ERRORS
    QUEUE_ERRORS = (exceptions.ConnectionError, exceptions.TimeoutError, sqlite3.OperationalError)

#: ``session.info`` key: jobs added in the session's current transaction.
PENDING = "eventhub_outbox"
#: Done rows are kept this long (to answer "was this sent?"), then deleted.
KEEP_DONE = dt.timedelta(days=7)

WAITING, QUEUED, RUNNING, DONE, FAILED = (OutboxState.WAITING, OutboxState.QUEUED, OutboxState.RUNNING,
                                          OutboxState.DONE, OutboxState.FAILED)

#: Claims held by this process: task id -> token.
_claims: dict[str, str] = {}


class Skip:
    """``claim()``'s answer when another run has the job or has done it."""


SKIP = Skip()


def _table():
    return QueuedLater.__table__


def _now():
    from eventhub.db_types import utcnow

    return utcnow()


#: The queue (``eventhub.jobs.huey``), bound by ``eventhub.jobs`` when it is created.
_queue = None


def bind(huey) -> None:
    global _queue
    _queue = huey


def _huey():
    if _queue is None:
        raise RuntimeError("eventhub.jobs was not imported")
    return _queue


def _enqueue_raw(task) -> None:
    """Put ``task`` on the queue without the outbox fallback of ``LeasingHuey.enqueue``."""
    from huey import Huey

    huey = _huey()
    Huey.enqueue(huey, task)


# --- writing, with the caller's transaction ---------------------------------------------------

def add(task, session=None) -> None:
    """Write ``task`` to the outbox in the current database session (or ``session``): it
    is committed (or rolled back) with the caller's changes and put on the queue after
    the commit. A task with an ``eta`` (``job.s(..., delay=...)``) keeps it: the queue
    holds it until then, whether this process or the recovery pass queues it."""
    from eventhub.extensions import db

    session = session if session is not None else db.session()
    huey = _huey()
    if not huey.immediate:
        session.add(QueuedLater(task_id=task.id, task_name=task.name, payload=huey.serialize_task(task),
                                state=WAITING, reason=""))
    session.info.setdefault(PENDING, []).append(task)


def keep_in_transaction(huey, task) -> None:
    """Former name of ``add``."""
    add(task)


@event.listens_for(Session, "after_commit")
def _hand_over_after_commit(session) -> None:
    tasks = session.info.pop(PENDING, None)
    if not tasks:
        return
    try:
        hand_over(tasks)
    except Exception:  # the change is committed: the recovery pass queues them
        log.exception("could not hand %d committed job(s) to the queue", len(tasks))


@event.listens_for(Session, "after_soft_rollback")
def _forget_after_rollback(session, previous_transaction) -> None:
    if not session.in_transaction():
        session.info.pop(PENDING, None)


def hand_over(tasks) -> int:
    """Put committed outbox jobs on the queue now and mark them queued (rows another
    process queued meanwhile are queued twice: the claim makes that harmless)."""
    huey = _huey()
    if huey.immediate:
        for task in tasks:
            huey.enqueue(task)  # runs it here and now
        return len(tasks)
    from eventhub.extensions import db

    handed = []
    error = None
    for task in tasks:
        try:
            _enqueue_raw(task)
        except QUEUE_ERRORS as exc:
            error = exc
            break
        handed.append(task.id)
    table = _table()
    with db.engine.begin() as connection:
        if handed:
            connection.execute(sa.update(table).where(table.c.task_id.in_(handed), table.c.state == WAITING)
                               .values(state=QUEUED, queued_at=_now()))
        if error is not None:
            left = [task.id for task in tasks if task.id not in handed]
            connection.execute(sa.update(table).where(table.c.task_id.in_(left))
                               .values(reason=type(error).__name__[:200]))
            log.warning("queue unavailable (%s): %d committed job(s) wait in the database, queued later",
                        type(error).__name__, len(left))
    return len(handed)


# --- the queue is down ------------------------------------------------------------------------

def keep(huey, task, error: Exception) -> None:
    """The queue refused ``task``: keep it in the database (a short transaction of its
    own, so the caller's is untouched) for the recovery pass."""
    from eventhub.extensions import db

    table = _table()
    with _app().app_context(), db.engine.begin() as connection:
        reason = type(error).__name__[:200]
        updated = connection.execute(sa.update(table).where(table.c.task_id == task.id).values(
            state=WAITING, claim=None, reason=reason, payload=huey.serialize_task(task))).rowcount
        if not updated:
            connection.execute(sa.insert(table).values(
                task_id=task.id, task_name=task.name, payload=huey.serialize_task(task),
                state=WAITING, reason=reason, created_at=_now()))
    log.warning("queue unavailable (%s): job %s %s kept in the database, queued later",
                type(error).__name__, task.name, task.id)


def requeue_kept(huey, enqueue, batch: int = 500) -> int:
    """Put every job still waiting in the outbox on the queue, oldest first; stops at
    the first that the queue refuses (it stays waiting, with the reason)."""
    from eventhub.extensions import db

    table = _table()
    queued = 0
    while True:
        with db.engine.connect() as connection:
            rows = connection.execute(
                sa.select(table.c.id, table.c.payload).where(table.c.state == WAITING)
                .order_by(table.c.id).limit(batch)).all()
        if not rows:
            break
        for row_id, payload in rows:
            task = huey.deserialize_task(payload)
            try:
                enqueue(task)
            except QUEUE_ERRORS as error:
                with db.engine.begin() as connection:
                    connection.execute(sa.update(table).where(table.c.id == row_id)
                                       .values(reason=type(error).__name__[:200]))
                raise
            with db.engine.begin() as connection:
                connection.execute(sa.update(table).where(table.c.id == row_id, table.c.state == WAITING)
                                   .values(state=QUEUED, queued_at=_now()))
            queued += 1
        if len(rows) < batch:
            break
    if queued:
        log.warning("queued %d job(s) from the outbox (their process stopped, or the queue was down)", queued)
    return queued


def purge_done(now: dt.datetime | None = None) -> int:
    from eventhub.extensions import db

    table = _table()
    cutoff = (now or _now()) - KEEP_DONE
    with db.engine.begin() as connection:
        return connection.execute(sa.delete(table).where(table.c.state.in_((DONE, FAILED)),
                                                         table.c.finished_at < cutoff)).rowcount


# --- running: claims -----------------------------------------------------------------------------

def claim(task):
    """Claim ``task``'s outbox row before running it. Returns the claim token; None when
    the job has no row (queued directly); ``SKIP`` when another run holds it or it is
    done already."""
    from eventhub.extensions import db

    table = _table()
    token = uuid.uuid4().hex
    with db.engine.begin() as connection:
        claimed = connection.execute(
            sa.update(table).where(table.c.task_id == task.id, table.c.state.in_((WAITING, QUEUED)))
            .values(state=RUNNING, claim=token, claimed_at=_now())).rowcount
        if not claimed:
            state = connection.execute(sa.select(table.c.state).where(table.c.task_id == task.id)).scalar()
    if claimed:
        _claims[task.id] = token
        return token
    if state is None:
        return None
    log.info("job %s %s is %s elsewhere: not run again", task.name, task.id, state)
    return SKIP


def held_claim(task=None) -> str | None:
    task = task if task is not None else current_task.get()
    return _claims.get(task.id) if task is not None else None


def still_mine(task=None) -> bool:
    """Just before an irreversible step: does this run still hold the job? False when
    the recovery gave it to another consumer (this one was frozen past its lease)."""
    from eventhub.extensions import db

    task = task if task is not None else current_task.get()
    token = held_claim(task)
    if token is None:
        return True
    table = _table()
    with db.engine.begin() as connection:
        return connection.execute(
            sa.update(table).where(table.c.task_id == task.id, table.c.claim == token,
                                   table.c.state == RUNNING).values(claimed_at=_now())).rowcount == 1


def settle(task=None) -> None:
    """The irreversible step is done (the mail server accepted the message): mark the
    job done at once, in its own transaction."""
    from eventhub.extensions import db

    task = task if task is not None else current_task.get()
    token = held_claim(task)
    if token is None:
        return
    table = _table()
    with db.engine.begin() as connection:
        connection.execute(sa.update(table).where(table.c.task_id == task.id, table.c.claim == token)
                           .values(state=DONE, finished_at=_now()))


def finish_in_session(session, task) -> bool:
    """Mark the job done in ``session`` (the job's own transaction, committed by the
    caller with whatever follow-up jobs it added). False when the claim was taken over.
    The claim is kept until ``forget``: if that commit fails, ``release`` gives the row
    back for the job's retry."""
    token = _claims.get(task.id)
    if token is None:
        return True
    table = _table()
    return session.execute(sa.update(table).where(table.c.task_id == task.id, table.c.claim == token)
                           .values(state=DONE, finished_at=_now())).rowcount == 1


def release(task, *, final: bool) -> None:
    """The job raised: give the row back for its retry (or mark it failed)."""
    from eventhub.extensions import db

    token = _claims.pop(task.id, None)
    if token is None:
        return
    table = _table()
    values = dict(state=FAILED, finished_at=_now()) if final else dict(state=QUEUED, claim=None)
    with db.engine.begin() as connection:
        connection.execute(sa.update(table).where(table.c.task_id == task.id, table.c.claim == token,
                                                  table.c.state == RUNNING).values(**values))


def forget(task) -> None:
    _claims.pop(task.id, None)


def reopen(task_id: str, *, final: bool = False) -> None:
    """The recovery found this job's consumer dead (or frozen past its lease): the
    claim is void; the next run may take the row."""
    from eventhub.extensions import db

    table = _table()
    values = dict(state=FAILED, finished_at=_now()) if final else dict(state=QUEUED, claim=None)
    with _app().app_context(), db.engine.begin() as connection:
        connection.execute(sa.update(table).where(table.c.task_id == task_id, table.c.state == RUNNING)
                           .values(**values))
