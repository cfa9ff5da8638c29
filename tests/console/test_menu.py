"""Every console page a role may use is reachable from the console menu, and nothing else.

As each role (admin, organiser, staff, and organiser and staff limited to one event's
team), the test starts at /console/ and follows every console link it finds (the menu,
the event list, the links inside each page), GET only, as someone clicking through would.
It must reach every console GET endpoint that role may open and no endpoint the role may
not open. The events have a row of everything a console page shows (a registration, an
input with an attachment, the draft and adopted texts, an invitee), so that pages with
more arguments than the event (a registration, an input, a paragraph, a guide, a Zoom
session's participants, a download) are reached too; only form targets and redirects are
listed in ``NOT_PAGES``. A new page therefore fails this test until a menu item
(``eventhub.console.navigation.add_menu_item``) or a page links to it.
"""
from __future__ import annotations

import uuid
from collections import deque
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from eventhub.accounts import teams
from tests.security.routes import CONSOLE_OPEN_ENDPOINTS, classify, rules_of
from tests.security.test_event_scope import make_other_event

#: Console GET endpoints that are files or redirects rather than pages.
NOT_PAGES = {
    "console.export_registrations",  # a CSV/XLSX download from the exports page's form
    "texts_console.alignment_default",  # redirects to the first language's alignment
    "zoom_console.upload_report",  # a form's target; GET (a language switch) redirects back
    "zoom_console.import_participants",  # a form's target; GET redirects back
    "texts_console.document",  # redirects to the document's first language
    # A session in Zoom API mode only (credentials and a webinar ID; the demo has neither):
    # linked from the Zoom page's session (tests/zoom/test_checks.py follows that link).
    "zoom_console.setup",
}
#: Links the walk does not follow (they would end the walk).
NOT_FOLLOWED = {"accounts.logout", "accounts.login"}
#: Walk limit: far more pages than the demo has.
MAX_PAGES = 400

ROLES = [
    pytest.param("admin", False, id="admin"),
    pytest.param("organiser", False, id="organiser"),
    pytest.param("staff", False, id="staff"),
    pytest.param("organiser", True, id="organiser-limited"),
    pytest.param("staff", True, id="staff-limited"),
]


def console_pages(app) -> set[str]:
    """Every console GET endpoint (a page or a download) but the form targets."""
    pages = set()
    for rule in rules_of("console"):
        if "GET" not in (rule.methods or ()) or rule.endpoint in CONSOLE_OPEN_ENDPOINTS:
            continue
        if rule.endpoint in NOT_PAGES:
            continue
        pages.add(rule.endpoint)
    return pages


def fill_event(event) -> dict:
    """One of each row the console lists, so that every page under the event is linked.
    Returns their ids by URL argument name ({"registration_id": ..., "input_id": ...})."""
    from pathlib import Path

    from eventhub.inputs.attachments import check_attachment
    from eventhub.inputs.operations import InputData, create_input
    from eventhub.invitations.operations import InviteeData, create_invitee
    from eventhub.texts.operations import import_document
    from tests.console.helpers import make_registration
    from tests.inputs.conftest import pdf_bytes

    registration = make_registration(event, places=((1, "en", "confirmed"), (2, "fr", "confirmed")))
    input_, _token = create_input(event, InputData(
        objectives=list(event.objectives[:1]), title="Protecting parliaments", text="Parliaments matter.",
        language="en", country="FR", parliament="Parliament", author_name="Author",
        author_email=f"author@{event.slug}.example", attribution="named",
        attachments=[check_attachment("input.pdf", pdf_bytes())]), enforce_deadline=False)
    fixtures = Path(__file__).resolve().parent.parent / "texts" / "fixtures"
    for kind in ("draft", "adopted"):
        import_document(event, (fixtures / f"{kind}.md").read_text("utf-8"), None, kind, f"{kind}.md")
    invitee = create_invitee(event, InviteeData(name="Hon. Invitee", email=f"invitee@{event.slug}.example",
                                                language="fr", country="FR"))
    from eventhub.texts.services import documents_for_event

    document = documents_for_event(event)[0]
    return {"registration_id": registration.id, "place_id": registration.sessions[0].id,
            "input_id": input_.id, "attachment_id": input_.attachments[0].id,
            "document_id": document.id, "paragraph_id": document.paragraphs[0].id,
            "invitee_id": invitee.id}


def may_open(app, user, endpoint: str) -> bool:
    roles = getattr(app.view_functions[endpoint], "required_roles", None)
    return roles is None or user.has_role(*roles)


def match(app, path: str):
    adapter = app.url_map.bind("localhost")
    try:
        return adapter.match(path, method="GET")
    except (NotFound, MethodNotAllowed):
        return None, None


def walk(app, client, check=None) -> dict[str, set[str]]:
    """{endpoint: {paths}} reached by following console links from /console/.
    ``check(path, html)`` is called for every HTML page reached."""
    reached: dict[str, set[str]] = {}
    seen = {"/console/"}
    queue = deque(["/console/"])
    while queue and len(seen) <= MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        body = response.get_data(as_text=True)  # a streamed download is read to its end
        response.close()
        endpoint, _args = match(app, path)
        assert response.status_code in (200, 302), f"{path} ({endpoint}) answered {response.status_code}"
        reached.setdefault(endpoint, set()).add(path)
        if response.status_code == 302:
            targets = [response.headers["Location"]]
        elif response.mimetype != "text/html":
            continue
        else:
            if check is not None:
                check(path, body)
            document = lxml.html.fromstring(body)
            targets = document.xpath("//a/@href")
        for href in targets:
            target = urlsplit(urljoin(f"http://localhost{path}", href))
            if target.netloc not in ("", "localhost") or not target.path.startswith("/console"):
                continue
            target_endpoint, _ = match(app, target.path)
            if target_endpoint is None or target_endpoint in NOT_FOLLOWED:
                continue
            if target.path not in seen:
                seen.add(target.path)
                queue.append(target.path)
    return reached


@pytest.mark.parametrize("role, limited", ROLES)
def test_menu_walk_reaches_every_page_of_the_role_and_no_other(app, client, demo_event, make_user,
                                                               login_as, role, limited):
    other = make_other_event(demo_event)
    for event in (demo_event, other):
        fill_event(event)
    make_user(f"colleague-{uuid.uuid4().hex[:6]}@ipu.example", role="staff")  # an account's events page
    user = make_user(f"{role}-{uuid.uuid4().hex[:6]}@ipu.example", role=role)
    if limited:
        teams.set_events(user, [demo_event.slug], actor="test", via="cli")
    login_as(user)

    reached = walk(app, client)

    expected = {endpoint for endpoint in console_pages(app) if may_open(app, user, endpoint)}
    missing = expected - set(reached)
    assert not missing, f"as {role}{' (limited)' if limited else ''}, no link leads to: {sorted(missing)}"
    forbidden = {endpoint for endpoint in reached if not may_open(app, user, endpoint)}
    assert not forbidden, f"as {role}, links lead to pages the role may not open: {sorted(forbidden)}"
    event_paths = {path for paths in reached.values() for path in paths}
    if limited:
        assert not [path for path in event_paths if f"/{other.slug}/" in path]
    else:  # every event's pages are reachable, not just the first one's
        assert [path for path in event_paths if f"/{other.slug}/" in path]


def test_every_console_page_is_classified(app):
    """The page list above sees the real console (so the walk means something)."""
    pages = console_pages(app)
    assert {"console.index", "console.dashboard", "inputs_console.queue", "accounts.users",
            "texts_console.documents", "console.registration_detail", "inputs_console.detail",
            "texts_console.paragraph", "guide.page", "accounts.user_events"} <= pages
    assert all(classify(rule) == "console" for rule in rules_of("console"))


@pytest.mark.parametrize("lang", ["fr", "es", "ar"])
def test_menu_labels_are_translated(app, lang):
    """No English menu item on a French, Spanish or Arabic console."""
    from babel.messages.pofile import read_po

    from eventhub import PROJECT_ROOT
    from eventhub.console.navigation import _items

    with open(PROJECT_ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    for item in _items:
        message = catalog.get(item.label._args[0])
        assert message is not None and message.string and not message.fuzzy, (
            f"menu item {item.endpoint} ({item.label._args[0]!r}) is not translated into {lang}")


def test_a_draft_event_s_console_pages_open_and_its_invitations_wait(app, client, demo_event, make_user,
                                                                    login_as):
    """A draft is invisible to the public, not to its organisers: every console page of
    the menu opens for it (invitations and Zoom answered 404 for drafts), and invitations,
    whose links open the public page, are not sent before it is published."""
    from eventhub.extensions import db
    from eventhub.invitations.models import Invitee

    draft = make_other_event(demo_event)
    draft.status = "draft"
    db.session.commit()
    ids = fill_event(draft)
    login_as(make_user("organiser-draft@ipu.example", role="organiser"))
    assert client.get(f"/en/e/{draft.slug}/").status_code == 404
    for path in (f"/console/events/{draft.slug}/invitations", f"/console/events/{draft.slug}/zoom",
                 f"/console/events/{draft.slug}/invitations/{ids['invitee_id']}"):
        assert client.get(path).status_code == 200, path
    page = client.post(f"/console/events/{draft.slug}/invitations/send?lang=en", data={"count": "1"},
                       follow_redirects=True).get_data(as_text=True)
    assert "publish it before sending invitations" in page
    client.post(f"/console/events/{draft.slug}/invitations/{ids['invitee_id']}/resend")
    db.session.expire_all()
    invitee = db.session.get(Invitee, ids["invitee_id"])
    assert invitee.status == "not_sent" and not invitee.send_count
