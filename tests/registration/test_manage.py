"""The personal manage page /<lang>/r/<token>: see, change, cancel, resend, history."""
from __future__ import annotations

import re

import pytest

from eventhub.extensions import db
from eventhub.registration.models import Registration

from .conftest import form_data, register_url


@pytest.fixture
def manage_path(client, demo_event):
    response = client.post(register_url("fr"), data=form_data(sessions=["2"], language_2="fr"))
    return response.headers["Location"].removesuffix("/confirmation")


def registration() -> Registration:
    db.session.expire_all()
    return db.session.execute(db.select(Registration)).scalar_one()


def test_manage_page_shows_details_times_in_own_zone_and_private_headers(client, manage_path):
    response = client.get(manage_path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Votre inscription</h1>" in html
    assert "amina.diallo@assemblee.example" in html and "Sénégal" in html
    assert "Africa/Dakar" in html and "15:30–17:30" in html  # 16:30 CET is 15:30 in Dakar
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Historique" in html and "Inscription à la séance 2." in html


@pytest.mark.parametrize("lang, text", [
    ("en", "This link is not valid"), ("fr", "Ce lien n’est pas valide"),
    ("es", "Este enlace no es válido"), ("ar", "هذا الرابط غير صالح"),
])
def test_bad_token_gets_a_localised_404(client, demo_event, lang, text):
    response = client.get(f"/{lang}/r/not-a-real-token-at-all")
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)
    assert client.post(f"/{lang}/r/not-a-real-token-at-all/cancel").status_code == 404


def test_change_sessions_and_language(client, manage_path):
    response = client.post(f"{manage_path}/sessions", data={"sessions": ["1", "2"], "language_1": "en", "language_2": "ar"})
    assert response.status_code == 302 and response.headers["Location"] == manage_path
    person = registration()
    assert {p.session.number: (p.listening_language, p.status) for p in person.sessions} == {
        1: ("en", "confirmed"), 2: ("ar", "confirmed")}
    html = client.get(manage_path).get_data(as_text=True)
    assert "Vos séances ont été mises à jour." in html
    assert "Séance 2 : langue d’écoute modifiée (français → arabe)." in html
    assert "Séance 1 ajoutée (écoute en anglais)." in html

    client.post(f"{manage_path}/sessions", data={"sessions": ["1"], "language_1": "en"})
    assert {p.session.number: p.status for p in registration().sessions} == {1: "confirmed", 2: "cancelled"}


def test_change_sessions_rejects_bad_input_and_changes_nothing(client, manage_path):
    response = client.post(f"{manage_path}/sessions", data={"sessions": ["2"], "language_2": "de"})
    assert response.status_code == 303  # post/redirect/get, errors included
    assert response.headers["Location"] == f"{manage_path}#change-heading"
    assert "La séance 2 est proposée en" in client.get(manage_path).get_data(as_text=True)
    response = client.post(f"{manage_path}/sessions", data={"sessions": []}, follow_redirects=True)
    assert response.status_code == 200
    assert "Veuillez choisir au moins une séance." in response.get_data(as_text=True)
    assert [(p.listening_language, p.status) for p in registration().sessions] == [("fr", "confirmed")]


def test_change_timezone(client, manage_path):
    assert client.post(f"{manage_path}/timezone", data={"timezone": "Nowhere/City"}).status_code == 303
    assert "Veuillez choisir un fuseau horaire dans la liste." in client.get(manage_path).get_data(as_text=True)
    assert registration().timezone == "Africa/Dakar"
    client.post(f"{manage_path}/timezone", data={"timezone": "America/Sao_Paulo"})
    assert registration().timezone == "America/Sao_Paulo"
    assert "12:30–14:30" in client.get(manage_path).get_data(as_text=True)


def test_cancel_needs_confirmation(client, manage_path):
    page = client.get(f"{manage_path}/cancel").get_data(as_text=True)
    assert "Souhaitez-vous vraiment annuler" in page
    assert registration().sessions[0].status == "confirmed"  # a GET changes nothing
    client.post(f"{manage_path}/cancel")
    assert registration().sessions[0].status == "cancelled"
    html = client.get(manage_path).get_data(as_text=True)
    assert "Votre inscription a été annulée." in html and "Inscription annulée." in html


def test_resend_emails_the_same_link(client, manage_path, smtp_server, run_jobs):
    run_jobs()
    smtp_server.envelopes.clear()
    client.post(f"{manage_path}/resend")
    run_jobs()
    assert len(smtp_server.messages) == 1
    text = smtp_server.messages[0].get_body(("plain",)).get_content()
    assert manage_path in text
    assert client.get(manage_path).status_code == 200  # the link still works


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_manage_changes_need_the_csrf_token(client, demo_event):
    html = client.get(register_url("en")).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    location = client.post(register_url("en"), data=form_data(csrf_token=token)).headers["Location"]
    manage_path = location.removesuffix("/confirmation")
    assert client.post(f"{manage_path}/cancel").status_code == 400
    assert registration().sessions[0].status == "confirmed"
    page = client.get(f"{manage_path}/cancel").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(f"{manage_path}/cancel", data={"csrf_token": token})
    assert registration().sessions[0].status == "cancelled"


def test_waitlisted_confirmation_says_so(client, demo_event):
    demo_event.session_by_number(2).capacity = 0
    db.session.commit()
    location = client.post(register_url("es"), data=form_data()).headers["Location"]
    html = client.get(location).get_data(as_text=True)
    assert "Usted figura en la lista de espera" in html
    assert "(puesto 1)" in html
    assert "WN_HYpQIITqR_uSqLUt0Zj9tq" not in html  # no Zoom step while waiting


def test_personal_join_link_replaces_the_registration_link(client, manage_path):
    place = registration().sessions[0]
    place.zoom_join_url = "https://us06web.zoom.us/w/81234567890?tk=personal"
    db.session.commit()
    html = client.get(manage_path).get_data(as_text=True)
    assert "https://us06web.zoom.us/w/81234567890?tk=personal" in html
    assert "Rejoindre le webinaire" in html
    assert "WN_HYpQIITqR_uSqLUt0Zj9tq" not in html


def test_history_speaks_the_persons_language_and_hides_internal_entries(client, manage_path):
    """The secretariat's bookkeeping (Zoom's copy, attendance) is not the person's history
    and must never show up as a raw code on their page; a place an organiser cancelled is
    one session's, not the whole registration."""
    from eventhub.console.operations import cancel_place
    from eventhub.registration.models import RegistrationChange

    person = registration()
    [place] = person.sessions
    for action in ("zoom_answer_outdated", "attendance_set", "zoom_cancel_resent"):
        db.session.add(RegistrationChange(registration=person, actor="system", action=action,
                                          details={"session": 2}))
    db.session.commit()
    cancel_place(place, actor="organiser@ipu.example")
    html = client.get(manage_path).get_data(as_text=True)
    history = re.search(r'<table class="history">(.*?)</table>', html, re.S).group(1)
    assert "Séance 2 : place annulée." in history
    assert "Inscription annulée." not in history
    for code in ("zoom_", "attendance_set", "cancelled"):
        assert code not in history, code


def test_manage_page_leads_to_the_input_form_without_another_email_check(client, manage_path):
    """A registered parliamentarian sends the parliament's written input from the manage
    page: the link carries the personal token, the input form opens at once (no email
    confirmation), and the token does not stay in the address bar."""
    html = client.get(manage_path).get_data(as_text=True)
    assert "Contribution écrite" in html
    link = re.search(r'href="([^"]*/inputs/new\?r=[^"]+)"', html).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 302 and "r=" not in response.location
    form = client.get(response.location).get_data(as_text=True)
    assert 'name="text"' in form and 'type="email"' not in form


def test_manage_page_names_the_persons_zone_in_their_language(app, client, manage_path):
    """The person reads their time zone as a name (CLDR), not as an IANA identifier."""
    from eventhub.i18n import zone_name

    html = client.get(manage_path).get_data(as_text=True)
    stated = re.search(r"Votre fuseau horaire.*?<dd[^>]*>(.*?)</dd>", html, re.S).group(1)
    with app.test_request_context("/fr/"):
        expected = zone_name("Africa/Dakar", "fr")
    assert "Africa/Dakar" not in stated and expected in stated, stated
