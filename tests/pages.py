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
from dataclasses import dataclass
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
    #: False for pages that deliberately show no language switcher (the manage page is
    #: reached from an email already in the person's language).
    has_language_switcher: bool = True


@dataclass(frozen=True)
class ConsolePage:
    name: str
    endpoint: str
    url_values: Callable = lambda event: {}
    role: str = "organiser"


def _event_title(event, lang):
    return localized(event.title, lang)


def registration_token_values(event) -> dict:
    """A registration for both demo sessions made through the registration domain's own
    operation (as the form would); returns {"token": <the personal manage token>}."""
    import uuid

    from eventhub.registration.operations import register
    from eventhub.registration.validation import RegistrationData

    result = register(event, RegistrationData(
        honorific="hon", given_name="Amina", family_name="Haddad",
        email=f"browser-{uuid.uuid4().hex[:8]}@parliament.example", country="JO",
        parliament="House of Representatives", role="member", timezone="Asia/Amman", language="ar",
        sessions={session.number: ("ar" if session.has_interpretation else session.floor_language)
                  for session in event.sessions},
    ), notify_duplicate=False)
    return {"token": result.manage_token}


def invitation_token_values(event) -> dict:
    """An invitee of the event (as the console would add one); {"token": <personal link token>}."""
    import uuid

    from eventhub.invitations.operations import InviteeData, create_invitee
    from eventhub.invitations.tokens import invitation_token

    invitee = create_invitee(event, InviteeData(
        name="Hon. Amina Haddad", email=f"invitee-{uuid.uuid4().hex[:8]}@parliament.example",
        language="ar", parliament="House of Representatives", country="JO", timezone="Asia/Amman"))
    return {"token": invitation_token(invitee)}


def unsubscribe_token_values(event) -> dict:
    """An invitee's one-click unsubscribe token (the List-Unsubscribe URL's)."""
    from eventhub.invitations.models import Invitee
    from eventhub.invitations.optouts import unsubscribe_token

    invitation_token_values(event)
    invitee = event_invitees(event)[-1]
    assert isinstance(invitee, Invitee)
    return {"token": unsubscribe_token("i", invitee.id)}


def calendar_link_values(event) -> dict:
    """The page a personal calendar entry links to (the feed's read-only token)."""
    from eventhub.calendars.services import feed_token
    from eventhub.registration.operations import registration_by_token

    registration = registration_by_token(registration_token_values(event)["token"])
    return {"registration_id": registration.id, "token": feed_token(registration)}


def event_invitees(event) -> list:
    from eventhub.extensions import db
    from eventhub.invitations.models import Invitee

    return list(db.session.execute(db.select(Invitee).filter_by(event_id=event.id).order_by(Invitee.id)).scalars())


PUBLIC_PAGES: list[PublicPage] = [
    PublicPage("event", "events.event_page", expected_title=_event_title),
    PublicPage("event-manila", "events.event_page", expected_title=_event_title, query="tz=Asia/Manila"),
    PublicPage("inputs-new", "inputs.new_input"),
    PublicPage("inputs-thanks", "inputs.input_received"),
    PublicPage("register", "registration.register"),
    PublicPage("invitation", "invitations.landing", url_values=invitation_token_values),
    PublicPage("invitation-decline", "invitations.decline", url_values=invitation_token_values,
               has_language_switcher=False),
    PublicPage("unsubscribe", "invitations.unsubscribe", url_values=unsubscribe_token_values,
               has_language_switcher=False),
    PublicPage("calendar-link", "calendars.registration_link", url_values=calendar_link_values,
               has_language_switcher=False),
    PublicPage("concept-note", "invitations.concept_note"),
    PublicPage("manage", "registration.manage", url_values=registration_token_values,
               has_language_switcher=False),
    PublicPage("confirmation", "registration.confirmation", url_values=registration_token_values,
               has_language_switcher=False),
    PublicPage("send-link", "registration.send_link"),
    PublicPage("send-link-any", "registration.send_link_any", url_values=lambda event: {}),
    PublicPage("link-sent", "registration.link_sent"),
    PublicPage("help", "guide_public.help_page", url_values=lambda event: {}),
]

def _slug(event) -> dict:
    return {"slug": event.slug}


def _first_registration(event) -> dict:
    token = registration_token_values(event)["token"]
    from eventhub.extensions import db
    from eventhub.registration.models import Registration
    from eventhub.security import hash_token

    registration = db.session.execute(
        db.select(Registration).filter_by(manage_token_hash=hash_token(token))).scalar_one()
    return {"slug": event.slug, "registration_id": registration.id}


def _compilation(event) -> dict:
    """An accepted input, so the compilation has something to gather: {"slug": ...}."""
    from eventhub.extensions import db
    from eventhub.inputs.operations import InputData, create_input

    data = InputData(objectives=list(event.objectives[:1]), title="Renforcement des capacités", text="Texte de la contribution.",
                     language="fr", country="FR", parliament="Assemblée nationale", author_name="Jeanne Roy",
                     author_email="jeanne.roy@assemblee.example", attribution="named")
    input_, _token = create_input(event, data, enforce_deadline=False)
    input_.status = "included"
    db.session.commit()
    return {"slug": event.slug}


def _limited_staff(event) -> dict:
    """A staff account limited to the event's team: {"user_id": ...}."""
    import uuid

    from eventhub.accounts import services, teams

    user = services.create_user(f"staff-{uuid.uuid4().hex[:8]}@ipu.example", "staff",
                                "lantern orchard velvet harbour")
    teams.set_events(user, [event.slug], actor="test")
    return {"user_id": user.id}


#: Console pages, opened signed in as ``role`` (browser layout + axe, in every language:
#: the console follows the browser's Accept-Language).
CONSOLE_PAGES: list[ConsolePage] = [
    ConsolePage("console-index", "console.index"),
    ConsolePage("console-dashboard", "console.dashboard", url_values=_slug),
    ConsolePage("console-registrations", "console.registrations", url_values=_slug),
    ConsolePage("console-registration", "console.registration_detail", url_values=_first_registration),
    ConsolePage("console-exports", "console.exports", url_values=_slug),
    ConsolePage("console-session", "console.session_edit", url_values=lambda event: {"slug": event.slug, "number": 2}),
    ConsolePage("console-settings", "console.event_settings", url_values=_slug),
    ConsolePage("console-audit", "console.audit", role="admin"),
    ConsolePage("console-accounts", "accounts.users", role="admin"),
    ConsolePage("console-account", "accounts.account", role="staff"),
    ConsolePage("console-inputs", "inputs_console.queue", url_values=_slug, role="staff"),
    ConsolePage("console-compilation", "inputs_console.compile_view", url_values=_compilation, role="staff"),
    ConsolePage("console-invitations", "invitations_console.index", url_values=_slug),
    ConsolePage("console-new-event", "events_console.new_event"),
    ConsolePage("console-edit-event", "events_console.edit_event", url_values=_slug),
    ConsolePage("console-sessions", "events_console.sessions", url_values=_slug),
    ConsolePage("console-clone", "events_console.clone", url_values=_slug),
    ConsolePage("console-preview", "events_console.preview", url_values=_slug),
    ConsolePage("console-registration-add", "console.registration_add", url_values=_slug),
    ConsolePage("console-team", "accounts.event_team", url_values=_slug, role="admin"),
    ConsolePage("console-guides", "guide.index", role="staff"),
    ConsolePage("console-guide", "guide.page", url_values=lambda event: {"name": "organiser"}),
    ConsolePage("console-account-events", "accounts.user_events", url_values=lambda event: _limited_staff(event),
                role="admin"),
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
