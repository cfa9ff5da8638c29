from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db

#: ``not_before`` of a key that may try at once.
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


class SignInThrottle(db.Model):
    """Failed console sign-ins counted per client address, and per (typed address,
    client address): each further failure makes that key wait longer before its next
    attempt is even checked (``accounts.throttling``). Kept in the database so that every
    worker and every instance counts together; the rows are also what the audit page
    shows as repeated failures."""

    __tablename__ = "sign_in_throttles"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "client <address>" or "account <typed address> <client address>" (SHA-256 hex).
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The address typed in the form (normalised), empty for a per-client key.
    email: Mapped[str] = mapped_column(String(320), default="")
    #: The client's IP address as the app sees it (after ProxyFix).
    client: Mapped[str] = mapped_column(String(64), default="")
    #: Attempts that did not sign in since the counter last reset. Counted when the
    #: attempt starts, so parallel attempts cannot slip past the delay.
    failures: Mapped[int] = mapped_column(Integer, default=0)
    #: No attempt of this key is checked before this instant.
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=EPOCH)
    last_failure_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
