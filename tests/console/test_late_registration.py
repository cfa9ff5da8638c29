"""An organiser registers a person from the console after self-registration closed (late
registrations): the public form's rules with each message beside its field in the
console's language, nothing saved on error, CSRF, the person's confirmation email in
their language, and an entry in the change log saved with the registration."""
from __future__ import annotations

import pytest

from eventhub.audit.models import AuditEntry
from eventhub.extensions import db
from eventhub.registration.models import Registration

ADD = "/console/e/safe-cyberspace-2022/registrations/new"


def person(**overrides) -> dict:
    data = {"honorific": "hon", "given_name": "Layla", "family_name": "Haddad",
            "email": "layla.haddad@parliament.jo", "country": "JO", "parliament": "مجلس النواب",
            "role": "member", "language": "ar", "sessions": ["2"], "language_2": "ar",
            "timezone": "Asia/Amman", "consent": "y"}
    data.update(overrides)
    return data


@pytest.fixture
def closed(demo_event):
    demo_event.registration_enabled = False
    db.session.commit()
    assert not demo_event.registration_open
    return demo_event


def registrations() -> list[Registration]:
    return list(db.session.execute(db.select(Registration)).scalars())


def test_an_organiser_adds_a_person_after_registration_closed(client, closed, signed_in_organiser, organiser):
    assert client.post("/en/e/safe-cyberspace-2022/register", data=person()).status_code == 409
    listing = client.get("/console/e/safe-cyberspace-2022/registrations?lang=fr").get_data(as_text=True)
    assert f'href="{ADD}"' in listing and "Ajouter une personne inscrite" in listing
    page = client.get(ADD + "?lang=fr")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "inscriptions tardives" in html and 'name="language_2"' in html

    response = client.post(ADD, data=person())
    assert response.status_code == 302
    (registration,) = registrations()
    assert response.location.endswith(f"/registrations/{registration.id}")
    assert registration.language == "ar" and registration.timezone == "Asia/Amman"
    assert [(p.session.number, p.listening_language, p.status) for p in registration.sessions] == [(2, "ar", "confirmed")]
    assert registration.changes[0].actor == organiser.email
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="registration_added")).scalar_one()
    assert (entry.actor, entry.via, entry.target, entry.event_id) == (
        organiser.email, "console", "layla.haddad@parliament.jo", closed.id)
    assert entry.changes["sessions"] == [None, [2]] and entry.changes["registration_state"] == [None, "closed"]
    audit = client.get("/console/audit?lang=fr")
    if audit.status_code == 200:  # (admins only)
        assert "layla.haddad@parliament.jo" in audit.get_data(as_text=True)

    again = client.post(ADD, data=person(given_name="Someone else"))
    assert again.status_code == 302 and again.location.endswith(f"/registrations/{registration.id}")
    assert len(registrations()) == 1


def test_the_confirmation_goes_to_the_person_in_their_language(client, closed, signed_in_organiser, run_jobs,
                                                               smtp_server):
    client.post(ADD, data=person())
    run_jobs()
    (message,) = smtp_server.messages
    assert message["To"].addresses[0].addr_spec == "layla.haddad@parliament.jo"
    assert "ar" in (message["Content-Language"] or "") or any(
        "\u0600" <= ch <= "\u06ff" for ch in message["Subject"])


def test_errors_are_beside_their_fields_in_french_and_nothing_is_saved(client, closed, signed_in_organiser):
    response = client.post(ADD + "?lang=fr", data=person(given_name="", email="not an address", sessions=[],
                                                         consent=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="given_name-error"' in html and "Veuillez indiquer votre prénom." in html
    assert 'id="email-error"' in html and 'id="consent-error"' in html and 'id="sessions-error"' in html
    assert 'value="Haddad"' in html  # what was typed stays
    assert registrations() == []
    assert db.session.execute(db.select(AuditEntry).filter_by(action="registration_added")).first() is None


def test_a_draft_event_cannot_get_registrations(client, signed_in_organiser, demo_event):
    demo_event.status = "draft"
    db.session.commit()
    page = client.get(ADD)
    assert page.status_code == 200 and "<form method=\"post\" action=\"" + ADD not in page.get_data(as_text=True)
    assert client.post(ADD, data=person()).status_code == 409
    assert registrations() == []


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_adding_a_registrant_needs_the_csrf_token(client, closed, signed_in_organiser):
    response = client.post(ADD, data=person())
    assert response.status_code == 400 and registrations() == []


def test_staff_cannot_add_registrants(client, closed, make_user, login_as):
    login_as(make_user("staff@ipu.example", role="staff"))
    assert client.post(ADD, data=person()).status_code in (403, 404)
    assert registrations() == []


def test_the_organiser_api_s_late_registrations_are_in_the_change_log(client, closed, api_token):
    token = api_token("organiser", email="api-organiser@ipu.example")
    response = client.post("/api/v1/events/safe-cyberspace-2022/registrations", json={
        "honorific": "hon", "given_name": "Ana", "family_name": "Ruiz", "email": "ana@senado.mx",
        "country": "MX", "parliament": "Senado", "role": "member", "language": "es",
        "timezone": "America/Mexico_City", "sessions": [2], "listening_language": "es", "consent": True,
    }, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.get_json()
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="registration_added")).scalar_one()
    assert (entry.actor, entry.via, entry.target) == ("api-organiser@ipu.example", "api", "ana@senado.mx")
