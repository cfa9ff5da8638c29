""""Send me my link", and texts that say what happens to links (issue 15)."""
from __future__ import annotations

import re
import uuid

import pytest

from eventhub.extensions import db
from eventhub.registration.models import Registration

from .conftest import SLUG, form_data, register_url

LINK_FORM = f"/fr/e/{SLUG}/my-link"


def registered(client, run_jobs, smtp_server, lang="fr", **overrides):
    response = client.post(register_url(lang), data=form_data(**overrides))
    assert response.status_code == 302
    run_jobs()
    smtp_server.envelopes.clear()
    return response.headers["Location"].split("/r/")[1].removesuffix("/confirmation")


def limited(**settings):
    return pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_KEY_PREFIX=f"t-{uuid.uuid4().hex[:8]}",
                                  **settings)


def test_the_same_answer_whether_registered_or_not(client, demo_event, run_jobs, smtp_server):
    token = registered(client, run_jobs, smtp_server)
    known = client.post(LINK_FORM, data={"email": "Amina.Diallo@Assemblee.example"})
    unknown = client.post(LINK_FORM, data={"email": "nobody@assemblee.example"})
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"] == f"/fr/e/{SLUG}/my-link/sent"
    page = client.get(known.headers["Location"])
    assert "Si cette adresse est inscrite" in page.get_data(as_text=True)
    run_jobs()
    [message] = smtp_server.messages  # only the registered address gets mail
    text = message.get_body(("plain",)).get_content()
    assert f"http://localhost/fr/r/{token}" in text  # the link the person already has
    assert "les liens qui vous ont été envoyés précédemment fonctionnent toujours" in text
    assert client.get(f"/fr/r/{token}").status_code == 200  # and it still works


def test_without_event_every_registration_of_the_address(client, demo_event, run_jobs, smtp_server):
    registered(client, run_jobs, smtp_server)
    response = client.post("/es/my-link", data={"email": "amina.diallo@assemblee.example"})
    assert response.headers["Location"] == "/es/my-link/sent"
    run_jobs()
    assert len(smtp_server.messages) == 1


@pytest.mark.parametrize("value, message", [
    ("", "Veuillez indiquer votre adresse électronique."),
    ("amina@", "Veuillez indiquer une adresse électronique valide, par exemple nom@parlement.org."),
    ("a" * 330 + "@x.org", "C’est trop long : 320 caractères au maximum."),
])
def test_a_bad_address_is_a_localised_error_after_a_redirect(client, demo_event, run_jobs, value, message):
    response = client.post(LINK_FORM, data={"email": value})
    assert response.status_code == 303 and response.headers["Location"] == LINK_FORM
    html = client.get(LINK_FORM).get_data(as_text=True)
    assert message in html
    assert f'value="{value[:400]}"' in html or not value
    assert run_jobs() == 0
    # Shown once: the next visit is a blank form.
    assert message not in client.get(LINK_FORM).get_data(as_text=True)


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_form_checks_csrf(client, demo_event, run_jobs):
    response = client.post(LINK_FORM, data={"email": "amina.diallo@assemblee.example"})
    assert response.status_code == 400
    assert run_jobs() == 0


@limited(RATELIMIT_SEND_LINK_ADDRESS="2 per hour")
def test_per_address_limit_answers_the_same_and_sends_nothing_more(client, demo_event, run_jobs, smtp_server):
    registered(client, run_jobs, smtp_server)
    answers = [client.post(LINK_FORM, data={"email": "amina.diallo@assemblee.example"}).headers["Location"]
               for _ in range(4)]
    assert set(answers) == {f"/fr/e/{SLUG}/my-link/sent"}
    run_jobs()
    assert len(smtp_server.messages) == 2


@limited(RATELIMIT_SEND_LINK="3 per hour")
def test_per_client_limit(client, demo_event):
    statuses = [client.post(LINK_FORM, data={"email": f"p{i}@parl.example"}).status_code for i in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert client.get(LINK_FORM).status_code == 200  # reading the form is not limited


def test_reachable_from_event_page_form_and_invalid_link(client, demo_event):
    assert f'href="/fr/e/{SLUG}/my-link"' in client.get(f"/fr/e/{SLUG}/").get_data(as_text=True)
    assert f'href="/fr/e/{SLUG}/my-link"' in client.get(register_url("fr")).get_data(as_text=True)
    for forged in ("x", "A" * 43, "A" * 300, "%C3%A9%E2%80%AE"):
        response = client.get(f"/fr/r/{forged}")
        assert response.status_code == 404
        assert 'href="/fr/my-link"' in response.get_data(as_text=True), forged
    for forged in ("%00", "..%2f"):
        assert client.get(f"/fr/r/{forged}").status_code in (400, 404)
    assert client.get("/fr/e/no-such-event/my-link").status_code == 404


def test_regenerate_is_the_only_thing_that_invalidates_and_says_so(client, demo_event, run_jobs, smtp_server):
    old = registered(client, run_jobs, smtp_server)
    # Registering again and "email me this link again" keep the link.
    client.post(register_url("fr"), data=form_data())
    client.post(f"/fr/r/{old}/resend")
    assert client.get(f"/fr/r/{old}").status_code == 200
    run_jobs()
    for message in smtp_server.messages:
        assert old in message.get_body(("plain",)).get_content()
    smtp_server.envelopes.clear()
    response = client.post(f"/fr/r/{old}/regenerate")
    assert response.status_code == 302
    new = response.headers["Location"].rsplit("/", 1)[1]
    assert new != old
    page = client.get(f"/fr/r/{new}").get_data(as_text=True)
    assert "le lien précédent ne fonctionne plus" in page
    assert client.get(f"/fr/r/{old}").status_code == 404
    run_jobs()
    [message] = smtp_server.messages
    text = message.get_body(("plain",)).get_content()
    assert new in text and "ne fonctionnent plus" in text
    assert db.session.execute(db.select(Registration)).scalar_one().manage_token_hash
    assert not re.search(re.escape(old), text)


def test_check_email_page_tells_the_truth(client, demo_event, run_jobs, smtp_server):
    registered(client, run_jobs, smtp_server)
    response = client.post(register_url("fr"), data=form_data(), follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "les liens envoyés précédemment fonctionnent toujours" in html
    assert "ne fonctionnent plus" not in html
