"""Jobs that could not be queued are kept in the database and queued later.

Putting a job on the queue can fail while Redis restarts or is unreachable. The
request that wanted to queue it (a registration, say) has usually committed already:
failing it then would show the person an error for a registration that exists, and
lose its confirmation email. Instead the job is written to ``job_outbox`` (its own
short transaction, so the caller's is untouched) and ``requeue_kept()`` puts it on the
queue once the queue answers again (from ``recover_abandoned``: every minute in the
consumer, at its start, and before ``flask jobs drain``).
"""
from __future__ import annotations

import logging
import sqlite3

import redis.exceptions
import sqlalchemy as sa

log = logging.getLogger(__name__)

#: What a queue that is down raises (Redis storage, or the SQLite queue file locked).
QUEUE_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, sqlite3.OperationalError)


def keep(huey, task, error: Exception) -> None:
    from eventhub.db_types import utcnow
    from eventhub.extensions import db
    from eventhub.jobs import _app

    from .models import QueuedLater

    with _app().app_context(), db.engine.begin() as connection:
        connection.execute(sa.insert(QueuedLater.__table__).values(
            task_id=task.id, task_name=task.name, payload=huey.serialize_task(task),
            reason=type(error).__name__[:200], created_at=utcnow()))
    log.warning("queue unavailable (%s): job %s %s kept in the database, queued later",
                type(error).__name__, task.name, task.id)


def keep_in_transaction(huey, task) -> None:
    """Write ``task`` to the outbox in the current database session: it is committed
    (or rolled back) with the caller's changes."""
    from eventhub.extensions import db

    from .models import QueuedLater

    db.session.add(QueuedLater(task_id=task.id, task_name=task.name, payload=huey.serialize_task(task),
                               reason="with its transaction"))


def requeue_kept(huey, enqueue, batch: int = 500) -> int:
    """Put kept jobs on the queue, oldest first; stops at the first that fails again.
    Each row is claimed by deleting it, so two consumers never queue it twice."""
    from eventhub.extensions import db

    from .models import QueuedLater

    table = QueuedLater.__table__
    queued = 0
    with db.engine.connect() as connection:
        rows = connection.execute(sa.select(table.c.id, table.c.payload).order_by(table.c.id).limit(batch)).all()
    for row_id, payload in rows:
        with db.engine.begin() as connection:
            claimed = connection.execute(sa.delete(table).where(table.c.id == row_id)).rowcount == 1
        if not claimed:
            continue
        task = huey.deserialize_task(payload)
        try:
            enqueue(task)
        except QUEUE_ERRORS as error:
            keep(huey, task, error)
            break
        queued += 1
    if queued:
        log.warning("queued %d job(s) kept while the queue was unavailable", queued)
    return queued
