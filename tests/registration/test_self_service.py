"""The person corrects their own details on the manage page (issue 15): same rules as
registering, localised errors after a redirect, nothing saved on error, the history and
the change email tell the same."""
from __future__ import annotations

from html import unescape

import pytest

from eventhub.extensions import db
from eventhub.registration.models import Registration

from .conftest import form_data, register_url


@pytest.fixture
def manage_path(client, demo_event):
    response = client.post(register_url("fr"), data=form_data(sessions=["2"], language_2="fr"))
    return response.headers["Location"].removesuffix("/confirmation")


def stored() -> Registration:
    db.session.expire_all()
    return db.session.execute(db.select(Registration)).scalar_one()


def details(**overrides):
    data = {"honorific": "hon", "given_name": "Amina", "family_name": "Diallo", "country": "SN",
            "parliament": "Assemblée nationale du Sénégal", "accessibility_needs": "", "language": "fr"}
    data.update(overrides)
    return data


@pytest.mark.app_config(CHANGE_EMAIL_DELAY=0)
def test_corrections_are_stored_told_in_the_history_and_emailed(client, manage_path, run_jobs, smtp_server):
    run_jobs()
    smtp_server.envelopes.clear()
    response = client.post(f"{manage_path}/details", data=details(
        honorific="dr", given_name="Aminata", parliament="Sénat", country="ML",
        accessibility_needs="Sous-titres", language="es"))
    token = manage_path.rsplit("/", 1)[1]
    assert response.status_code == 302
    assert response.headers["Location"] == f"/es/r/{token}"  # the page follows the new language
    person = stored()
    assert (person.honorific, person.given_name, person.parliament, person.country,
            person.accessibility_needs, person.language) == ("dr", "Aminata", "Sénat", "ML", "Sous-titres", "es")
    html = client.get(f"/es/r/{token}").get_data(as_text=True)
    assert "Sus datos han sido actualizados." in html
    line = "Datos corregidos:"
    assert line in html and "Nombre: Amina → Aminata" in html and "País: Senegal → Mali" in html
    assert "Sous-titres" not in html.split("Historial")[1]  # accessibility needs are not repeated in the history
    run_jobs()
    [message] = smtp_server.messages
    assert message["Content-Language"] == "es"
    text = message.get_body(("plain",)).get_content()
    assert "Nombre: Amina → Aminata" in text
    assert not list(message.iter_attachments())  # nothing about places: no calendar file


@pytest.mark.parametrize("field, value, message", [
    ("given_name", "", "Veuillez indiquer votre prénom."),
    ("family_name", "x" * 121, "C’est trop long : 120 caractères au maximum."),
    ("parliament", "Sé\x07nat", "Veuillez supprimer les tabulations, sauts de ligne et autres caractères de contrôle."),
    ("country", "XX", "Veuillez choisir un pays dans la liste."),
    ("honorific", "Lord", "Veuillez choisir un titre dans la liste."),
    ("language", "de", "Veuillez choisir une langue dans la liste."),
    ("accessibility_needs", "a" * 1001, "C’est trop long : 1 000 caractères au maximum."),
])
def test_bad_input_is_a_localised_error_and_nothing_is_saved(client, manage_path, run_jobs, field, value, message):
    before = stored()
    snapshot = (before.given_name, before.family_name, before.parliament, before.country, before.language)
    response = client.post(f"{manage_path}/details", data=details(**{field: value}))
    assert response.status_code == 303
    assert response.headers["Location"] == f"{manage_path}#correct-heading"
    html = unescape(client.get(manage_path).get_data(as_text=True))
    assert message in html.replace("\u00a0", " ").replace("\u202f", " ")  # French spacing
    after = stored()
    assert (after.given_name, after.family_name, after.parliament, after.country, after.language) == snapshot
    assert [c.action for c in after.changes] == ["created"]


def test_nothing_changed_records_nothing(client, manage_path):
    client.post(f"{manage_path}/details", data=details())
    assert [c.action for c in stored().changes] == ["created"]
    assert "Aucune modification n’a été apportée." in client.get(manage_path).get_data(as_text=True)


def test_forged_link_gets_the_invalid_link_page(client, demo_event):
    response = client.post("/fr/r/forged-token/details", data=details())
    assert response.status_code == 404
    assert "Ce lien n’est pas valide" in response.get_data(as_text=True)


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_details_form_checks_csrf(client, demo_event):
    from tests.pages import registration_token_values

    token = registration_token_values(demo_event)["token"]
    assert client.post(f"/fr/r/{token}/details", data=details(given_name="Eve")).status_code == 400
    assert stored().given_name == "Amina"
