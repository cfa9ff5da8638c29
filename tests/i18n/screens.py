"""Every public and console screen (tests/pages.py) rendered with the test client in one
language, as (name, html): the French typography scan and the English-left crawl walk them."""
from __future__ import annotations

import re
from html import unescape

from tests.helpers import sign_in
from tests.pages import CONSOLE_PAGES, PUBLIC_PAGES, endpoint_exists, page_url

_PROTECTED = re.compile(r"<(script|style|pre|code|textarea)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)


def visible_text(html: str) -> str:
    """The text a reader sees: tags, scripts and attributes removed, entities decoded."""
    body = html.split("<body", 1)[-1]
    if "<body" in html:
        body = body.split(">", 1)[-1]  # the <body> tag's own attributes are not text
    body = _PROTECTED.sub(" ", body)
    return unescape(re.sub(r"<[^>]+>", "\n", body))


def screens(app, client, event, lang: str, make_user):
    users = {}
    for page in PUBLIC_PAGES:
        if not endpoint_exists(page.endpoint):
            continue
        url = page_url(app, page, lang, page.url_values(event))
        response = client.get(url, headers={"Accept-Language": lang})
        assert response.status_code == 200, (page.name, url, response.status_code)
        yield page.name, response.get_data(as_text=True)
    for page in CONSOLE_PAGES:
        if not endpoint_exists(page.endpoint):
            continue
        if page.role not in users:
            users[page.role] = make_user(email=f"{page.role}-screens@ipu.example", role=page.role)
        sign_in(client, users[page.role])
        values = page.url_values(event)
        from flask import url_for

        with app.test_request_context():
            url = url_for(page.endpoint, **{**values, "lang": lang})  # (?lang= after the page's own query)
        response = client.get(url, headers={"Accept-Language": lang})
        assert response.status_code == 200, (page.name, url, response.status_code)
        yield page.name, response.get_data(as_text=True)
    # An error page under the language.
    response = client.get(f"/{lang}/no-such-page", headers={"Accept-Language": "en"})
    yield "error-404", response.get_data(as_text=True)
