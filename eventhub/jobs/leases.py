"""Leases: a job being run is written down until it has finished, so that a job whose
consumer died (SIGKILL, the OOM killer, a host going down) runs again instead of
being lost.

huey takes a job off the queue *before* running it and has no acknowledgement: a
consumer killed mid-job loses that job (an invitation never sent, a registrant never
created on Zoom). Here, when a job starts, a lease holding the serialised job is put in
the queue's own key-value store (the same SQLite file or Redis as the queue, so one
backend holds everything); it is removed once huey has finished with the job,
including scheduling its retry. A lease left behind belongs to a consumer that died.

``recover_abandoned()`` (run when a consumer starts, before ``flask jobs drain`` and
every minute by the consumer) queues such jobs again. A lease is abandoned when

* its process is gone: same host and that PID no longer exists, or the PID is now a
  different consumer (PIDs are reused in containers); this is immediate;
* or it has not been renewed for ``JOBS_LEASE_SECONDS`` (another host that went away).
  Each process renews its leases from a small thread every third of that time.

A re-queued job uses one of its retries, so a job that kills its consumer every time
stops after its retries like any failing job; each recovery is recorded as a job
failure (console, ``flask jobs failures``). Delivery is therefore at least once: a
consumer killed after the SMTP server accepted a message but before the lease was
removed sends it again on recovery (the same bytes and Message-ID, which mail clients
fold into one); every job is idempotent for that reason (Zoom sync looks up before
creating).
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import asdict, dataclass

from huey.api import PeriodicTask
from huey.constants import EmptyData

log = logging.getLogger(__name__)

#: Keys of leases in huey's key-value store; nothing else there starts with this.
PREFIX = "eventhub:lease:"
DEFAULT_LEASE_SECONDS = 300.0


@dataclass(frozen=True)
class Identity:
    """Who runs a job: a consumer process, told apart from a later one with its PID."""

    host: str
    pid: int
    consumer: str


@dataclass
class Lease:
    task_id: str
    task_name: str
    #: The job as huey serialises it on the queue, to be queued again as it was.
    payload: bytes
    host: str
    pid: int
    consumer: str
    taken_at: float
    renewed_at: float


_identity: Identity | None = None
_held: dict[str, Lease] = {}
_interrupted: set[str] = set()
_lock = threading.Lock()
_renewer: threading.Thread | None = None


def identity() -> Identity:
    """This process's identity; a new one after a fork."""
    global _identity
    if _identity is None or _identity.pid != os.getpid():
        _identity = Identity(socket.gethostname(), os.getpid(), uuid.uuid4().hex)
    return _identity


def lease_key(task_id: str) -> str:
    return PREFIX + task_id


def lease_seconds() -> float:
    from .context import app

    try:
        return float(app().config.get("JOBS_LEASE_SECONDS") or DEFAULT_LEASE_SECONDS)
    except RuntimeError:
        return DEFAULT_LEASE_SECONDS


def takes_lease(huey, task) -> bool:
    # In immediate mode the job runs inside the caller: nothing can be orphaned.
    # Periodic jobs are scheduled again by the clock anyway.
    return not huey.immediate and not isinstance(task, PeriodicTask)


def take(huey, task, *, who: Identity | None = None, now: float | None = None) -> Lease:
    """Write the lease of a job about to run."""
    who = who or identity()
    now = time.time() if now is None else now
    lease = Lease(task_id=task.id, task_name=task.name, payload=huey.serialize_task(task),
                  host=who.host, pid=who.pid, consumer=who.consumer, taken_at=now, renewed_at=now)
    with _lock:
        huey.storage.put_data(lease_key(task.id), huey.serializer.serialize(asdict(lease)))
        if who == identity():
            _held[task.id] = lease
    if who == identity():
        _start_renewer(huey)
    return lease


def release(huey, task) -> None:
    """The job has finished (done, failed for good, or its retry is scheduled)."""
    with _lock:
        if task.id in _interrupted:
            _interrupted.discard(task.id)
            return
        lease = _held.pop(task.id, None)
        if lease is None:
            return
        huey.storage.pop_data(lease_key(task.id))


def settle(huey, task) -> None:
    """The job's irreversible step is done (the mail server accepted the message):
    drop its lease now, so that a crash before the job returns does not run it again.
    Narrows the at-least-once window to the instant between the two."""
    if task is not None:
        release(huey, task)


def mark_interrupted(task) -> None:
    """huey gave up on a running job when its consumer stopped without waiting: keep
    the lease so that the next consumer runs it again."""
    with _lock:
        if _held.pop(task.id, None) is not None:
            _interrupted.add(task.id)


def held_leases() -> list[Lease]:
    with _lock:
        return list(_held.values())


def all_leases(huey) -> list[Lease]:
    leases = []
    for key, raw in huey.storage.result_items().items():
        if key.startswith(PREFIX):
            try:
                leases.append(Lease(**huey.serializer.deserialize(raw)))
            except Exception:  # a damaged entry must not stop recovery of the others
                log.exception("unreadable job lease %s", key)
    return leases


def pid_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def is_abandoned(lease: Lease, *, now: float, who: Identity, timeout: float) -> bool:
    if lease.host == who.host:
        if lease.pid == who.pid:
            # Our PID: ours if our consumer took it, else a dead process's PID reused.
            return lease.consumer != who.consumer
        if not pid_exists(lease.pid):
            return True
    return now - lease.renewed_at > timeout


def recover_abandoned(huey, *, now: float | None = None, who: Identity | None = None,
                      timeout: float | None = None) -> list[str]:
    """Queue again every job whose consumer died while running it; return their names."""
    who = who or identity()
    timeout = lease_seconds() if timeout is None else timeout
    recovered = []
    for lease in all_leases(huey):
        moment = time.time() if now is None else now
        if not is_abandoned(lease, now=moment, who=who, timeout=timeout):
            continue
        raw = huey.storage.pop_data(lease_key(lease.task_id))
        if raw is EmptyData:
            continue  # another consumer recovered it, or it just finished
        current = Lease(**huey.serializer.deserialize(raw))
        if not is_abandoned(current, now=moment, who=who, timeout=timeout):
            huey.storage.put_data(lease_key(lease.task_id), raw)  # renewed meanwhile: alive
            continue
        _requeue(huey, current, who)
        recovered.append(current.task_name)
    return recovered


class AbandonedJob(Exception):
    """Recorded as the failure of a job whose consumer stopped while running it."""


def _requeue(huey, lease: Lease, who: Identity) -> None:
    from . import outbox
    from .models import JobFailure

    task = huey.deserialize_task(lease.payload)
    where = f"process {lease.pid} on {lease.host}"
    retries_left = task.retries or 0
    if retries_left > 0:
        task.retries = retries_left - 1
    try:
        # Whatever claim the stopped (or frozen) run held on the job's outbox row is void:
        # the next run takes it, and a frozen run that wakes up is refused.
        outbox.reopen(task.id, final=retries_left <= 0)
    except Exception:
        log.exception("could not reopen the outbox row of job %s", lease.task_id)
    try:
        JobFailure.record(task, AbandonedJob(
            f"the consumer running it ({where}) stopped before it finished"
            + ("; queued again" if retries_left > 0 else "; no retries left, not run again")))
    except Exception:
        log.exception("could not record the abandoned job %s", lease.task_id)
    if retries_left > 0:
        huey.enqueue(task)
        log.warning("job %s %s was abandoned by %s; queued again", lease.task_name, lease.task_id, where)
    else:
        log.error("job %s %s was abandoned by %s with no retries left", lease.task_name, lease.task_id, where)


def renew_held(huey, *, now: float | None = None) -> int:
    """Refresh this process's leases so that other hosts see it is alive."""
    now = time.time() if now is None else now
    with _lock:
        for lease in _held.values():
            lease.renewed_at = now
            huey.storage.put_data(lease_key(lease.task_id), huey.serializer.serialize(asdict(lease)))
        return len(_held)


def _start_renewer(huey) -> None:
    global _renewer
    if _renewer is not None and _renewer.is_alive():
        return
    interval = max(lease_seconds() / 3, 1.0)

    def renew_forever():
        while True:
            time.sleep(interval)
            try:
                renew_held(huey)
            except Exception:
                log.exception("could not renew job leases")

    _renewer = threading.Thread(target=renew_forever, name="eventhub-job-leases", daemon=True)
    _renewer.start()
