"""Calendar helpers used by the invitation email."""
from urllib.parse import parse_qs, urlparse

import icalendar

from eventhub.extensions import db
from eventhub.invitations.notifications import calendar_links, event_calendar_attachment


def test_calendar_links_use_utc_and_name_the_session_in_the_language(demo_event):
    links = calendar_links(demo_event.session_by_number(2), "fr")
    assert set(links) == {"google", "outlook", "office365", "ics"}
    google = parse_qs(urlparse(links["google"]).query)
    assert google["dates"] == ["20221206T153000Z/20221206T173000Z"]
    assert "Créer un cyberespace sûr pour la démocratie" in google["text"][0]
    assert "Séance 2" in google["text"][0]
    outlook = parse_qs(urlparse(links["outlook"]).query)
    assert outlook["startdt"] == ["2022-12-06T15:30:00Z"] and outlook["enddt"] == ["2022-12-06T17:30:00Z"]
    assert links["office365"].startswith("https://outlook.office.com/")
    assert links["ics"] == "http://localhost/fr/e/safe-cyberspace-2022/s/2.ics"


def test_attachment_follows_session_changes(demo_event):
    def sequences():
        calendar = icalendar.Calendar.from_ical(event_calendar_attachment(demo_event, "ar"))
        return {e.decoded("dtstart").hour: (int(e["sequence"]), str(e["status"]), str(e["summary"]))
                for e in calendar.walk("VEVENT")}

    before = sequences()
    assert {hour: value[:2] for hour, value in before.items()} == {6: (0, "CONFIRMED"), 15: (0, "CONFIRMED")}
    assert all("إقامة فضاء إلكتروني آمن للديمقراطية" in value[2] for value in before.values())
    session = demo_event.session_by_number(1)
    session.status, session.revision = "cancelled", 1
    db.session.commit()
    assert sequences()[6][:2] == (1000, "CANCELLED")  # revision × SEQUENCE_STRIDE


def test_arabic_invitation_uses_arabic_lists_and_commas(demo_event):
    from eventhub.invitations.notifications import InvitationLinks, render_invitation

    email = render_invitation(demo_event, "ar", InvitationLinks("http://localhost/ar/i/x", None), name="سارة")
    assert "الإنجليزية والفرنسية والإسبانية والعربية" in email.text
    assert "الإنجليزية, " not in email.text and "2022, " not in email.text
    assert "2022، 07:00–09:00" in email.text
    assert 'dir="rtl"' in email.html and '<bdi dir="auto">سارة</bdi>' in email.html
    assert email.subject == "دعوة: إقامة فضاء إلكتروني آمن للديمقراطية"
