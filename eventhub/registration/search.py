"""Word-prefix search over registrations through an index (RegistrationSearchTerm).

A registration's given and family names, email address and parliament are cut into words
and folded (case, accents, compatibility forms: "Pérez" and "PEREZ" are the same word);
each query word must be the beginning of one of them. "senado.mx" is two words, found in
"lucia@senado.mx"; Arabic words are kept whole (no case, no accents to fold). The terms are
rewritten whenever a registration is flushed (``keep_terms``), so imports, edits in the
console, self-service changes and anonymisation all keep them true.
"""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import delete, event as sa_event, insert, inspect as sa_inspect, intersect
from sqlalchemy.orm import Session

from eventhub.extensions import db

from .models import Registration, RegistrationSearchTerm

#: Fields searched, as the console's search box says.
SEARCHED = ("given_name", "family_name", "email", "parliament")
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERM = 60


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words(text: str) -> list[str]:
    return [word[:MAX_TERM] for word in _WORD.findall(fold(text))]


def terms_of(values) -> set[str]:
    found: set[str] = set()
    for value in values:
        found.update(words(value))
    return found


def registration_terms(registration: Registration) -> set[str]:
    return terms_of(getattr(registration, name) or "" for name in SEARCHED)


def matching_ids(event_id: int, query: str):
    """A SELECT of the ids of the event's registrations having every query word as the
    beginning of one of their words; None when the query has no word at all."""
    query_words = words(query)
    if not query_words:
        return None
    selects = [
        # A prefix as a range: term >= word and term < word + the highest code point, which
        # every database answers from the (event_id, term) index.
        db.select(RegistrationSearchTerm.registration_id).where(
            RegistrationSearchTerm.event_id == event_id,
            RegistrationSearchTerm.term >= word,
            RegistrationSearchTerm.term < word + "\U0010ffff",
        )
        for word in dict.fromkeys(query_words)
    ]
    # Every word must match (one INTERSECT of all of them: a compound select cannot be
    # intersected again, which made a query of three words a 500).
    return selects[0] if len(selects) == 1 else intersect(*selects)


def keep_terms(session, flush_context) -> None:
    """after_flush: rewrite the terms of every registration added or whose searched fields
    changed in this flush (deleted ones go with ON DELETE CASCADE)."""
    changed = []
    for obj in (*session.new, *session.dirty):
        if not isinstance(obj, Registration) or obj.id is None:
            continue
        if obj in session.new or any(sa_inspect(obj).attrs[name].history.has_changes() for name in SEARCHED):
            changed.append(obj)
    if not changed:
        return
    connection = session.connection()
    # A registration inserted by this flush has no terms yet (ids are not reused: a deleted
    # one's terms went with it, ON DELETE CASCADE): one DELETE fewer per registering.
    rewritten = [r.id for r in changed if r not in session.new]
    if rewritten:
        connection.execute(delete(RegistrationSearchTerm).where(
            RegistrationSearchTerm.registration_id.in_(rewritten)))
    rows = [{"event_id": r.event_id, "registration_id": r.id, "term": term}
            for r in changed for term in sorted(registration_terms(r))]
    if rows:
        connection.execute(insert(RegistrationSearchTerm), rows)


def reindex(connection, event_id: int | None = None) -> int:
    """Rebuild the terms from the registrations table (migrations, bulk loads). Returns the
    number of terms written."""
    registrations = Registration.__table__
    query = db.select(registrations.c.id, registrations.c.event_id,
                      *[registrations.c[name] for name in SEARCHED])
    if event_id is not None:
        query = query.where(registrations.c.event_id == event_id)
    delete_query = delete(RegistrationSearchTerm)
    if event_id is not None:
        delete_query = delete_query.where(RegistrationSearchTerm.event_id == event_id)
    connection.execute(delete_query)
    written = 0
    batch = []
    for row in connection.execute(query):
        for term in sorted(terms_of(row[2:])):
            batch.append({"event_id": row[1], "registration_id": row[0], "term": term})
        if len(batch) >= 5000:
            connection.execute(insert(RegistrationSearchTerm), batch)
            written += len(batch)
            batch = []
    if batch:
        connection.execute(insert(RegistrationSearchTerm), batch)
        written += len(batch)
    return written


if not sa_event.contains(Session, "after_flush", keep_terms):
    sa_event.listen(Session, "after_flush", keep_terms)
