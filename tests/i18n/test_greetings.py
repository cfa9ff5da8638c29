"""Every email and personal page opens with the formal salutation of its language, with the
person's honorific spelled as that language's letters do and never doubled: French
« Madame, Monsieur, » (never « Bonjour »), Spanish « Honorable … : » / « Señora, señor: »,
Arabic « معالي … المحترم/المحترمة، » (never « حضرة معالي »). A name typed with its honorific
(« Hon. … » in an invitation list) is greeted like a registration with that honorific."""
import re

import pytest
from flask_babel import force_locale

from eventhub.greetings import SALUTATIONS, salutation
from eventhub.invitations.operations import invitee_salutation
from tests.emails import render_all

#: What each language's greeting line may be (the test data's registrant is « Hon. »; the
#: invitation is addressed to « Hon. Maria-Fernanda … »; the input's author has no honorific).
FORMAL = {
    "en": re.compile(r"^Dear (Hon\. )?Maria-Fernanda .+,$"),
    "fr": re.compile(r"^Madame, Monsieur,$"),
    "es": re.compile(r"^(Honorable Maria-Fernanda .+|Señora, señor):$"),
    "ar": re.compile(r"^(معالي|حضرة) Maria-Fernanda .+ المحترم/المحترمة،$"),
}
#: Abbreviations pasted before a name, and doubled honorifics.
WRONG = ["Bonjour", "L’hon.", "Hon. Hon.", "Estimado(a)", "حضرة معالي", "معالي معالي", " Hon. "]


def test_every_email_opens_with_the_formal_salutation(app, demo_event):
    greeted = 0
    for kind, lang, email in render_all(demo_event):
        if kind.name in ("inputs-email-verification", "invitation-test"):
            continue  # no person to greet: the address only / the organiser's own test
        head = [line.strip() for line in email.text.splitlines() if line.strip()][:6]  # organiser, title first
        line = next((line for line in head if FORMAL[lang].match(line)), None)
        assert line, (kind.name, lang, head)
        if lang != "en":
            assert not any(wrong in line for wrong in WRONG), (kind.name, lang, line)
        assert not any(wrong in email.html for wrong in ("Bonjour", "حضرة معالي", "Estimado(a)")), (kind.name, lang)
        greeted += 1
    assert greeted >= 4 * 12


@pytest.mark.parametrize(("lang", "typed", "expected"), [
    ("en", "Hon. Amina Diallo", "Dear Hon. Amina Diallo,"),
    ("fr", "L’hon. Amina Diallo", "Madame, Monsieur,"),
    ("fr", "M. Jean Dupont", "Monsieur,"),
    ("fr", "Mme Jeanne Roy", "Madame,"),
    ("fr", "S.E. Jean Dupont", "Excellence,"),
    ("es", "Hon. Amina Diallo", "Honorable Amina Diallo:"),
    ("es", "Sra. Ana Pérez", "Estimada señora Ana Pérez:"),
    ("es", "Ana Pérez", "Señora, señor:"),
    ("ar", "Hon. Amina Diallo", "معالي Amina Diallo المحترم/المحترمة،"),
    ("ar", "معالي أمينة حداد", "معالي أمينة حداد المحترم/المحترمة،"),
    ("ar", "أمينة حداد", "حضرة أمينة حداد المحترم/المحترمة،"),
    ("ar", "", "حضرات السيدات والسادة،"),
])
def test_a_typed_honorific_becomes_the_salutations(app, lang, typed, expected):
    with app.test_request_context(), force_locale(lang):
        assert invitee_salutation(typed) == expected


def test_html_salutation_isolates_the_name_and_escapes_it(app):
    with app.test_request_context(), force_locale("ar"):
        html = str(salutation("hon", "<b>Amina</b>", html=True))
    assert html == 'معالي <bdi dir="auto">&lt;b&gt;Amina&lt;/b&gt;</bdi> المحترم/المحترمة،'


def test_every_honorific_has_its_salutation():
    from eventhub.registration.validation import HONORIFICS

    assert set(SALUTATIONS) == set(HONORIFICS)


@pytest.mark.parametrize("lang", ["fr", "es", "ar"])
def test_the_invitation_page_greets_a_typed_honorific_once(client, demo_event, lang):
    from eventhub.invitations.operations import InviteeData, create_invitee
    from eventhub.invitations.tokens import invitation_token

    invitee = create_invitee(demo_event, InviteeData(name="Hon. Amina Diallo", email=f"amina.{lang}@parl.example",
                                                     language=lang))
    token = invitation_token(invitee)
    html = client.get(f"/{lang}/i/{token}").get_data(as_text=True)
    expected = {"fr": "Madame, Monsieur,", "es": 'Honorable <bdi dir="auto">Amina Diallo</bdi>:',
                "ar": 'معالي <bdi dir="auto">Amina Diallo</bdi> المحترم/المحترمة،'}[lang]
    assert expected in html.replace("\u00a0", " ")
    assert "Hon. Amina" not in html and "Bonjour" not in html
