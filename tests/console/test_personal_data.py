"""Erasing a registrant's personal data on request and by retention, keeping statistics."""
from __future__ import annotations

import datetime as dt

import pytest

from eventhub.console import statistics
from eventhub.extensions import db
from eventhub.privacy.operations import PLACEHOLDER_DOMAIN, anonymise_registration
from eventhub.registration.models import Registration, RegistrationChange
from eventhub.signals import registration_anonymised

from .helpers import make_registration

UTC = dt.timezone.utc


@pytest.fixture
def erased(app):
    received = []

    def receiver(sender, registration):
        received.append(registration.id)

    registration_anonymised.connect(receiver, weak=False)
    yield received
    registration_anonymised.disconnect(receiver)


def figures(event):
    return [(f.by_status, f.by_role, f.by_country, f.by_language, f.by_zoom_state, f.attended)
            for f in statistics.session_figures(event)]


def test_anonymise_from_the_console_erases_personal_data_and_keeps_statistics(demo_event, signed_in_organiser,
                                                                               erased):
    person = make_registration(
        demo_event, given_name="Nadia", family_name="Benali", email="nadia@parliament.dz", honorific="Hon.",
        parliament="Assemblée populaire nationale", country="DZ", role="member", language="ar",
        accessibility_needs="Wheelchair access", manage_token_hash="a" * 64,
        places=((2, "ar", "confirmed", {"zoom_state": "synced", "zoom_join_url": "https://zoom.us/w/1?tk=x",
                                        "attended": True}),),
    )
    person.changes.append(RegistrationChange(actor="nadia@parliament.dz", action="email_changed",
                                             details={"from": "old.nadia@parliament.dz", "to": "nadia@parliament.dz"}))
    db.session.commit()
    make_registration(demo_event, country="SN", places=((2, "fr", "confirmed"),))
    before = figures(demo_event)
    url = f"/console/e/safe-cyberspace-2022/registrations/{person.id}/anonymise"

    signed_in_organiser.post(url)  # without the confirmation box: nothing happens
    assert db.session.get(Registration, person.id).anonymised_at is None

    assert signed_in_organiser.post(url, data={"confirm": "yes"}).status_code == 302
    db.session.expire_all()
    person = db.session.get(Registration, person.id)
    assert person.anonymised_at is not None
    assert person.email == f"anonymised-{person.id}@{PLACEHOLDER_DOMAIN}"
    assert (person.given_name, person.family_name, person.honorific, person.parliament) == ("", "", "", "")
    assert person.accessibility_needs == "" and person.manage_token_hash is None
    assert person.sessions[0].zoom_join_url is None
    # Statistics are untouched.
    assert (person.country, person.role, person.language) == ("DZ", "member", "ar")
    assert figures(demo_event) == before
    # History: an entry for the erasure, and nothing personal left in older entries.
    actions = [(c.action, c.actor) for c in person.changes]
    assert actions[-1] == ("anonymised", "organiser@ipu.example")
    email_change = next(c for c in person.changes if c.action == "email_changed")
    assert "nadia" not in str(email_change.details) and email_change.actor == "registrant"
    assert erased == [person.id]

    page = signed_in_organiser.get(f"/console/e/safe-cyberspace-2022/registrations/{person.id}?lang=en")
    text = page.get_data(as_text=True)
    assert "Anonymised registrant" in text and "Nadia" not in text and "Erase personal data" not in text


def test_anonymising_twice_changes_nothing(demo_event, erased):
    person = make_registration(demo_event)
    assert anonymise_registration(person, "test") is True
    assert anonymise_registration(person, "test") is False
    assert erased == [person.id]


def test_purge_command_dry_run_then_anonymises_old_registrations_only(app, demo_event, erased):
    old = [make_registration(demo_event, created_at=dt.datetime(2022, 12, 1, 12, tzinfo=UTC)) for _ in range(3)]
    recent = make_registration(demo_event, created_at=dt.datetime(2023, 2, 1, tzinfo=UTC))
    already = make_registration(demo_event, created_at=dt.datetime(2022, 11, 1, tzinfo=UTC))
    anonymise_registration(already, "test")
    erased.clear()
    before = figures(demo_event)
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["data", "purge", "--event", "safe-cyberspace-2022", "--before", "2023-01-01",
                              "--dry-run"])
    assert dry.exit_code == 0 and dry.output.startswith("3 registration(s)") and "dry run" in dry.output
    assert db.session.execute(db.select(db.func.count(Registration.id))
                              .where(Registration.anonymised_at.is_not(None))).scalar_one() == 1

    result = runner.invoke(args=["data", "purge", "--event", "safe-cyberspace-2022", "--before", "2023-01-01"])
    assert result.exit_code == 0 and result.output.startswith("Anonymised 3 registration(s)")
    db.session.expire_all()
    assert all(db.session.get(Registration, r.id).anonymised_at for r in old)
    assert db.session.get(Registration, recent.id).anonymised_at is None
    assert sorted(erased) == sorted(r.id for r in old)
    assert figures(demo_event) == before
    purge_entry = db.session.get(Registration, old[0].id).changes[-1]
    assert (purge_entry.action, purge_entry.actor, purge_entry.details) == ("anonymised", "system:purge",
                                                                            {"reason": "retention"})


def test_purge_refuses_bad_input(app, demo_event):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["data", "purge", "--event", "nope", "--before", "2023-01-01"]).exit_code != 0
    bad_date = runner.invoke(args=["data", "purge", "--event", "safe-cyberspace-2022", "--before", "01/01/2023"])
    assert bad_date.exit_code != 0 and "01/01/2023" in bad_date.output
