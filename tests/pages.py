"""The public pages every cross-cutting test visits: browser layout and language
checks, screenshots, accessibility (axe), security headers and fuzzing.

To bring a new public page under all of those tests, add one ``PublicPage`` to
``PUBLIC_PAGES``. Its ``endpoint`` is the Flask endpoint; while that endpoint is not
registered (its branch has not landed) the tests for the page are skipped, not failed.
``url_values(event)`` runs inside the app context with the demo event loaded and
returns the URL values other than ``lang`` (it may create data, e.g. a registration,
and return its manage token).

Console pages go in ``CONSOLE_PAGES``: they are opened signed in as ``role``.
"""
from __future__ import annotations

import functools
import tempfile
from dataclasses import dataclass, field
from typing import Callable

from eventhub.i18n import LANGUAGES, localized


@dataclass(frozen=True)
class PublicPage:
    #: Short name for test ids and screenshot file names.
    name: str
    #: Flask endpoint of the page.
    endpoint: str
    #: Returns the URL values besides ``lang``; called in an app context with the demo event.
    url_values: Callable = lambda event: {"slug": event.slug}
    #: Text the page's <title> must contain in ``lang`` (None: only "not empty").
    expected_title: Callable | None = None
    #: Query string appended to the URL (e.g. "tz=Asia/Manila").
    query: str = ""


@dataclass(frozen=True)
class ConsolePage:
    name: str
    endpoint: str
    url_values: Callable = lambda event: {}
    role: str = "organiser"
    languages: tuple = field(default=("en",))


def _event_title(event, lang):
    return localized(event.title, lang)


def registration_token_values(event) -> dict:
    """A registration for both demo sessions, stored directly through the models
    (so the manage page can be tested before any registration code exists);
    returns {"token": <the personal manage token>}."""
    from eventhub.db_types import utcnow
    from eventhub.extensions import db
    from eventhub.registration.models import Registration, SessionRegistration
    from eventhub.security import hash_token, new_token

    token = new_token()
    registration = Registration(
        event=event, email=f"browser-{token[:8].lower()}@parliament.example", honorific="Ms",
        given_name="Amina", family_name="Haddad", country="JO", parliament="House of Representatives",
        role="member", language="en", timezone="Asia/Amman", consented_at=utcnow(),
        manage_token_hash=hash_token(token),
    )
    for session in event.sessions:
        registration.sessions.append(SessionRegistration(session_id=session.id, listening_language="en"))
    db.session.add(registration)
    db.session.commit()
    return {"token": token}


PUBLIC_PAGES: list[PublicPage] = [
    PublicPage("event", "events.event_page", expected_title=_event_title),
    PublicPage("event-manila", "events.event_page", expected_title=_event_title, query="tz=Asia/Manila"),
    PublicPage("inputs-new", "inputs.new_input"),
    PublicPage("inputs-thanks", "inputs.input_received"),
    # Skipped until the registration branch lands; then tested with no further edit.
    PublicPage("register", "registration.register"),
    PublicPage("manage", "registration.manage", url_values=registration_token_values),
]

CONSOLE_PAGES: list[ConsolePage] = [
    # ConsolePage("dashboard", "console.dashboard"),
]


@functools.lru_cache(maxsize=1)
def route_map_app():
    """An app built only to read its URL map (no database is touched), so that
    tests can be parametrised over the routes and pages that exist on this branch."""
    from eventhub import create_app

    instance = tempfile.mkdtemp(prefix="eventhub-routes-")
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "route-map",
        "INSTANCE_PATH": instance,
        "DATABASE_URL": f"sqlite:///{instance}/routes.sqlite3",
        "JOBS_SQLITE_PATH": f"{instance}/jobs.sqlite3",
    })
    return app


def endpoint_exists(endpoint: str) -> bool:
    return endpoint in route_map_app().view_functions


def page_params(pages, languages=LANGUAGES):
    """pytest params (page, lang) with a skip mark while the page's endpoint is absent."""
    import pytest

    params = []
    for page in pages:
        marks = [] if endpoint_exists(page.endpoint) else [
            pytest.mark.skip(reason=f"endpoint {page.endpoint} is not on this branch yet")
        ]
        for lang in languages:
            params.append(pytest.param(page, lang, marks=marks, id=f"{page.name}-{lang}"))
    return params


def page_url(app, page: PublicPage, lang: str, values: dict) -> str:
    """The page's path (with query) for ``lang``, ``values`` from ``page.url_values``."""
    from flask import url_for

    with app.test_request_context():
        path = url_for(page.endpoint, lang=lang, **values)
    return f"{path}?{page.query}" if page.query else path
