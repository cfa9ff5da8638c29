"""The message builder shared by every domain."""
from eventhub.mail import Attachment, OutgoingEmail, build_message


def test_content_language_survives_alternative_parts_and_attachments(app):
    email = OutgoingEmail(to="a@parliament.example", subject="Séance", text="Bonjour", html="<p>Bonjour</p>",
                          language="fr", attachments=[Attachment("x.ics", b"BEGIN:VCALENDAR", "text/calendar")])
    message = build_message(email)
    assert message["Content-Language"] == "fr"
    assert message.get_body(("plain",)).get_content().strip() == "Bonjour"
