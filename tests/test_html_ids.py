"""Every public page (in four languages) and every console page a role reaches from the
menu is free of what the Nu HTML checker refuses about ids: no id twice on a page (a page
with several forms used to repeat id="csrf_token"), every label, ARIA reference and
in-page link pointing at an element. CSRF is on, so that the token fields are rendered."""
from __future__ import annotations

import uuid

import pytest

from eventhub.accounts import teams
from tests.console.test_menu import fill_event, walk
from tests.html_checks import html_problems
from tests.pages import PUBLIC_PAGES, page_params, page_url
from tests.security.test_event_scope import make_other_event


def test_the_check_finds_repeated_ids_and_dangling_references():
    page = ('<html><body><form><input type="hidden" id="csrf_token"></form>'
            '<form><input type="hidden" id="csrf_token"></form>'
            '<label for="missing">x</label><p aria-describedby="gone">y</p>'
            '<a href="#nowhere">z</a><a href="#main">ok</a><main id="main"></main></body></html>')
    problems = html_problems(page)
    assert 'id="csrf_token" appears 2 times' in problems
    assert '<label for="missing"> names no element' in problems
    assert 'aria-describedby="gone" names no element' in problems
    assert 'href="#nowhere" names no element' in problems
    assert len(problems) == 4


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
@pytest.mark.parametrize("page_spec, lang", page_params(PUBLIC_PAGES))
def test_public_page_ids_are_unique_and_references_resolve(app, client, demo_event, page_spec, lang):
    response = client.get(page_url(app, page_spec, lang, page_spec.url_values(demo_event)))
    assert response.status_code == 200
    assert html_problems(response.get_data(as_text=True)) == []


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
@pytest.mark.parametrize("role, limited", [("admin", False), ("organiser", False), ("staff", True)])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_console_page_ids_are_unique_and_references_resolve(app, client, demo_event, make_user, login_as,
                                                            role, limited, lang):
    for event in (demo_event, make_other_event(demo_event)):
        fill_event(event)
    make_user(f"colleague-{uuid.uuid4().hex[:6]}@ipu.example", role="staff")
    user = make_user(f"{role}-{uuid.uuid4().hex[:6]}@ipu.example", role=role)
    if limited:
        teams.set_events(user, [demo_event.slug], actor="test", via="cli")
    login_as(user)
    client.get(f"/console/?lang={lang}")
    found = {}
    walk(app, client, check=lambda path, body: found.__setitem__(path, html_problems(body)))
    assert len(found) > 10
    bad = {path: problems for path, problems in found.items() if problems}
    assert not bad


def test_templates_render_csrf_fields_without_an_id():
    """``{{ form.csrf_token }}`` and ``form.hidden_tag()`` give the token field
    id="csrf_token": two forms on a page repeat it. ``{{ csrf_input(form) }}`` does not."""
    import re

    from eventhub import PROJECT_ROOT

    offenders = []
    for path in (PROJECT_ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\.csrf_token\s*\}\}|\.hidden_tag\(", text):
            offenders.append(str(path.relative_to(PROJECT_ROOT)))
    assert not offenders, f"use {{{{ csrf_input(form) }}}}: {offenders}"
