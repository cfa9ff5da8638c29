"""Every public and console screen (tests/pages.py, plus an error page) in French, Spanish
and Arabic, rendered and read for English left behind: English function words and the
product's own English labels must not appear in the visible text, outside an allow-list
of proper nouns (Zoom, Google, Outlook...) and the test data's own English."""
import re

import pytest

from tests.i18n.screens import screens, visible_text

#: Words that are English and only English (not French, Spanish or Arabic words too).
ENGLISH = {
    "the", "and", "your", "you", "please", "with", "this", "will", "are", "not", "has", "have",
    "been", "from", "for", "to", "by", "is", "was", "were", "which", "here", "when", "should",
    "must", "any", "each", "only", "there", "cannot", "yet", "back", "next", "register",
    "registration", "registrations", "session", "sessions", "sign", "save", "cancel", "search",
    "download", "settings", "dashboard", "time", "email", "emails", "confirmed", "waiting",
    "list", "cancelled", "language", "languages", "open", "closed", "invitee", "invitees",
    "inputs", "input", "name", "status", "account", "accounts", "password", "home", "event",
    "events", "meeting", "webinar", "link", "links", "show", "add", "remove", "edit", "delete",
    "yes", "none", "all", "more", "hide", "close", "help", "found",
}
#: Proper nouns and product names that stay as they are in every language.
ALLOWED = {"zoom", "google", "outlook", "apple", "microsoft", "webcal", "ics", "csv", "xlsx",
           "pdf", "docx", "json", "api", "ipu"}
#: English that the test data itself contains (a parliament's English name, e-mail domains).
TEST_DATA = ("House of Representatives",
             # Zoom's own English label, quoted so that organisers find it in Zoom's interface.
             "Import registrants from CSV")
#: A whole word, accented letters included: "allí" must not be read as the English "all".
WORD = re.compile(r"[^\W\d_][^\W\d_’']+")


def english_left(text: str) -> list[str]:
    for data in TEST_DATA:
        text = text.replace(data, " ")
    text = re.sub(r"\S+@\S+|https?://\S+|\b\w+\.(?:ics|csv|xlsx|docx|pdf)\b", " ", text)
    found = []
    for line in text.splitlines():
        words = [w.lower() for w in WORD.findall(line)]
        hits = [w for w in words if w in ENGLISH and w not in ALLOWED]
        if hits:
            found.append(f"{line.strip()[:100]!r} ({', '.join(sorted(set(hits)))})")
    return found


@pytest.mark.parametrize("lang", ["fr", "es", "ar"])
def test_no_english_left_on_any_screen(app, client, demo_event, make_user, lang):
    problems = {}
    for name, html in screens(app, client, demo_event, lang, make_user):
        assert f'<html lang="{lang}"' in html, name
        found = english_left(visible_text(html))
        if found:
            problems[name] = found[:8]
    assert not problems, "\n".join(f"{name}: {found}" for name, found in problems.items())


def test_the_check_finds_english():
    assert english_left("Inscription\nPlease choose your session")
    assert not english_left("Inscription à la séance\nZoom, Google Agenda, Outlook")
    assert not english_left("la sesión se señala allí con el horario de Zoom")
