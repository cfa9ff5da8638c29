from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class JobFailure(db.Model):
    """A job that raised: kept with its last error until it succeeds on retry."""

    __tablename__ = "job_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(String(64), unique=True)
    task_name: Mapped[str] = mapped_column(String(200))
    #: Short description of arguments (ids only, no personal data).
    arguments: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    retries_left: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    #: True once a retry succeeded.
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    first_failed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_failed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def given_up(self) -> bool:
        return not self.resolved and self.retries_left <= 0

    @classmethod
    def record(cls, task, exc) -> None:
        from .context import app

        with app().app_context():
            row = db.session.execute(db.select(cls).filter_by(task_id=task.id)).scalar_one_or_none()
            if row is None:
                row = cls(task_id=task.id, task_name=task.name, attempts=0,
                          arguments=_describe_args(task.args))
                db.session.add(row)
            row.attempts += 1
            row.retries_left = task.retries or 0
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000] if exc else "unknown error"
            row.last_failed_at = utcnow()
            row.resolved = False
            db.session.commit()
            db.session.remove()

    @classmethod
    def resolve(cls, task) -> None:
        from .context import app

        with app().app_context():
            row = db.session.execute(db.select(cls).filter_by(task_id=task.id)).scalar_one_or_none()
            if row is not None and not row.resolved:
                row.resolved = True
                db.session.commit()
            db.session.remove()


def _describe_args(args) -> str:
    """Only ints and short identifiers: job arguments may contain personal data."""
    shown = [repr(a) if isinstance(a, (int, bool)) else type(a).__name__ for a in (args or ())]
    return ", ".join(shown)[:500]


class OutboxState:
    """Where a job of the outbox is. ``waiting``: in the database only (just committed
    with the change that causes it, or the queue was down); ``queued``: handed to the
    queue; ``running``: claimed by a consumer (``claim``); ``done``: finished (a later
    copy of it, or a consumer that was frozen meanwhile, does nothing); ``failed``: its
    retries are used up."""

    WAITING = "waiting"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class QueuedLater(db.Model):
    """The job outbox (``eventhub/jobs/outbox.py``). A job is written here in the same
    database transaction as the change that causes it (a registration and its
    confirmation), so it exists exactly when the change does; after the commit the web
    process hands it to the queue, or, if that process died first, the recovery pass
    does (every minute). Jobs that could not be put on the queue (Redis restarting)
    are kept here too. The consumer claims the row before running the job, so a job
    that reaches the queue twice, or whose consumer was frozen past its lease, runs once."""

    __tablename__ = "job_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(String(64), unique=True)
    task_name: Mapped[str] = mapped_column(String(200))
    #: The job as huey serialises it on the queue.
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    #: Why it could not be queued (error type only: no connection details).
    reason: Mapped[str] = mapped_column(String(200), default="")
    #: An ``OutboxState`` value.
    state: Mapped[str] = mapped_column(String(16), default=OutboxState.WAITING, index=True)
    #: Random token of the consumer run that holds it (state running or done).
    claim: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: When it reached the queue, and when it finished (done rows are deleted after a week).
    queued_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
