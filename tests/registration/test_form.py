"""The public registration form: four languages, every field's rules, kept input, CSRF."""
from __future__ import annotations

import re
from html import unescape

import pytest

from eventhub.extensions import db
from eventhub.registration.models import Registration

from .conftest import count_rows, form_data, register_url


def field_errors(html: str, field_id: str) -> list[str]:
    match = re.search(rf'<ul class="field-error" id="{re.escape(field_id)}-error">(.*?)</ul>', html, re.S)
    return [unescape(m) for m in re.findall(r"<li>(.*?)</li>", match.group(1))] if match else []


def option_labels(html: str, select_id: str) -> list[tuple[str, str]]:
    block = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [(value, unescape(label)) for value, label in re.findall(r'<option[^>]*value="([^"]*)"[^>]*>(.*?)</option>', block)]


def selected_value(html: str, select_id: str) -> str | None:
    block = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    match = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', block)
    return (match.group(1) or match.group(2)) if match else None


@pytest.mark.parametrize("lang, heading, direction", [
    ("en", "Registration", "ltr"), ("fr", "Inscription", "ltr"),
    ("es", "Inscripción", "ltr"), ("ar", "التسجيل", "rtl"),
])
def test_form_in_each_language(client, demo_event, lang, heading, direction):
    response = client.get(register_url(lang))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert f"<h1>{heading}</h1>" in html
    # Every input has a label tied to it.
    for field_id in ("given_name", "family_name", "email", "country", "parliament", "role", "timezone", "consent"):
        assert f'for="{field_id}"' in html and f'id="{field_id}"' in html
    assert 'autocomplete="given-name"' in html and 'autocomplete="email"' in html
    assert f'href="/{lang}/privacy"' in html


def test_country_list_is_iso_and_sorted_by_localised_name(client, demo_event):
    html = client.get(register_url("fr")).get_data(as_text=True)
    countries = option_labels(html, "country")[1:]
    codes = [code for code, _ in countries]
    assert len(codes) == 249 and all(len(code) == 2 and code.isupper() for code in codes)
    names = [name for _, name in countries]
    # Accented names sort with their letter: Égypte between Dominique and Érythrée... not after Zimbabwe.
    assert names.index("Dominique") < names.index("Égypte") < names.index("Espagne") < names.index("Zimbabwe")
    assert ("CH", "Suisse") in countries
    arabic = option_labels(client.get(register_url("ar")).get_data(as_text=True), "country")[1:]
    assert ("EG", "مصر") in arabic


def test_honorifics_and_roles_are_localised(client, demo_event):
    html = client.get(register_url("es")).get_data(as_text=True)
    assert ("member", "Parlamentario/a") in option_labels(html, "role")
    assert ("senator", "Senador/a") in option_labels(html, "honorific")


def test_only_offered_sessions_and_languages_are_shown(client, demo_event):
    demo_event.session_by_number(1).status = "cancelled"
    db.session.commit()
    html = client.get(register_url("fr")).get_data(as_text=True)
    assert 'id="session-1"' not in html
    assert [code for code, _ in option_labels(html, "language_2")] == ["en", "fr", "es", "ar"]
    # French page: French preselected for the interpreted session.
    assert selected_value(html, "language_2") == "fr"


def test_single_language_session_shows_its_only_language(client, demo_event):
    html = client.get(register_url("fr")).get_data(as_text=True)
    assert '<input type="hidden" name="language_1" value="en">' in html
    assert "anglais" in html


def test_timezone_preselected_from_the_visitor(client, demo_event):
    html = client.get(register_url("en") + "?tz=Asia/Manila").get_data(as_text=True)
    assert selected_value(html, "timezone") == "Asia/Manila"
    client.set_cookie("tz", "America/La_Paz")
    html = client.get(register_url("en")).get_data(as_text=True)
    assert selected_value(html, "timezone") == "America/La_Paz"


def test_prefill_from_the_session(client, demo_event):
    with client.session_transaction() as session:
        session["registration_prefill"] = {
            "honorific": "dr", "given_name": "Kofi", "family_name": "Mensah",
            "email": "kofi@parliament.example", "parliament": "Parliament of Ghana",
            "country": "GH", "language": "en", "timezone": "Africa/Accra",
        }
    html = client.get(register_url("en")).get_data(as_text=True)
    assert 'value="Kofi"' in html and 'value="kofi@parliament.example"' in html
    assert selected_value(html, "country") == "GH"
    assert selected_value(html, "timezone") == "Africa/Accra"
    assert selected_value(html, "honorific") == "dr"


def prefill_zone(client, zone):
    with client.session_transaction() as session:
        session["registration_prefill"] = {"given_name": "Kofi", "email": "kofi@parliament.example",
                                           "timezone": zone}


def session_hint(html, number):
    return unescape(re.search(rf'<p class="hint" id="session-{number}-when">(.*?)</p>', html, re.S).group(1))


def test_session_times_follow_the_invitations_zone_the_form_will_save(client, demo_event):
    """The browser is in Santiago (a staffer's), the invitation says Accra: the form saves
    Accra, so the times beside the sessions are Accra's (06:00-08:00 for session 1)."""
    prefill_zone(client, "Africa/Accra")
    client.set_cookie("tz", "America/Santiago")
    html = client.get(register_url("en")).get_data(as_text=True)
    assert selected_value(html, "timezone") == "Africa/Accra"
    assert "06:00–08:00" in session_hint(html, 1)


def test_a_zone_chosen_in_the_address_wins_over_the_invitations(client, demo_event):
    prefill_zone(client, "Africa/Accra")
    html = client.get(register_url("en") + "?tz=Asia/Manila").get_data(as_text=True)
    assert selected_value(html, "timezone") == "Asia/Manila"
    assert "14:00–16:00" in session_hint(html, 1)


def test_successful_registration_redirects_to_confirmation(client, demo_event, run_jobs):
    response = client.post(register_url("fr"), data=form_data(sessions=["1", "2"]))
    assert response.status_code == 302
    assert re.fullmatch(r"/fr/r/[A-Za-z0-9_-]{43}/confirmation", response.headers["Location"])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Votre inscription est enregistrée" in page
    assert "17:30" in page or "16:30" in page  # reference time shown
    # "Register on Zoom" goes through the tracked link (zoom.open_link), then to Zoom's form.
    token = response.headers["Location"].split("/")[3]
    assert f'href="/fr/r/{token}/zoom/2"' in page
    assert client.get(f"/fr/r/{token}/zoom/2").headers["Location"] == \
        "https://us06web.zoom.us/webinar/register/WN_HYpQIITqR_uSqLUt0Zj9tq"
    registration = db.session.execute(db.select(Registration)).scalar_one()
    assert registration.language == "fr" and registration.timezone == "Africa/Dakar"
    assert {p.session.number: p.listening_language for p in registration.sessions} == {1: "en", 2: "fr"}
    assert run_jobs() == 2  # render, then deliver


def test_duplicate_says_check_your_email_without_revealing(client, demo_event, run_jobs):
    client.post(register_url("en"), data=form_data())
    response = client.post(register_url("es"), data=form_data(given_name="Otra"))
    assert response.status_code == 302
    assert response.headers["Location"] == "/es/e/safe-cyberspace-2022/register/check-email"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Consulte su correo electrónico" in page
    assert "Amina" not in page and "Otra" not in page
    assert count_rows() == (1, 1)
    assert run_jobs() == 4  # two emails, two jobs each


TOO_LONG = "x" * 121


@pytest.mark.parametrize("field, value, message", [
    ("given_name", "", "Veuillez indiquer votre prénom."),
    ("given_name", TOO_LONG, "C’est trop long : 120 caractères au maximum."),
    ("given_name", "Ami\x07na", "Veuillez supprimer les tabulations, sauts de ligne et autres caractères de contrôle."),
    ("family_name", "", "Veuillez indiquer votre nom de famille."),
    ("family_name", "D" * 121, "C’est trop long : 120 caractères au maximum."),
    ("email", "", "Veuillez indiquer votre adresse électronique."),
    ("email", "amina@", "Veuillez indiquer une adresse électronique valide, par exemple nom@parlement.org."),
    ("email", "<script>alert(1)</script>@x.org", "Veuillez indiquer une adresse électronique valide, par exemple nom@parlement.org."),
    ("email", "a" * 310 + "@example.org", "C’est trop long : 320 caractères au maximum."),
    ("country", "", "Veuillez choisir votre pays."),
    ("country", "XX", "Veuillez choisir un pays dans la liste."),
    ("parliament", "", "Veuillez indiquer votre parlement, votre chambre ou votre organisation."),
    ("parliament", "P" * 201, "C’est trop long : 200 caractères au maximum."),
    ("role", "", "Veuillez choisir votre fonction."),
    ("role", "king", "Veuillez choisir une fonction dans la liste."),
    ("honorific", "Lord", "Veuillez choisir un titre dans la liste."),
    ("timezone", "", "Veuillez choisir votre fuseau horaire."),
    ("timezone", "Europe/Atlantis", "Veuillez choisir un fuseau horaire dans la liste."),
    ("accessibility_needs", "a" * 1001, "C’est trop long : 1 000 caractères au maximum."),
    ("consent", None, "Veuillez accepter la notice de confidentialité : nous ne pouvons pas vous inscrire sans cela."),
])
def test_each_bad_field_gets_a_localised_error_and_nothing_is_stored(client, demo_event, run_jobs, field, value, message):
    data = form_data(**{field: value})
    if value is None:
        data.pop(field, None)
    response = client.post(register_url("fr"), data=data)
    # Post/redirect/get, errors included: Back never asks to send the form again.
    assert response.status_code == 303
    assert response.headers["Location"] == register_url("fr")
    response = client.get(register_url("fr"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in field_errors(html, field)
    assert f'aria-describedby="' in html and f'id="{field}-error"' in html
    assert count_rows() == (0, 0)
    assert run_jobs() == 0
    # What the person typed is kept (other fields).
    if field != "family_name":
        assert 'value="Diallo"' in html


def test_sessions_errors(client, demo_event):
    html = client.post(register_url("fr"), data=form_data(sessions=[]), follow_redirects=True).get_data(as_text=True)
    assert "Veuillez choisir au moins une séance." in field_errors(html, "sessions")
    html = client.post(register_url("fr"), data=form_data(sessions=["7"]), follow_redirects=True).get_data(as_text=True)
    assert "Cet événement ne comporte pas de séance 7." in field_errors(html, "sessions")
    html = client.post(register_url("fr"), data=form_data(sessions=["1"], language_1="fr"),
                       follow_redirects=True).get_data(as_text=True)
    assert field_errors(html, "language_1") == [
        "La séance 1 est proposée en : anglais. Veuillez choisir l’une de ces langues."]
    assert count_rows() == (0, 0)


def test_script_tags_are_stored_as_text_and_shown_escaped(client, demo_event):
    name = '<script>alert("x")</script>'
    response = client.post(register_url("en"), data=form_data(given_name=name, parliament="<b>Senate</b>"))
    assert response.status_code == 302
    stored = db.session.execute(db.select(Registration)).scalar_one()
    assert stored.given_name == name
    manage = client.get(response.headers["Location"].removesuffix("/confirmation")).get_data(as_text=True)
    assert name not in manage and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in manage
    assert "<b>Senate</b>" not in manage


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_post_without_csrf_token_is_refused_and_input_kept(client, demo_event, run_jobs):
    response = client.post(register_url("fr"), data=form_data())
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ce formulaire avait expiré" in html
    assert 'value="Amina"' in html
    assert count_rows() == (0, 0)
    assert run_jobs() == 0


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_form_with_its_csrf_token_registers(client, demo_event):
    html = client.get(register_url("en")).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post(register_url("en"), data=form_data(csrf_token=token))
    assert response.status_code == 302
    assert count_rows() == (1, 1)


def test_closed_registration(client, demo_event):
    demo_event.registration_open = False
    db.session.commit()
    assert "Les inscriptions sont closes" in client.get(register_url("fr")).get_data(as_text=True)
    assert client.post(register_url("fr"), data=form_data()).status_code == 409
    assert count_rows() == (0, 0)


def test_event_page_has_a_register_button(client, demo_event):
    html = client.get("/ar/e/safe-cyberspace-2022/").get_data(as_text=True)
    assert 'href="/ar/e/safe-cyberspace-2022/register"' in html
    # Registration here comes before anything else, and Zoom's own form is not offered.
    assert html.index("button-register") < html.index('id="sessions-heading"')
    assert 'href="/ar/e/safe-cyberspace-2022/register?session=2"' in html
    for session in demo_event.sessions:
        assert session.zoom_registration_url not in html
    assert 'href="/ar/e/safe-cyberspace-2022/my-link"' in html


def test_register_for_one_session_preselects_it(client, demo_event):
    html = client.get("/en/e/safe-cyberspace-2022/register?session=2").get_data(as_text=True)
    assert re.search(r'id="session-2"[^>]*checked', html)
    assert not re.search(r'id="session-1"[^>]*checked', html)
    for junk in ("7", "x", "²", "9" * 30):
        assert client.get(f"/en/e/safe-cyberspace-2022/register?session={junk}").status_code == 200


@pytest.mark.parametrize("lang, heading", [
    ("en", "Privacy notice"), ("fr", "Notice de confidentialité"),
    ("es", "Aviso de privacidad"), ("ar", "إشعار الخصوصية"),
])
def test_privacy_notice_in_each_language(client, lang, heading):
    html = client.get(f"/{lang}/privacy").get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in html
    assert "Zoom" in html and "events@ipu.example" in html
    if lang != "en":
        assert "What we collect" not in html


def test_a_session_number_that_only_looks_like_a_digit_is_a_field_error(client, demo_event):
    """'²' passes str.isdigit() but not int(): found by the form fuzzer as a 500."""
    response = client.post(f"/en/e/{demo_event.slug}/register", data={
        "given_name": "x", "family_name": "x", "email": "x@parliament.example", "country": "IS",
        "parliament": "x", "role": "member", "sessions": "²", "timezone": "UTC", "consent": "y",
    }, follow_redirects=True)
    assert response.status_code == 200  # the form again, with the error beside the field
    assert "has-error" in response.get_data(as_text=True)


def test_language_lists_and_date_commas_follow_the_page_language(client, demo_event):
    html = client.post(register_url("fr"), data=form_data(sessions=["2"], language_2="de"),
                       follow_redirects=True).get_data(as_text=True)
    assert field_errors(html, "language_2") == [
        "La séance 2 est proposée en : anglais, français, espagnol et arabe. Veuillez choisir l’une de ces langues."]
    client.set_cookie("tz", "Pacific/Auckland")  # session 2 falls on 7 December there
    arabic = client.get(register_url("ar")).get_data(as_text=True)
    hint = unescape(re.search(r'<p class="hint" id="session-2-when">(.*?)</p>', arabic, re.S).group(1))
    assert "،" in hint and "," not in hint, hint


def test_a_link_from_before_salts_is_replaced_when_sent_again(client, demo_event, run_jobs, smtp_server):
    from eventhub.registration.operations import resend_manage_link

    first = client.post(register_url("en"), data=form_data()).headers["Location"].removesuffix("/confirmation")
    person = db.session.execute(db.select(Registration)).scalar_one()
    person.manage_token_salt = None  # as registrations made before this change
    db.session.commit()
    token = resend_manage_link(person, reason="requested")
    assert token not in first
    assert client.get(first).status_code == 404 and client.get(f"/en/r/{token}").status_code == 200


@pytest.mark.parametrize("typed, suggested", [
    ("amina@gmial.com", "amina@gmail.com"), ("amina@hotmial.com", "amina@hotmail.com"),
    ("amina@yaho.fr", "amina@yahoo.fr"), ("amina@outlok.com", "amina@outlook.com"),
    ("amina@gmail.con", "amina@gmail.com"),
])
def test_a_likely_typo_in_the_domain_gets_a_suggestion_to_accept(client, demo_event, run_jobs, typed, suggested):
    response = client.post(register_url("fr"), data=form_data(email=typed))
    assert response.status_code == 303
    html = client.get(register_url("fr")).get_data(as_text=True)
    assert f"Vouliez-vous dire {suggested}\u202f?" in field_errors(html, "email")  # French spacing
    assert f'name="email_use" value="{suggested}"' in html
    assert f'name="email_accepted" value="{typed}"' in html
    assert count_rows() == (0, 0) and run_jobs() == 0
    # Accepting it (the button posts the whole form again) registers with the suggestion.
    response = client.post(register_url("fr"), data=form_data(email=typed, email_use=suggested))
    assert response.status_code == 302
    assert db.session.execute(db.select(Registration)).scalar_one().email == suggested


def test_the_typed_address_can_be_kept(client, demo_event):
    response = client.post(register_url("es"), data=form_data(email="amina@gmial.com",
                                                              email_accepted="Amina@gmial.com"))
    assert response.status_code == 302
    assert db.session.execute(db.select(Registration)).scalar_one().email == "amina@gmial.com"


def test_no_suggestion_for_ordinary_or_forged_values(client, demo_event):
    for email in ("amina@senat.fr", "amina@gmail.com", "amina@hotmail.it", "amina@un.org"):
        response = client.post(register_url("en"), data=form_data(email=email))
        assert response.status_code == 302, email
    # A forged "use" value that is not the suggestion changes nothing.
    response = client.post(register_url("en"), data=form_data(email="x@gmial.com", email_use="evil@attacker.example"))
    assert response.status_code == 303
    assert not db.session.execute(db.select(Registration).filter_by(email="evil@attacker.example")).scalar()


def test_suggestions_unit():
    from eventhub.registration.validation import suggest_email

    assert suggest_email("a@yahooo.fr") == "a@yahoo.fr"
    for fine in ("a@mail.com", "a@gmx.de", "a@live.fr", "a@parlament.gv.at", "", "nobody", "a@localhost"):
        assert suggest_email(fine) is None, fine
