"""Signals that let domains react to each other without importing each other.

Send with ``signal.send(current_app._get_current_object(), **kwargs)``; receivers live in
a domain's ``receivers.py`` (imported by the app factory). Receivers must not commit a
half-done transaction of the sender: they add to the session or enqueue jobs (after commit).
"""
from blinker import Namespace

_signals = Namespace()

#: A person is registering: the new Registration is flushed (it has an id), not yet
#: committed. Receivers change rows in the same session, so that the registration and
#: what follows from it commit together, and never commit themselves. kwargs: registration
registration_creating = _signals.signal("registration-creating")
#: A person registered (new Registration committed). kwargs: registration
registration_created = _signals.signal("registration-created")
#: A person's place in a session was added, moved, re-languaged or cancelled (committed).
#: kwargs: session_registration, action ("added" | "cancelled" | "language_changed" |
#: "promoted" | "restored"), previous (dict of old values)
session_registration_changed = _signals.signal("session-registration-changed")
#: A session was edited through eventhub.events.operations (committed; revision already
#: raised when time, link, status or languages changed). kwargs: session, changes (dict
#: field -> (old, new)); check the keys: operations.REVISION_FIELDS are what participants see.
session_changed = _signals.signal("session-changed")
#: A registration's email address changed (the link sent to the new address was followed;
#: committed). kwargs: registration, previous (the address it replaced)
registration_email_changed = _signals.signal("registration-email-changed")
#: A registration's personal data was erased. kwargs: registration
registration_anonymised = _signals.signal("registration-anonymised")
