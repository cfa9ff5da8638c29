from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class ZoomWebhookEvent(db.Model):
    """A Zoom webhook delivery that was verified and processed.

    Zoom re-delivers an event (same body, byte for byte) when our answer was slow or not
    2xx; the unique hash of the raw body makes such a replay a no-op. No personal data
    is kept here: the body itself is not stored.
    """

    __tablename__ = "zoom_webhook_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 (hex) of the raw request body: the identity of a delivery.
    payload_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: Zoom's event name, e.g. ``webinar.participant_joined``.
    event_type: Mapped[str] = mapped_column(String(80))
    #: ``event_ts`` from the body (milliseconds since the epoch), when present.
    event_ts: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    #: Numeric webinar ID the event is about, when it names one.
    webinar_id: Mapped[str | None] = mapped_column(String(20), nullable=True)
    #: What the event did: applied, unchanged, unmatched (person not registered here),
    #: unknown_webinar, ignored (an event type eventhub does not use).
    outcome: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<ZoomWebhookEvent {self.event_type} {self.outcome}>"
