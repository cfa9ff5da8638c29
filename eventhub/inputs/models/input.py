from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy import text as sql_text
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class InputStatus(str, enum.Enum):
    RECEIVED = "received"
    IN_REVIEW = "in_review"
    INCLUDED = "included"
    NOT_INCLUDED = "not_included"


class Attribution(str, enum.Enum):
    NAMED = "named"  # name and parliament printed in the compilation
    ANONYMOUS = "anonymous"  # printed as "Anonymous"


#: Upper bound of an input's text: about eight pages, generous for a written contribution
#: yet small enough for the compilation and the search index.
TEXT_MAX_LENGTH = 20_000
TITLE_MAX_LENGTH = 300

#: Which of the event's objectives an input addresses (one or more).
input_objectives = Table(
    "input_objectives",
    db.metadata,
    Column("input_id", Integer, ForeignKey("parliamentary_inputs.id", ondelete="CASCADE"), primary_key=True),
    Column("objective_id", Integer, ForeignKey("event_objectives.id", ondelete="CASCADE"), primary_key=True),
)


class ParliamentaryInput(db.Model):
    """A written contribution of a parliament or parliamentarian to an event's objectives."""

    __tablename__ = "parliamentary_inputs"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: As the author wrote it, in the language of the text.
    title: Mapped[str] = mapped_column(String(TITLE_MAX_LENGTH))
    #: Plain text (never rendered as HTML); paragraphs separated by blank lines.
    text: Mapped[str] = mapped_column(Text)
    #: ISO 639-1 code of the language the text is written in (en, fr, es, ar or another).
    language: Mapped[str] = mapped_column(String(8))
    #: ISO 3166-1 alpha-2 code of the author's country.
    country: Mapped[str] = mapped_column(String(2), index=True)
    #: Parliament, chamber or parliamentary body, as typed.
    parliament: Mapped[str] = mapped_column(String(200), default="")
    #: Chamber of a bicameral parliament (optional, as typed).
    chamber: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: The author's function, e.g. "Member of Parliament", "Speaker" (optional, as typed).
    author_function: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: The parliament's name in other languages, entered by staff: {"en": ..., "fr": ...};
    #: the compilation prints it beside the original name when it is in another language.
    parliament_translations: Mapped[dict] = mapped_column(JSON, default=dict, server_default=sql_text("'{}'"))
    author_name: Mapped[str] = mapped_column(String(200))
    #: Confirmed by a link (public form), taken from the registration, or entered by staff.
    author_email: Mapped[str] = mapped_column(String(320))
    #: Interface language of the author's emails (en/fr/es/ar).
    author_language: Mapped[str] = mapped_column(String(8), default="en")
    #: Set when a registrant submitted from their manage page.
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL"), nullable=True, index=True
    )
    #: "named" or "anonymous": how the compilation attributes the input.
    attribution: Mapped[str] = mapped_column(String(16), default=Attribution.NAMED.value)
    status: Mapped[str] = mapped_column(String(16), default=InputStatus.RECEIVED.value, index=True)
    #: English working title supplied by staff for the Committee (the original title is kept).
    working_title_en: Mapped[str] = mapped_column(String(TITLE_MAX_LENGTH), default="")
    #: How the input arrived: "web" (public form) or "staff" (entered from an email or letter).
    source: Mapped[str] = mapped_column(String(16), default="web")
    #: SHA-256 of the author's edit token (sent in the receipt); None when nobody may edit.
    edit_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    #: Title, text and working title folded for full-text search (accents removed, Arabic
    #: normalised, lower case); maintained by a mapper event, indexed per backend.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped["Event"] = relationship()  # noqa: F821
    registration: Mapped["Registration | None"] = relationship()  # noqa: F821
    objectives: Mapped[list["EventObjective"]] = relationship(  # noqa: F821
        secondary=input_objectives, order_by="EventObjective.number"
    )
    attachments: Mapped[list["InputAttachment"]] = relationship(  # noqa: F821
        back_populates="input", cascade="all, delete-orphan", order_by="InputAttachment.id"
    )
    notes: Mapped[list["InputNote"]] = relationship(  # noqa: F821
        back_populates="input", cascade="all, delete-orphan", order_by="InputNote.id"
    )
    status_changes: Mapped[list["InputStatusChange"]] = relationship(  # noqa: F821
        back_populates="input", cascade="all, delete-orphan", order_by="InputStatusChange.id"
    )
    tags: Mapped[list["InputTag"]] = relationship(  # noqa: F821
        back_populates="input", cascade="all, delete-orphan", order_by="InputTag.name"
    )

    @property
    def is_anonymous(self) -> bool:
        return self.attribution == Attribution.ANONYMOUS.value

    @property
    def objective_numbers(self) -> list[int]:
        return [objective.number for objective in self.objectives]

    @property
    def tag_names(self) -> list[str]:
        return [tag.name for tag in self.tags]

    def __repr__(self) -> str:
        return f"<ParliamentaryInput {self.id} event={self.event_id} {self.status}>"


@sa_event.listens_for(ParliamentaryInput, "before_insert")
@sa_event.listens_for(ParliamentaryInput, "before_update")
def _refresh_search_text(mapper, connection, target: ParliamentaryInput) -> None:
    """Whatever code path changes a title or text, the search column follows it."""
    from eventhub.inputs.indexing import people_text, searchable_text

    target.search_text = searchable_text(
        target.title, target.text, target.working_title_en,
        people=people_text(target), language=target.language,
    )
