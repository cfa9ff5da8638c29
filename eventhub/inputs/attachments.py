"""Attachments: type found from the content, size and count limits, storage outside any
served folder (``instance/attachments/``)."""
from __future__ import annotations

import hashlib
import io
import os
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from eventhub.i18n import lazy_ngettext

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
#: Accepted types: file-name extension -> MIME type used when staff download it.
MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class AttachmentRejected(ValueError):
    """The message is a lazy, localised string for the form."""


@dataclass
class CheckedAttachment:
    original_filename: str
    detected_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def detect_document_type(content: bytes) -> str | None:
    """"pdf", "docx" or "odt" from the bytes themselves, or None.

    DOCX and ODT are ZIP archives: a DOCX has ``[Content_Types].xml`` and
    ``word/document.xml``; an ODT starts with a ``mimetype`` entry naming the ODF text type.
    Only the archive's directory and that tiny entry are read, so a ZIP bomb costs nothing.
    """
    if content.startswith(b"%PDF-"):
        return "pdf"
    if not content.startswith(b"PK"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 100 and archive.read(info).strip() == ODT_MIMETYPE:
                    return "odt"
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return None
    return None


def clean_filename(filename: str) -> str:
    """The last path component, without control characters, at most 255 characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().lstrip(".")
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 250 - len(extension)] + dot + extension) if dot else name[:255]
    return name or "attachment"


def check_attachment(filename: str, content: bytes) -> CheckedAttachment:
    """Refuse an empty, oversized, unsupported or mislabelled file (raises AttachmentRejected)."""
    name = clean_filename(filename)
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if not content:
        raise AttachmentRejected(_l("The file “%(name)s” is empty.", name=name))
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise AttachmentRejected(_l("The file “%(name)s” is larger than 10 MB.", name=name))
    if extension not in MIMETYPES:
        raise AttachmentRejected(
            _l("The file “%(name)s” is not a PDF, DOCX or ODT document.", name=name)
        )
    detected = detect_document_type(content)
    if detected is None:
        raise AttachmentRejected(
            _l("The file “%(name)s” is not a PDF, DOCX or ODT document.", name=name)
        )
    if detected != extension:
        raise AttachmentRejected(_l(
            "The file “%(name)s” is named as %(named)s but its content is %(found)s. "
            "Please send the document under its real type.",
            name=name, named=extension.upper(), found=detected.upper(),
        ))
    return CheckedAttachment(original_filename=name, detected_type=detected, content=content)


def attachments_root() -> Path:
    return Path(current_app.instance_path) / "attachments"


def store_attachment_file(event_id: int, checked: CheckedAttachment) -> str:
    """Write the bytes under a random name; return the path relative to the root."""
    relative = f"{event_id}/{secrets.token_hex(16)}.{checked.detected_type}"
    path = attachments_root() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:
        handle.write(checked.content)
    os.chmod(path, 0o600)
    return relative


def attachment_path(storage_path: str) -> Path:
    """Absolute path of a stored file, refusing anything that escapes the root."""
    root = attachments_root().resolve()
    path = (root / storage_path).resolve()
    if root not in path.parents:
        raise ValueError(f"attachment path outside the attachments folder: {storage_path!r}")
    return path


def remove_attachment_file(storage_path: str) -> None:
    try:
        attachment_path(storage_path).unlink()
    except FileNotFoundError:
        pass


def too_many_attachments_message():
    return lazy_ngettext("You can attach at most %(num)s file to an input.",
                         "You can attach at most %(num)s files to an input.", MAX_ATTACHMENTS)
