"""Journeys that start from an email, in Chromium, in each language, with CSRF on as in
production, the live server pointed at a real SMTP server on loopback and the jobs run
in-process:

- an invitee opens the personal link from their invitation email, sees the invitation
  in their language, registers through the prefilled form and gets the confirmation;
- another invitee declines through the email's decline link;
- a parliamentarian asks for an email confirmation link on the public inputs form,
  opens it, sends an input with a PDF and a DOCX, and gets the thanks page and the
  receipt (whose edit link opens the input again).

Screenshots of each step: tests/artifacts/screens/invited-<lang>-*.png,
declined-<lang>-*.png and input-<lang>-*.png."""
from __future__ import annotations

import re
import uuid
from urllib.parse import urlparse

import pytest

from tests.pages import PUBLIC_PAGES, endpoint_exists

from .conftest import page_problems

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not all(endpoint_exists(name) for name in (
        "registration.register", "invitations.landing", "inputs.new_input")),
        reason="registration, invitations or inputs is not on this branch yet"),
]

INPUTS_PAGE = next(page for page in PUBLIC_PAGES if page.name == "inputs-new")
LANGS = ["en", "fr", "es", "ar"]
DIRECTION = {"en": "ltr", "fr": "ltr", "es": "ltr", "ar": "rtl"}
#: The browser speaks another language than the invitee: the page must follow the link.
OTHER_BROWSER_LOCALE = {"en": "fr-FR", "fr": "en-GB", "es": "en-GB", "ar": "en-GB"}

#: Invitees as an organiser would add them (name, parliament, country, time zone).
INVITEES = {
    "en": ("Grace Otieno", "National Assembly", "KE", "Africa/Nairobi"),
    "fr": ("Aminata Diallo", "Assemblée nationale", "SN", "Africa/Dakar"),
    "es": ("María Pérez", "Congreso de los Diputados", "ES", "Europe/Madrid"),
    "ar": ("ليلى حداد", "مجلس النواب", "JO", "Asia/Amman"),
}
#: Page headings, to see that the page itself is in the right language.
REGISTERED_HEADING = {"en": "You are registered", "fr": "Votre inscription est enregistrée",
                      "es": "Se ha efectuado su inscripción", "ar": "تم تسجيلكم"}
INPUT_TEXTS = {
    "en": ("Protecting parliamentary networks", "Parliaments need trained staff.\n\nAnd drills."),
    "fr": ("Protéger les réseaux parlementaires", "Les parlements ont besoin de personnel formé."),
    "es": ("Proteger las redes parlamentarias", "Los parlamentos necesitan personal capacitado."),
    "ar": ("حماية الشبكات البرلمانية", "تحتاج البرلمانات إلى موظفين مدربين."),
}


# --- helpers ------------------------------------------------------------------------------

def fresh(model, **filters):
    """A fresh read of one row: the live server's threads committed it."""
    from eventhub.extensions import db

    db.session.commit()  # ends this session's transaction and expires what it holds
    return db.session.execute(db.select(model).filter_by(**filters)).scalar_one()


def mails_to(smtp_server, address) -> list:
    return [message for message in smtp_server.messages if message["To"] == address]


def mail_to(smtp_server, address):
    """The one message ``address`` received so far."""
    messages = mails_to(smtp_server, address)
    assert len(messages) == 1, [(message["To"], message["Subject"]) for message in smtp_server.messages]
    return messages[0]


def text_part(message) -> str:
    return message.get_body(("plain",)).get_content()


def link_in(message, pattern: str) -> str:
    """The one link in the plain-text part whose path matches ``pattern``."""
    links = set(re.findall(r"https?://\S+", text_part(message)))
    matching = [link for link in links if re.fullmatch(pattern, urlparse(link).path)]
    assert len(matching) == 1, links
    return matching[0]


def expect_language(page, lang):
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == (lang, DIRECTION[lang])


def invite(site, run_jobs, smtp_server, lang, *, email):
    """Add an invitee in ``lang`` and send the invitation; returns (invitee id, email)."""
    from eventhub.invitations.operations import InviteeData, create_invitee, queue_invitations

    name, parliament, country, zone = INVITEES[lang]
    invitee = create_invitee(site.event, InviteeData(
        name=name, email=email, language=lang, parliament=parliament, country=country, timezone=zone))
    assert queue_invitations(site.event, actor="organiser@ipu.example", invitee_ids=[invitee.id]) == 1
    run_jobs()
    return invitee.id, mail_to(smtp_server, email)


@pytest.fixture
def mailing_site(app, site, smtp_server):
    """The live site whose emails go to ``smtp_server`` and whose links point at it."""
    app.config["PUBLIC_BASE_URL"] = site.base
    return site


# --- invitations --------------------------------------------------------------------------

@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
@pytest.mark.parametrize("lang", LANGS)
def test_invitee_opens_link_registers_with_prefilled_form(new_page, mailing_site, run_jobs, smtp_server,
                                                         screenshot, lang):
    from eventhub.invitations.models import Invitee
    from eventhub.registration.models import Registration

    site = mailing_site
    name, parliament, country, zone = INVITEES[lang]
    given_name, family_name = name.rsplit(" ", 1)
    email = f"invitee-{lang}-{uuid.uuid4().hex[:6]}@parliament.example"
    invitee_id, invitation = invite(site, run_jobs, smtp_server, lang, email=email)
    assert invitation["Content-Language"] == lang
    link = link_in(invitation, rf"/{lang}/i/[A-Za-z0-9_-]{{43}}")
    assert link.startswith(site.base + "/")

    # A browser in another language and another time zone than the invitee's.
    page = new_page(timezone_id="America/Santiago", locale=OTHER_BROWSER_LOCALE[lang])
    page.goto(link)
    expect_language(page, lang)
    welcome = page.locator(".invitation-welcome")
    assert name in welcome.inner_text()
    assert page.locator("a[href$='/decline']").count() == 1
    screenshot(page, f"invited-{lang}-1-invitation")
    assert page_problems(page) == []
    opened = fresh(Invitee, id=invitee_id)
    assert opened.first_opened_at is not None and opened.opened_language == lang

    # The registration form, filled in with what the organiser knows.
    welcome.locator(".actions a.button").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == f"/{lang}/e/{site.event.slug}/register"
    expect_language(page, lang)
    prefilled = {field: page.locator(f"#{field}").input_value()
                 for field in ("given_name", "family_name", "email", "country", "parliament", "timezone")}
    assert prefilled == {"given_name": given_name, "family_name": family_name, "email": email,
                         "country": country, "parliament": parliament, "timezone": zone}
    screenshot(page, f"invited-{lang}-2-prefilled-form")
    assert page_problems(page) == []

    # The invitee adds what the list did not have and registers.
    page.select_option("#honorific", "hon")
    page.select_option("#role", "member")
    page.check("#session-2")
    page.locator(".session-choice", has=page.locator("#session-2")) \
        .locator("select:not([disabled])").select_option(lang)
    page.check("#consent")
    page.locator("form.registration-form button[type=submit]").click()
    page.wait_for_load_state()

    path = urlparse(page.url).path
    assert path.startswith(f"/{lang}/r/") and path.endswith("/confirmation"), page.url
    token = path.split("/")[3]
    expect_language(page, lang)
    assert page.locator("h1").inner_text() == REGISTERED_HEADING[lang]
    assert email in page.locator("[role=status]").first.inner_text()
    manage_href = page.locator(".personal-link a").get_attribute("href")
    assert manage_href == f"{site.base}/{lang}/r/{token}"
    screenshot(page, f"invited-{lang}-3-confirmation")
    assert page_problems(page) == []

    registration = fresh(Registration, email=email)
    assert (registration.given_name, registration.family_name, registration.country,
            registration.parliament, registration.language, registration.timezone) \
        == (given_name, family_name, country, parliament, lang, zone)
    invitee = fresh(Invitee, id=invitee_id)
    assert (invitee.status, invitee.registration_id) == ("registered", registration.id)

    # The confirmation email carries the same personal link.
    run_jobs()
    invitation_and_confirmation = mails_to(smtp_server, email)
    assert len(invitation_and_confirmation) == 2
    confirmation = invitation_and_confirmation[1]
    assert confirmation["Content-Language"] == lang
    assert manage_href in text_part(confirmation)

    # Back on the invitation: registered, nothing left to decline.
    page.goto(link)
    assert page.locator(".invitation-welcome .notice-success").count() == 1
    assert page.locator("a[href$='/decline']").count() == 0
    screenshot(page, f"invited-{lang}-4-invitation-after")
    assert page_problems(page) == []


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
@pytest.mark.parametrize("lang", LANGS)
def test_invitee_declines_through_the_email_link(new_page, mailing_site, run_jobs, smtp_server, screenshot, lang):
    from eventhub.invitations.models import Invitee

    site = mailing_site
    email = f"decline-{lang}-{uuid.uuid4().hex[:6]}@parliament.example"
    invitee_id, invitation = invite(site, run_jobs, smtp_server, lang, email=email)
    decline_link = link_in(invitation, rf"/{lang}/i/[A-Za-z0-9_-]{{43}}/decline")

    page = new_page(locale=OTHER_BROWSER_LOCALE[lang])
    page.goto(decline_link)
    expect_language(page, lang)
    assert INVITEES[lang][0] in page.locator("main").inner_text()
    screenshot(page, f"declined-{lang}-1-ask")
    assert page_problems(page) == []
    assert fresh(Invitee, id=invitee_id).status == "sent"  # opening the link declines nothing

    page.locator("form button.button-danger").click()
    page.wait_for_load_state()
    expect_language(page, lang)
    assert page.locator(".notice-success[role=status]").count() == 1
    assert page.locator("form button.button-danger").count() == 0
    screenshot(page, f"declined-{lang}-2-declined")
    assert page_problems(page) == []
    invitee = fresh(Invitee, id=invitee_id)
    assert invitee.status == "declined" and invitee.declined_at is not None

    # The invitation itself now says so, and still offers to register.
    page.locator("main p a[href*='/i/']").last.click()  # (the last link is the unsubscribe one)
    page.wait_for_load_state()
    assert urlparse(page.url).path == urlparse(decline_link).path.removesuffix("/decline")
    assert page.locator(".invitation-welcome .notice").count() == 1
    assert page.locator(".invitation-welcome .actions a.button").count() == 1
    screenshot(page, f"declined-{lang}-3-invitation-after")
    assert page_problems(page) == []


# --- inputs -------------------------------------------------------------------------------

@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
@pytest.mark.parametrize("lang", LANGS)
def test_parliamentarian_confirms_email_and_sends_an_input_with_attachments(
        new_page, mailing_site, run_jobs, smtp_server, screenshot, lang):
    from eventhub.inputs.attachments import attachment_path
    from eventhub.inputs.models import ParliamentaryInput
    from tests.inputs.conftest import docx_bytes, pdf_bytes

    from .conftest import BROWSER_LOCALES

    site = mailing_site
    email = f"input-{lang}-{uuid.uuid4().hex[:6]}@parliament.example"
    name, parliament, country, _ = INVITEES[lang]
    title, text = INPUT_TEXTS[lang]
    page = new_page(locale=BROWSER_LOCALES[lang])

    # The public form asks for an email address first.
    page.goto(site.url(INPUTS_PAGE, lang))
    expect_language(page, lang)
    page.fill("#email", email)
    screenshot(page, f"input-{lang}-1-email")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    expect_language(page, lang)
    assert email in page.locator("main").inner_text()
    screenshot(page, f"input-{lang}-2-check-email")
    assert page_problems(page) == []

    # The confirmation email, in the page's language, with a link to the form.
    assert smtp_server.messages == []  # sent by a job, not inside the request
    run_jobs()
    confirmation = mail_to(smtp_server, email)
    assert confirmation["Content-Language"] == lang
    link = link_in(confirmation, rf"/{lang}/e/{site.event.slug}/inputs/new")
    assert link.startswith(site.base + "/") and "?c=" in link

    page.goto(link)
    assert urlparse(page.url).path == f"/{lang}/e/{site.event.slug}/inputs/new"
    assert "c=" not in page.url  # the token left the address bar
    expect_language(page, lang)
    assert email in page.locator("main").inner_text()
    assert page.locator("#language").input_value() == lang  # the text's language defaults to the page's
    page.check("#objectives-0")
    page.check("#objectives-2")
    page.fill("#title", title)
    page.fill("#text", text)
    page.fill("#author_name", name)
    page.select_option("#country", country)
    page.fill("#parliament", parliament)
    pdf, docx = pdf_bytes(title), docx_bytes(text)
    page.set_input_files("#attachments", [
        {"name": "input.pdf", "mimeType": "application/pdf", "buffer": pdf},
        {"name": "annex.docx", "mimeType": "application/vnd.openxmlformats-officedocument"
                                           ".wordprocessingml.document", "buffer": docx},
    ])
    screenshot(page, f"input-{lang}-3-form")
    assert page_problems(page) == []
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_load_state()

    # Thanks.
    assert urlparse(page.url).path == f"/{lang}/e/{site.event.slug}/inputs/thanks", page.url
    expect_language(page, lang)
    screenshot(page, f"input-{lang}-4-thanks")
    assert page_problems(page) == []

    stored = fresh(ParliamentaryInput, author_email=email)
    assert (stored.title, stored.text, stored.language, stored.author_language, stored.author_name,
            stored.country, stored.parliament, stored.attribution, stored.registration_id) \
        == (title, text, lang, lang, name, country, parliament, "named", None)
    assert stored.objective_numbers == [1, 3]
    attachments = {a.original_filename: a for a in stored.attachments}
    assert {filename: a.detected_type for filename, a in attachments.items()} \
        == {"input.pdf": "pdf", "annex.docx": "docx"}
    assert attachment_path(attachments["input.pdf"].storage_path).read_bytes() == pdf
    assert attachment_path(attachments["annex.docx"].storage_path).read_bytes() == docx

    # The receipt, in the author's language, with a working link to change the input.
    run_jobs()
    confirmation_and_receipt = mails_to(smtp_server, email)
    assert len(confirmation_and_receipt) == 2
    receipt = confirmation_and_receipt[1]
    assert receipt["Content-Language"] == lang
    assert title in receipt["Subject"]
    edit_link = link_in(receipt, rf"/{lang}/e/{site.event.slug}/inputs/edit/[A-Za-z0-9_-]+")
    page.goto(edit_link)
    expect_language(page, lang)
    assert page.locator("#title").input_value() == title
    assert sorted(page.locator("label", has=page.locator("input[name=remove_attachments]")).all_inner_texts()) \
        == ["annex.docx", "input.pdf"]
    screenshot(page, f"input-{lang}-5-edit")
    assert page_problems(page) == []


#: What the unsubscribe page says once done, in each language.
UNSUBSCRIBED = {"en": "Done: this address", "fr": "C’est fait", "es": "Hecho: esta dirección", "ar": "تم ذلك"}


@pytest.mark.app_config(WTF_CSRF_ENABLED=True, INVITATIONS_PER_MINUTE=0)
@pytest.mark.parametrize("lang", LANGS)
def test_invitee_unsubscribes_then_bulk_send_and_resend_skip_them(new_page, mailing_site, run_jobs,
                                                                   smtp_server, screenshot, lang):
    """From the invitation's List-Unsubscribe link, on a phone: the page asks, the button
    opts out; then another "send all" and a reminder run send that address nothing."""
    from eventhub.invitations.models import MailOptOut
    from eventhub.invitations.operations import InviteeData, create_invitee, queue_invitations

    site = mailing_site
    email = f"optout-{lang}-{uuid.uuid4().hex[:6]}@parliament.example"
    _, invitation = invite(site, run_jobs, smtp_server, lang, email=email)
    assert invitation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = str(invitation["List-Unsubscribe"])
    link = re.search(r"<(https?://[^>]+)>", header).group(1)
    assert link in text_part(invitation)

    page = new_page(locale=OTHER_BROWSER_LOCALE[lang], viewport={"width": 390, "height": 844})
    page.goto(link)
    expect_language(page, lang)
    screenshot(page, f"unsubscribe-{lang}-1-ask")
    assert page_problems(page) == []
    assert fresh_count(MailOptOut) == 0  # opening the link changes nothing
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    expect_language(page, lang)
    assert UNSUBSCRIBED[lang] in page.locator(".notice-success[role=status]").inner_text()
    screenshot(page, f"unsubscribe-{lang}-2-done")
    assert page_problems(page) == []
    assert fresh(MailOptOut, email=email).source == "page"

    # Someone else is added; the next bulk send goes to them only.
    other = create_invitee(site.event, InviteeData(name="Other Person", email=f"other-{email}", language=lang))
    before = len(smtp_server.messages)
    assert queue_invitations(site.event, actor="organiser@ipu.example") == 1
    run_jobs()
    assert [m["To"] for m in smtp_server.messages[before:]] == [other.email]


def fresh_count(model) -> int:
    from eventhub.extensions import db

    db.session.commit()
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar()
