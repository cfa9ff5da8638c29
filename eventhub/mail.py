"""Email: multipart text + HTML in the recipient's language, sent by SMTP or, on a
machine without SMTP, written as .eml files under instance/outbox/ to be read.

Build with ``build_message(...)``, deliver in a job with ``deliver(message)``;
``send_message_job`` (in ``eventhub.jobs.tasks``) does both with retries.
"""
from __future__ import annotations

import smtplib
import time
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app

from .db_types import utcnow


@dataclass
class Attachment:
    filename: str
    content: bytes
    mimetype: str  # "text/calendar; method=PUBLISH"

    @property
    def maintype_subtype(self) -> tuple[str, str]:
        main, _, rest = self.mimetype.partition("/")
        return main, rest.split(";")[0].strip()

    @property
    def params(self) -> dict[str, str]:
        params = {}
        for part in self.mimetype.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key:
                params[key] = value
        return params


@dataclass
class OutgoingEmail:
    to: str
    subject: str
    text: str
    html: str | None
    language: str
    attachments: list[Attachment] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


def build_message(email: OutgoingEmail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=current_app.config.get("CALENDAR_UID_DOMAIN"))
    message["Auto-Submitted"] = "auto-generated"
    for name, value in email.headers.items():
        message[name] = value
    message.set_content(email.text, subtype="plain", charset="utf-8")
    if email.html:
        message.add_alternative(email.html, subtype="html", charset="utf-8")
    for attachment in email.attachments:
        maintype, subtype = attachment.maintype_subtype
        message.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype,
            filename=attachment.filename, params=attachment.params,
        )
    # Set last: make_alternative()/make_mixed() move every Content-* header into the
    # first subpart, which would hide the language from the top of the message.
    message["Content-Language"] = email.language
    return message


def deliver(message: EmailMessage, on_accepted=None) -> str:
    """Send now (SMTP) or write to the outbox; returns where it went. Raises on failure
    so that the job queue retries.

    ``on_accepted`` is called as soon as the mail server has taken the message, before
    saying goodbye: the job marks itself done there, so that a crash afterwards does not
    send it again, and a failed QUIT after acceptance is not a failure."""
    config = current_app.config
    if not config.get("SMTP_HOST"):
        outbox = Path(current_app.instance_path) / "outbox"
        outbox.mkdir(parents=True, exist_ok=True)
        path = outbox / f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        path.write_bytes(bytes(message))
        if on_accepted:
            on_accepted()
        return str(path)
    smtp = smtplib.SMTP(config["SMTP_HOST"], int(config.get("SMTP_PORT") or 25),
                        timeout=float(config.get("SMTP_TIMEOUT") or 20))
    try:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USER"):
            smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
        smtp.send_message(message)
    except BaseException:
        smtp.close()
        raise
    if on_accepted:
        on_accepted()
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()  # the message is already with the server
    return f"smtp://{config['SMTP_HOST']}"
