"""Waiting lists follow the session: when an organiser raises a session's capacity (or
removes the limit), the people waiting get the new places at once, first come first
served, with the same email as when someone cancels.

(Change emails are not sent from here: each emailed change writes its email to the
job outbox in its own transaction, ``tasks.queue_change_email``.)"""
from __future__ import annotations

from eventhub.events.models import SessionStatus
from eventhub.signals import session_changed

from . import search  # noqa: F401  (keeps the search terms of every registration written)
from .operations import promote_waiting_list


@session_changed.connect
def on_session_changed(sender, session, changes, **extra):
    if "capacity" not in changes or session.status == SessionStatus.CANCELLED.value:
        return
    old, new = changes["capacity"]
    if new is None or (old is not None and new > old):
        promote_waiting_list(session)
