from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class ExportRecord(db.Model):
    """One export of personal data: who took which rows, when and how (audit log)."""

    __tablename__ = "export_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The console or API user; None for the command line or a deleted account.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    #: Who, as text that survives the account: a staff email or "cli:<system user>".
    actor: Mapped[str] = mapped_column(String(320))
    #: Where the export was asked for: "console", "api" or "cli".
    via: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), nullable=True, index=True
    )
    #: What was exported: "registrations", "zoom" or "interpretation".
    kind: Mapped[str] = mapped_column(String(32))
    #: "csv" or "xlsx".
    file_format: Mapped[str] = mapped_column(String(8))
    #: The filters applied, e.g. {"session": 2, "status": "confirmed"}.
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Column keys written, in order.
    columns: Mapped[list] = mapped_column(JSON, default=list)
    #: Data rows written (header excluded); None while streaming or if the download broke off.
    row_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped["User | None"] = relationship()  # noqa: F821
    event: Mapped["Event | None"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<ExportRecord {self.id} {self.kind}.{self.file_format} rows={self.row_count}>"
