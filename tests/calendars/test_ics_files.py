"""Calendar downloads: what Outlook, Google, Apple and phones read from them."""
import datetime as dt
import re

import pytest

from eventhub.events.demo import DEMO_SLUG
from eventhub.events.operations import cancel_session, update_session

from .ics import DEMO_INSTANTS, UTC, calendar_property, read_both, read_with_icalendar

LANGS = ["en", "fr", "es", "ar"]
SESSION_URL = f"/{{lang}}/e/{DEMO_SLUG}/s/{{number}}.ics"
EVENT_URL = f"/{{lang}}/e/{DEMO_SLUG}/calendar.ics"


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return response.data


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("number", [1, 2])
def test_session_file_opens_at_the_right_instant(client, demo_event, lang, number):
    [entry] = read_both(download(client, SESSION_URL.format(lang=lang, number=number)))
    assert (entry.starts_at, entry.ends_at) == DEMO_INSTANTS[number]


@pytest.mark.parametrize("lang", LANGS)
def test_event_file_has_every_session_at_the_right_instant(client, demo_event, lang):
    entries = read_both(download(client, EVENT_URL.format(lang=lang)))
    assert [(e.starts_at, e.ends_at) for e in entries] == [DEMO_INSTANTS[1], DEMO_INSTANTS[2]]


def test_times_are_written_in_utc_with_z(client, demo_event):
    text = download(client, SESSION_URL.format(lang="en", number=2)).decode()
    assert "DTSTART:20221206T153000Z\r\n" in text
    assert "DTEND:20221206T173000Z\r\n" in text
    assert "TZID" not in text  # no zone a calendar could misread


def test_calendar_header_is_rfc5545_publish(client, demo_event):
    data = download(client, EVENT_URL.format(lang="fr"))
    calendar, _ = read_with_icalendar(data)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["X-WR-CALNAME"] == "Créer un cyberespace sûr pour la démocratie"
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    for event in calendar.walk("VEVENT"):
        assert event.get("DTSTAMP") is not None


def test_uid_is_the_same_in_every_download_and_language(client, demo_event):
    seen = {1: set(), 2: set()}
    for lang in LANGS:
        for number in (1, 2):
            for _ in range(2):
                [entry] = read_both(download(client, SESSION_URL.format(lang=lang, number=number)))
                seen[number].add(entry.uid)
        for number, entry in zip((1, 2), read_both(download(client, EVENT_URL.format(lang=lang)))):
            seen[number].add(entry.uid)
    assert all(len(uids) == 1 for uids in seen.values()), seen
    assert seen[1] != seen[2]
    uid = next(iter(seen[1]))
    assert uid.endswith("@eventhub.ipu.example")


@pytest.mark.app_config(CALENDAR_UID_DOMAIN="consultations.ipu.example")
def test_uid_uses_the_configured_domain(client, demo_event):
    [entry] = read_both(download(client, SESSION_URL.format(lang="en", number=1)))
    assert entry.uid.endswith("@consultations.ipu.example")


def test_sequence_rises_after_a_time_change(client, demo_event):
    url = SESSION_URL.format(lang="en", number=1)
    [before] = read_both(download(client, url))
    session = demo_event.session_by_number(1)
    update_session(session, starts_at=dt.datetime(2022, 12, 6, 6, 30, tzinfo=UTC),
                   ends_at=dt.datetime(2022, 12, 6, 8, 30, tzinfo=UTC))
    [after] = read_both(download(client, url))
    assert after.sequence > before.sequence
    assert after.uid == before.uid
    assert (after.starts_at, after.ends_at) == (dt.datetime(2022, 12, 6, 6, 30, tzinfo=UTC),
                                                dt.datetime(2022, 12, 6, 8, 30, tzinfo=UTC))
    assert "07:30–09:30 CET" in after.description


def test_sequence_rises_after_a_link_change(client, demo_event):
    url = SESSION_URL.format(lang="en", number=2)
    [before] = read_both(download(client, url))
    new_link = "https://us06web.zoom.us/webinar/register/WN_abcdefghijklmnopqrstuv"
    update_session(demo_event.session_by_number(2), zoom_registration_url=new_link)
    [after] = read_both(download(client, url))
    assert after.sequence > before.sequence
    # (the public file never shows Zoom's registration link; personal copies do)
    assert not after.conference and new_link not in after.description


def test_sequence_stays_when_nothing_a_calendar_shows_changed(client, demo_event):
    url = SESSION_URL.format(lang="en", number=2)
    [before] = read_both(download(client, url))
    update_session(demo_event.session_by_number(2), capacity=500)
    [after] = read_both(download(client, url))
    assert after.sequence == before.sequence


@pytest.mark.parametrize("lang, cancelled_word", [
    ("en", "Cancelled"), ("fr", "Annulée"), ("es", "Cancelada"), ("ar", "ملغاة"),
])
def test_cancelled_session_carries_status_cancelled(client, demo_event, lang, cancelled_word):
    session = demo_event.session_by_number(1)
    [before] = read_both(download(client, SESSION_URL.format(lang=lang, number=1)))
    cancel_session(session)
    [entry] = read_both(download(client, SESSION_URL.format(lang=lang, number=1)))
    assert entry.status == "CANCELLED"
    assert entry.sequence > before.sequence
    assert entry.summary.startswith(cancelled_word)
    assert entry.alarm_trigger is None  # no reminder for a session that will not happen
    event_entries = read_both(download(client, EVENT_URL.format(lang=lang)))
    assert [e.status for e in event_entries] == ["CANCELLED", "CONFIRMED"]


@pytest.mark.parametrize("lang, summary", [
    ("en", "Session 1: Creating a safe cyberspace for democracy"),
    ("fr", "Séance 1 : Créer un cyberespace sûr pour la démocratie"),
    ("es", "Sesión 1: Crear un ciberespacio seguro para la democracia"),
    ("ar", "الجلسة 1: إقامة فضاء إلكتروني آمن للديمقراطية"),
])
def test_summary_survives_a_round_trip_in_every_language(client, demo_event, lang, summary):
    [entry] = read_both(download(client, SESSION_URL.format(lang=lang, number=1)))
    assert entry.summary == summary


def test_arabic_text_is_intact_in_the_file(client, demo_event):
    data = download(client, EVENT_URL.format(lang="ar"))
    entries = read_both(data)
    assert entries[1].summary == "الجلسة 2: إقامة فضاء إلكتروني آمن للديمقراطية"
    assert "الإنجليزية والفرنسية والإسبانية والعربية" in entries[1].description
    assert calendar_property(data, "X-WR-CALNAME") == "إقامة فضاء إلكتروني آمن للديمقراطية"


@pytest.mark.parametrize("lang", LANGS)
def test_lines_end_in_crlf_and_fold_at_75_octets(client, demo_event, lang):
    for url in (EVENT_URL.format(lang=lang), SESSION_URL.format(lang=lang, number=2)):
        data = download(client, url)
        assert data.endswith(b"\r\n")
        lines = data[:-2].split(b"\r\n")
        assert all(b"\n" not in line and b"\r" not in line for line in lines)
        assert max(len(line) for line in lines) <= 75
        assert any(line.startswith(b" ") for line in lines), "long lines are folded"
        for line in lines:
            line.decode("utf-8")  # a fold never splits a UTF-8 sequence


@pytest.mark.parametrize("lang, reference, languages_1, languages_2, location", [
    ("en", "Reference time", "In English only",
     "Languages: English, French, Spanish, and Arabic, with simultaneous interpretation",
     "Online (Zoom webinar)"),
    ("fr", "Heure de référence", "Uniquement en anglais",
     "Langues : anglais, français, espagnol et arabe, avec interprétation simultanée",
     "En ligne (webinaire Zoom)"),
    ("es", "Hora de referencia", "Únicamente en inglés",
     "Idiomas: inglés, francés, español y árabe, con interpretación simultánea",
     "En línea (seminario web de Zoom)"),
    ("ar", "التوقيت المرجعي", "باللغة الإنجليزية فقط",
     "اللغات: الإنجليزية والفرنسية والإسبانية والعربية، مع ترجمة فورية",
     "عبر الإنترنت (ندوة إلكترونية على Zoom)"),
])
def test_description_has_reference_time_and_languages_in_the_requested_language(
        client, demo_event, lang, reference, languages_1, languages_2, location):
    first, second = read_both(download(client, EVENT_URL.format(lang=lang)))
    assert reference in first.description
    zone = "بتوقيت وسط أوروبا" if lang == "ar" else "CET"  # the IPU's Arabic names the zone
    assert re.search(f"07:00–09:00\u2069? {zone}", first.description)
    assert re.search(f"16:30–18:30\u2069? {zone}", second.description)
    assert languages_1 in first.description
    assert languages_2 in second.description
    assert first.location == second.location == location


@pytest.mark.parametrize("lang", ["fr", "es", "ar"])
def test_no_english_text_in_a_translated_file(client, demo_event, lang):
    text = "\n".join(
        f"{e.summary}\n{e.description}\n{e.location}"
        for e in read_both(download(client, EVENT_URL.format(lang=lang)))
    )
    text = re.sub(r"https?://\S+", "", text)  # links are not interface text
    for english in ("Session", "Reference time", "Your calendar", "Languages", "Register on Zoom",
                    "Event page", "Online", "webinar", "Inter-Parliamentary Union", "Timed for"):
        assert english not in text, english


def test_entry_links_the_meeting_page_and_the_zoom_webinar(client, demo_event):
    first, second = read_both(download(client, EVENT_URL.format(lang="es")))
    session_1 = demo_event.session_by_number(1)
    assert first.url == f"http://localhost/es/e/{DEMO_SLUG}/#session-1"
    # The public file does not offer Zoom's own registration: people register here first.
    assert not first.conference
    assert session_1.zoom_registration_url not in first.description
    assert first.url in first.description


def test_reminder_fifteen_minutes_before(client, demo_event):
    entries = read_both(download(client, EVENT_URL.format(lang="en")))
    assert [e.alarm_trigger for e in entries] == [-dt.timedelta(minutes=15)] * 2


@pytest.mark.parametrize("lang", LANGS)
def test_download_filename_is_ascii_in_every_language(client, demo_event, lang):
    for url, name in ((SESSION_URL.format(lang=lang, number=1), f"{DEMO_SLUG}-session-1.ics"),
                      (EVENT_URL.format(lang=lang), f"{DEMO_SLUG}.ics")):
        disposition = client.get(url).headers["Content-Disposition"]
        assert disposition == f'attachment; filename="{name}"'
        disposition.encode("ascii")


@pytest.mark.parametrize("url", [
    f"/en/e/{DEMO_SLUG}/s/3.ics",
    f"/en/e/{DEMO_SLUG}/s/0.ics",
    f"/en/e/{DEMO_SLUG}/s/one.ics",
    f"/en/e/{DEMO_SLUG}/s/-1.ics",
    f"/de/e/{DEMO_SLUG}/s/1.ics",
    f"/de/e/{DEMO_SLUG}/calendar.ics",
    "/en/e/no-such-event/s/1.ics",
    "/en/e/no-such-event/calendar.ics",
    "/en/r/not-a-token/calendar.ics",
    "/xx/r/not-a-token/calendar.ics",
])
def test_unknown_session_event_language_or_token_is_404(client, demo_event, url):
    assert client.get(url).status_code == 404


def test_files_are_built_in_the_asked_language_outside_a_request(app, demo_event):
    from eventhub.calendars.services import event_calendar, session_calendar

    [entry] = read_both(session_calendar(demo_event.session_by_number(2), "fr"))
    assert entry.summary.startswith("Séance 2")
    entries = read_both(event_calendar(demo_event, "ar"))
    assert entries[0].summary.startswith("الجلسة 1")
    with pytest.raises(ValueError):
        session_calendar(demo_event.session_by_number(1), "de")


def test_reference_time_reads_left_to_right_in_arabic(client, demo_event):
    [entry] = read_both(download(client, SESSION_URL.format(lang="ar", number=1)))
    # Isolated, so that the bidi algorithm does not show "09:00–07:00".
    assert "\u2066" + "07:00–09:00" + "\u2069 بتوقيت وسط أوروبا" in entry.description


def test_file_language_does_not_follow_the_page_request(app, demo_event):
    from eventhub.calendars.services import add_to_calendar_links, session_calendar

    with app.test_request_context("/en/e/x/"):
        from flask import g

        g.lang = "en"  # as on an English page or an English organiser's console request
        [entry] = read_both(session_calendar(demo_event.session_by_number(2), "ar"))
        assert entry.summary.startswith("الجلسة 2")
        assert "اللغات: الإنجليزية" in entry.description
        assert "Session" not in add_to_calendar_links(demo_event.session_by_number(1), "fr")["google"]
