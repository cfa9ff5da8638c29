"""The user guide: three Markdown pages in four languages, shown in the console (from
the menu, for every role) and, for registrants, as the public help page linked from every
public page. The guide is checked against the product: the menu entries it names in bold
exist (in that language), and the console paths it names are routes."""
from __future__ import annotations

import re

import lxml.html
import pytest

from eventhub.console.navigation import _items
from eventhub.guide import services
from eventhub.i18n import LANGUAGES

ARABIC = re.compile(r"[\u0600-\u06ff]")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", services.GUIDES)
def test_every_guide_exists_in_every_language(app, name, lang):
    path = services.guide_path(name, lang)
    assert path.is_file(), f"{path} is missing"
    with app.test_request_context():
        guide = services.load(name, lang)
    assert guide.lang == lang and guide.title
    english = services.load(name, "en")
    if lang != "en":
        assert guide.title != english.title
    if lang == "ar":
        text = lxml.html.fromstring(str(guide.html)).text_content()
        letters = [c for c in text if c.isalpha()]
        latin = [c for c in letters if c.isascii()]
        # Latin letters only in product names and commands (Zoom, CSV, flask ...).
        assert len(latin) < 0.15 * len(letters), f"{name} in Arabic is {len(latin)}/{len(letters)} Latin"


def test_raw_html_in_a_guide_is_shown_as_text(app, tmp_path, monkeypatch):
    (tmp_path / "staff.md").write_text("# T\n\n<script>alert(1)</script> <b onclick=x>b</b>\n")
    monkeypatch.setattr(services, "GUIDE_DIR", tmp_path)
    guide = services.load("staff", "en")
    assert "<script>" not in guide.html and "&lt;script&gt;" in guide.html
    assert "<b " not in guide.html


def test_unknown_guide_is_not_found(app, client, make_user, login_as):
    login_as(make_user("staff@ipu.example", role="staff"))
    assert client.get("/console/guide/secrets").status_code == 404
    assert client.get("/console/guide/..%2Fdeploy").status_code == 404


@pytest.mark.parametrize("role", ["admin", "organiser", "staff"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_console_menu_leads_to_every_guide_in_the_console_language(app, client, make_user, login_as,
                                                                     role, lang):
    login_as(make_user(f"{role}@ipu.example", role=role))
    page = client.get(f"/console/?lang={lang}").get_data(as_text=True)
    menu = lxml.html.fromstring(page).xpath("//nav[@class='console-nav']//a")
    guide_link = [a for a in menu if a.get("href") == "/console/guide/"]
    assert guide_link, "no Guide entry in the console menu"
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale(lang):
        assert guide_link[0].text_content().strip() == gettext("Guide")
    index = client.get("/console/guide/").get_data(as_text=True)
    for name in services.GUIDES:
        assert f'href="/console/guide/{name}"' in index
        response = client.get(f"/console/guide/{name}")
        assert response.status_code == 200
        title = services.load(name, lang).title
        assert title in lxml.html.fromstring(response.get_data(as_text=True)).findtext(".//h1")


def test_guides_are_for_signed_in_console_users(client):
    assert client.get("/console/guide/").status_code == 302
    assert client.get("/console/guide/organiser").status_code == 302


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_page_is_the_registrants_guide_in_the_page_language(app, client, lang):
    response = client.get(f"/{lang}/help")
    assert response.status_code == 200
    document = lxml.html.fromstring(response.get_data(as_text=True))
    assert document.get("lang") == lang
    assert document.findtext(".//h1") == services.load("registrants", lang).title
    if lang == "ar":
        assert document.get("dir") == "rtl"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages_link_to_the_help_page(app, client, demo_event, lang):
    for path in (f"/{lang}/e/{demo_event.slug}/", f"/{lang}/e/{demo_event.slug}/register", f"/{lang}/privacy"):
        page = client.get(path).get_data(as_text=True)
        assert f'href="/{lang}/help"' in page, path


def _bold_terms(name: str, lang: str) -> list[str]:
    text = services.guide_path(name, lang).read_text(encoding="utf-8")
    return [" ".join(term.split()) for term in re.findall(r"\*\*([^*]+)\*\*", text)]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["organiser", "staff"])
def test_menu_entries_named_in_the_console_guides_exist(app, name, lang):
    """A bold term in the organiser or staff guide is a label the console shows: a menu
    entry or another button or page label in that language's catalog."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale(lang):
        menu_labels = {str(item.label) for item in _items}
        known = menu_labels | {gettext(text) for text in (
            "Produce the compilation", "Draft and adopted text compared", "Your account",
            "Publish", "Back to draft", "Copy to new dates", "Add a registrant")}
    unknown = [term for term in _bold_terms(name, lang) if term not in known]
    assert not unknown, f"{name} ({lang}) names what the console does not show: {unknown}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_button_named_in_the_registrants_guide_exists(app, client, demo_event, lang):
    page = client.get(f"/{lang}/e/{demo_event.slug}/").get_data(as_text=True)
    for term in _bold_terms("registrants", lang):
        if term in ("personal link", "lien personnel", "enlace personal", "رابطكم الشخصي"):
            continue
        assert term in page, f"{term!r} is not on the {lang} event page"


def test_console_paths_in_the_guides_are_routes(app):
    adapter = app.url_map.bind("localhost")
    for name in services.GUIDES:
        for lang in LANGUAGES:
            for path in re.findall(r"`(/console/[^`]*)`", services.guide_path(name, lang).read_text("utf-8")):
                adapter.match(path, method="GET")  # raises NotFound for a path that is no route


def test_api_paths_in_the_organiser_guide_are_routes(app):
    from werkzeug.exceptions import MethodNotAllowed

    adapter = app.url_map.bind("localhost")
    found = 0
    for lang in LANGUAGES:
        text = services.guide_path("organiser", lang).read_text("utf-8")
        for method, path in re.findall(r"`(?:(GET|POST|PATCH|DELETE) )?(/api/v1/[^`]*)`", text):
            found += 1
            try:
                adapter.match(path.replace("<slug>", "some-event"), method=method or "GET")
            except MethodNotAllowed:
                assert not method, f"{method} {path} ({lang})"
    assert found >= 20
