"""Bulk mail as mailbox providers require (RFC 2369 List-Unsubscribe, RFC 8058 one-click):
invitations and reminders carry the headers and the link, a POST of
``List-Unsubscribe=One-Click`` with no cookie or CSRF token opts the address out of the
event's bulk mail, and nothing bulk goes to it afterwards; transactional mail carries no
unsubscribe. Also: people already registered are "Has registered" and skipped, and bulk
sending states the exact count before it sends."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from eventhub.extensions import db
from eventhub.invitations.models import InvitationSend, Invitee, MailOptOut
from eventhub.invitations.operations import (InvitationError, queue_invitations, resend_invitation,
                                             sendable_count)
from eventhub.invitations.optouts import unsubscribe_token

from .conftest import run_all_jobs
from .test_reminders import PERSONAL_JOIN, SESSION_1_START, register

BASE = "/console/events/safe-cyberspace-2022/invitations"
ONE_CLICK = "List-Unsubscribe=One-Click"


def invitee(email):
    db.session.expire_all()
    return db.session.execute(sa.select(Invitee).filter_by(email=email)).scalar_one()


def one_click(app, url):
    """What a mailbox provider sends: a bare POST, form-encoded body, no cookie."""
    fresh = app.test_client()
    return fresh.post(url, data=ONE_CLICK, content_type="application/x-www-form-urlencoded")


def unsubscribe_target(message) -> str:
    header = message["List-Unsubscribe"]
    return re.match(r"<([^>]+)>", header).group(1)


@pytest.fixture
def organiser(make_user, login_as):
    user = make_user("organiser@ipu.example", role="organiser")
    login_as(user)
    return user


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0, PUBLIC_BASE_URL="https://events.ipu.example",
                        WTF_CSRF_ENABLED=True)
def test_invitation_headers_and_one_click_post_opt_out(app, four_language_list, smtp_server):
    event = four_language_list
    assert queue_invitations(event, actor="a@ipu.example") == 4
    run_all_jobs()
    messages = {m["To"]: m for m in smtp_server.messages}
    jane = messages["jane.wanjiru@parliament.go.ke"]
    assert jane["List-Unsubscribe-Post"] == ONE_CLICK
    url = unsubscribe_target(jane)
    assert url.startswith("https://events.ipu.example/en/u/i")
    # As written on the wire: plain, not an RFC 2047 encoded word providers cannot read.
    for envelope in smtp_server.envelopes:
        assert b"\r\nList-Unsubscribe: <https://events.ipu.example/" in envelope.content.replace(b"\n", b"\r\n").replace(b"\r\r", b"\r")
    # Per recipient: every message has its own.
    assert len({unsubscribe_target(m) for m in messages.values()}) == 4
    # The link is in both parts, the Arabic one in Arabic.
    assert url in jane.get_body(("plain",)).get_content() and url in jane.get_body(("html",)).get_content()
    ahmed = messages["ahmed@parliament.ma"]
    assert "التوقف عن تلقي الدعوات والتذكيرات" in ahmed.get_body(("html",)).get_content()

    path = url.removeprefix("https://events.ipu.example")
    assert app.test_client().get(path).status_code == 200  # opening the link only asks
    assert db.session.execute(sa.select(sa.func.count()).select_from(MailOptOut)).scalar() == 0
    response = one_click(app, path)
    assert response.status_code == 200
    (opt_out,) = db.session.execute(sa.select(MailOptOut)).scalars()
    assert (opt_out.email, opt_out.source) == ("jane.wanjiru@parliament.go.ke", "one-click")
    assert one_click(app, path).status_code == 200  # again: still fine, one row
    assert db.session.execute(sa.select(sa.func.count()).select_from(MailOptOut)).scalar() == 1

    # Nothing bulk goes to that address again, even an explicit resend.
    with pytest.raises(InvitationError) as refused:
        resend_invitation(invitee("jane.wanjiru@parliament.go.ke"), actor="a@ipu.example")
    assert refused.value.code == "opted_out"
    for other in ("helene.dubois@assemblee.fr", "maria.perez@congreso.es"):
        resend_invitation(invitee(other), actor="a@ipu.example")
    run_all_jobs()
    assert [m["To"] for m in smtp_server.messages[4:]] == ["helene.dubois@assemblee.fr", "maria.perez@congreso.es"]


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_opt_out_between_queueing_and_sending_sends_nothing(app, four_language_list, smtp_server):
    event = four_language_list
    assert queue_invitations(event, actor="a@ipu.example") == 4
    jane = invitee("jane.wanjiru@parliament.go.ke")
    assert one_click(app, f"/en/u/{unsubscribe_token('i', jane.id)}").status_code == 200
    run_all_jobs()
    assert "jane.wanjiru@parliament.go.ke" not in [m["To"] for m in smtp_server.messages]
    assert len(smtp_server.messages) == 3
    send = db.session.execute(sa.select(InvitationSend).filter_by(invitee_id=jane.id)).scalar_one()
    assert send.state == "failed" and "unsubscribed" in send.last_error
    assert invitee("jane.wanjiru@parliament.go.ke").status == "not_sent"
    assert sendable_count(event) == 0


@pytest.mark.parametrize("token", [
    "nonsense", "i1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "i999999.", "r1." + "x" * 43,
    "i" + "9" * 30 + "." + "A" * 43, "%00", "i1.' OR 1=1 --",
])
@pytest.mark.app_config(WTF_CSRF_ENABLED=True, TESTING=False, PROPAGATE_EXCEPTIONS=False)
def test_forged_or_unknown_tokens_get_the_invalid_link_page(app, four_language_list, token):
    client = app.test_client()
    for response in (client.get(f"/en/u/{token}"), client.post(f"/en/u/{token}", data=ONE_CLICK,
                                                                  content_type="application/x-www-form-urlencoded")):
        assert response.status_code == 404
        assert "This link is not valid" in response.get_data(as_text=True)
    assert db.session.execute(sa.select(sa.func.count()).select_from(MailOptOut)).scalar() == 0


def test_a_token_for_an_invitee_that_was_deleted_is_invalid(app, four_language_list):
    jane = invitee("jane.wanjiru@parliament.go.ke")
    token = unsubscribe_token("i", jane.id)
    db.session.delete(jane)
    db.session.commit()
    assert app.test_client().post(f"/en/u/{token}", data=ONE_CLICK,
                                  content_type="application/x-www-form-urlencoded").status_code == 404


def test_the_unsubscribe_page_and_the_decline_page_opt_out_in_the_persons_language(app, client, four_language_list):
    from eventhub.invitations.tokens import invitation_token

    helene = invitee("helene.dubois@assemblee.fr")
    decline = client.get(f"/fr/i/{invitation_token(helene)}/decline").get_data(as_text=True)
    link = re.search(r'href="(/fr/u/[^"]+)"', decline).group(1).replace("&amp;", "&")
    assert "Ne plus recevoir d’invitations ni de rappels pour cet événement" in decline
    page = client.get(link).get_data(as_text=True)
    assert "Ne plus recevoir d’invitations ni de rappels pour cet événement à cette adresse ?" in page
    done = client.post(link.split("?")[0], data={"confirm": "1", "via": "decline"}).get_data(as_text=True)
    assert "C’est fait" in done
    (opt_out,) = db.session.execute(sa.select(MailOptOut)).scalars()
    assert (opt_out.email, opt_out.source) == ("helene.dubois@assemblee.fr", "decline")


def test_reminders_carry_the_headers_and_stop_after_an_opt_out(app, demo_event, smtp_server):
    from eventhub.invitations.reminders import send_due_reminders

    kept = register(demo_event, "kept@parl.example", "fr", [(1, "confirmed", PERSONAL_JOIN)])
    gone = register(demo_event, "Gone@Parl.example", "en", [(1, "confirmed", PERSONAL_JOIN)])
    assert one_click(app, f"/en/u/{unsubscribe_token('r', gone.id)}").status_code == 200
    assert send_due_reminders(SESSION_1_START - dt.timedelta(hours=20)) == 1
    run_all_jobs()
    (message,) = smtp_server.messages
    assert message["To"] == "kept@parl.example"
    assert message["List-Unsubscribe-Post"] == ONE_CLICK
    assert f"/fr/u/r{kept.id}." in message["List-Unsubscribe"]


def test_transactional_mail_has_no_unsubscribe(app, demo_event):
    from tests.emails import EMAIL_KINDS, render_all

    transactional = [k for k in EMAIL_KINDS if not k.name.startswith(("invitation", "reminder"))]
    for kind, lang, email in render_all(demo_event, kinds=transactional, languages=("en",)):
        assert "List-Unsubscribe" not in email.headers, kind.name
        assert "/u/" not in email.html, kind.name


def test_console_lists_the_opt_outs(app, client, organiser, four_language_list):
    jane = invitee("jane.wanjiru@parliament.go.ke")
    one_click(app, f"/en/u/{unsubscribe_token('i', jane.id)}")
    html = client.get(BASE, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Unsubscribed from invitations and reminders (1)" in html
    assert 'status-unsubscribed">Unsubscribed' in html
    assert "One-click unsubscribe from the mail program" in html
    assert "Send every invitation not yet sent (3)" in html


# --- registered invitees, confirmation of bulk sends -------------------------------------------

def _register(event, email):
    from eventhub.registration.models import Registration

    db.session.add(Registration(event_id=event.id, email=email, given_name="A", family_name="B",
                                language="en", timezone="UTC"))
    db.session.commit()


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_someone_registered_before_the_import_in_other_case_is_shown_and_skipped(
        client, organiser, four_language_list, smtp_server):
    _register(four_language_list, "Maria.Perez@Congreso.ES")
    html = client.get(BASE, headers={"Accept-Language": "en"}).get_data(as_text=True)
    row = re.search(r'<tr data-invitee="%d">.*?</tr>' % invitee("maria.perez@congreso.es").id, html, re.S).group(0)
    assert "Has registered" in row and "Not sent" not in row
    assert 'data-status="registered">1</a>' in html
    assert "Send every invitation not yet sent (3)" in html
    assert queue_invitations(four_language_list, actor="a@ipu.example") == 3
    run_all_jobs()
    assert "maria.perez@congreso.es" not in [m["To"] for m in smtp_server.messages]


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_registration_between_queueing_and_sending_skips_the_invitation(four_language_list, smtp_server):
    assert queue_invitations(four_language_list, actor="a@ipu.example") == 4
    _register(four_language_list, "AHMED@parliament.ma")
    run_all_jobs()
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "helene.dubois@assemblee.fr", "jane.wanjiru@parliament.go.ke", "maria.perez@congreso.es"]
    assert invitee("ahmed@parliament.ma").status == "registered"


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_bulk_send_asks_with_the_exact_count_in_the_console_language(client, organiser, four_language_list,
                                                                       smtp_server):
    _register(four_language_list, "jane.wanjiru@parliament.go.ke")
    page = client.get(BASE + "/send", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Cette action envoie maintenant 3 invitations" in page and "Envoyer 3 invitations" in page
    assert 'name="count" value="3"' in page
    assert db.session.execute(sa.select(sa.func.count()).select_from(InvitationSend)).scalar() == 0
    # The number changed meanwhile (someone registered): nothing is sent, the page asks again.
    _register(four_language_list, "helene.dubois@assemblee.fr")
    again = client.post(BASE + "/send", data={"count": "3"}, headers={"Accept-Language": "fr"})
    assert again.status_code == 200
    assert "Envoyer 2 invitations" in again.get_data(as_text=True)
    assert db.session.execute(sa.select(sa.func.count()).select_from(InvitationSend)).scalar() == 0
    assert client.post(BASE + "/send", data={"count": "2"}).status_code == 302
    run_all_jobs()
    assert len(smtp_server.messages) == 2
    page = client.get(BASE + "/send", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert "لا توجد دعوة لإرسالها" in page


def test_cli_asks_unless_yes(app, four_language_list):
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["invitations", "send", "--event", "safe-cyberspace-2022", "--all"], input="n\n")
    assert "Send 4 invitations for safe-cyberspace-2022?" in refused.output
    assert refused.exit_code != 0
    assert db.session.execute(sa.select(sa.func.count()).select_from(InvitationSend)).scalar() == 0
    accepted = runner.invoke(args=["invitations", "send", "--event", "safe-cyberspace-2022", "--all"], input="y\n")
    assert "Queued 4 invitation(s)" in accepted.output
    yes = runner.invoke(args=["invitations", "send", "--event", "safe-cyberspace-2022", "--all", "--yes"])
    assert yes.exit_code == 0 and "Queued 0 invitation(s)" in yes.output
