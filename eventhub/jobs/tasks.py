"""Jobs used by several domains."""
from email import message_from_bytes, policy

from huey import crontab

from eventhub import jobs
from eventhub.mail import deliver


@jobs.task(retries=8, retry_delay=30, retry_backoff=2, context=True)
def send_message_job(raw_message: bytes, task=None) -> None:
    """Deliver an already-rendered message; retried with backoff when SMTP fails."""
    message = message_from_bytes(raw_message, policy=policy.SMTP)
    deliver(message, on_accepted=lambda: jobs.leases.settle(jobs.huey, task))


def queue_email(message, *, with_transaction: bool = False) -> None:
    """Enqueue an EmailMessage built with ``eventhub.mail.build_message``.

    ``with_transaction``: the email belongs to changes not yet committed (a place just
    linked to Zoom, say): it is written to the job outbox in the same transaction, so it
    exists exactly when those changes do; call ``jobs.queue_kept()`` after the commit
    (else the next recovery pass queues it, within a minute)."""
    if with_transaction and not jobs.huey.immediate:
        jobs.outbox.keep_in_transaction(jobs.huey, send_message_job.s(bytes(message)))
    else:
        send_message_job(bytes(message))


@jobs.periodic_task(crontab(minute="*"))
def recover_abandoned_jobs() -> int:
    """Every minute: queue the jobs kept while the queue was down, and again those of
    consumers that died while running them (on this host at once, on another host once
    their leases have expired)."""
    return len(jobs.recover_abandoned())
