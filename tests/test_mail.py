"""Messages as recipients' mail programs see them."""
from eventhub.mail import Attachment, OutgoingEmail, build_message, deliver


def _arabic_message():
    return OutgoingEmail(
        to="member@parliament.example", subject="تأكيد التسجيل", text="نص الرسالة",
        html='<html lang="ar" dir="rtl"><body><p>نص الرسالة</p></body></html>', language="ar",
        attachments=[Attachment("session-2.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
                                "text/calendar; method=PUBLISH")],
    )


def test_language_header_stays_on_the_whole_message(app):
    message = build_message(_arabic_message())
    assert message["Content-Language"] == "ar"
    assert message.get_content_type() == "multipart/mixed"
    body = message.get_body(preferencelist=("html",))
    assert 'dir="rtl"' in body.get_content()
    attachment = next(message.iter_attachments())
    assert attachment.get_filename() == "session-2.ics"
    assert attachment.get_param("method") == "PUBLISH"


def test_real_smtp_delivery(app, smtp_server):
    deliver(build_message(_arabic_message()))
    [received] = smtp_server.messages
    assert received["Subject"] == "تأكيد التسجيل"
    assert received["Content-Language"] == "ar"
    assert received.get_body(preferencelist=("plain",)).get_content().strip() == "نص الرسالة"


def test_outbox_without_smtp(app):
    path = deliver(build_message(_arabic_message()))
    assert path.endswith(".eml") and "outbox" in path


def test_list_unsubscribe_is_written_as_is_not_as_an_encoded_word(app):
    """A long unsubscribe URL has no space to fold at: the default policy would write it as
    =?utf-8?q?=3Chttps...?=, which mailbox providers do not read."""
    import email as email_lib
    from email import policy

    from eventhub.mail import OutgoingEmail, build_message

    url = "https://events.ipu.example/ar/u/i123." + "A" * 43
    message = build_message(OutgoingEmail(
        to="a@example.org", subject="Invitation : une réunion très importante " * 3, text="x", html=None,
        language="fr", headers={"List-Unsubscribe": f"<{url}>",
                                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}))
    raw = bytes(message)
    assert f"\nList-Unsubscribe: <{url}>\n".encode() in raw.replace(b"\r\n", b"\n")
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw
    assert b"=?utf-8?q?=3Chttps" not in raw
    parsed = email_lib.message_from_bytes(raw, policy=policy.default)
    assert parsed["List-Unsubscribe"] == f"<{url}>"
    assert "réunion" in parsed["Subject"]  # other headers are folded and encoded as before
