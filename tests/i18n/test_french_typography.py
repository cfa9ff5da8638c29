"""French typography on every rendered French page and email: a no-break space (U+00A0 or
U+202F) before : ; ! ? and inside « », digit groups kept together (eventhub/typography.py)."""
import re

import pytest

from eventhub.typography import french_html, french_text

from .screens import screens, visible_text

#: A plain space before, or no space at all between a word and, French high punctuation
#: followed by a space (URLs and times have none after the sign).
BAD = re.compile(r"\S? [:;!?»]|«[ \S]|\w[:;!?](?=\s)|\d [0-9]{3}\b")


def violations(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        for match in BAD.finditer(line):
            if match.group(0).startswith("«") and match.group(0)[1] in "\u00a0\u202f":
                continue
            found.append(line.strip()[:120])
            break
    return found


@pytest.mark.parametrize(("raw", "typeset"), [
    ("Confirmée: 3; Liste d’attente: 0", "Confirmée\u00a0: 3\u202f; Liste d’attente\u00a0: 0"),
    ("Séance 1: Ouverture", "Séance 1\u00a0: Ouverture"),
    ("Êtes-vous sûr ?", "Êtes-vous sûr\u202f?"),
    ("« Titre »", "«\u00a0Titre\u00a0»"),
    ("100 000 personnes", "100\u202f000 personnes"),
    ("https://ipu.org/fr/e/x/?tz=Asia/Manila à 07:00–09:00", "https://ipu.org/fr/e/x/?tz=Asia/Manila à 07:00–09:00"),
])
def test_french_text(raw, typeset):
    assert french_text(raw) == typeset
    assert french_text(typeset) == typeset  # idempotent


def test_french_html_leaves_markup_and_form_values_alone():
    html = '<p title="a: b">Total: 3</p><input value="x: y"><script src="a.js"></script><code>k: v</code>'
    assert french_html(html) == '<p title="a: b">Total\u00a0: 3</p><input value="x: y"><script src="a.js"></script><code>k: v</code>'
    assert french_html("<strong>Tableau de bord</strong> : places") == "<strong>Tableau de bord</strong>\u00a0: places"


def test_every_french_screen_is_typeset(app, client, demo_event, make_user):
    problems = {}
    for name, html in screens(app, client, demo_event, "fr", make_user):
        found = violations(visible_text(html))
        if found:
            problems[name] = found[:5]
    assert not problems, problems


def test_french_confirmation_email_is_typeset(client, demo_event, run_jobs, smtp_server):
    from tests.registration.conftest import form_data, register_url

    client.post(register_url("fr"), data=form_data(sessions=["1", "2"], language_2="fr"))
    run_jobs()
    [message] = smtp_server.messages
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert not violations(message["Subject"]), message["Subject"]
    assert not violations(text), violations(text)
    assert not violations(visible_text(html)), violations(visible_text(html))


def test_a_french_subject_survives_folding_and_the_job_queue(app):
    """Python's folder dropped the space after "\u00a0:" between two encoded words."""
    from email import message_from_bytes, policy

    from eventhub.mail import OutgoingEmail, build_message

    subject = "Votre lien personnel pour rejoindre la séance 2 : Créer un cyberespace sûr pour la démocratie"
    message = build_message(OutgoingEmail(to="a@example.org", subject=subject, text="x", html=None, language="fr"))
    assert message["Subject"] == french_text(subject)
    reread = message_from_bytes(bytes(message), policy=policy.SMTP)  # as the delivery job does
    reread.policy = message.policy.clone(linesep="\r\n")
    assert message_from_bytes(bytes(reread), policy=policy.default)["Subject"] == french_text(subject)


def test_french_html_leaves_character_references_whole():
    """« & » and quotes are escaped in HTML (« &amp; », « &#34; »): their « ; » is not
    punctuation to space (it printed « Science &amp ; technologie »)."""
    html = '<p>Science &amp; technologie, &#34;Séance&#34; 2 : ok &#x27;a&#x27; ; &eacute; !</p>'
    assert french_html(html) == ('<p>Science &amp; technologie, &#34;Séance&#34; 2\u00a0: ok '
                                 '&#x27;a&#x27;\u202f; &eacute;\u202f!</p>')
