"""Email: multipart text + HTML in the recipient's language, sent by SMTP or, on a
machine without SMTP, written as .eml files under instance/outbox/ to be read.

Build with ``build_message(...)``, deliver in a job with ``deliver(message)``;
``send_message_job`` (in ``eventhub.jobs.tasks``) does both with retries.
"""
from __future__ import annotations

import dataclasses
import smtplib
import threading
import time
import uuid
from dataclasses import dataclass, field
from email import policy as email_policy
from email.message import EmailMessage
from email.policy import EmailPolicy
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


#: Written on one line. Subject: see below. List-Unsubscribe: a ``<https://...>`` longer
#: than a line has no space to fold at, and the default folder would turn it into an
#: RFC 2047 encoded word (``=?utf-8?q?=3Chttps...``) that mailbox providers do not read.
ONE_LINE_HEADERS = ("subject", "list-unsubscribe", "list-unsubscribe-post")


class _SubjectOnOneLine(EmailPolicy):
    """Python's header folder drops the space between two encoded words when it folds
    there ("séance 2\u00a0: Créer" came out as "séance 2\u00a0:Créer"): the Subject is
    written on one line (RFC 5322 allows 998 octets), every other header as usual."""

    def _unfolded(self, name):
        return email_policy.default.clone(max_line_length=998, linesep=self.linesep) \
            if name.lower() in ONE_LINE_HEADERS else None

    def fold(self, name, value):
        policy = self._unfolded(name)
        return policy.fold(name, value) if policy else super().fold(name, value)

    def fold_binary(self, name, value):
        policy = self._unfolded(name)
        return policy.fold_binary(name, value) if policy else super().fold_binary(name, value)


MESSAGE_POLICY = _SubjectOnOneLine()


def typeset(email: OutgoingEmail) -> OutgoingEmail:
    """The email as it is sent: French gets no-break spaces before : ; ! ? and inside « »."""
    if email.language == "fr":
        from .typography import french_html, french_text

        email = dataclasses.replace(email, subject=french_text(email.subject),
                                    text=french_text(email.text),
                                    html=french_html(email.html) if email.html else email.html)
    return email


def build_message(email: OutgoingEmail, encodings: tuple[str | None, str | None] = (None, None)) -> EmailMessage:
    """``encodings``: the text and HTML parts' Content-Transfer-Encoding (None: the email
    package chooses, as always; ``mail_prepared`` names them for its templates)."""
    return _build(typeset(email), encodings)


def _build(email: OutgoingEmail, encodings=(None, None)) -> EmailMessage:
    message = EmailMessage(policy=MESSAGE_POLICY)
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=current_app.config.get("CALENDAR_UID_DOMAIN"))
    message["Auto-Submitted"] = "auto-generated"
    for name, value in email.headers.items():
        message[name] = value
    message.set_content(email.text, subtype="plain", charset="utf-8", cte=encodings[0])
    if email.html:
        message.add_alternative(email.html, subtype="html", charset="utf-8", cte=encodings[1])
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
    # A message re-read from the job queue has the parser's policy: write it with ours.
    message.policy = MESSAGE_POLICY.clone(linesep=message.policy.linesep)
    if not config.get("SMTP_HOST"):
        outbox = Path(current_app.instance_path) / "outbox"
        outbox.mkdir(parents=True, exist_ok=True)
        path = outbox / f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        path.write_bytes(bytes(message))
        if on_accepted:
            on_accepted()
        return str(path)
    return _send(config, lambda smtp: smtp.send_message(message), on_accepted)


def deliver_prepared(prepared, on_accepted=None) -> str:
    """``deliver`` for a message already written out (``mail_prepared.Prepared``: the
    envelope and the exact bytes ``smtplib.send_message`` would have sent)."""
    config = current_app.config
    if not config.get("SMTP_HOST"):
        outbox = Path(current_app.instance_path) / "outbox"
        outbox.mkdir(parents=True, exist_ok=True)
        path = outbox / f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        path.write_bytes(prepared.data.replace(b"\r\n", b"\n"))
        if on_accepted:
            on_accepted()
        return str(path)
    return _send(config, lambda smtp: _sendmail(smtp, prepared), on_accepted, unchecked=True)


class _Stale(Exception):
    """The kept connection had closed (the server ends a session after so many messages,
    or after idling): found at MAIL FROM, before anything of the message was sent."""


def _sendmail(smtp: smtplib.SMTP, prepared) -> None:
    """``smtp.sendmail(...)`` (same commands, replies and errors), except that a connection
    that proves closed at its first command raises ``_Stale`` (nothing was sent: the
    caller sends again on a new connection)."""
    try:
        smtp.ehlo_or_helo_if_needed()
        options = [f"size={len(prepared.data)}"] if smtp.does_esmtp and smtp.has_extn("size") else []
        code, reply = smtp.mail(prepared.sender, options)
    except (smtplib.SMTPServerDisconnected, OSError) as exc:
        raise _Stale() from exc
    if code == 421:
        smtp.close()
        raise _Stale()
    if code != 250:
        smtp._rset()
        raise smtplib.SMTPSenderRefused(code, reply, prepared.sender)
    refused = {}
    for recipient in prepared.recipients:
        code, reply = smtp.rcpt(recipient)
        if code not in (250, 251):
            refused[recipient] = (code, reply)
            if code == 421:
                smtp.close()
                raise smtplib.SMTPRecipientsRefused(refused)
    if len(refused) == len(prepared.recipients):
        smtp._rset()
        raise smtplib.SMTPRecipientsRefused(refused)
    code, reply = smtp.data(prepared.data)
    if code != 250:
        if code == 421:
            smtp.close()
        else:
            smtp._rset()
        raise smtplib.SMTPDataError(code, reply)


#: A kept connection used less than this many seconds ago is not NOOP-checked before a
#: prepared message (``deliver_prepared``): one round trip per message in a batch; a
#: connection found closed at MAIL FROM is replaced and the message sent on the new one.
UNCHECKED_REUSE_SECONDS = 2.0


def _send(config, send, on_accepted, unchecked=False) -> str:
    smtp, key = _connection(config, unchecked=unchecked)
    try:
        try:
            send(smtp)
        except _Stale:
            _forget(smtp)
            smtp, key = _connection(config)  # a new one (nothing kept now)
            send(smtp)
    except _Stale as exc:
        _forget(smtp)
        raise smtplib.SMTPServerDisconnected("the mail server closed the connection") from exc.__cause__
    except BaseException:
        _forget(smtp)
        raise
    if on_accepted:
        on_accepted()
    if not _keep(smtp, key, config):
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()  # the message is already with the server
    return f"smtp://{config['SMTP_HOST']}"


# --- one SMTP connection per worker thread, reused across messages ---------------------

_kept = threading.local()


def _settings(config) -> tuple:
    return (config["SMTP_HOST"], int(config.get("SMTP_PORT") or 25), bool(config.get("SMTP_STARTTLS")),
            config.get("SMTP_USER") or "", config.get("SMTP_PASSWORD") or "")


def _connection(config, unchecked=False) -> tuple[smtplib.SMTP, tuple]:
    """The thread's open connection if it is for the same server and account, was used
    less than SMTP_REUSE_SECONDS ago and still answers NOOP (``unchecked``: or was used
    less than ``UNCHECKED_REUSE_SECONDS`` ago); otherwise a new one."""
    key = _settings(config)
    kept = getattr(_kept, "connection", None)
    if kept is not None:
        smtp, kept_key, last_used = kept
        _kept.connection = None
        reuse = float(config.get("SMTP_REUSE_SECONDS") or 0)
        idle = time.monotonic() - last_used
        if kept_key == key and idle < reuse and unchecked and idle < UNCHECKED_REUSE_SECONDS:
            return smtp, key
        if kept_key == key and idle < reuse:
            try:
                if smtp.noop()[0] == 250:
                    return smtp, key
            except (smtplib.SMTPException, OSError):
                pass
        _close(smtp)
    host, port, starttls, user, password = key
    smtp = smtplib.SMTP(host, port, timeout=float(config.get("SMTP_TIMEOUT") or 20))
    try:
        if starttls:
            smtp.starttls()
        if user:
            smtp.login(user, password)
    except BaseException:
        smtp.close()
        raise
    return smtp, key


def _keep(smtp: smtplib.SMTP, key: tuple, config) -> bool:
    if not float(config.get("SMTP_REUSE_SECONDS") or 0):
        return False
    _kept.connection = (smtp, key, time.monotonic())
    return True


def _forget(smtp: smtplib.SMTP) -> None:
    """After a failure the connection is not reused (its state is unknown)."""
    smtp.close()


def _close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def close_kept_connection() -> None:
    """Say goodbye to this thread's kept SMTP connection, if any (tests, shutdown)."""
    kept = getattr(_kept, "connection", None)
    _kept.connection = None
    if kept is not None:
        _close(kept[0])
