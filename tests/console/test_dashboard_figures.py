"""The dashboard's figures are cached per process under the event's places version: any
change to a place or a registration shows on the next view."""
from __future__ import annotations

from eventhub.console import statistics
from eventhub.extensions import db

from .helpers import make_registration


def confirmed(event, number):
    return next(f for f in statistics.session_figures(event) if f.number == number).confirmed


def test_figures_follow_every_kind_of_change(app, demo_event):
    assert confirmed(demo_event, 2) == 0
    person = make_registration(demo_event, places=((2, "fr", "confirmed"),), role="member", country="SN")
    assert confirmed(demo_event, 2) == 1  # a new registration
    figures = next(f for f in statistics.session_figures(demo_event) if f.number == 2)
    assert figures.by_role == {"member": 1} and figures.by_country == {"SN": 1}

    person.role = "staff"  # a change to the person, not the place
    db.session.commit()
    figures = next(f for f in statistics.session_figures(demo_event) if f.number == 2)
    assert figures.by_role == {"staff": 1}

    place = person.sessions[0]
    place.listening_language = "ar"
    db.session.commit()
    figures = next(f for f in statistics.session_figures(demo_event) if f.number == 2)
    assert figures.by_language == {"ar": 1}

    place.status = "cancelled"
    db.session.commit()
    assert confirmed(demo_event, 2) == 0
    assert statistics.invitation_funnel(demo_event).registered == 0

    db.session.delete(person)
    db.session.commit()
    assert next(f for f in statistics.session_figures(demo_event) if f.number == 2).by_status == {}


def test_a_caller_changing_its_copy_does_not_change_the_cache(app, demo_event):
    make_registration(demo_event, places=((1, "en", "confirmed"),))
    statistics.session_figures(demo_event)[0].by_status["confirmed"] = 999
    assert confirmed(demo_event, 1) == 1
