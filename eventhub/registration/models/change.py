from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class RegistrationChange(db.Model):
    """History of a registration: who changed what, when."""

    __tablename__ = "registration_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: "registrant", "system", "zoom" or a staff user's email.
    actor: Mapped[str] = mapped_column(String(320))
    #: Machine name of the change: created, session_added, language_changed, cancelled...
    action: Mapped[str] = mapped_column(String(40))
    #: What changed, e.g. {"session": 2, "from": "en", "to": "fr"}.
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    registration: Mapped["Registration"] = relationship(back_populates="changes")  # noqa: F821
