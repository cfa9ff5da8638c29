"""Read helpers shared by the views and the API."""
from __future__ import annotations

from dataclasses import dataclass

from flask import session

from eventhub.extensions import db
from eventhub.security import hash_token
from eventhub.timezones import iso_utc

from .models import ParliamentaryInput

#: Flask-session key holding who may submit: {"event": id, "registration": id} or {"event": id, "email": ...}.
AUTHOR_SESSION_KEY = "inputs_author"


@dataclass
class Author:
    email: str
    name: str = ""
    country: str = ""
    parliament: str = ""
    registration: object | None = None


def registration_for_token(event, token: str):
    """The registration whose manage token this is, for this event, not erased."""
    from eventhub.registration.models import Registration

    if not token:
        return None
    registration = db.session.execute(
        db.select(Registration).filter_by(manage_token_hash=hash_token(token))
    ).scalar_one_or_none()
    if registration is None or registration.event_id != event.id or registration.anonymised_at:
        return None
    return registration


def remember_author(event, *, registration=None, email: str | None = None) -> None:
    if registration is not None:
        session[AUTHOR_SESSION_KEY] = {"event": event.id, "registration": registration.id}
    else:
        session[AUTHOR_SESSION_KEY] = {"event": event.id, "email": email}


def session_author(event) -> Author | None:
    from eventhub.registration.models import Registration

    data = session.get(AUTHOR_SESSION_KEY)
    if not isinstance(data, dict) or data.get("event") != event.id:
        return None
    if data.get("registration"):
        registration = db.session.get(Registration, data["registration"])
        if registration is None or registration.event_id != event.id or registration.anonymised_at:
            return None
        return Author(
            email=registration.email, name=registration.full_name, country=registration.country,
            parliament=registration.parliament, registration=registration,
        )
    if data.get("email"):
        return Author(email=data["email"])
    return None


def get_input(event, input_id: int) -> ParliamentaryInput | None:
    input_ = db.session.get(ParliamentaryInput, input_id)
    return input_ if input_ is not None and input_.event_id == event.id else None


def input_as_json(input_: ParliamentaryInput) -> dict:
    return {
        "id": input_.id,
        "event": input_.event.slug,
        "objectives": input_.objective_numbers,
        "title": input_.title,
        "text": input_.text,
        "language": input_.language,
        "country": input_.country,
        "parliament": input_.parliament,
        "author_name": input_.author_name,
        "author_email": input_.author_email,
        "attribution": input_.attribution,
        "chamber": input_.chamber,
        "author_function": input_.author_function,
        "parliament_translations": dict(input_.parliament_translations or {}),
        "status": input_.status,
        "working_title_en": input_.working_title_en,
        "tags": input_.tag_names,
        "source": input_.source,
        "registration_id": input_.registration_id,
        "attachments": [
            {"id": a.id, "filename": a.original_filename, "type": a.detected_type,
             "size": a.size_bytes, "sha256": a.sha256}
            for a in input_.attachments
        ],
        "created_at": iso_utc(input_.created_at),
        "updated_at": iso_utc(input_.updated_at),
    }
