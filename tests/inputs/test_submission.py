"""Public submission: from the manage page, by confirmed email, in four languages; the
deadline; editing; escaping of what authors write."""
import datetime as dt
import re

import pytest

from eventhub.events.demo import DEMO_SLUG
from eventhub.extensions import db
from eventhub.inputs.models import ParliamentaryInput

from .conftest import form_payload

TEXTS = {
    "en": ("Protect citizens online", "Parliaments must be recognised as critical infrastructure."),
    "fr": ("Protéger les citoyens", "Les parlements doivent être reconnus comme infrastructures critiques."),
    "es": ("Proteger a la ciudadanía", "Los parlamentos deben ser reconocidos como infraestructura crítica."),
    "ar": ("حماية المواطنين", "يجب الاعتراف بالبرلمانات بوصفها من البنى التحتية الحيوية."),
}
RECEIPT_SUBJECT_START = {
    "en": "We have received your input",
    "fr": "Nous avons bien reçu votre contribution",
    "es": "Hemos recibido su aportación",
    "ar": "لقد تلقينا مساهمتكم",
}


def only_input():
    inputs = db.session.execute(db.select(ParliamentaryInput)).scalars().all()
    assert len(inputs) == 1
    return inputs[0]


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(text: str, path_fragment: str) -> str:
    match = re.search(r"http://localhost(/\S*" + re.escape(path_fragment) + r"\S*)", text)
    assert match, f"no link with {path_fragment!r} in:\n{text}"
    return match.group(1)


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_registrant_submits_in_each_language(client, make_registration, smtp_server, run_jobs, lang):
    registration, token = make_registration(language=lang)
    response = client.get(f"/{lang}/e/{DEMO_SLUG}/inputs/new?r={token}")
    # The token leaves the address bar at once.
    assert response.status_code == 302 and "r=" not in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page
    assert "Amina Diallo" in page and 'value="Assemblée nationale du Sénégal"' in page
    assert '<option selected value="SN">' in page  # country prefilled from the registration

    title, text = TEXTS[lang]
    payload = form_payload(objectives=(1, 3), title=title, text=text, language=lang)
    del payload["author_name"]  # a registrant is not asked for a name
    response = client.post(f"/{lang}/e/{DEMO_SLUG}/inputs/new", data=payload)
    assert response.status_code == 302, response.get_data(as_text=True)

    stored = only_input()
    assert (stored.title, stored.text, stored.language) == (title, text, lang)
    assert stored.objective_numbers == [1, 3]
    assert stored.registration_id == registration.id
    assert stored.author_name == "Amina Diallo" and stored.author_email == registration.email
    assert stored.status == "received" and stored.status_changes[0].to_status == "received"

    run_jobs()
    [receipt] = smtp_server.messages
    assert receipt["To"] == registration.email
    assert receipt["Subject"].startswith(RECEIPT_SUBJECT_START[lang])
    edit_path = link_in(body_of(receipt), "/inputs/edit/")
    assert edit_path.startswith(f"/{lang}/e/{DEMO_SLUG}/inputs/edit/")
    html = receipt.get_body(preferencelist=("html",)).get_content()
    assert f'dir="{"rtl" if lang == "ar" else "ltr"}"' in html


def test_email_confirmation_flow_with_real_smtp(client, demo_event, smtp_server, run_jobs):
    form_page = client.get(f"/fr/e/{DEMO_SLUG}/inputs/new").get_data(as_text=True)
    assert "Votre adresse électronique" in form_page  # not yet confirmed: the email step

    response = client.post(f"/fr/e/{DEMO_SLUG}/inputs/confirm-email", data={"email": "awa@parlement.example"})
    assert response.status_code == 200 and "awa@parlement.example" in response.get_data(as_text=True)
    run_jobs()
    [confirmation] = smtp_server.messages
    assert confirmation["To"] == "awa@parlement.example"
    link = link_in(body_of(confirmation), "/inputs/new?c=")

    # Another browser without the link still gets the email step.
    assert "Votre adresse électronique" in client.application.test_client().get(
        f"/fr/e/{DEMO_SLUG}/inputs/new").get_data(as_text=True)

    response = client.get(link)
    assert response.status_code == 302 and "c=" not in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "awa@parlement.example" in page and 'name="author_name"' in page

    response = client.post(f"/fr/e/{DEMO_SLUG}/inputs/new", data=form_payload())
    assert response.status_code == 302
    stored = only_input()
    assert stored.author_email == "awa@parlement.example" and stored.author_name == "Awa Ndiaye"
    assert stored.registration_id is None

    run_jobs()
    receipt = smtp_server.messages[-1]
    assert receipt["Subject"].startswith(RECEIPT_SUBJECT_START["fr"])
    edit_path = link_in(body_of(receipt), "/inputs/edit/")
    # The edit link works on its own, in a fresh browser.
    edit_page = client.application.test_client().get(edit_path)
    assert edit_page.status_code == 200 and "Protéger les parlements" in edit_page.get_data(as_text=True)


def test_bad_or_expired_links_are_refused(client, demo_event, app):
    from eventhub.inputs.links import email_confirmation_token, read_email_confirmation_token

    token = email_confirmation_token(demo_event, "x@parlement.example")
    assert read_email_confirmation_token(demo_event, token) == "x@parlement.example"
    assert read_email_confirmation_token(demo_event, token + "x") is None
    assert read_email_confirmation_token(demo_event, token, max_age=-1) is None  # expired

    response = client.get(f"/es/e/{DEMO_SLUG}/inputs/new?c=forged", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "no es válido o ha caducado" in page and 'name="email"' in page and 'name="title"' not in page

    response = client.get(f"/es/e/{DEMO_SLUG}/inputs/new?r=not-a-manage-token", follow_redirects=True)
    assert "Este enlace personal no es válido" in response.get_data(as_text=True)


def test_invalid_email_is_refused_in_the_page_language(client, demo_event, smtp_server, run_jobs):
    response = client.post(f"/ar/e/{DEMO_SLUG}/inputs/confirm-email", data={"email": "not an email"})
    assert response.status_code == 422
    assert "يرجى إدخال عنوان بريد إلكتروني صحيح" in response.get_data(as_text=True)
    run_jobs()
    assert smtp_server.messages == []


def confirmed_client(client, event, email="awa@parlement.example"):
    from eventhub.inputs.links import email_confirmation_token

    client.get(f"/en/e/{event.slug}/inputs/new?c={email_confirmation_token(event, email)}")
    return client


def test_validation_errors_are_localised_and_keep_what_was_typed(client, demo_event):
    confirmed_client(client, demo_event)
    payload = form_payload(title="Mon titre", text="   ")
    payload["objectives"] = []
    response = client.post(f"/fr/e/{DEMO_SLUG}/inputs/new", data=payload)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Veuillez choisir au moins un objectif." in page
    assert "Veuillez rédiger le texte de votre contribution." in page
    assert 'value="Mon titre"' in page
    assert db.session.execute(db.select(ParliamentaryInput)).first() is None


def test_text_longer_than_the_limit_is_refused(client, demo_event):
    confirmed_client(client, demo_event)
    response = client.post(f"/en/e/{DEMO_SLUG}/inputs/new", data=form_payload(text="a" * 20_001))
    assert response.status_code == 422
    assert "at most 20,000 characters" in response.get_data(as_text=True)


def test_unknown_country_and_language_are_refused(client, demo_event):
    confirmed_client(client, demo_event)
    response = client.post(f"/en/e/{DEMO_SLUG}/inputs/new", data=form_payload(country="XK", language="xx"))
    assert response.status_code == 422
    assert db.session.execute(db.select(ParliamentaryInput)).first() is None


def set_deadline(event, delta):
    event.inputs_deadline = dt.datetime.now(dt.timezone.utc) + delta
    db.session.commit()


def test_submission_after_the_deadline_is_refused(client, demo_event):
    confirmed_client(client, demo_event)
    set_deadline(demo_event, dt.timedelta(minutes=-1))
    response = client.post(f"/fr/e/{DEMO_SLUG}/inputs/new", data=form_payload())
    assert response.status_code == 403
    assert "ne peuvent plus être envoyées ni modifiées" in response.get_data(as_text=True)
    assert db.session.execute(db.select(ParliamentaryInput)).first() is None
    assert client.get(f"/fr/e/{DEMO_SLUG}/inputs/new").status_code == 403
    # The event page no longer offers the form.
    assert "/inputs/new" not in client.get(f"/fr/e/{DEMO_SLUG}/").get_data(as_text=True)


def test_author_edits_before_the_deadline_but_not_after(client, demo_event, make_input):
    set_deadline(demo_event, dt.timedelta(days=1))
    input_ = make_input(title="Original", text="First version.", objectives=(1,))
    edit_url = f"/es/e/{DEMO_SLUG}/inputs/edit/{input_.edit_token}"
    page = client.get(edit_url).get_data(as_text=True)
    assert 'value="Original"' in page and "First version." in page

    response = client.post(edit_url, data=form_payload(title="Revised", text="Second version.", objectives=(2,)))
    assert response.status_code == 302
    db.session.refresh(input_)
    assert (input_.title, input_.text, input_.objective_numbers) == ("Revised", "Second version.", [2])

    set_deadline(demo_event, dt.timedelta(seconds=-1))
    assert client.get(edit_url).status_code == 403
    response = client.post(edit_url, data=form_payload(title="Too late", text="Third version."))
    assert response.status_code == 403
    assert "Las aportaciones ya no pueden enviarse ni modificarse" in response.get_data(as_text=True)
    db.session.refresh(input_)
    assert input_.title == "Revised"


def test_unknown_edit_token_is_not_found(client, demo_event, make_input):
    make_input()
    assert client.get(f"/en/e/{DEMO_SLUG}/inputs/edit/guessed-token").status_code == 404


def test_script_in_text_is_shown_as_text_on_the_edit_page(client, demo_event, make_input):
    input_ = make_input(title="<b>bold</b>", text="<script>alert('x')</script>")
    page = client.get(f"/en/e/{DEMO_SLUG}/inputs/edit/{input_.edit_token}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<b>bold</b>" not in page


def test_event_page_offers_the_form(client, demo_event):
    page = client.get(f"/en/e/{DEMO_SLUG}/").get_data(as_text=True)
    assert f'href="/en/e/{DEMO_SLUG}/inputs/new"' in page


def test_author_may_give_chamber_and_function(client, make_registration):
    registration, token = make_registration(language="fr")
    location = client.get(f"/fr/e/{DEMO_SLUG}/inputs/new?r={token}").location
    page = client.get(location).get_data(as_text=True)
    assert 'name="chamber"' in page and 'name="author_function"' in page
    payload = form_payload(chamber="Sénat", author_function="Présidente de la commission des lois")
    del payload["author_name"]
    assert client.post(f"/fr/e/{DEMO_SLUG}/inputs/new", data=payload).status_code == 302
    stored = only_input()
    assert (stored.chamber, stored.author_function) == ("Sénat", "Présidente de la commission des lois")
    # Both are optional.
    payload = form_payload(title="Sans chambre")
    del payload["author_name"]
    assert client.post(f"/fr/e/{DEMO_SLUG}/inputs/new", data=payload).status_code == 302
