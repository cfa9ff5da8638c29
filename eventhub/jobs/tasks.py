"""Jobs used by several domains."""
from email import message_from_bytes, policy

from huey import crontab

from eventhub import jobs
from eventhub.mail import deliver


@jobs.task(retries=8, retry_delay=30, retry_backoff=2, context=True)
def send_message_job(raw_message: bytes, task=None) -> None:
    """Deliver an already-rendered message; retried with backoff when SMTP fails."""
    message = message_from_bytes(raw_message, policy=policy.SMTP)
    if not jobs.outbox.still_mine(task):
        return  # frozen past its lease: the job was run again elsewhere

    def accepted():
        jobs.leases.settle(jobs.huey, task)
        jobs.outbox.settle(task)

    deliver(message, on_accepted=accepted)


def queue_email(message, *, with_transaction: bool = False) -> None:
    """Enqueue an EmailMessage built with ``eventhub.mail.build_message``.

    ``with_transaction``: the email belongs to changes not yet committed (a place just
    linked to Zoom, a reminder recorded, a job's own work): it is written to the job
    outbox in the same transaction, so it exists exactly when those changes do, and is
    queued after the commit (``eventhub.jobs.outbox``)."""
    if with_transaction:
        jobs.enqueue_with_transaction(send_message_job, bytes(message))
    else:
        send_message_job(bytes(message))


@jobs.periodic_task(crontab(minute="*"))
def recover_abandoned_jobs() -> int:
    """Every minute: queue the jobs kept while the queue was down, and again those of
    consumers that died while running them (on this host at once, on another host once
    their leases have expired)."""
    return len(jobs.recover_abandoned())


@jobs.periodic_task(crontab(minute="41", hour="*"))
def purge_finished_outbox_rows() -> int:
    """Every hour: forget outbox rows of jobs finished more than a week ago."""
    return jobs.outbox.purge_done()
