"""A send to thousands of invitees (issue 20): each language is rendered once and every
copy gets the person's own name and links; the messages go over one SMTP connection."""
from __future__ import annotations

import socket

import pytest

from eventhub import mail
from eventhub.extensions import db
from eventhub.invitations.notifications import InvitationLinks, _render_invitation_parts, render_invitation
from eventhub.invitations.operations import queue_invitations

from .conftest import run_all_jobs


def connections_seen(smtp_server) -> list:
    """Wrap the test server's DATA handler: the client address of every message."""
    peers = []
    original = smtp_server.handle_DATA

    async def handle_DATA(server, session, envelope):
        peers.append(session.peer)
        return await original(server, session, envelope)

    smtp_server.handle_DATA = handle_DATA
    return peers


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_a_batch_of_invitations_goes_over_one_connection(four_language_list, smtp_server):
    mail.close_kept_connection()
    peers = connections_seen(smtp_server)
    assert queue_invitations(four_language_list, actor="organiser@ipu.example") == 4
    run_all_jobs()
    assert len(smtp_server.messages) == 4
    assert len(set(peers)) == 1  # was one connection (connect, greeting, QUIT) per message


def test_a_connection_that_broke_while_kept_is_replaced(app, smtp_server):
    peers = connections_seen(smtp_server)

    def send(n):
        mail.deliver(mail.build_message(mail.OutgoingEmail(
            to=f"person{n}@parliament.example", subject=f"Message {n}", text="Hello", html=None, language="en")))

    send(1)
    mail._kept.connection[0].sock.shutdown(socket.SHUT_RDWR)  # the network dropped it
    send(2)
    send(3)
    assert [m["Subject"] for m in smtp_server.messages] == ["Message 1", "Message 2", "Message 3"]
    assert len(set(peers)) == 2


@pytest.mark.app_config(SMTP_REUSE_SECONDS=0, INVITATIONS_PER_MINUTE=0)
def test_reuse_can_be_switched_off(four_language_list, smtp_server):
    peers = connections_seen(smtp_server)
    queue_invitations(four_language_list, actor="organiser@ipu.example")
    run_all_jobs()
    assert len(set(peers)) == 4


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_each_copy_is_what_rendering_it_alone_gives(demo_event, lang):
    people = [("Ana <b>Pérez</b> & \"Co\"", "http://localhost/x/i/AAA?a=1&b=2", "http://localhost/u/1"),
              ("سارة", "http://localhost/x/i/BBB", "http://localhost/u/2"),
              ("Hon. Amina Diallo", "http://localhost/x/i/CCC", "http://localhost/u/3")]
    for name, register, unsubscribe in people:
        links = InvitationLinks(register, register + "/decline")
        email = render_invitation(demo_event, lang, links, name=name, local_zone="Asia/Manila",
                                  unsubscribe_url=unsubscribe)
        alone = _render_invitation_parts(demo_event, lang, links, name, "Asia/Manila", False, unsubscribe)
        assert (email.subject, email.text, email.html) == alone
        assert "EVHx7q1" not in email.text + email.html
    # An invitee without a name gets the greeting without one.
    email = render_invitation(demo_event, lang, InvitationLinks("http://localhost/r", None))
    assert (email.subject, email.text, email.html) == _render_invitation_parts(
        demo_event, lang, InvitationLinks("http://localhost/r", None), None, None, False, None)


def test_an_edit_of_the_event_shows_in_the_next_copy(demo_event):
    links = InvitationLinks("http://localhost/en/i/T", None)
    before = render_invitation(demo_event, "en", links, name="Jane")
    demo_event.title = dict(demo_event.title, en="A renamed meeting")
    db.session.commit()
    after = render_invitation(demo_event, "en", links, name="Jane")
    assert "A renamed meeting" in after.subject and "A renamed meeting" not in before.subject
