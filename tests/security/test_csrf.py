"""CSRF on every state-changing form: each non-API route that accepts POST/PUT/PATCH/
DELETE refuses a request without a valid CSRF token, and every POST form on a public
page carries one. API routes (bearer tokens, no cookies) and the Zoom webhook (signed)
are exempt by design."""
from __future__ import annotations

import pytest

from tests.forms import parse_forms
from tests.pages import PUBLIC_PAGES, page_params, page_url

from .routes import STATE_CHANGING, all_rules, build_path, classify

#: The Zoom webhook is signed; the unsubscribe URL's signed per-recipient token is its
#: proof, and RFC 8058 one-click POSTs come from mail programs with no cookie or form token.
CSRF_EXEMPT_RULES = {"/zoom/webhook", "/<lang:lang>/u/<token>"}


def form_rules():
    return [
        rule for rule in all_rules()
        if classify(rule) in ("public", "console", "console-open")
        and rule.rule not in CSRF_EXEMPT_RULES
        and (rule.methods or set()) & STATE_CHANGING
    ]


def form_rule_params():
    params = [
        pytest.param(rule, method, id=f"{method} {rule.rule}")
        for rule in form_rules() for method in sorted((rule.methods or set()) & STATE_CHANGING)
    ]
    return params or [pytest.param(None, None, marks=pytest.mark.skip(reason="no form route on this branch yet"))]


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
@pytest.mark.parametrize("rule, method", form_rule_params())
@pytest.mark.parametrize("slug", ["safe-cyberspace-2022", "no-such-event"])
def test_state_changing_route_refuses_a_request_without_csrf_token(app, client, demo_event, rule, method, slug):
    path = build_path(app, rule, method, slug=slug)
    for data in ({}, {"csrf_token": "forged"}):
        response = client.open(path, method=method, data=data)
        assert response.status_code == 400, f"{method} {path} without a valid CSRF token: {response.status_code}"


@pytest.mark.app_config(WTF_CSRF_ENABLED=True, TESTING=False, PROPAGATE_EXCEPTIONS=False)
def test_expired_registration_form_for_an_unknown_event_is_not_a_server_error(client, demo_event):
    """The registration domain's CSRF handler looked the event up with abort(404): inside an
    error handler that became a 500."""
    from tests.pages import endpoint_exists

    if not endpoint_exists("registration.register"):
        pytest.skip("registration.register is not on this branch")
    assert client.post("/en/e/no-such-event/register", data={"email": "a@b.example"}).status_code == 400


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
@pytest.mark.parametrize("page_spec, lang", page_params(PUBLIC_PAGES, languages=("en",)))
def test_every_post_form_on_a_public_page_carries_a_csrf_token(app, client, demo_event, page_spec, lang):
    html = client.get(page_url(app, page_spec, lang, page_spec.url_values(demo_event))).get_data(as_text=True)
    for form in parse_forms(html):
        if form.method == "post":
            assert "csrf_token" in form.field_names(), f"form to {form.action} has no csrf_token"
