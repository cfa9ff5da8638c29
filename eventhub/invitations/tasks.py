"""Jobs: one per batch of invitation emails (or per single resend and test, retried with
backoff), and the periodic reminder run."""
from __future__ import annotations

import logging

from huey import crontab

from eventhub import jobs

log = logging.getLogger(__name__)

#: Attempts after the first: 1, 2, 4, 8, 16 minutes apart (about half an hour in all).
INVITATION_RETRIES = 5
INVITATION_RETRY_DELAY = 60


@jobs.task(retries=INVITATION_RETRIES, retry_delay=INVITATION_RETRY_DELAY, retry_backoff=2,
           context=True)
def send_invitation_job(send_id: int, task=None) -> str:
    """Deliver one InvitationSend. While retries remain, a failure leaves it queued and
    raises (huey retries); on the last attempt it is marked failed with the reason. A
    permanent refusal (5xx) is marked failed at once and not retried."""
    from .delivery import deliver_invitation

    # huey counts retries down; none left means this is the last attempt.
    return deliver_invitation(send_id, final_attempt=task is None or not task.retries, task=task)


@jobs.task(retries=INVITATION_RETRIES, retry_delay=INVITATION_RETRY_DELAY, retry_backoff=2,
           context=True)
def send_invitation_batch_job(send_ids: list[int], task=None) -> str:
    """Deliver a batch of InvitationSends (``operations.queue_invitations`` writes one per
    ``batch_size()`` invitees) over one SMTP connection, each recorded as it is accepted.
    A refused address is recorded and the others go on; while retries remain, the sends
    that could not go are left queued and the job raises (huey retries it, and the retry
    claims only those)."""
    from .delivery import deliver_invitation_batch

    return deliver_invitation_batch(send_ids, final_attempt=task is None or not task.retries, task=task)


@jobs.periodic_task(crontab(minute="*/5"), name="eventhub.invitations.tasks.session_reminders")
def session_reminders_job() -> int:
    """Every five minutes: send the 24-hour and 1-hour session reminders that are due."""
    from eventhub.db_types import utcnow

    from .reminders import send_due_reminders

    return send_due_reminders(utcnow())


@jobs.periodic_task(crontab(minute="23"), name="eventhub.invitations.tasks.remove_abandoned_uploads")
def remove_abandoned_uploads() -> int:
    """Every hour: delete invitee lists whose column-mapping step was never finished
    within a day of their upload (they hold personal data)."""
    from .uploads import remove_abandoned

    return remove_abandoned()
