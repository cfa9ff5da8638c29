"""A new email address from the manage page (issue 15): a link goes to the new address,
the change happens only when it is followed (GET asks, POST applies), the previous
address is told, the new one gets the change email; bad input, forged, expired and
stale links are refused without a 5xx and without saying which addresses are registered."""
from __future__ import annotations

import re
from html import unescape

import pytest

from eventhub.extensions import db
from eventhub.registration.models import Registration

from .conftest import form_data, register_url

pytestmark = pytest.mark.app_config(CHANGE_EMAIL_DELAY=0)
OLD = "amina.diallo@assemblee.example"
NEW = "amina@senat.example"


@pytest.fixture
def manage_path(client, demo_event, run_jobs, smtp_server):
    response = client.post(register_url("fr"), data=form_data(sessions=["2"], language_2="fr"))
    run_jobs()
    smtp_server.envelopes.clear()
    return response.headers["Location"].removesuffix("/confirmation")


def stored() -> Registration:
    db.session.expire_all()
    return db.session.execute(db.select(Registration).order_by(Registration.id)).scalars().first()


def plain(html: str) -> str:
    """Unescaped, with French typography's no-break spaces as spaces."""
    return unescape(html).replace("\u202f", " ").replace("\xa0", " ")


def link_in(message) -> str:
    text = message.get_body(("plain",)).get_content()
    [url] = re.findall(r"https?://\S+/email-change/\S+", text)
    return "/" + url.split("/", 3)[3]


def request_change(client, manage_path, run_jobs, smtp_server, address=" Amina@SENAT.example "):
    response = client.post(f"{manage_path}/email", data={"email": address})
    assert response.status_code == 303
    run_jobs()
    [message] = smtp_server.messages
    smtp_server.envelopes.clear()
    return message


def test_new_address_takes_effect_only_after_its_link_is_followed(client, manage_path, run_jobs, smtp_server):
    message = request_change(client, manage_path, run_jobs, smtp_server)
    assert message["To"] == NEW and message["Content-Language"] == "fr"
    assert message["Subject"].startswith("Confirmez votre nouvelle adresse électronique")
    assert stored().email == OLD  # nothing changed yet
    page = plain(client.get(manage_path).get_data(as_text=True))
    assert f"Nous avons envoyé un lien à {NEW}" in page
    assert f"Nouvelle adresse électronique demandée : {NEW}" in page
    confirm = link_in(message)
    asked = client.get(confirm)  # a mail scanner opening the link changes nothing
    assert asked.status_code == 200 and stored().email == OLD
    assert "Confirmer la nouvelle adresse" in asked.get_data(as_text=True)
    done = client.post(confirm)
    assert done.status_code == 303 and done.location == manage_path  # the same personal link
    assert stored().email == NEW
    page = plain(client.get(manage_path).get_data(as_text=True))
    assert f"Votre adresse électronique est désormais {NEW}" in page
    assert f"Adresse électronique modifiée ({OLD} → {NEW})." in page
    run_jobs()
    by_recipient = {m["To"]: m for m in smtp_server.messages}
    assert sorted(by_recipient) == sorted([NEW, OLD])
    notice = plain(by_recipient[OLD].get_body(("plain",)).get_content())
    assert "a été remplacée par " + NEW in notice
    change = plain(by_recipient[NEW].get_body(("plain",)).get_content())
    assert f"Adresse électronique modifiée ({OLD} → {NEW})." in change
    # A second click: the change is done, nothing more happens.
    again = client.get(confirm)
    assert again.status_code == 200 and "désormais" in plain(again.get_data(as_text=True))
    client.post(confirm)
    run_jobs()
    assert len(smtp_server.messages) == 2


@pytest.mark.parametrize("lang, subject", [
    ("en", "Confirm your new email address"), ("es", "Confirme su nueva dirección"),
    ("ar", "يُرجى تأكيد عنوان بريدكم الإلكتروني الجديد"),
])
def test_the_link_email_is_in_the_persons_language(client, demo_event, run_jobs, smtp_server, lang, subject):
    response = client.post(register_url(lang), data=form_data(sessions=["2"], language_2="fr", language=lang))
    run_jobs()
    smtp_server.envelopes.clear()
    path = response.headers["Location"].removesuffix("/confirmation")
    message = request_change(client, path, run_jobs, smtp_server)
    assert message["Subject"].startswith(subject) and message["Content-Language"] == lang


@pytest.mark.parametrize("address, error", [
    ("", "Veuillez indiquer votre adresse électronique."),
    ("not-an-address", "Veuillez indiquer une adresse électronique valide"),
    ("x" * 400 + "@example.org", "C’est trop long :"),
    (OLD.upper(), "C’est déjà votre adresse électronique."),
])
def test_bad_input_is_answered_after_a_redirect_and_sends_nothing(client, manage_path, run_jobs, smtp_server,
                                                                  address, error):
    response = client.post(f"{manage_path}/email", data={"email": address})
    assert response.status_code == 303 and response.location.endswith("#email-heading")
    page = plain(client.get(response.location.split("#")[0]).get_data(as_text=True))
    assert error in page
    run_jobs()
    assert smtp_server.messages == [] and stored().email == OLD
    assert [c.action for c in stored().changes] == ["created"]


def test_an_address_registered_by_someone_else_is_refused_only_to_its_owner(client, manage_path, demo_event,
                                                                            run_jobs, smtp_server):
    client.post(register_url("fr"), data=form_data(email=NEW, sessions=["2"], language_2="fr"))
    run_jobs()
    smtp_server.envelopes.clear()
    # The manage page answers as for any address (no enumeration)...
    message = request_change(client, manage_path, run_jobs, smtp_server)
    # ...and only the owner of the mailbox learns, on following the link.
    response = client.post(link_in(message))
    assert response.status_code == 409
    assert "déjà celle d’une inscription à cet événement" in plain(response.get_data(as_text=True))
    assert stored().email == OLD


def test_forged_expired_and_stale_links_get_the_invalid_link_page(app, client, manage_path, run_jobs,
                                                                   smtp_server):
    first = link_in(request_change(client, manage_path, run_jobs, smtp_server))
    second = link_in(request_change(client, manage_path, run_jobs, smtp_server, address="third@senat.example"))
    assert client.post(second).status_code == 303 and stored().email == "third@senat.example"
    stale = client.post(first)  # sent for the previous address: no longer valid
    assert stale.status_code == 404 and stored().email == "third@senat.example"
    forged = first[:-3] + ("aaa" if not first.endswith("aaa") else "bbb")
    assert client.get(forged).status_code == 404
    assert client.get("/fr/email-change/%FF%00garbage").status_code == 404
    app.config["EMAIL_CHANGE_MAX_AGE"] = -1
    assert client.get(second).status_code == 404


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_form_needs_its_csrf_token(client, demo_event, run_jobs, smtp_server):
    from tests.pages import registration_token_values

    token = registration_token_values(demo_event)["token"]
    before = stored().email
    assert client.post(f"/fr/r/{token}/email", data={"email": NEW}).status_code == 400
    run_jobs()
    assert not [m for m in smtp_server.messages if m["To"] == NEW] and stored().email == before
