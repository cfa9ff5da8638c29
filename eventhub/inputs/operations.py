"""State changes of inputs. Views, the API and the CLI call these; they validate nothing
a form already validated, but they enforce the rules that must hold whatever the caller
(deadline, limits, history)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from eventhub.db_types import utcnow
from eventhub.extensions import db
from eventhub.security import hash_token, new_token

from .attachments import (
    MAX_ATTACHMENTS,
    too_many_attachments_message,
    AttachmentRejected,
    CheckedAttachment,
    remove_attachment_file,
    store_attachment_file,
)
from .models import (
    InputAttachment,
    InputNote,
    InputStatus,
    InputStatusChange,
    InputTag,
    ParliamentaryInput,
)
from .models.tag import TAG_MAX_LENGTH

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DeadlinePassed(Exception):
    pass


def clean_text(value: str | None) -> str:
    """NFC, Unix newlines, no control characters (they are invalid in XML, hence in DOCX),
    no trailing blanks."""
    value = unicodedata.normalize("NFC", value or "")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return "\n".join(line.rstrip() for line in value.split("\n")).strip()


def clean_line(value: str | None) -> str:
    """One line of text: whitespace runs collapsed."""
    return " ".join(clean_text(value).split())


def inputs_open(event, at=None) -> bool:
    """True while inputs may be submitted or edited (no deadline means open)."""
    deadline = event.inputs_deadline
    return deadline is None or (at or utcnow()) < deadline


def ensure_open(event) -> None:
    if not inputs_open(event):
        raise DeadlinePassed(event.inputs_deadline)


@dataclass
class InputData:
    """The author-supplied fields of an input, already validated."""

    objectives: list  # EventObjective
    title: str
    text: str
    language: str
    country: str
    parliament: str
    author_name: str
    author_email: str
    attribution: str
    author_language: str = "en"
    attachments: list[CheckedAttachment] = field(default_factory=list)
    chamber: str = ""
    author_function: str = ""


def _apply(input_: ParliamentaryInput, data: InputData) -> None:
    input_.objectives = list(data.objectives)
    input_.title = clean_line(data.title)
    input_.text = clean_text(data.text)
    input_.language = data.language.lower()
    input_.country = data.country.upper()
    input_.parliament = clean_line(data.parliament)
    input_.author_name = clean_line(data.author_name)
    input_.chamber = clean_line(data.chamber)
    input_.author_function = clean_line(data.author_function)
    input_.author_email = data.author_email.strip()
    input_.attribution = data.attribution


def _add_attachments(input_: ParliamentaryInput, checked: list[CheckedAttachment]) -> list[str]:
    if len(input_.attachments) + len(checked) > MAX_ATTACHMENTS:
        raise AttachmentRejected(too_many_attachments_message())
    stored = []
    for item in checked:
        path = store_attachment_file(input_.event_id, item)
        stored.append(path)
        input_.attachments.append(InputAttachment(
            original_filename=item.original_filename,
            detected_type=item.detected_type,
            size_bytes=len(item.content),
            sha256=item.sha256,
            storage_path=path,
        ))
    return stored


def create_input(
    event, data: InputData, *, registration=None, source: str = "web", actor: str = "author",
    changed_by=None, enforce_deadline: bool = True,
) -> tuple[ParliamentaryInput, str | None]:
    """Store a new input with its attachments and first history entry. Returns the input
    and, for web submissions, the edit token (to be emailed; only its hash is kept)."""
    if enforce_deadline:
        ensure_open(event)
    edit_token = new_token() if source == "web" else None
    input_ = ParliamentaryInput(
        event=event,
        event_id=event.id,
        registration=registration,
        source=source,
        status=InputStatus.RECEIVED.value,
        author_language=data.author_language,
        edit_token_hash=hash_token(edit_token) if edit_token else None,
    )
    _apply(input_, data)
    input_.status_changes.append(InputStatusChange(
        from_status=None, to_status=InputStatus.RECEIVED.value, actor=actor,
        changed_by_id=getattr(changed_by, "id", None),
    ))
    db.session.add(input_)
    db.session.flush()  # an id for the attachments folder
    stored = []
    try:
        stored = _add_attachments(input_, data.attachments)
        db.session.commit()
    except Exception:
        db.session.rollback()
        for path in stored:
            remove_attachment_file(path)
        raise
    return input_, edit_token


def find_input_by_edit_token(event, token: str) -> ParliamentaryInput | None:
    if not token:
        return None
    return db.session.execute(
        db.select(ParliamentaryInput).filter_by(event_id=event.id, edit_token_hash=hash_token(token))
    ).scalar_one_or_none()


def update_input_by_author(
    input_: ParliamentaryInput, data: InputData, remove_attachment_ids: list[int] = ()
) -> ParliamentaryInput:
    """The author's edit: fields replaced, chosen attachments removed, new ones added."""
    ensure_open(input_.event)
    removed = [a for a in input_.attachments if a.id in set(remove_attachment_ids)]
    for attachment in removed:
        input_.attachments.remove(attachment)
    _apply(input_, data)
    stored = []
    try:
        stored = _add_attachments(input_, data.attachments)
        db.session.commit()
    except Exception:
        db.session.rollback()
        for path in stored:
            remove_attachment_file(path)
        raise
    for attachment in removed:
        remove_attachment_file(attachment.storage_path)
    return input_


def change_status(input_: ParliamentaryInput, new_status: str, user) -> bool:
    """Set the status and record who did it; False when it was already that."""
    new_status = InputStatus(new_status).value
    if input_.status == new_status:
        return False
    input_.status_changes.append(InputStatusChange(
        from_status=input_.status, to_status=new_status, actor=user.email, changed_by_id=user.id,
    ))
    input_.status = new_status
    db.session.commit()
    return True


def add_note(input_: ParliamentaryInput, body: str, user) -> InputNote:
    note = InputNote(author_id=user.id, author_email=user.email, body=clean_text(body))
    input_.notes.append(note)
    db.session.commit()
    return note


def parse_tags(value: str | list[str] | None) -> list[str]:
    """Comma-separated (or a list) -> unique, trimmed, lower-cased tags, in order given."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    tags: list[str] = []
    for item in items:
        tag = clean_line(str(item)).lower()[:TAG_MAX_LENGTH].strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def set_review_details(input_: ParliamentaryInput, working_title_en: str, tags: list[str],
                       parliament_translations: dict[str, str] | None = None) -> None:
    """Staff's details: English working title, tags and (when given) the parliament's name
    in other languages (empty names are dropped)."""
    input_.working_title_en = clean_line(working_title_en)
    if parliament_translations is not None:
        input_.parliament_translations = {
            lang: clean_line(name) for lang, name in sorted(parliament_translations.items()) if clean_line(name)
        }
    wanted = set(tags)
    for tag in list(input_.tags):
        if tag.name not in wanted:
            input_.tags.remove(tag)
    have = {tag.name for tag in input_.tags}
    for name in tags:
        if name not in have:
            input_.tags.append(InputTag(name=name))
    db.session.commit()


def event_tags(event) -> list[str]:
    """Every tag used on the event's inputs, for the queue's filter."""
    return list(db.session.execute(
        db.select(InputTag.name).join(ParliamentaryInput)
        .where(ParliamentaryInput.event_id == event.id).distinct().order_by(InputTag.name)
    ).scalars())
