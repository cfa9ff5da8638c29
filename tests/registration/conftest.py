"""Helpers for the registration tests: a valid submission to start from."""
from __future__ import annotations

import pytest

from eventhub.extensions import db
from eventhub.registration.models import Registration, SessionRegistration

SLUG = "safe-cyberspace-2022"


def form_data(**overrides) -> dict:
    """What a person fills in on the form for session 2 with French interpretation."""
    data = {
        "honorific": "hon",
        "given_name": "Amina",
        "family_name": "Diallo",
        "email": "amina.diallo@assemblee.example",
        "country": "SN",
        "parliament": "Assemblée nationale du Sénégal",
        "role": "member",
        "sessions": ["2"],
        "language_2": "fr",
        "timezone": "Africa/Dakar",
        "accessibility_needs": "",
        "consent": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def api_payload(**overrides) -> dict:
    payload = {
        "honorific": "dr",
        "given_name": "Lena",
        "family_name": "Berg",
        "email": "lena.berg@riksdag.example",
        "country": "SE",
        "parliament": "Riksdag",
        "role": "staff",
        "sessions": [2],
        "listening_language": {"2": "en"},
        "timezone": "Europe/Stockholm",
        "consent": True,
        "language": "en",
    }
    payload.update(overrides)
    return {key: value for key, value in payload.items() if value is not None}


def registration_data(event, **overrides):
    """A RegistrationData through the real validation (so tests use what users send)."""
    from eventhub.registration.validation import clean_registration

    raw = {
        "honorific": "ms", "given_name": "Maria", "family_name": "Lopez",
        "email": "maria.lopez@congreso.example", "country": "ES", "parliament": "Congreso",
        "role": "member", "sessions": [2], "listening_language": {"2": "es"},
        "timezone": "Europe/Madrid", "consent": True, "language": "es",
    }
    raw.update(overrides)
    data, errors = clean_registration(event, raw, default_language=raw.get("language", "en"))
    assert not errors, errors
    return data


def count_rows() -> tuple[int, int]:
    db.session.expire_all()
    return (
        db.session.execute(db.select(db.func.count(Registration.id))).scalar_one(),
        db.session.execute(db.select(db.func.count(SessionRegistration.id))).scalar_one(),
    )


def register_url(lang="en", slug=SLUG) -> str:
    return f"/{lang}/e/{slug}/register"


@pytest.fixture
def register_person(demo_event):
    """register_person(email=..., sessions=[2], ...) -> RegisterResult, through operations."""
    from eventhub.registration import operations

    def make(**overrides):
        return operations.register(demo_event, registration_data(demo_event, **overrides))

    return make
