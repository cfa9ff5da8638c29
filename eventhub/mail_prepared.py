"""A mass send's messages written from one prepared MIME template (issue 20).

Building an invitation with the email package (``mail.build_message``) and writing it out
(``smtplib.send_message``) took most of a send's time: some thirty headers parsed and
folded, 36 KB of text quoted-printable encoded in pure Python, the same .ics part built
again for every person. Here the message is built once per shape (language, subject,
sender, attachments, header names, the two parts' transfer encodings) with stand-ins for
the personal headers and bodies, written out once, and each person's copy is that output
with their headers and their own bodies encoded as the email package would encode them
(quoted-printable line by line: each line's encoding depends on that line only, so the
lines every copy shares are encoded once).

``prepare(email)`` returns the envelope and the exact bytes ``smtplib.send_message`` would
send for ``build_message(email)`` (same Date and Message-ID given), or None when the email
falls outside what the template reproduces (a non-ASCII or long personal header, which
the email package would encode or fold): the caller then builds it the usual way.
``tests/test_mail_prepared.py`` compares the two byte for byte.
"""
from __future__ import annotations

import binascii
import io
import re
from dataclasses import dataclass
from email import quoprimime
from email.contentmanager import _encode_text
from email.generator import BytesGenerator
from email.utils import format_datetime, getaddresses, make_msgid

from flask import current_app

from .db_types import utcnow
from .mail import MESSAGE_POLICY, ONE_LINE_HEADERS, OutgoingEmail, _build, typeset

_STAND_IN = "EVHx7q1MIME{}x"
#: Personal header values written as they are: what the email package would write
#: unchanged on one line (printable ASCII, no leading/trailing space, short).
_PLAIN_VALUE = re.compile(r"[!-~](?:[ -~]*[!-~])?")
_MAX_LINE = 78
_NEWLINES = re.compile(r"\r\n|\r|\n")


@dataclass
class Prepared:
    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class _Template:
    pieces: list  # bytes, or the name of what goes there ("text", "html", a header)
    boundaries: tuple[bytes, ...]
    sender: str


#: Templates by shape; lines of quoted-printable by text line.
_templates: dict[tuple, _Template | None] = {}
_qp_lines: dict[str, str] = {}


def _qp(text: str) -> str:
    """``quoprimime.body_encode(text, 78)`` for a text ending in a newline, line by line
    (body_encode quotes every byte but CR and LF, then splits and wraps each line alone)."""
    lines = text.split("\n")
    assert lines[-1] == ""
    out = []
    cache = _qp_lines
    if len(cache) > 50_000:
        cache.clear()
    for line in lines[:-1]:
        encoded = cache.get(line)
        if encoded is None:
            encoded = cache[line] = quoprimime.body_encode(line, MESSAGE_POLICY.max_line_length)
        out.append(encoded)
    out.append("")
    return "\n".join(out)


def _encode(text: str) -> tuple[str, str]:
    """``email.contentmanager._encode_text(text, "utf-8", None, MESSAGE_POLICY)``, with the
    quoted-printable case done line by line (``_qp``); the same choice of encoding."""
    policy = MESSAGE_POLICY
    lines = text.encode("utf-8").splitlines()
    if max((len(x) for x in lines), default=0) <= policy.max_line_length or len(lines) <= 10 or "\r" in text:
        return _encode_text(text, "utf-8", None, policy)  # short, or an unusual text: as it is
    linesep = policy.linesep.encode("ascii")
    sniff = linesep.join(lines[:10]) + linesep
    sniff_qp = quoprimime.body_encode(sniff.decode("latin-1"), policy.max_line_length)
    if len(sniff_qp) > len(binascii.b2a_base64(sniff)):
        return _encode_text(text, "utf-8", "base64", policy)
    return "quoted-printable", _qp((b"\n".join(lines) + b"\n").decode("latin-1"))


def _shape(email: OutgoingEmail, encodings) -> tuple:
    config = current_app.config
    return (config["MAIL_FROM"], config.get("CALENDAR_UID_DOMAIN"), email.language, email.subject,
            bool(email.html), tuple(email.headers), encodings,
            tuple((a.filename, a.mimetype, hash(a.content)) for a in email.attachments))


def _flatten(message) -> bytes:
    with io.BytesIO() as buffer:
        BytesGenerator(buffer).flatten(message, linesep="\r\n")
        return buffer.getvalue()


def _template(email: OutgoingEmail, encodings) -> _Template | None:
    """Build the stand-in message, write it out, and cut it where the personal parts go."""
    stand = {"To": _STAND_IN.format("TO") + "@example.invalid",
             **{name: _STAND_IN.format(f"H{n}") for n, name in enumerate(email.headers)}}
    bodies = {"text": _STAND_IN.format("TEXT") + "\n", "html": _STAND_IN.format("HTML") + "\n"}
    stand_in = OutgoingEmail(to=stand["To"], subject=email.subject, text=bodies["text"],
                             html=bodies["html"] if email.html else None, language=email.language,
                             attachments=email.attachments,
                             headers={name: stand[name] for name in email.headers})
    message = _build(stand_in, encodings)
    sender = getaddresses([message["Sender"] if "Sender" in message else message["From"]])[0][1]
    if not sender.isascii():
        return None
    stand["Date"], stand["Message-ID"] = str(message["Date"]), str(message["Message-ID"])
    data = _flatten(message)
    boundaries = tuple(part.get_boundary().encode("ascii") for part in message.walk() if part.is_multipart())
    marks = []
    for name, value in stand.items():
        line = f"{name}: {value}\r\n".encode("ascii")
        if data.count(line) != 1:
            return None
        marks.append((data.index(line), len(line), name))
    for field, cte in zip(("text", "html"), encodings):
        if field == "html" and not email.html:
            continue
        encoded = _NEWLINES.sub("\r\n", _encode_text(bodies[field], "utf-8", cte, MESSAGE_POLICY)[1]).encode("ascii")
        if data.count(encoded) != 1:
            return None
        marks.append((data.index(encoded), len(encoded), field))
    pieces, at = [], 0
    for start, length, name in sorted(marks):
        pieces += [data[at:start], name]
        at = start + length
    pieces.append(data[at:])
    return _Template(pieces, boundaries, sender)


def prepare(email: OutgoingEmail) -> Prepared | None:
    """The envelope and bytes of ``build_message(email)`` as ``smtplib.send_message``
    writes them, from the email's template, or None (build it the usual way)."""
    personal = {"To": email.to, **email.headers}
    if not all(_PLAIN_VALUE.fullmatch(value)
               and len(name) + 2 + len(value) <= (998 if name.lower() in ONE_LINE_HEADERS else _MAX_LINE)
               for name, value in personal.items()):
        return None
    recipients = [address for _, address in getaddresses([email.to])]
    if len(recipients) != 1 or recipients[0] != email.to:
        return None  # a bare address only: what the To header then says is that address
    email = typeset(email)
    text_cte, text = _encode(email.text)
    html_cte, html = _encode(email.html) if email.html else (None, "")
    key = _shape(email, (text_cte, html_cte))
    template = _templates.get(key, False)
    if template is False:
        if len(_templates) > 256:
            _templates.clear()
        template = _templates[key] = _template(email, (text_cte, html_cte))
    if template is None:
        return None
    values = {
        "To": email.to, "Date": format_datetime(utcnow()),
        "Message-ID": make_msgid(domain=current_app.config.get("CALENDAR_UID_DOMAIN")),
        **email.headers,
    }
    bodies = {"text": text, "html": html} if email.html else {"text": text}
    # As BytesGenerator writes a payload: CRLF line ends; an 8bit one's bytes as they were.
    bodies = {field: (payload.replace("\n", "\r\n") if "\r" not in payload else _NEWLINES.sub("\r\n", payload))
              .encode("ascii", "surrogateescape") for field, payload in bodies.items()}
    if len(values["Message-ID"]) + len("Message-ID: ") > _MAX_LINE:
        return None  # (a long CALENDAR_UID_DOMAIN: the package would fold it)
    for body in bodies.values():
        if any(b"--" + boundary in body for boundary in template.boundaries):
            return None  # (the email package would have chosen another boundary)
    out = []
    for piece in template.pieces:
        if isinstance(piece, bytes):
            out.append(piece)
        elif piece in bodies:
            out.append(bodies[piece])
        else:
            out.append(f"{piece}: {values[piece]}\r\n".encode("ascii"))
    return Prepared(template.sender, recipients, b"".join(out))
