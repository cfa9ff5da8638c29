"""The personal link, the decline step and marking invitees registered."""
import re

import pytest
import sqlalchemy as sa
from flask import session as flask_session

from eventhub.extensions import db
from eventhub.invitations.models import Invitee
from eventhub.invitations.tokens import invitation_token
from eventhub.security import hash_token
from eventhub.signals import registration_creating


def invitee(email):
    db.session.expire_all()
    return db.session.execute(sa.select(Invitee).filter_by(email=email)).scalar_one()


def link_of(email, lang):
    return f"/{lang}/i/{invitation_token(invitee(email))}"


def test_token_is_stored_only_as_a_hash(four_language_list):
    stored = invitee("maria.perez@congreso.es")
    token = invitation_token(stored)
    assert len(token) == 43
    assert stored.token_hash == hash_token(token)
    columns = {c.name: getattr(stored, c.name) for c in Invitee.__table__.columns}
    assert token not in {str(v) for v in columns.values()}


def test_link_shows_event_and_register_button_and_prefills(client, four_language_list):
    response = client.get(link_of("maria.perez@congreso.es", "es"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="es" dir="ltr">' in html
    assert "Crear un ciberespacio seguro para la democracia" in html
    assert 'href="/es/e/safe-cyberspace-2022/register">Inscribirse</a>' in html
    assert "Señora, señor:" in html  # no honorific in the list: the formal Spanish salutation
    assert response.headers["Cache-Control"] == "no-store"  # a personal link: never stored
    with client.session_transaction() as session:
        prefill = session["registration_prefill"]
        assert session["invitation_id"] == invitee("maria.perez@congreso.es").id
    assert prefill == {
        "honorific": "", "given_name": "María", "family_name": "Pérez",
        "email": "maria.perez@congreso.es", "parliament": "Congreso de los Diputados",
        "country": "ES", "language": "es", "timezone": "Europe/Madrid",
    }
    stored = invitee("maria.perez@congreso.es")
    assert stored.first_opened_at is not None and stored.opened_language == "es"


def test_opening_in_another_language_records_that_language(client, four_language_list):
    client.get(link_of("helene.dubois@assemblee.fr", "ar"))
    assert invitee("helene.dubois@assemblee.fr").opened_language == "ar"
    with client.session_transaction() as session:
        assert session["registration_prefill"]["language"] == "ar"


def test_arabic_link_page_is_right_to_left_with_local_times(client, four_language_list):
    html = client.get(link_of("ahmed@parliament.ma", "ar")).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert '<bdi dir="auto">أحمد المنصوري</bdi>' in html
    assert "14:00–16:00" in html  # session 1 in the invitee's zone (Asia/Manila)


@pytest.mark.parametrize("lang, text", [("en", "Page not found"), ("fr", "Page introuvable")])
def test_unknown_token_is_a_localised_404(client, four_language_list, lang, text):
    response = client.get(f"/{lang}/i/not-a-real-token-at-all")
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "invitation_id" not in session


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_decline_needs_confirmation_with_csrf(client, four_language_list):
    url = link_of("jane.wanjiru@parliament.go.ke", "en") + "/decline"
    page = client.get(url)
    assert page.status_code == 200
    assert invitee("jane.wanjiru@parliament.go.ke").status == "not_sent"  # GET changes nothing
    assert client.post(url, data={}).status_code == 400  # no CSRF token
    assert invitee("jane.wanjiru@parliament.go.ke").status == "not_sent"
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    done = client.post(url, data={"csrf_token": csrf})
    assert done.status_code == 200
    assert "Thank you for letting us know" in done.get_data(as_text=True)
    stored = invitee("jane.wanjiru@parliament.go.ke")
    assert stored.status == "declined" and stored.declined_at is not None


def test_declined_invitee_is_not_queued_by_send_all(client, four_language_list):
    from eventhub.invitations.operations import queue_invitations

    client.post(link_of("jane.wanjiru@parliament.go.ke", "en") + "/decline")
    assert queue_invitations(four_language_list, actor="a@ipu.example") == 3


def _register(event, email, given="Test", family="Person"):
    """A registration flushed, not committed: as registration_creating's receivers see it."""
    from eventhub.registration.models import Registration

    registration = Registration(event_id=event.id, email=email, given_name=given, family_name=family,
                                language="en", timezone="UTC")
    db.session.add(registration)
    db.session.flush()
    return registration


def _creating(app, registration):
    registration_creating.send(app, registration=registration)
    db.session.commit()  # the receivers' changes commit with the registration


def test_registration_with_same_email_marks_invitee_registered(app, four_language_list):
    registration = _register(four_language_list, "Helene.Dubois@assemblee.fr")
    _creating(app, registration)
    stored = invitee("helene.dubois@assemblee.fr")
    assert stored.status == "registered" and stored.registration_id == registration.id
    assert invitee("maria.perez@congreso.es").status == "not_sent"


def test_registration_through_the_link_marks_invitee_even_with_another_email(app, client, four_language_list):
    jane = invitee("jane.wanjiru@parliament.go.ke")
    registration = _register(four_language_list, "assistant@parliament.go.ke")
    with app.test_request_context("/en/e/safe-cyberspace-2022/register", method="POST"):
        flask_session["invitation_id"] = jane.id
        _creating(app, registration)
    stored = invitee(jane.email)
    assert stored.status == "registered" and stored.registration_id == registration.id


def test_registered_invitee_cannot_decline(client, app, four_language_list):
    registration = _register(four_language_list, "ahmed@parliament.ma")
    _creating(app, registration)
    response = client.post(link_of("ahmed@parliament.ma", "ar") + "/decline")
    assert response.status_code == 200
    assert invitee("ahmed@parliament.ma").status == "registered"


def test_link_then_registration_form_end_to_end(client, four_language_list, run_jobs):
    """The personal link prefills the real registration form, and registering through it
    marks the invitee registered even with another email address."""
    from tests.registration.conftest import form_data

    client.get(link_of("helene.dubois@assemblee.fr", "fr"))
    form = client.get("/fr/e/safe-cyberspace-2022/register").get_data(as_text=True)
    assert 'value="helene.dubois@assemblee.fr"' in form and 'value="Hélène"' in form
    response = client.post("/fr/e/safe-cyberspace-2022/register",
                           data=form_data(email="secretariat@assemblee.fr", given_name="Hélène",
                                          family_name="Dubois"))
    assert response.status_code == 302
    stored = invitee("helene.dubois@assemblee.fr")
    assert stored.status == "registered" and stored.registration_id is not None


def test_an_honorific_in_the_invitees_name_goes_to_the_title_field(client, four_language_list):
    """The list says "Hon. Jane Wanjiru": the form offers title Hon., given name Jane
    (not "Hon. Jane", which the emails would then print as "Hon. Hon. Jane ...")."""
    client.get(link_of("jane.wanjiru@parliament.go.ke", "en"))
    html = client.get("/en/e/safe-cyberspace-2022/register").get_data(as_text=True)
    assert re.search(r'<option selected value="hon"|<option value="hon" selected', html)
    assert 'value="Jane"' in html and 'value="Wanjiru"' in html and "Hon. Jane" not in html


@pytest.mark.parametrize("name, expected", [
    ("Hon. Amina Haddad", ("hon", "Amina", "Haddad")),
    ("L’hon. Marie Dupont", ("hon", "Marie", "Dupont")),
    ("The Hon. John Smith", ("hon", "John", "Smith")),
    ("Dr. Kofi Mensah", ("dr", "Kofi", "Mensah")),
    ("Sra. María Pérez", ("ms", "María", "Pérez")),
    ("Mme Hélène Dubois", ("ms", "Hélène", "Dubois")),
    ("S.E. Jean Martin", ("he", "Jean", "Martin")),
    ("معالي ليلى حداد", ("hon", "ليلى", "حداد")),
    ("María Pérez", ("", "María", "Pérez")),
    ("Amina", ("", "", "Amina")),
    ("Dr", ("", "", "Dr")),  # a name, not a title, when nothing follows
    ("Drew Barrymore", ("", "Drew", "Barrymore")),
])
def test_names_split_into_title_given_and_family_name(app, name, expected):
    from eventhub.invitations.operations import split_name

    assert split_name(name) == expected
