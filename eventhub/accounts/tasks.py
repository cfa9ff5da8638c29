"""Periodic housekeeping for accounts."""
from huey import crontab

from eventhub import jobs


@jobs.periodic_task(crontab(minute="17", hour="3"))
def purge_sign_in_throttles() -> int:
    """Daily: forget sign-in failure counters that have long stopped failing."""
    from eventhub.db_types import utcnow

    from .throttling import purge

    return purge(utcnow())
