"""Fixtures for the inputs tests: real PDF/DOCX/ODT bytes, registrants, stored inputs."""
from __future__ import annotations

import io
import zipfile

import pytest

from eventhub.extensions import db


def pdf_bytes(text: str = "Input") -> bytes:
    body = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n"
        + f"4 0 obj<</Length {len(body)}>>stream\n".encode() + body + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def docx_bytes(text: str = "Input") -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(text: str = "Input") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
            f"<text:p>{text}</text:p></office:text></office:body></office:document-content>"
        ))
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return buffer.getvalue()


@pytest.fixture
def make_registration(app, demo_event):
    """A registrant of the demo event and their manage token."""
    from eventhub.registration.models import Registration
    from eventhub.security import hash_token, new_token

    def make(email="amina.diallo@assemblee.sn", given_name="Amina", family_name="Diallo",
             country="SN", parliament="Assemblée nationale du Sénégal", language="fr"):
        token = new_token()
        registration = Registration(
            event=demo_event, email=email, given_name=given_name, family_name=family_name,
            country=country, parliament=parliament, language=language,
            manage_token_hash=hash_token(token),
        )
        db.session.add(registration)
        db.session.commit()
        return registration, token

    return make


@pytest.fixture
def make_input(app, demo_event):
    """Store an input directly (as the public form would)."""
    from eventhub.inputs.operations import InputData, create_input

    counter = {"n": 0}

    def make(objectives=(1,), title=None, text="Text of the input.", language="en", country="FR",
             parliament="Parliament", author_name="Author", author_email=None, attribution="named",
             status=None, event=None, **kwargs):
        event = event or demo_event
        counter["n"] += 1
        data = InputData(
            objectives=[o for o in event.objectives if o.number in set(objectives)],
            title=title or f"Input {counter['n']}", text=text, language=language, country=country,
            parliament=parliament, author_name=author_name,
            author_email=author_email or f"author{counter['n']}@parliament.example",
            attribution=attribution, **kwargs,
        )
        input_, token = create_input(event, data, enforce_deadline=False)
        if status:
            input_.status = status
            db.session.commit()
        input_.edit_token = token
        return input_

    return make


def form_payload(objectives=(1,), **overrides) -> dict:
    payload = {
        "objectives": [str(n) for n in objectives],
        "title": "Protéger les parlements",
        "text": "Les parlements sont des infrastructures critiques.",
        "language": "fr",
        "country": "SN",
        "parliament": "Assemblée nationale",
        "author_name": "Awa Ndiaye",
        "attribution": "named",
    }
    payload.update(overrides)
    return payload
