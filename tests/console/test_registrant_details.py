"""Organisers correct a registrant's details in the console: the manage page's fields and
rules, recorded in the registration's history and the audit log, and confirmed to the
person by the change email."""
from __future__ import annotations

from html import unescape

import pytest

from eventhub.audit.models import AuditEntry
from eventhub.extensions import db
from eventhub.registration.models import Registration

from .helpers import make_registration

pytestmark = pytest.mark.app_config(CHANGE_EMAIL_DELAY=0)

LIST = "/console/e/safe-cyberspace-2022/registrations"
FIELDS = dict(honorific="mr", given_name="Aminata", family_name="Diallo", parliament="Assemblée nationale",
              country="ML", accessibility_needs="Sous-titres", language="es")


@pytest.fixture
def person(demo_event):
    return make_registration(demo_event, email="amina@assemblee.sn", given_name="Amina", country="SN",
                             language="fr", places=((2, "fr", "confirmed"),))


def reload(registration):
    db.session.expire_all()
    return db.session.get(Registration, registration.id)


def test_an_organiser_corrects_the_details_audited_and_emailed(client, signed_in_organiser, person, run_jobs,
                                                                smtp_server):
    page = client.get(f"{LIST}/{person.id}?lang=fr").get_data(as_text=True)
    assert "Corriger les coordonnées de la personne inscrite" in page
    assert 'value="Amina"' in page
    response = client.post(f"{LIST}/{person.id}/details?lang=en", data=FIELDS)
    assert response.status_code == 303
    person = reload(person)
    assert (person.honorific, person.given_name, person.country, person.accessibility_needs, person.language) == \
        ("mr", "Aminata", "ML", "Sous-titres", "es")
    change = person.changes[-1]
    assert change.action == "details_changed" and change.actor == "organiser@ipu.example"
    [entry] = db.session.execute(db.select(AuditEntry).filter_by(action="registration_details_changed")).scalars()
    assert entry.actor == "organiser@ipu.example" and entry.via == "console"
    assert entry.target == f"registration {person.id}" and entry.event_id == person.event_id
    assert entry.changes["given_name"] == ["Amina", "Aminata"] and entry.changes["country"] == ["SN", "ML"]
    assert entry.changes["accessibility_needs"] == ["…", "…"]  # never the text itself
    page = client.get(f"{LIST}/{person.id}?lang=en").get_data(as_text=True)
    assert "Details corrected" in page and "The registrant&#39;s details were corrected" in page
    # The person is told, in their (new) language, by the IPU secretariat.
    run_jobs()
    [message] = smtp_server.messages
    assert message["To"] == "amina@assemblee.sn" and message["Content-Language"] == "es"
    text = message.get_body(("plain",)).get_content()
    assert "Amina → Aminata" in text and "Senegal → Mali" in text
    assert "(Secretaría de la UIP): Datos corregidos" in text  # who made the change
    assert "Sous-titres" not in text
    # The audit page names the action.
    from eventhub.audit.services import action_label

    assert str(action_label("registration_details_changed")) == "Registrant's details corrected"


@pytest.mark.parametrize("field, value, message", [
    # Empty fields: the organiser is told about the registrant, not addressed as them.
    ("given_name", "", "Please enter the registrant's given name."),
    ("family_name", "", "Please enter the registrant's family name."),
    ("parliament", " ", "Please enter the registrant's parliament, chamber or organisation."),
    ("country", "", "Please choose the registrant's country."),
    ("country", "XX", "Please choose a country from the list."),
    ("honorific", "king", "Please choose a title from the list."),
    ("language", "de", "Please choose a language from the list."),
    ("accessibility_needs", "x" * 1001, "This is too long"),
])
def test_bad_input_saves_nothing_and_comes_back_after_a_redirect(client, signed_in_organiser, person, field,
                                                                 value, message, run_jobs, smtp_server):
    response = client.post(f"{LIST}/{person.id}/details?lang=en", data={**FIELDS, field: value})
    assert response.status_code == 303 and response.location.endswith("#details-heading")
    page = unescape(client.get(response.location.split("#")[0] + "?lang=en").get_data(as_text=True))
    assert message in page and "Nothing has been saved yet" in page
    assert "your given name" not in page and "your country" not in page
    assert 'value="Aminata"' in page or field == "given_name"  # what was typed is kept
    person = reload(person)
    assert person.given_name == "Amina" and person.changes[-1].action == "created"
    assert db.session.execute(db.select(AuditEntry).filter_by(action="registration_details_changed")).first() is None
    run_jobs()
    assert smtp_server.messages == []


def test_nothing_changed_records_nothing(client, signed_in_organiser, person):
    same = dict(honorific=person.honorific, given_name="Amina", family_name="Diallo",
                parliament=person.parliament, country="SN", accessibility_needs="", language="fr")
    assert client.post(f"{LIST}/{person.id}/details", data=same).status_code == 303
    assert reload(person).changes[-1].action == "created"


def test_only_the_events_team_and_organisers(app, client, make_user, login_as, person, demo_event):
    from eventhub.accounts import teams
    from tests.helpers import sign_in
    from tests.security.test_event_scope import make_other_event

    other = make_other_event(demo_event)
    limited = make_user("other-team@ipu.example", role="organiser")
    teams.set_events(limited, [other.slug], actor="test")
    sign_in(client, limited)
    assert client.post(f"{LIST}/{person.id}/details", data=FIELDS).status_code == 404
    staff = make_user("staff@ipu.example", role="staff")
    staff_client = app.test_client()
    sign_in(staff_client, staff)
    assert staff_client.post(f"{LIST}/{person.id}/details", data=FIELDS).status_code in (302, 403)
    assert reload(person).given_name == "Amina"


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_without_csrf_token_nothing_changes(client, signed_in_organiser, person):
    response = client.post(f"{LIST}/{person.id}/details", data=FIELDS)
    assert response.status_code in (303, 400)
    assert reload(person).given_name == "Amina"


def test_erasing_the_person_scrubs_the_audit_entry(client, signed_in_organiser, person):
    from eventhub.privacy.operations import anonymise_registration

    client.post(f"{LIST}/{person.id}/details", data=FIELDS)
    anonymise_registration(reload(person), "organiser@ipu.example")
    db.session.expire_all()
    [entry] = db.session.execute(db.select(AuditEntry).filter_by(action="registration_details_changed")).scalars()
    assert "Aminata" not in str(entry.changes) and "Amina" not in str(entry.changes)
    history = str([change.details for change in reload(person).changes])
    assert "Aminata" not in history and "Amina" not in history  # the earlier name too
