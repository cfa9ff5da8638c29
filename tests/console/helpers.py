"""Test data made directly through the models (the registration form lives elsewhere)."""
from __future__ import annotations

import datetime as dt
import itertools

from eventhub.extensions import db
from eventhub.registration.models import Registration, RegistrationChange, SessionRegistration

_counter = itertools.count(1)


def make_registration(event, *, places=((2, "en", "confirmed"),), given_name="Amina", family_name="Diallo",
                      email=None, country="SN", role="member", parliament="Assemblée nationale",
                      language="fr", timezone="Africa/Dakar", created_at=None, accessibility_needs="",
                      **fields) -> Registration:
    """A registration with places given as (session number, listening language, status[, extra])."""
    n = next(_counter)
    registration = Registration(
        event=event, email=email or f"person{n}@parliament.example", given_name=given_name,
        family_name=family_name, country=country, role=role, parliament=parliament, language=language,
        timezone=timezone, accessibility_needs=accessibility_needs,
        consented_at=dt.datetime(2022, 11, 1, tzinfo=dt.timezone.utc), **fields,
    )
    if created_at is not None:
        registration.created_at = created_at
    db.session.add(registration)
    for place in places:
        number, listening, status = place[:3]
        extra = place[3] if len(place) > 3 else {}
        session = event.session_by_number(number)
        registration.sessions.append(SessionRegistration(
            session=session, listening_language=listening, status=status, **extra))
    registration.changes.append(RegistrationChange(actor="registrant", action="created",
                                                   details={"sessions": [p[0] for p in places]}))
    db.session.commit()
    return registration
