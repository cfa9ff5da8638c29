"""Authoring events and sessions: the single place where their facts are edited.

Events: :func:`create_event`, :func:`update_event` (optimistic check on
``Event.revision``: :class:`RevisionConflict`), :func:`clone_event`. Sessions:
:func:`add_session`, :func:`update_session`, :func:`reorder_sessions`,
:func:`remove_session`, :func:`cancel_session`. Every change is in the change log
(``eventhub.audit``) with the field, the old value and the new one. Validation first:
nothing is saved when any value is refused (:class:`EventChangeError` /
:class:`SessionChangeError` carry one localised message per field).

Session times come either as instants (``starts_at``/``ends_at``, aware) or as the
organiser's wall-clock time in the event's reference zone (``starts_local``/
``ends_local``, "YYYY-MM-DDTHH:MM"): sessions may cross midnight; the end must come
after the start as instants; a local time the zone skips or repeats at a DST change is
refused (:func:`eventhub.events.validation.local_to_utc`).

About sessions:

The organiser console, the API and commands call :func:`update_session` and
:func:`cancel_session`; nothing else should assign to an ``EventSession``'s columns.
Both functions

* validate everything first and change nothing when any value is refused
  (:class:`SessionChangeError` carries one localised message per field),
* raise ``EventSession.revision`` (the calendar SEQUENCE) once when a field in
  :data:`REVISION_FIELDS` changed, so that calendars that imported the session
  replace their copy,
* commit, then send ``eventhub.signals.session_changed(app, session=..., changes=...)``
  with ``changes`` = ``{field: (old, new)}``. Receivers that write to participants
  should look at the keys: only :data:`REVISION_FIELDS` change what a participant
  sees in a calendar; ``capacity`` matters for waiting lists.

Nothing is committed and no signal is sent when no value actually changes.
"""
from __future__ import annotations

import datetime as dt
import re

from flask import current_app
from sqlalchemy.orm.exc import StaleDataError
from flask_babel import gettext as _

from eventhub.extensions import db
from eventhub.i18n import LANGUAGES
from eventhub.signals import session_changed

from . import validation as v
from .models import Event, EventObjective, EventSession, EventStatus, SessionStatus
from .services import InvalidZoomLink, get_event, validate_zoom_registration_url

#: Fields whose change alters what calendars and participants were told: time,
#: link, status and the languages printed in the calendar entry.
REVISION_FIELDS = frozenset(
    {"starts_at", "ends_at", "zoom_registration_url", "status", "floor_language",
     "interpretation_languages"}
)
#: Everything update_session accepts. The number is not here: it is part of public URLs.
EDITABLE_FIELDS = REVISION_FIELDS | {"region", "capacity", "zoom_webinar_id"}

#: A Zoom webinar ID once spaces are removed ("847 5984 1045" -> 84759841045).
WEBINAR_ID = re.compile(r"^[0-9]{9,12}$")


def normalise_webinar_id(value) -> str | None:
    """"847 5984 1045" -> "84759841045"; empty -> None. Does not validate."""
    if value is None:
        return None
    digits = re.sub(r"[\s\u00a0-]", "", str(value))
    return digits or None


class SessionChangeError(ValueError):
    """Refused changes; ``errors`` maps each field to a message in the current language."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


def _clean_instant(value) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise ValueError(_("Enter a date and time."))
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(_("Enter the date and time with its time zone."))
    return value.astimezone(dt.timezone.utc)


def _clean_zoom_link(value) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""  # no link yet: the page then shows no Zoom button
    if not isinstance(value, str):
        raise ValueError(_("Enter the webinar registration link that Zoom provides."))
    try:
        return validate_zoom_registration_url(value)
    except InvalidZoomLink:
        raise ValueError(_(
            "Enter the webinar registration link that Zoom provides, for example "
            "https://us06web.zoom.us/webinar/register/WN_ followed by 22 characters."
        )) from None


def _clean_language(value) -> str:
    if value not in LANGUAGES:
        raise ValueError(_("Choose English, French, Spanish or Arabic."))
    return value


def _clean_languages(value) -> list[str]:
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
        raise ValueError(_("Choose the interpretation languages from English, French, Spanish and Arabic."))
    codes = list(value)
    if any(code not in LANGUAGES for code in codes):
        raise ValueError(_("Interpretation is offered only in English, French, Spanish and Arabic."))
    # Stored in the order of the language switcher, without repeats.
    return [code for code in LANGUAGES if code in codes]


def _clean_status(value) -> str:
    if isinstance(value, SessionStatus):
        return value.value
    if value not in {status.value for status in SessionStatus}:
        raise ValueError(_("The status must be scheduled or cancelled."))
    return value


def _clean_capacity(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(_("The capacity must be a whole number of at least 1, or empty for no limit."))
    return value


def _clean_region(value) -> dict:
    if not isinstance(value, dict) or any(
        key not in LANGUAGES or not isinstance(text, str) for key, text in value.items()
    ):
        raise ValueError(_("Give the region text in English, French, Spanish and Arabic."))
    return {key: value[key].strip() for key in LANGUAGES if key in value}


def _clean_webinar_id(value) -> str | None:
    text = normalise_webinar_id(value)
    if text is None:
        return None
    if not WEBINAR_ID.match(text):
        raise ValueError(_("The webinar ID is the 9 to 12 digits Zoom shows for the webinar."))
    return text


_CLEANERS = {
    "starts_at": _clean_instant,
    "ends_at": _clean_instant,
    "zoom_registration_url": _clean_zoom_link,
    "status": _clean_status,
    "floor_language": _clean_language,
    "interpretation_languages": _clean_languages,
    "region": _clean_region,
    "capacity": _clean_capacity,
    "zoom_webinar_id": _clean_webinar_id,
}


def update_session(session: EventSession, *, actor=None, **changes) -> dict[str, tuple]:
    """Apply ``changes`` (field=value) to ``session``, validated; return what changed.

    Returns ``{field: (old, new)}`` for the values that really differ (empty when
    nothing did). Raises :class:`SessionChangeError` (nothing applied) for refused
    values and ``TypeError`` for a field that cannot be edited here.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"update_session() cannot change: {', '.join(sorted(unknown))}")

    cleaned, errors = {}, {}
    for field, value in changes.items():
        try:
            cleaned[field] = _CLEANERS[field](value)
        except ValueError as exc:
            errors[field] = str(exc)
    if "starts_at" not in errors and "ends_at" not in errors:
        starts_at = cleaned.get("starts_at", session.starts_at)
        ends_at = cleaned.get("ends_at", session.ends_at)
        if ends_at <= starts_at:
            errors["ends_at"] = _("The session must end after it starts.")
    if errors:
        raise SessionChangeError(errors)

    applied = {}
    for field, new in cleaned.items():
        old = getattr(session, field)
        if old != new:
            applied[field] = (old, new)
            setattr(session, field, new)
    if not applied:
        return {}
    if applied.keys() & REVISION_FIELDS:
        session.revision = (session.revision or 0) + 1
    _audit(actor, "session_edited", session.event, f"session {session.number}", applied)
    db.session.commit()
    session_changed.send(current_app._get_current_object(), session=session, changes=applied)
    return applied


def cancel_session(session: EventSession, actor=None) -> dict[str, tuple]:
    """Mark the session cancelled (calendars then show it as cancelled); returns the changes,
    empty if it already was."""
    return update_session(session, actor=actor, status=SessionStatus.CANCELLED.value)


# =============================================================================================
# Events
# =============================================================================================

class EventChangeError(ValueError):
    """Refused values; ``errors`` maps each field (``sessions[1].starts_local`` for a
    session of the payload) to a message in the current language. ``conflict`` is set
    when the refusal is a clash with another event (a slug already taken: HTTP 409)."""

    def __init__(self, errors: dict[str, str], conflict: bool = False):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors
        self.conflict = conflict


class RevisionConflict(Exception):
    """The event was saved by someone else since the editor loaded it: reload."""

    def __init__(self, current: int):
        super().__init__(f"the event is now at revision {current}")
        self.current = current


class ConfirmationRequired(Exception):
    """Removing a session that people registered for needs an explicit confirmation."""

    def __init__(self, registrations: int):
        super().__init__(f"{registrations} registrations")
        self.registrations = registrations


def _actor(actor):
    from eventhub.audit.services import Actor

    if actor is None:
        return Actor("system", via="cli")
    if isinstance(actor, str):
        return Actor(actor, via="cli")
    return actor


def _audit(actor, action: str, event, target: str = "", changes: dict | None = None) -> None:
    from eventhub.audit.services import record

    record(_actor(actor), action, event=event, target=target, changes=changes or {})


#: Event fields create/update accept, with their cleaner.
EVENT_CLEANERS = {
    "slug": v.clean_slug,
    "reference_timezone": v.clean_timezone,
    "organiser": v.text_cleaner("organiser"),
    "title": v.clean_title,
    "subtitle": v.text_cleaner("subtitle"),
    "summary": v.text_cleaner("summary"),
    "format_note": v.text_cleaner("format_note"),
    "concept_note": v.text_cleaner("concept_note"),
    "objectives": v.clean_objectives,
    "privacy_contact": v.clean_email,
    "registration_open": v.clean_bool,
    "registration_opens_at": v.parse_instant,
    "registration_closes_at": v.parse_instant,
    "inputs_deadline": v.parse_instant,
    "status": v.clean_status,
}
EVENT_FIELDS = frozenset(EVENT_CLEANERS)
#: The model attribute behind each field (the switch is stored as registration_enabled).
_ATTRIBUTE = {"registration_open": "registration_enabled"}


def _clean_event_fields(data: dict, errors: dict) -> dict:
    cleaned = {}
    for field, value in data.items():
        if field not in EVENT_CLEANERS:
            errors[field] = _("Unknown field.")
            continue
        try:
            cleaned[field] = EVENT_CLEANERS[field](value)
        except ValueError as exc:
            errors[field] = str(exc)
    return cleaned


def _slug_taken(slug: str, event_id: int | None = None) -> bool:
    query = db.select(Event.id).filter_by(slug=slug)
    found = db.session.execute(query).scalar_one_or_none()
    return found is not None and found != event_id


def _check_window(values: dict, errors: dict) -> None:
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if opens and closes and closes <= opens and "registration_closes_at" not in errors:
        errors["registration_closes_at"] = _("Registration must close after it opens.")


def _objectives_value(event: Event) -> list[dict]:
    return [{"text": dict(o.text or {}), "short_label": dict(o.short_label or {})} for o in event.objectives]


def _apply_objectives(event: Event, wanted: list[dict], errors: dict) -> None:
    """Objectives are matched by position (inputs refer to them): extra ones are removed
    only when no input is filed against them."""
    existing = {o.number: o for o in event.objectives}
    for number, item in enumerate(wanted, start=1):
        objective = existing.get(number)
        if objective is None:
            event.objectives.append(EventObjective(number=number, text=item["text"],
                                                   short_label=item["short_label"]))
        else:
            objective.text, objective.short_label = item["text"], item["short_label"]
    for number, objective in existing.items():
        if number > len(wanted):
            if objective.id is not None and _objective_in_use(objective):
                errors["objectives"] = _("Objective %(number)d has written inputs filed against it "
                                         "and cannot be removed.", number=number)
                return
            event.objectives.remove(objective)


def _objective_in_use(objective) -> bool:
    try:
        from eventhub.inputs.models.input import input_objectives
    except ImportError:  # pragma: no cover - inputs domain absent
        return False
    return db.session.execute(
        db.select(db.func.count()).select_from(input_objectives)
        .where(input_objectives.c.objective_id == objective.id)
    ).scalar_one() > 0


def _check_publishable(event: Event, errors: dict) -> None:
    if not event.sessions:
        errors["status"] = _("Add at least one session before publishing the event.")
    elif not event.title:
        errors["status"] = _("Enter the title before publishing the event.")


def create_event(data: dict, *, creator=None, actor=None) -> Event:
    """A new event (a draft unless ``status`` says published) from ``data``: the event
    fields above plus ``sessions`` (a list of session payloads, see :func:`add_session`).
    ``creator`` (a User) is put on the event's team. Commits."""
    data = dict(data)
    sessions_data = data.pop("sessions", None) or []
    errors: dict[str, str] = {}
    for required in ("slug", "reference_timezone", "title"):
        if required not in data:
            errors[required] = _("This field is required.")
    cleaned = _clean_event_fields(data, errors)
    if "slug" in cleaned and _slug_taken(cleaned["slug"]):
        raise EventChangeError({"slug": _("Another event already uses this web address name.")},
                               conflict=True)
    _check_window(cleaned, errors)
    if not isinstance(sessions_data, list):
        errors["sessions"] = _("List the sessions.")
        sessions_data = []
    zone = cleaned.get("reference_timezone")
    event = Event(slug=cleaned.get("slug", ""), reference_timezone=zone or "UTC",
                  status=EventStatus.DRAFT.value)
    for field, value in cleaned.items():
        if field in ("objectives", "slug", "reference_timezone", "status"):
            continue
        setattr(event, _ATTRIBUTE.get(field, field), value)
    _apply_objectives(event, cleaned.get("objectives", []), errors)
    numbers = set()
    for index, payload in enumerate(sessions_data):
        try:
            session = _build_session(event, payload, zone, numbers)
        except SessionChangeError as exc:
            for field, message in exc.errors.items():
                errors[f"sessions[{index}].{field}"] = message
            continue
        numbers.add(session.number)
        event.sessions.append(session)
    if cleaned.get("status") == EventStatus.PUBLISHED.value:
        _check_publishable(event, errors)
    if errors:
        _discard(event)
        raise EventChangeError(errors)
    event.status = cleaned.get("status", EventStatus.DRAFT.value)
    event.sessions.sort(key=lambda s: s.number)
    db.session.add(event)
    db.session.flush()
    _audit(actor, "event_created", event, event.slug,
           {field: (None, value) for field, value in cleaned.items()})
    for session in event.sessions:
        _audit(actor, "session_added", event, f"session {session.number}", _session_values(session))
    if event.status == EventStatus.PUBLISHED.value:
        _audit(actor, "event_published", event, event.slug, {"status": ("draft", "published")})
    if creator is not None:
        from eventhub.accounts.services import add_to_team

        add_to_team(creator, event, added_by="creator", via=_actor(actor).via)
    db.session.commit()
    return event


def _discard(event: Event) -> None:
    """Forget a half-built event (never added, but its children may be pending)."""
    for child in list(event.sessions) + list(event.objectives):
        if child in db.session:
            db.session.expunge(child)
    if event in db.session:
        db.session.expunge(event)


def event_values(event: Event) -> dict:
    """Current values of the editable fields (for audit diffs and forms)."""
    values = {}
    for field in EVENT_FIELDS:
        if field == "objectives":
            values[field] = _objectives_value(event)
        else:
            value = getattr(event, _ATTRIBUTE.get(field, field))
            values[field] = dict(value) if isinstance(value, dict) else value
    return values


def update_event(event: Event, changes: dict, *, expected_revision: int | None = None,
                 actor=None) -> dict[str, tuple]:
    """Apply any subset of the event fields; returns ``{field: (old, new)}`` of what
    changed (empty: nothing saved). ``expected_revision`` is the revision the editor
    loaded: if someone saved since, :class:`RevisionConflict` (nothing saved). Publishing
    is ``status="published"`` (refused without sessions); back to draft only while no one
    is registered; the slug changes only while the event is a draft. Commits."""
    if expected_revision is not None and expected_revision != event.revision:
        raise RevisionConflict(event.revision)
    errors: dict[str, str] = {}
    changes = dict(changes)
    changes.pop("sessions", None)  # sessions have their own operations
    changes.pop("revision", None)
    cleaned = _clean_event_fields(changes, errors)
    before = event_values(event)
    if "slug" in cleaned and cleaned["slug"] != event.slug:
        if not event.is_draft:
            errors["slug"] = _("The web address of a published event cannot change: people "
                               "have its links.")
        elif _slug_taken(cleaned["slug"], event.id):
            raise EventChangeError({"slug": _("Another event already uses this web address name.")},
                                   conflict=True)
    window = {key: cleaned.get(key, before[key]) for key in ("registration_opens_at", "registration_closes_at")}
    _check_window(window, errors)
    if cleaned.get("status") == EventStatus.DRAFT.value and not event.is_draft and _registration_count(event):
        errors["status"] = _("People have registered: the event cannot go back to draft.")
    if cleaned.get("status") == EventStatus.PUBLISHED.value and event.is_draft:
        _check_publishable(event, errors)
    if errors:
        raise EventChangeError(errors)

    applied = {}
    for field, new in cleaned.items():
        old = before[field]
        if old == new:
            continue
        applied[field] = (old, new)
    if not applied:
        return {}
    for field, (old, new) in applied.items():
        if field == "objectives":
            _apply_objectives(event, new, errors)
        else:
            setattr(event, _ATTRIBUTE.get(field, field), new)
    if errors:
        db.session.rollback()
        raise EventChangeError(errors)
    # The row's UPDATE checks the revision it read (version counter): a save in between
    # from another worker makes this one fail instead of overwriting it.
    event.revision = event.revision + 1
    edits = {field: change for field, change in applied.items() if field != "status"}
    if edits:
        _audit(actor, "event_edited", event, event.slug, edits)
    if "status" in applied:
        action = "event_published" if applied["status"][1] == EventStatus.PUBLISHED.value else "event_unpublished"
        _audit(actor, action, event, event.slug, {"status": applied["status"]})
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise RevisionConflict(db.session.get(Event, event.id).revision) from None
    return applied


def publish_event(event: Event, actor=None) -> dict[str, tuple]:
    return update_event(event, {"status": EventStatus.PUBLISHED.value}, actor=actor)


def _registration_count(event: Event) -> int:
    from eventhub.registration.models import Registration

    return db.session.execute(
        db.select(db.func.count(Registration.id)).filter_by(event_id=event.id)).scalar_one()


# =============================================================================================
# Sessions of an event
# =============================================================================================

SESSION_INPUT_FIELDS = EDITABLE_FIELDS | {"number", "starts_local", "ends_local"}


def _session_values(session: EventSession) -> dict:
    return {field: (None, getattr(session, field)) for field in sorted(EDITABLE_FIELDS)}


def _session_changes(event_zone: str | None, payload: dict, current: EventSession | None = None):
    """Session payload -> (changes for update_session, errors). Local times are turned
    into instants in ``event_zone``."""
    errors: dict[str, str] = {}
    if not isinstance(payload, dict):
        return {}, {"session": _("Give the session's fields.")}
    unknown = set(payload) - SESSION_INPUT_FIELDS
    for field in sorted(unknown):
        errors[field] = _("Unknown field.")
    changes = {k: payload[k] for k in payload if k in EDITABLE_FIELDS}
    for which in ("starts", "ends"):
        local_key, instant_key = f"{which}_local", f"{which}_at"
        if payload.get(local_key) in (None, ""):
            continue
        if event_zone is None:
            continue  # the zone itself is refused: its message says so
        try:
            instant = v.local_to_utc(v.parse_local(payload[local_key]), event_zone)
        except ValueError as exc:
            errors[local_key] = str(exc)
            changes.pop(instant_key, None)
            continue
        given = changes.get(instant_key)
        if given not in (None, ""):
            try:
                same = v.parse_instant(given) == instant
            except ValueError:
                same = False
            if not same:
                errors[local_key] = _("The local time and the UTC time disagree: give only one.")
                continue
        changes[instant_key] = instant
    for key in ("starts_at", "ends_at"):
        if isinstance(changes.get(key), str):
            try:
                changes[key] = v.parse_instant(changes[key])
            except ValueError as exc:
                errors[key] = str(exc)
                changes.pop(key)
    return changes, errors


def _validate_session_fields(changes: dict, errors: dict, current: EventSession | None = None) -> dict:
    cleaned = {}
    for field, value in changes.items():
        try:
            cleaned[field] = _CLEANERS[field](value)
        except ValueError as exc:
            local = field.replace("_at", "_local")
            errors.setdefault(local if field in ("starts_at", "ends_at") else field, str(exc))
    starts = cleaned.get("starts_at", current.starts_at if current else None)
    ends = cleaned.get("ends_at", current.ends_at if current else None)
    if current is None:
        for which in ("starts", "ends"):
            if f"{which}_at" not in cleaned and f"{which}_local" not in errors and f"{which}_at" not in errors:
                errors[f"{which}_local"] = _("Enter the local date and time as YYYY-MM-DD HH:MM.")
    if starts and ends and ends <= starts and "ends_local" not in errors:
        errors["ends_local"] = _("The session must end after it starts.")
    return cleaned


def _number(value, taken: set[int], errors: dict) -> int | None:
    if value is None or value == "":
        return (max(taken) + 1) if taken else 1
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 99:
        errors["number"] = _("The session number is a whole number from 1 to 99.")
        return None
    if value in taken:
        errors["number"] = _("Another session of this event has number %(number)d.", number=value)
        return None
    return value


def _build_session(event: Event, payload: dict, zone: str | None, taken: set[int]) -> EventSession:
    changes, errors = _session_changes(zone, payload)
    cleaned = _validate_session_fields(changes, errors)
    number = _number(payload.get("number") if isinstance(payload, dict) else None, taken, errors)
    if errors:
        raise SessionChangeError(errors)
    session = EventSession(number=number, **{
        "floor_language": "en", "interpretation_languages": [], "zoom_registration_url": "",
        "region": {}, **cleaned})
    return session


def add_session(event: Event, payload: dict, *, actor=None) -> EventSession:
    """A new session from ``payload`` (fields of :data:`EDITABLE_FIELDS`, ``number``
    optional: next free one, times as ``starts_local``/``ends_local`` or instants). Commits."""
    session = _build_session(event, payload, event.reference_timezone, {s.number for s in event.sessions})
    event.sessions.append(session)
    event.sessions.sort(key=lambda s: s.number)
    db.session.flush()
    _audit(actor, "session_added", event, f"session {session.number}", _session_values(session))
    db.session.commit()
    return session


def edit_session(session: EventSession, payload: dict, *, actor=None) -> dict[str, tuple]:
    """Change a session from a payload (local times allowed); see :func:`update_session`."""
    changes, errors = _session_changes(session.event.reference_timezone, payload, session)
    if "number" in payload and payload["number"] != session.number:
        errors["number"] = _("Use the reordering to change session numbers.")
    if errors:
        raise SessionChangeError(errors)
    try:
        return update_session(session, actor=actor, **changes)
    except SessionChangeError as exc:
        raise SessionChangeError({
            (field.replace("_at", "_local") if field in ("starts_at", "ends_at") and
             field.replace("_at", "_local") in payload else field): message
            for field, message in exc.errors.items()}) from None


def _active_places(session: EventSession) -> int:
    from eventhub.console.tasks import count_notice_recipients

    return count_notice_recipients(session.id) if session.id else 0


def reorder_sessions(event: Event, numbers: list[int], *, actor=None) -> None:
    """Renumber the sessions 1..n in the order given by their current numbers. Refused
    once anyone is registered for a session whose number would change (the number is in
    their emails and calendar links). Commits."""
    current = {s.number: s for s in event.sessions}
    if sorted(numbers) != sorted(current) or len(set(numbers)) != len(numbers):
        raise SessionChangeError({"order": _("List every session of the event once.")})
    moved = [current[old] for new, old in enumerate(numbers, start=1) if old != new]
    if not moved:
        return
    if any(_active_places(session) for session in moved):
        raise SessionChangeError({"order": _("People have registered for these sessions: their "
                                             "numbers can no longer change.")})
    for session in moved:
        session.number = -session.number  # out of the way of the unique (event, number)
    db.session.flush()
    for new, old in enumerate(numbers, start=1):
        current[old].number = new
    event.sessions.sort(key=lambda s: s.number)
    _audit(actor, "sessions_reordered", event, event.slug,
           {"order": (sorted(numbers), list(numbers))})
    db.session.commit()


def remove_session(session: EventSession, *, confirm: bool = False, actor=None) -> str:
    """Remove a session. Without registrations it is deleted ("deleted"). With people
    registered, ``confirm`` must be True: the session is then cancelled (kept, so that
    their calendars, links and history stay right) and each person is emailed through
    the session-notice job, in their language ("cancelled"). Commits."""
    event = session.event
    registered = _active_places(session)
    if registered and not confirm:
        raise ConfirmationRequired(registered)
    if registered or _any_places(session):
        if not session.is_cancelled:
            cancel_session(session, actor=actor)
        if registered:
            from eventhub.console.tasks import start_session_notice

            # The notice and its fan-out job in one transaction (job outbox).
            start_session_notice(session, "cancelled", actor=getattr(actor, "id", "") or "")
        return "cancelled"
    _audit(actor, "session_removed", event, f"session {session.number}",
           {field: (old, None) for field, (_none, old) in _session_values(session).items()})
    event.sessions.remove(session)
    db.session.delete(session)
    db.session.commit()
    return "deleted"


def _any_places(session: EventSession) -> bool:
    from eventhub.registration.models import SessionRegistration

    return session.id is not None and db.session.execute(
        db.select(db.func.count(SessionRegistration.id)).filter_by(session_id=session.id)).scalar_one() > 0


# =============================================================================================
# Cloning
# =============================================================================================

def clone_event(source: Event, slug, first_day, *, creator=None, actor=None) -> Event:
    """A draft copy of ``source`` under ``slug`` whose first session falls on
    ``first_day`` (a date or "YYYY-MM-DD"). Texts, objectives, sessions, capacities and
    languages are copied; each session keeps its wall-clock times in the reference zone,
    on the same day relative to the first (whatever the DST difference between the two
    dates). Not copied: Zoom webinar IDs and links, registrations, invitees, inputs,
    reference texts, the registration window and the inputs deadline. Commits."""
    errors: dict[str, str] = {}
    try:
        slug = v.clean_slug(slug)
    except ValueError as exc:
        errors["slug"] = str(exc)
    if isinstance(first_day, str):
        try:
            first_day = dt.date.fromisoformat(first_day.strip())
        except ValueError:
            errors["first_day"] = _("Enter the first day as YYYY-MM-DD.")
    elif not isinstance(first_day, dt.date) or isinstance(first_day, dt.datetime):
        errors["first_day"] = _("Enter the first day as YYYY-MM-DD.")
    if errors:
        raise EventChangeError(errors)
    if _slug_taken(slug):
        raise EventChangeError({"slug": _("Another event already uses this web address name.")},
                               conflict=True)
    zone = source.reference_timezone
    sessions = sorted(source.sessions, key=lambda s: s.number)
    base_day = min((v.utc_to_local(s.starts_at, zone).date() for s in sessions), default=first_day)
    shift = first_day - base_day
    payloads = []
    for session in sessions:
        start, end = v.utc_to_local(session.starts_at, zone), v.utc_to_local(session.ends_at, zone)
        payloads.append({
            "number": session.number,
            "starts_local": (start + shift).strftime("%Y-%m-%dT%H:%M"),
            "ends_local": (end + shift).strftime("%Y-%m-%dT%H:%M"),
            "region": dict(session.region or {}),
            "floor_language": session.floor_language,
            "interpretation_languages": list(session.interpretation_languages or []),
            "capacity": session.capacity,
        })
    data = {
        "slug": slug, "reference_timezone": zone,
        **{field: dict(getattr(source, field) or {}) for field in
           ("organiser", "title", "subtitle", "summary", "format_note", "concept_note")},
        "objectives": _objectives_value(source),
        "privacy_contact": source.privacy_contact or "",
        "sessions": payloads,
    }
    if not data["title"]:
        data["title"] = {"en": slug}
    try:
        clone = create_event(data, creator=creator, actor=actor)
    except EventChangeError as exc:
        raise EventChangeError({("first_day" if key.startswith("sessions[") else key): message
                                for key, message in exc.errors.items()}, conflict=exc.conflict) from None
    _audit(actor, "event_cloned", source, clone.slug, {"clone": (None, clone.slug),
                                                      "first_day": (None, first_day.isoformat())})
    _audit(actor, "event_cloned", clone, source.slug, {"source": (None, source.slug)})
    db.session.commit()
    return clone


def event_by_slug(slug: str) -> Event | None:
    return get_event(slug)
