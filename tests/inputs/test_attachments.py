"""Attachments: type by content, limits, storage outside served folders, staff-only download."""
import io
import zipfile
from pathlib import Path

import pytest

from eventhub.events.demo import DEMO_SLUG
from eventhub.extensions import db
from eventhub.inputs.attachments import AttachmentRejected, check_attachment, detect_document_type
from eventhub.inputs.models import InputAttachment, ParliamentaryInput

from .conftest import docx_bytes, form_payload, odt_bytes, pdf_bytes
from .test_submission import confirmed_client
from tests.helpers import sign_in


def test_types_are_recognised_by_content():
    assert detect_document_type(pdf_bytes()) == "pdf"
    assert detect_document_type(docx_bytes()) == "docx"
    assert detect_document_type(odt_bytes()) == "odt"
    assert detect_document_type(b"MZ\x90\x00 an executable") is None
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert detect_document_type(plain_zip.getvalue()) is None
    assert detect_document_type(b"PK\x03\x04 truncated") is None


@pytest.mark.parametrize("filename, content", [
    ("position.docx", pdf_bytes()),       # a PDF named .docx
    ("position.pdf", docx_bytes()),       # a DOCX named .pdf
    ("position.odt", docx_bytes()),
    ("position.pdf", b"<html><script>alert(1)</script></html>"),
    ("position.exe", pdf_bytes()),        # right content, refused extension
])
def test_lying_or_unsupported_files_are_refused(filename, content):
    with pytest.raises(AttachmentRejected):
        check_attachment(filename, content)


def test_size_limit():
    with pytest.raises(AttachmentRejected):
        check_attachment("big.pdf", pdf_bytes() + b"0" * (10 * 1024 * 1024))


def test_path_components_are_dropped_from_names():
    assert check_attachment("../../etc/note.PDF", pdf_bytes()).original_filename == "note.PDF"


def post_with_files(client, files, lang="en"):
    payload = form_payload()
    payload["attachments"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post(f"/{lang}/e/{DEMO_SLUG}/inputs/new", data=payload, content_type="multipart/form-data")


def test_valid_attachments_are_stored_outside_served_folders(client, demo_event, app):
    confirmed_client(client, demo_event)
    response = post_with_files(client, [("note.pdf", pdf_bytes()), ("annexe.docx", docx_bytes()),
                                        ("résumé.odt", odt_bytes())])
    assert response.status_code == 302, response.get_data(as_text=True)
    input_ = db.session.execute(db.select(ParliamentaryInput)).scalar_one()
    assert [(a.original_filename, a.detected_type) for a in input_.attachments] == [
        ("note.pdf", "pdf"), ("annexe.docx", "docx"), ("résumé.odt", "odt")]
    root = Path(app.instance_path) / "attachments"
    for attachment in input_.attachments:
        stored = root / attachment.storage_path
        assert stored.is_file() and stored.stat().st_size == attachment.size_bytes
        assert Path(app.static_folder) not in stored.parents
    # Nothing under the static URL space serves them.
    assert client.get(f"/static/{input_.attachments[0].storage_path}").status_code == 404


def test_lying_extension_is_refused_by_the_form(client, demo_event, app):
    confirmed_client(client, demo_event)
    response = post_with_files(client, [("position.docx", pdf_bytes())], lang="fr")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "porte l’extension DOCX, mais son contenu est de type PDF" in page
    assert 'value="Protéger les parlements"' in page  # the rest of the form is kept
    assert db.session.execute(db.select(ParliamentaryInput)).first() is None
    assert not (Path(app.instance_path) / "attachments").exists() or not any(
        (Path(app.instance_path) / "attachments").rglob("*.*"))


def test_more_than_three_files_are_refused(client, demo_event):
    confirmed_client(client, demo_event)
    response = post_with_files(client, [(f"n{i}.pdf", pdf_bytes()) for i in range(4)])
    assert response.status_code == 422
    assert "at most 3 files" in response.get_data(as_text=True)
    assert db.session.execute(db.select(InputAttachment)).first() is None


@pytest.fixture
def input_with_attachment(client, demo_event):
    confirmed_client(client, demo_event)
    assert post_with_files(client, [("note de position.pdf", pdf_bytes("secret"))]).status_code == 302
    input_ = db.session.execute(db.select(ParliamentaryInput)).scalar_one()
    return input_, input_.attachments[0]


def attachment_url(input_, attachment):
    return f"/console/events/{DEMO_SLUG}/inputs/{input_.id}/attachments/{attachment.id}"


def test_staff_download_is_an_attachment_with_nosniff(app, make_user, login_as, input_with_attachment):
    input_, attachment = input_with_attachment
    client = sign_in(app.test_client(), make_user("staff@ipu.example", role="staff"))
    response = client.get(attachment_url(input_, attachment))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "note%20de%20position.pdf" in response.headers["Content-Disposition"] or \
        "note de position.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-") and b"secret" in response.data


def test_attachment_is_not_served_to_organisers_or_the_public(app, make_user, input_with_attachment):
    input_, attachment = input_with_attachment
    anonymous = app.test_client()
    response = anonymous.get(attachment_url(input_, attachment))
    assert response.status_code in (302, 401) and b"secret" not in response.data
    if response.status_code == 302:
        assert "/console/login" in response.location

    organiser = sign_in(app.test_client(), make_user("org@ipu.example", role="organiser"))
    assert organiser.get(attachment_url(input_, attachment)).status_code == 403


def test_attachment_of_another_input_is_not_found(app, make_user, make_input, input_with_attachment):
    _, attachment = input_with_attachment
    other = make_input()
    client = sign_in(app.test_client(), make_user("staff@ipu.example", role="staff"))
    assert client.get(attachment_url(other, attachment)).status_code == 404


def test_oversized_file_is_refused_by_the_form_with_a_clear_message(client, demo_event):
    confirmed_client(client, demo_event)
    response = post_with_files(client, [("big.pdf", pdf_bytes() + b"0" * (10 * 1024 * 1024))], lang="es")
    assert response.status_code == 422
    assert "supera los 10 MB" in response.get_data(as_text=True)
    assert db.session.execute(db.select(ParliamentaryInput)).first() is None
