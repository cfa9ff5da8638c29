"""Messages written from a prepared MIME template (``eventhub.mail_prepared``) are the bytes
``smtplib.send_message(build_message(email))`` sends, byte for byte (same Date, Message-ID
and MIME boundaries), over awkward names in four languages; what the template cannot
reproduce falls back to the email package."""
from __future__ import annotations

import io
import re
from email import quoprimime
from email.contentmanager import _encode_text
from email.generator import BytesGenerator

import pytest

from eventhub import mail, mail_prepared
from eventhub.invitations.notifications import InvitationLinks, render_invitation
from eventhub.invitations.optouts import bulk_headers

NAMES = ["Ana <b>Pérez</b> & \"Co\" =?utf-8?q?x?=", "سارة بنت محمد", "Hon. Amina Diallo", "Jean-Éric L’Hôte : « oui » ?",
         "", "x" * 300, "Дмитрий\tИванов", "ends with a space ", "From the floor", ".", "=41=3D"]


@pytest.fixture
def fixed_clock(monkeypatch):
    import datetime as dt

    moment = dt.datetime(2026, 12, 4, 21, 30, tzinfo=dt.timezone.utc)
    for module in (mail, mail_prepared):
        monkeypatch.setattr(module, "utcnow", lambda: moment)
        monkeypatch.setattr(module, "make_msgid", lambda domain=None: f"<fixed.1@{domain}>")


def sent_bytes(email, boundaries) -> bytes:
    """What ``smtplib.send_message`` writes for ``build_message(email)``."""
    message = mail.build_message(email)
    message.policy = mail.MESSAGE_POLICY
    for part, boundary in zip([p for p in message.walk() if p.is_multipart()], boundaries):
        part.set_boundary(boundary)
    with io.BytesIO() as buffer:
        BytesGenerator(buffer).flatten(message, linesep="\r\n")
        return buffer.getvalue()


def invitation(event, lang, name, n):
    token = f"T{n}-{'a' * 43}"
    email = render_invitation(event, lang, InvitationLinks(f"http://localhost/{lang}/i/{token}",
                                                           f"http://localhost/{lang}/i/{token}/decline"),
                              name=name, local_zone=("Asia/Manila", None, "America/Bogota", "Africa/Cairo")[n % 4],
                              unsubscribe_url=f"http://localhost/{lang}/u/i{n}.{'b' * 43}")
    email.headers.update(bulk_headers("i", n + 1, lang))
    email.to = f"member{n}@parliament{n}.example"
    return email


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_a_prepared_invitation_is_what_the_email_package_writes(demo_event, fixed_clock, lang):
    for n, name in enumerate(NAMES):
        email = invitation(demo_event, lang, name, n)
        prepared = mail_prepared.prepare(email)
        assert prepared is not None
        boundaries = re.findall(rb'boundary="([^"]+)"', prepared.data)
        assert len(boundaries) == 2
        assert prepared.data == sent_bytes(email, [b.decode() for b in boundaries]), (lang, name)
        assert prepared.recipients == [email.to] and prepared.sender


def test_what_the_template_cannot_write_is_left_to_the_email_package(app, demo_event, fixed_clock):
    email = invitation(demo_event, "en", "Jane", 1)
    email.to = "Jane Doe <jane@parliament.example>"
    assert mail_prepared.prepare(email) is None
    email.to = "jané@parlement.example"  # an international address: SMTPUTF8
    assert mail_prepared.prepare(email) is None
    email.to = "member." + "x" * 80 + "@parliament.example"  # the package folds it
    assert mail_prepared.prepare(email) is None
    email = invitation(demo_event, "en", "Jane", 1)
    email.headers["List-Unsubscribe"] = "<http://localhost/" + "u" * 1000 + ">"  # past one line's 998
    assert mail_prepared.prepare(email) is None
    email.headers["List-Unsubscribe"] = "<http://localhost/" + "u" * 100 + ">"  # one line: fine
    assert mail_prepared.prepare(email) is not None
    app.config["CALENDAR_UID_DOMAIN"] = "calendar." + "d" * 70 + ".example"  # a Message-ID past a line
    assert mail_prepared.prepare(email) is None


def test_short_and_plain_bodies_and_no_html(app, fixed_clock):
    for text, html in [("Hello\n", None), ("Bonjour « à tous » !\n", "<p>é</p>"), ("x" * 100 + "\n", "<p>" + "é" * 200),
                       ("\n".join(["ligne é " * 12] * 12) + "\n", "\n".join(["ل" * 50] * 20))]:
        for lang in ("en", "fr", "ar"):
            email = mail.OutgoingEmail(to="a@b.example", subject="Sujet : « test »", text=text, html=html,
                                       language=lang, headers={"List-Unsubscribe": "<http://localhost/u/1>"})
            prepared = mail_prepared.prepare(email)
            boundaries = re.findall(rb'boundary="([^"]+)"', prepared.data)
            assert prepared.data == sent_bytes(email, [b.decode() for b in boundaries])


@pytest.mark.parametrize("line", ["", " ", "a" * 75 + " ", "a" * 76 + "\t", "=" * 80, "é" * 40, "x" * 74 + "é" + "y" * 10,
                                  "ends with tab\t", "a" * 200, "  \t  "])
def test_quoted_printable_line_by_line_is_the_whole_body_encoded(line):
    text = "\n".join([line, "second line é", line, ""]) + "\n"
    assert mail_prepared._qp(text) == quoprimime.body_encode(text, 78)
    body = "\n".join([line] * 12 + ["x" * 90]) + "\n"
    assert mail_prepared._encode(body) == _encode_text(body, "utf-8", None, mail.MESSAGE_POLICY)


def test_a_kept_connection_closed_meanwhile_is_replaced_without_losing_the_message(app, smtp_server):
    import socket

    peers = []
    original = smtp_server.handle_DATA

    async def handle_DATA(server, session, envelope):
        peers.append(session.peer)
        return await original(server, session, envelope)

    smtp_server.handle_DATA = handle_DATA
    mail.close_kept_connection()

    def send(n):
        email = mail.OutgoingEmail(to=f"person{n}@parliament.example", subject=f"Message {n}", text="Hello\n",
                                   html=None, language="en")
        accepted = []
        mail.deliver_prepared(mail_prepared.prepare(email), on_accepted=lambda: accepted.append(n))
        assert accepted == [n]

    send(1)
    send(2)  # the same connection, not NOOP-checked (used a moment ago)
    mail._kept.connection[0].sock.shutdown(socket.SHUT_RDWR)  # closed meanwhile
    send(3)
    assert [m["Subject"] for m in smtp_server.messages] == ["Message 1", "Message 2", "Message 3"]
    assert len(set(peers)) == 2 and peers[0] == peers[1]
    mail.close_kept_connection()
