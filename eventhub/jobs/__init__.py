"""Background jobs on huey: SQLite storage under instance/ by default, Redis in
production (EVENTHUB_REDIS_URL). Every task runs inside an application context.

Define a job with ``@jobs.task(retries=5, retry_delay=30)``; call it as
``my_task(args)`` to enqueue at once, or ``jobs.enqueue_with_transaction(my_task, args)``
to write it in the current database transaction (the outbox: it is queued after the
commit, and only if the commit happens). ``flask jobs drain`` runs every due job and exits.
"""
from __future__ import annotations

import functools
import logging
from pathlib import Path

from flask import Flask

from .drivers import import_huey

import_huey()  # before huey: without redis and psycopg (imported when a Redis queue is made)
from huey import Huey, signals  # noqa: E402
from huey.api import PeriodicTask, chord, group  # noqa: E402
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage  # noqa: E402

from . import context, leases, outbox  # noqa: E402

log = logging.getLogger(__name__)

class LeasingHuey(Huey):
    """huey with a lease around every job it runs (see ``eventhub.jobs.leases``): the
    lease is taken when the job starts and removed only after huey has finished with
    it, retry scheduled included, so a consumer killed in between leaves it behind."""

    def execute(self, task, timestamp=None):
        try:
            return super().execute(task, timestamp)
        finally:
            leases.release(self, task)

    def enqueue(self, task):
        """Queue the job; if the queue is down, keep it in the database (``outbox``)."""
        try:
            return super().enqueue(task)
        except outbox.QUEUE_ERRORS as error:
            if self.immediate or isinstance(task, (PeriodicTask, group, chord)):
                raise  # periodic jobs come back by themselves; we use no groups
            outbox.keep(self, task, error)
            return None

    def _execute(self, task, timestamp):
        # Only for a job that is really run now (not one merely moved to the schedule).
        marker = context.current_task.set(task)
        try:
            return super()._execute(task, timestamp)
        finally:
            context.current_task.reset(marker)
            outbox.forget(task)


#: The queue. Storage is swapped in ``init_app`` once the configuration is known.
#: No result store: nothing reads job results, and huey would keep every one of
#: them (one per email sent) in SQLite or Redis forever.
huey = LeasingHuey("eventhub", storage_class=MemoryStorage, utc=True, results=False)
outbox.bind(huey)


def init_app(app: Flask) -> None:
    context.configure(app)
    name = app.config.get("JOBS_QUEUE_NAME", "eventhub")
    huey.name = name
    if app.config.get("JOBS_IMMEDIATE"):
        huey.immediate_use_memory = True
        huey._immediate = True
        huey.storage = MemoryStorage(name)
    elif app.config.get("REDIS_URL"):
        huey._immediate = False
        huey.storage = RedisStorage(name, url=app.config["REDIS_URL"])
    else:
        huey._immediate = False
        path = app.config.get("JOBS_SQLITE_PATH") or str(Path(app.instance_path) / "jobs.sqlite3")
        huey.storage = SqliteStorage(name, filename=path)


_app = context.app


def _in_app(func):
    """Run ``func`` in an app context with a fresh database session, rolled back on error.

    A job from the outbox is claimed first (a copy of it that finds it claimed or done
    does nothing), and marked done in the same transaction as the follow-up jobs it
    added with ``enqueue_with_transaction`` (committed here if it left them pending)."""

    @functools.wraps(func)
    def run_in_app(*args, **kwargs):
        from eventhub.extensions import db

        task = context.current_task.get()
        with _app().app_context():
            if task is not None and not huey.immediate and outbox.claim(task) is outbox.SKIP:
                return None
            try:
                result = func(*args, **kwargs)
                if task is not None and outbox.held_claim(task) is not None:
                    if not outbox.finish_in_session(db.session, task):
                        db.session.rollback()
                        log.warning("job %s %s was taken over by another consumer while it ran: "
                                    "its results are dropped", task.name, task.id)
                        return None
                    db.session.commit()
                    outbox.forget(task)
                elif db.session.info.get(outbox.PENDING):
                    db.session.commit()
                return result
            except Exception:
                db.session.rollback()
                if task is not None:
                    outbox.release(task, final=not task.retries)
                raise
            finally:
                db.session.remove()

    return run_in_app


def enqueue_with_transaction(job, *args, **kwargs) -> None:
    """Write ``job(*args, **kwargs)`` to the outbox in the current database transaction:
    it is queued after the commit (by this process, or by the recovery pass if this
    process dies first), never if the transaction is rolled back."""
    outbox.add(job.s(*args, **kwargs))


def task(**options):
    """huey.task that runs the function in an app context with a fresh DB session."""

    def decorator(func):
        options.setdefault("name", f"{func.__module__}.{func.__name__}")
        return huey.task(**options)(_in_app(func))

    return decorator


def periodic_task(schedule, **options):
    """huey.periodic_task (``schedule``: a ``huey.crontab``), in an app context likewise."""

    def decorator(func):
        options.setdefault("name", f"{func.__module__}.{func.__name__}")
        return huey.periodic_task(schedule, **options)(_in_app(func))

    return decorator


def drain(max_tasks: int = 100_000) -> int:
    """Run every job that is due now (including due retries, and jobs abandoned by a
    consumer that died) and return the count."""
    recover_abandoned()
    executed = 0
    while executed < max_tasks:
        for due in huey.read_schedule():
            huey.enqueue(due)
        if huey.pending_count() == 0:
            break  # (Redis's dequeue would block for a second on an empty queue)
        queued = huey.dequeue()
        if queued is None:
            break
        huey.execute(queued)
        executed += 1
    return executed


def recover_abandoned() -> list[str]:
    """Queue the jobs kept while the queue was down, and queue again the jobs whose
    consumer died while running them (returns the names of the latter)."""
    if huey.immediate:
        return []
    outbox.requeue_kept(huey, super(LeasingHuey, huey).enqueue)
    return leases.recover_abandoned(huey)


def queue_kept() -> int:
    """Queue the jobs waiting in the outbox now (the commit hook already hands over the
    ones this process wrote; this also takes those of processes that died)."""
    if huey.immediate:
        return 0
    try:
        return outbox.requeue_kept(huey, super(LeasingHuey, huey).enqueue)
    except outbox.QUEUE_ERRORS:
        return 0  # the queue is down: the recovery pass will queue them


def pending_count() -> int:
    return huey.pending_count() + huey.scheduled_count()


@huey.signal(signals.SIGNAL_ERROR)
def _record_failure(signal, task, exc=None):
    """Keep every failure visible (console, `flask jobs failures`) with its last error."""
    from .models import JobFailure

    try:
        JobFailure.record(task, exc)
    except Exception:  # never let bookkeeping hide the original error
        log.exception("could not record failure of job %s", task.id)


@huey.signal(signals.SIGNAL_EXECUTING)
def _take_lease(signal, task):
    if leases.takes_lease(huey, task):
        leases.take(huey, task)


@huey.signal(signals.SIGNAL_INTERRUPTED)
def _keep_lease(signal, task):
    leases.mark_interrupted(task)


@huey.signal(signals.SIGNAL_COMPLETE)
def _record_success(signal, task):
    from .models import JobFailure

    try:
        JobFailure.resolve(task)
    except Exception:
        log.exception("could not mark job %s resolved", task.id)
