"""Jobs of the registration domain."""
from __future__ import annotations

from eventhub import jobs
from eventhub.extensions import db
from eventhub.jobs.tasks import queue_email
from eventhub.mail import build_message


@jobs.task(retries=5, retry_delay=30, retry_backoff=2)
def prepare_registration_email(kind: str, registration_id: int, token: str | None = None,
                               reason: str = "requested", place_id: int | None = None) -> str:
    """Render one email to a registrant in their language and queue its delivery
    (``send_message_job``, retried on its own when SMTP fails). Rendering here rather
    than in the request keeps registering fast; the message shows the state at sending."""
    from . import notifications
    from .models import Registration, SessionRegistration

    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.anonymised_at is not None:
        return "skipped: registration gone"
    if kind == "confirmation":
        email = notifications.build_confirmation(registration, token)
    elif kind == "manage_link":
        email = notifications.build_manage_link(registration, token, reason=reason)
    elif kind == "promoted":
        place = db.session.get(SessionRegistration, place_id)
        if place is None or place.status != "confirmed":
            return "skipped: place no longer confirmed"
        email = notifications.build_promotion(place)
    else:
        raise ValueError(f"unknown registration email {kind!r}")
    queue_email(build_message(email))
    return kind
