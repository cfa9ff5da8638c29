"""Hostile input on every public page and form: whatever arrives in the path, the
query string, the time-zone cookie or a form field, the answer is never a server error,
and what comes back is still a page in a supported language.

Pages and forms come from tests/pages.py and are read from the rendered HTML, so a page
or form added by another branch is fuzzed without editing this file.
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.forms import parse_forms
from tests.pages import PUBLIC_PAGES, page_params, page_url

from .strategies import FUZZ, field_value, hostile_text, language_segment, query_params, slug_segment, timezone_value


def assert_no_server_error(response, what):
    assert response.status_code < 500, f"{what} -> {response.status_code}"
    if response.status_code == 200 and response.mimetype == "text/html":
        html = response.get_data(as_text=True)
        assert '<html lang="' in html
        assert "<script>alert(1)" not in html and "<img src=x onerror" not in html


@FUZZ
@given(lang=language_segment, slug=slug_segment, tz=timezone_value, extra=query_params)
def test_event_page_urls(client, demo_event, lang, slug, tz, extra):
    path = f"/{quote(lang, safe='')}/e/{quote(slug, safe='')}/"
    query = urlencode({"tz": tz, **extra})
    response = client.get(f"{path}?{query}")
    assert_no_server_error(response, f"GET {path}?{query}")


@FUZZ
@given(segments=st.lists(hostile_text, min_size=1, max_size=4), lang=language_segment)
def test_arbitrary_paths(client, demo_event, segments, lang):
    for prefix in ("", f"/{quote(lang, safe='')}", "/api/v1", "/console"):
        path = prefix + "/" + "/".join(quote(segment, safe="") for segment in segments)
        # Given as PATH_INFO: the test client would read "//x" as a host name, a server
        # receives it as a path.
        response = client.get("/", environ_overrides={"PATH_INFO": path})
        assert_no_server_error(response, f"GET {path}")


@FUZZ
@given(cookie=timezone_value)
def test_timezone_cookie(client, demo_event, cookie):
    client.set_cookie("tz", quote(cookie, safe="/")[:3000])  # browsers keep cookies under 4 kB
    response = client.get("/fr/e/safe-cyberspace-2022/")
    assert_no_server_error(response, f"tz cookie {cookie!r}")
    assert response.status_code == 200


@pytest.mark.parametrize("page_spec, lang", page_params(PUBLIC_PAGES, languages=("en", "ar")))
def test_page_query_strings(app, client, demo_event, page_spec, lang):
    url = page_url(app, page_spec, lang, page_spec.url_values(demo_event))

    @FUZZ
    @given(extra=query_params)
    def check(extra):
        separator = "&" if "?" in url else "?"
        response = client.get(url + separator + urlencode(extra))
        assert_no_server_error(response, f"GET {url} with {extra!r}")

    check()


@pytest.mark.parametrize("page_spec, lang", page_params(PUBLIC_PAGES, languages=("en", "ar")))
def test_page_forms(app, client, demo_event, page_spec, lang):
    """Every form on the page, each field given a valid or a hostile value."""
    url = page_url(app, page_spec, lang, page_spec.url_values(demo_event))
    forms = parse_forms(client.get(url).get_data(as_text=True))
    assert forms or page_spec.name not in {"event", "register", "manage"}, f"no form found on {url}"
    for form in forms:
        fields = [f for f in form.fields if f.kind not in ("submit", "button", "reset", "image", "file")]
        action = form.action or url.split("?")[0]

        @FUZZ
        @given(values=st.fixed_dictionaries({f.name: field_value(f) for f in fields}))
        def submit(values):
            data = MultiDict(form.valid_data(values))
            if form.method == "post":
                response = client.post(action, data=data)
            else:
                response = client.get(action, query_string=data)
            assert_no_server_error(response, f"{form.method.upper()} {action} with {list(data.items(multi=True))!r}")

        submit()
