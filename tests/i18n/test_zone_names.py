"""Zones as people know them: CLDR names in the page's language, grouped by region with the
current offset, sorted per locale; no raw IANA ID shown to a registrant (the console shows it
beside the name); the Arabic reference zone named as the IPU's Arabic writes it."""
import datetime as dt
import re
from html import unescape

import pytest

from eventhub.registration.validation import _sort_key
from eventhub.timezones import localised_abbreviation, zone_choices, zone_display_name

IANA = re.compile(r"\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z]")
WINTER = dt.datetime(2022, 12, 6, 6, tzinfo=dt.timezone.utc)


def select_block(html, select_id):
    return re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S).group(1)


def groups(block):
    return [(unescape(label), [(v, unescape(t)) for v, t in
                               re.findall(r'<option[^>]*value="([^"]*)"[^>]*>(.*?)</option>', body)])
            for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', block, re.S)]


@pytest.mark.parametrize(("lang", "region", "zurich", "manila"), [
    ("fr", "Europe", "Zurich (heure d’Europe centrale)", "Manille (heure des Philippines)"),
    ("es", "Europa", "Zúrich (hora de Europa central)", "Manila (hora de Filipinas)"),
    ("ar", "أوروبا", "زيورخ (توقيت وسط أوروبا)", "مانيلا (توقيت الفيلبين)"),
])
def test_registration_zone_choices_are_cldr_names_by_region(client, demo_event, lang, region, zurich, manila):
    html = client.get(f"/{lang}/e/{demo_event.slug}/register").get_data(as_text=True)
    block = select_block(html, "timezone")
    grouped = dict(groups(block))
    assert region in grouped
    labels = dict(grouped[region])
    assert labels["Europe/Zurich"].startswith(zurich + " — ")
    assert re.search(r"(UTC|GMT|غرينتش)[+−-]0?1:00|\+01:00", labels["Europe/Zurich"])
    assert any(label.startswith(manila) for label in dict(sum(grouped.values(), [])).values())
    assert not IANA.search(unescape(re.sub(r'value="[^"]*"', "", block)))  # values only
    for zones in grouped.values():
        names = [label for _, label in zones]
        assert names == sorted(names, key=_sort_key)
    assert 'data-zone-search="' in html


def test_event_page_zone_selector_and_rejected_zone_use_names(client, demo_event):
    html = client.get(f"/fr/e/{demo_event.slug}/?tz=Mars/Olympus").get_data(as_text=True)
    block = select_block(html, "tz")
    assert "<optgroup" in block and "Zurich (heure d’Europe centrale)" in unescape(block)
    body = html.split("<body", 1)[1].split(">", 1)[1]
    text = unescape(re.sub(r"<[^>]+>", " ", body))  # what a reader sees, not attributes
    assert not IANA.search(text), IANA.search(text)
    assert "Mars/Olympus" in text  # the rejected input is echoed, the reference zone named


def test_pages_name_the_visitors_zone(client, demo_event):
    html = client.get(f"/es/e/{demo_event.slug}/?tz=Asia/Manila").get_data(as_text=True)
    assert "Manila (hora de Filipinas)" in html


def test_console_shows_the_iana_id_beside_the_name():
    [(label, value)] = [(label, value) for _, zones in zone_choices("fr") for value, label in zones
                        if value == "Europe/Zurich"]
    assert "Zurich" in label
    from eventhub.timezones import zone_select_choices

    choice = next(c for c in zone_select_choices("fr", with_id=True) if c.value == "Europe/Zurich")
    assert choice.label.endswith("· Europe/Zurich") and choice.optgroup == "Europe"


def test_arabic_reference_zone_is_named_as_the_ipu_writes_it():
    assert localised_abbreviation(WINTER, "Europe/Zurich", "ar") == "بتوقيت وسط أوروبا"
    assert localised_abbreviation(WINTER, "Europe/Zurich", "fr") == "CET"
    assert zone_display_name("UTC", "fr") == "temps universel coordonné"


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Dec 6, 2022, 4:05:00\u202fPM"),  # the locale's default in English
    ("fr", "6 déc. 2022, 16:05"),
    ("es", "6 dic 2022, 16:05"),
    ("ar", "06\u200f/12\u200f/2022، 16:05"),  # not "4:05 م": 24 hours, as every other time
])
def test_history_stamps_use_a_24_hour_clock_outside_english(lang, expected):
    from eventhub.timezones import format_stamp

    stamp = format_stamp(dt.datetime(2022, 12, 6, 15, 5, tzinfo=dt.timezone.utc), "Europe/Zurich", lang)
    assert stamp == expected


def _reader_text(text: str) -> str:
    """What a reader sees: URLs (which may carry ?tz=Asia/Manila) left out."""
    return re.sub(r"https?://\S+|webcal://\S+", " ", text)


class _ZoneIds:
    """Real IANA IDs only (« Asia/Pacific » is a region in the demo's English text)."""
    pattern = re.compile(r"\b[A-Z][A-Za-z]+(?:/[A-Za-z_+-]+)+")

    def finditer(self, text):
        import pytz

        return (m for m in self.pattern.finditer(text) if m.group(0) in pytz.all_timezones_set)


ZONE_IDS = _ZoneIds()


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_no_iana_id_on_any_public_page_email_or_calendar_description(app, client, demo_event, make_user, lang):
    """« What must be true »: no raw IANA ID is shown to a registrant on any page, email or
    calendar description (the console may show it beside the name)."""
    from tests.emails import render_all
    from tests.i18n.screens import screens, visible_text

    problems = []
    for name, html in screens(app, client, demo_event, lang, make_user):
        if name.startswith("console-"):
            continue
        for found in ZONE_IDS.finditer(_reader_text(visible_text(html))):
            problems.append(f"page {name}: {found.group(0)}")
    for kind, _, email in render_all(demo_event, languages=(lang,)):
        for part, text in (("subject", email.subject), ("text", email.text),
                           ("html", visible_text(email.html or ""))):
            for found in ZONE_IDS.finditer(_reader_text(text or "")):
                problems.append(f"email {kind.name} ({part}): {found.group(0)}")
    for url in (f"/{lang}/e/{demo_event.slug}/s/1.ics", f"/{lang}/e/{demo_event.slug}/calendar.ics"):
        body = client.get(url).get_data(as_text=True).replace("\r\n ", "").replace("\\n", "\n")
        for line in body.splitlines():
            if line.startswith(("DESCRIPTION", "SUMMARY", "LOCATION", "X-WR-CALNAME", "X-WR-CALDESC")):
                for found in ZONE_IDS.finditer(_reader_text(line)):
                    problems.append(f"{url}: {line[:80]}")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize(("endpoint", "select_id"), [
    ("console.event_settings", "reference_timezone"),
    ("events_console.new_event", "reference_timezone"),
    ("console.registration_add", "timezone"),
    ("invitations_console.add", "timezone"),
])
def test_console_zone_selectors_are_searchable(app, client, demo_event, make_user, endpoint, select_id):
    """Every zone selector, the console's too, gets the search box (timezone.js, progressive
    enhancement) and keeps its grouped CLDR names without JavaScript."""
    from flask import url_for

    from tests.helpers import sign_in

    sign_in(client, make_user())
    with app.test_request_context():
        values = {} if endpoint == "events_console.new_event" else {"slug": demo_event.slug}
        url = url_for(endpoint, **values)
    html = client.get(url + "?lang=fr").get_data(as_text=True)
    select = re.search(rf'<select[^>]*id="{select_id}"[^>]*>', html).group(0)
    assert 'data-zone-search="Rechercher' in select, select
    assert "/static/js/timezone.js" in html
    assert "<optgroup" in select_block(html, select_id)
