"""Per-event teams: which events an organiser or staff account may see and change.

An account's role is either **global** (``User.events_limited`` false: every event, as
accounts always were, and the default for accounts created without events) or
**limited** to the events of its team (``EventMembership`` rows). Admins are never
limited.

Who calls what:

- ``eventhub.accounts.scoping`` (one ``before_app_request`` hook) calls
  :func:`may_open_event` for every console and API request whose URL names an event
  (the ``slug`` view argument) and answers 404 for another event: new routes are covered
  without any code of their own.
- Pages and API routes that *list* events or event-linked rows (the console's event list,
  the audit page, API lists) pass their query through :func:`scope_to_user`, the one
  place that knows how to filter by team.
- The event-creation operation calls :func:`add_to_team` for the creator
  (re-exported as ``eventhub.accounts.services.add_to_team``).
- ``flask users create --event``, ``flask users set-events`` and the admin's page of an
  account's events (``/console/accounts/<id>/events``) call :func:`set_events`; the
  admin's team page of an event (``/console/e/<slug>/team``) calls :func:`add_member`
  and :func:`remove_member`.

:func:`add_to_team` only adds to the caller's transaction; :func:`set_events` commits.
"""
from __future__ import annotations

from flask import g, has_request_context
from flask_babel import gettext as _

from eventhub.extensions import db

from .models import EventMembership, Role, User

#: Roles that can be limited to events (admins always see everything).
LIMITABLE_ROLES = (Role.ORGANISER.value, Role.STAFF.value)


def is_limited(user) -> bool:
    """True when the account acts only on its team's events."""
    return bool(user is not None and getattr(user, "events_limited", False)
                and user.role != Role.ADMIN.value)


def team_event_ids(user) -> set[int]:
    """Ids of the events whose team the account is on (cached for the request)."""
    cache = g.setdefault("_team_event_ids", {}) if has_request_context() else {}
    if user.id not in cache:
        cache[user.id] = set(db.session.execute(
            db.select(EventMembership.event_id).where(EventMembership.user_id == user.id)
        ).scalars())
    return cache[user.id]


def _forget_cache(user) -> None:
    if has_request_context():
        g.get("_team_event_ids", {}).pop(user.id, None)


def team_events(user) -> list:
    """The events of the account's team, by id (whether or not it is limited to them)."""
    from eventhub.events.models import Event

    return list(db.session.execute(
        db.select(Event).join(EventMembership, EventMembership.event_id == Event.id)
        .where(EventMembership.user_id == user.id).order_by(Event.id)
    ).scalars())


def may_open_event(user, event_id: int | None) -> bool:
    """May this account see the event? (Unknown events: True; the view answers 404.)"""
    if not is_limited(user) or event_id is None:
        return True
    return event_id in team_event_ids(user)


def may_open_slug(user, slug: str) -> bool:
    if not is_limited(user):
        return True
    from eventhub.events.models import Event

    event_id = db.session.execute(db.select(Event.id).filter_by(slug=slug)).scalar_one_or_none()
    return event_id is not None and event_id in team_event_ids(user)


def scope_to_user(query, user, event_id_column=None):
    """``query`` restricted to the rows of events the account may see.

    ``event_id_column`` is the column holding the event id (``Event.id`` by default;
    e.g. ``ExportRecord.event_id`` for the export log). Rows with no event (NULL) are
    hidden from limited accounts too: they may concern any event.
    """
    if not is_limited(user):
        return query
    if event_id_column is None:
        from eventhub.events.models import Event

        event_id_column = Event.id
    members = db.select(EventMembership.event_id).where(EventMembership.user_id == user.id)
    return query.where(event_id_column.in_(members))


def visible_events(user) -> list:
    """Every event the account may see, in creation order (the console's event list)."""
    from eventhub.events.models import Event

    return list(db.session.execute(scope_to_user(db.select(Event).order_by(Event.id), user)).scalars())


# --- Changing teams -------------------------------------------------------------------------

def add_to_team(user, event, added_by: str = "creator", via: str = "console",
                audit: bool = True) -> EventMembership:
    """Put ``user`` on ``event``'s team (idempotent). The event-creation operation calls
    this for the event's creator. Adds to the current transaction (with its audit entry):
    the caller commits."""
    existing = db.session.execute(
        db.select(EventMembership).filter_by(user_id=user.id, event_id=event.id)
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    membership = EventMembership(user=user, event=event, added_by=added_by or "")
    db.session.add(membership)
    _forget_cache(user)
    if audit:
        _record(actor_name=added_by, user=user, event=event, action="team_changed", via=via,
                changes={"team": (False, True)})
    return membership


def _events_by_slug(slugs) -> list:
    from eventhub.events.models import Event

    from .services import AccountError

    wanted = list(dict.fromkeys(slug.strip() for slug in slugs if slug and slug.strip()))
    found = {event.slug: event for event in db.session.execute(
        db.select(Event).where(Event.slug.in_(wanted))).scalars()} if wanted else {}
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        raise AccountError(_("No event with the identifier “%(slug)s”.", slug=missing[0]))
    return [found[slug] for slug in wanted]


def check_team(role: str, slugs) -> list:
    """The events named by ``slugs`` (refusing unknown ones and admins limited to events)."""
    from .services import AccountError

    events = _events_by_slug(slugs or [])
    if events and role not in LIMITABLE_ROLES:
        raise AccountError(_("Administrators see every event: an administrator cannot be "
                             "limited to some events."))
    return events


def set_events(user: User, slugs, actor: str = "cli", via: str = "cli") -> bool:
    """Limit ``user`` to the events named by ``slugs``, or (``slugs`` None) make the role
    apply to every event again. An empty list is allowed: a limited account with no event
    sees none. Returns True when anything changed; then the account's sign-in sessions are
    ended (its access changed under it) and the change is in the audit log. Commits."""
    from .services import AccountError

    if slugs is None:
        events = None
    else:
        if user.role not in LIMITABLE_ROLES:
            raise AccountError(_("Administrators see every event: an administrator cannot be "
                                 "limited to some events."))
        events = _events_by_slug(slugs)
    before_limited = is_limited(user)
    before = sorted(event.slug for event in team_events(user))
    if events is None:
        user.events_limited = False
        after = before
    else:
        user.events_limited = True
        wanted_ids = {event.id for event in events}
        for membership in db.session.execute(
                db.select(EventMembership).filter_by(user_id=user.id)).scalars():
            if membership.event_id not in wanted_ids:
                db.session.delete(membership)
        for event in events:
            add_to_team(user, event, added_by=actor, audit=False)
        after = sorted(event.slug for event in events)
    db.session.flush()
    _forget_cache(user)
    changed = before_limited != is_limited(user) or (is_limited(user) and before != after)
    if changed:
        _record(actor_name=actor, user=user, event=None, action="team_changed", via=via, changes={
            "events": (before if before_limited else None, after if is_limited(user) else None)})
        end_sessions_after_team_change(user)
    db.session.commit()
    return changed


def team_members(event) -> list[User]:
    """The accounts on the event's team, by email (limited or not)."""
    return list(db.session.execute(
        db.select(User).join(EventMembership, EventMembership.user_id == User.id)
        .where(EventMembership.event_id == event.id).order_by(User.email)
    ).scalars())


def add_member(user: User, event, actor: str, via: str = "console") -> bool:
    """Put ``user`` on ``event``'s team (the admin's team page). A limited account may
    then open the event; an account for every event keeps seeing every event and is
    listed on the team. Returns False when the account was already on it. A change ends
    the account's sessions and is in the audit log. Commits."""
    from .services import AccountError

    if user.role not in LIMITABLE_ROLES:
        raise AccountError(_("Administrators see every event: an administrator cannot be "
                             "limited to some events."))
    if event.id in team_event_ids(user):
        return False
    if is_limited(user):
        return set_events(user, [e.slug for e in team_events(user)] + [event.slug], actor=actor, via=via)
    add_to_team(user, event, added_by=actor, via=via)
    end_sessions_after_team_change(user)
    db.session.commit()
    return True


def remove_member(user: User, event, actor: str, via: str = "console") -> bool:
    """Take ``user`` off ``event``'s team. A limited account then no longer opens the
    event. Returns False when it was not on the team. Commits."""
    if event.id not in team_event_ids(user):
        return False
    if is_limited(user):
        return set_events(user, [e.slug for e in team_events(user) if e.id != event.id],
                          actor=actor, via=via)
    db.session.execute(db.delete(EventMembership).where(
        EventMembership.user_id == user.id, EventMembership.event_id == event.id))
    _forget_cache(user)
    _record(actor_name=actor, user=user, event=event, action="team_changed", via=via,
            changes={"team": (True, False)})
    end_sessions_after_team_change(user)
    db.session.commit()
    return True


def end_sessions_after_team_change(user: User) -> None:
    """An account whose team changed is signed out everywhere (issue 19's revocable
    sessions), in the transaction of the change: it signs in again and sees its new
    events. (The scope itself is read on every request, so it would apply anyway.)"""
    from .services import end_sessions

    end_sessions(user, commit=False)


def _record(actor_name: str, user: User, event, action: str, changes: dict, via: str) -> None:
    """Team changes in the change log (``eventhub.audit``), in the change's transaction."""
    from eventhub.audit.services import Actor, record

    record(Actor(actor_name, via=via), action, event=event, target=user.email, changes=changes)
