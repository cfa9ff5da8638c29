"""Jobs used by several domains."""
from email import message_from_bytes, policy

from huey import crontab

from eventhub import jobs
from eventhub.mail import deliver


@jobs.task(retries=8, retry_delay=30, retry_backoff=2)
def send_message_job(raw_message: bytes) -> str:
    """Deliver an already-rendered message; retried with backoff when SMTP fails."""
    message = message_from_bytes(raw_message, policy=policy.SMTP)
    return deliver(message)


def queue_email(message) -> None:
    """Enqueue an EmailMessage built with ``eventhub.mail.build_message``."""
    send_message_job(bytes(message))


@jobs.huey.periodic_task(crontab(minute="*"), name="eventhub.jobs.tasks.recover_abandoned_jobs")
def recover_abandoned_jobs() -> int:
    """Every minute: queue again the jobs of consumers that died while running them
    (on this host at once, on another host once their leases have expired)."""
    with jobs._app().app_context():
        return len(jobs.recover_abandoned())
