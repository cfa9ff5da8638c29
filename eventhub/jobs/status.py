"""What organisers need to know about background jobs (emails, Zoom updates): how many
wait, how many are being retried after an error, how many were given up, how many were
kept while the queue was unavailable; shown on the console dashboard."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from eventhub.extensions import db

#: Job names as organisers know them; others show their function name.
JOB_LABELS = {
    "send_message_job": _l("Email delivery"),
    "prepare_registration_email": _l("Registration email"),
    "send_invitation_job": _l("Invitation email"),
    "send_invitation_batch_job": _l("Invitation email"),
    "notify_session_registrants": _l("Session notice"),
    "send_session_notice": _l("Session notice"),
    "sync_session_registration": _l("Zoom registration"),
    "cancel_on_zoom": _l("Zoom cancellation"),
    "cancel_on_old_webinar": _l("Zoom cancellation"),
    "remove_from_zoom": _l("Removal from Zoom"),
    "attach_session": _l("Zoom webinar set-up"),
    "move_session_to_webinar": _l("Zoom webinar change"),
}


def job_label(task_name: str) -> str:
    short = task_name.rsplit(".", 1)[-1]
    return str(JOB_LABELS.get(short, short))


@dataclass
class FailureLine:
    label: str
    attempts: int
    given_up: bool
    error: str
    last_failed_at: dt.datetime


@dataclass
class JobsStatus:
    #: Jobs queued or scheduled (retries included); None when the queue cannot be read.
    waiting: int | None
    retrying: int
    given_up: int
    kept: int
    recent: list[FailureLine] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return self.waiting is None or bool(self.retrying or self.given_up or self.kept)


def jobs_status(limit: int = 5) -> JobsStatus:
    from eventhub.jobs import pending_count

    from .models import JobFailure, QueuedLater

    try:
        waiting = pending_count()
    except Exception:  # the queue is down: say so rather than fail the dashboard
        waiting = None
    open_failures = db.select(JobFailure).filter_by(resolved=False)
    failures = db.session.execute(open_failures.order_by(JobFailure.last_failed_at.desc())).scalars().all()
    from eventhub.db_types import utcnow

    from .models import OutboxState

    # Waiting in the outbox because the queue refused them, or for longer than the
    # recovery pass takes (a job just committed waits a few milliseconds: not news).
    kept = db.session.execute(db.select(db.func.count(QueuedLater.id)).where(
        QueuedLater.state == OutboxState.WAITING,
        (QueuedLater.reason != "") | (QueuedLater.created_at < utcnow() - dt.timedelta(minutes=2)),
    )).scalar_one()
    return JobsStatus(
        waiting=waiting,
        retrying=sum(1 for f in failures if not f.given_up),
        given_up=sum(1 for f in failures if f.given_up),
        kept=kept,
        # The error's type only: messages can carry addresses and server details.
        recent=[FailureLine(job_label(f.task_name), f.attempts, f.given_up, f.last_error.split(":", 1)[0],
                            f.last_failed_at) for f in failures[:limit]],
    )
