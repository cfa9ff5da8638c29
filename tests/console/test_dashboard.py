"""Dashboard figures, the SVG charts and the invitation funnel."""
from __future__ import annotations

import re
import sys
import types
import xml.etree.ElementTree as ET

from eventhub.console import statistics
from eventhub.console.charts import Bar, bar_chart

from .helpers import make_registration

SVG = "{http://www.w3.org/2000/svg}"


def seed(event):
    make_registration(event, country="SN", role="member", places=((2, "fr", "confirmed", {"zoom_state": "synced",
                                                                                          "attended": True}),))
    make_registration(event, country="SN", role="staff", places=((2, "fr", "confirmed", {"zoom_state": "pending"}),))
    make_registration(event, country="JO", role="member", places=((1, "en", "confirmed"), (2, "ar", "waitlisted")))
    make_registration(event, country="MX", role="other", places=((2, "es", "cancelled", {"zoom_state": "cancelled"}),))


def test_session_figures_count_by_status_role_country_language_and_zoom(demo_event):
    seed(demo_event)
    first, second = statistics.session_figures(demo_event)
    assert first.by_status == {"confirmed": 1} and first.by_language == {"en": 1}
    assert second.by_status == {"confirmed": 2, "waitlisted": 1, "cancelled": 1}
    assert second.by_role == {"member": 1, "staff": 1}  # confirmed places only
    assert second.by_country == {"SN": 2}
    assert second.by_language == {"fr": 2}
    assert second.waitlisted_by_language == {"ar": 1}
    assert second.by_zoom_state == {"synced": 1, "pending": 1, "link": 1}  # cancelled place left out
    assert second.attended == 1


def test_funnel_without_invitations_domain(demo_event, monkeypatch):
    for name in ("eventhub.invitations", "eventhub.invitations.services", "eventhub.invitations.models"):
        monkeypatch.setitem(sys.modules, name, None)  # as if the domain were not installed
    seed(demo_event)
    funnel = statistics.invitation_funnel(demo_event)
    assert funnel.invited is None
    assert funnel.registered == 3  # the person whose only place is cancelled is not counted
    assert funnel.attended == 1


def test_funnel_reads_invited_count_from_the_invitations_domain(demo_event, monkeypatch):
    fake = types.ModuleType("eventhub.invitations.services")
    fake.count_invited = lambda event: 40 if event.id == demo_event.id else 0
    monkeypatch.setitem(sys.modules, "eventhub.invitations", types.ModuleType("eventhub.invitations"))
    monkeypatch.setitem(sys.modules, "eventhub.invitations.services", fake)
    seed(demo_event)
    assert statistics.invitation_funnel(demo_event).invited == 40


def test_bar_chart_is_accessible_svg_with_numbers_on_bars():
    markup = str(bar_chart("s2-language", "Session 2: headcount", [Bar("French", 12), Bar("Arabic <&>", 3)]))
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "Session 2: headcount"
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert root.find(f"{SVG}desc").text == "French: 12; Arabic <&>: 3"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "French" in texts and "Arabic <&>" in texts and "12" in texts and "3" in texts
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] > widths[1] > 0
    assert abs(widths[0] / widths[1] - 4) < 0.01  # bars are proportional


def test_bar_chart_mirrors_for_right_to_left():
    bars = [Bar("الفرنسية", 10), Bar("العربية", 5)]
    ltr = ET.fromstring(str(bar_chart("c", "t", bars)))
    rtl = ET.fromstring(str(bar_chart("c", "t", bars, rtl=True)))
    assert ltr.get("direction") == "ltr" and rtl.get("direction") == "rtl"
    width = float(ltr.get("width"))
    ltr_rect, rtl_rect = ltr.find(f"{SVG}rect"), rtl.find(f"{SVG}rect")
    # The bar grows from the right edge in Arabic: mirror image of the left-to-right one.
    assert float(rtl_rect.get("x")) == width - float(ltr_rect.get("x")) - float(ltr_rect.get("width"))
    ltr_label = next(t for t in ltr.iter(f"{SVG}text") if t.text == "الفرنسية")
    rtl_label = next(t for t in rtl.iter(f"{SVG}text") if t.text == "الفرنسية")
    assert float(ltr_label.get("x")) < float(ltr_rect.get("x"))
    assert float(rtl_label.get("x")) > float(rtl_rect.get("x")) + float(rtl_rect.get("width"))


def test_empty_chart_says_so():
    root = ET.fromstring(str(bar_chart("e", "Nothing", [], empty_text="No confirmed registrations yet.")))
    assert [t.text for t in root.iter(f"{SVG}text")] == ["No confirmed registrations yet."]


def test_dashboard_page_shows_charts_and_tables(demo_event, signed_in_organiser):
    seed(demo_event)
    page = signed_in_organiser.get("/console/e/safe-cyberspace-2022/?lang=en").get_data(as_text=True)
    assert page.count('<svg class="chart" role="img"') == 11  # funnel + 5 per session
    assert "interpretation headcount" in page
    # Table under the Session 2 language chart: French 2, Spanish 0, Arabic 0 (waiting list not counted).
    table = page[page.index('id="chart-s2-language"'):]
    table = table[:table.index("</details>")]
    assert re.search(r"French</th><td class=\"number\">2<", table)
    assert re.search(r"Arabic</th><td class=\"number\">0<", table)
    assert "Senegal" in page and "Jordan" in page


def test_dashboard_in_arabic_is_right_to_left(demo_event, signed_in_organiser):
    seed(demo_event)
    page = signed_in_organiser.get("/console/e/safe-cyberspace-2022/?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert 'direction="rtl"' in page and 'direction="ltr"' not in page
    assert "السنغال" in page  # country names in Arabic


def jobs_panel(page: str) -> str:
    return page[page.index('id="jobs-heading"'):page.index('id="funnel-heading"')]


def test_dashboard_says_when_emails_are_not_going_through(signed_in_organiser, demo_event, run_jobs, app):
    """The mail server refuses connections: organisers see, in their language, that an
    email is being retried (type of error only, no address), before anyone complains."""
    from tests.conftest import free_port

    from eventhub.jobs.tasks import queue_email
    from eventhub.mail import OutgoingEmail, build_message

    url = "/console/e/safe-cyberspace-2022/?lang=fr"
    assert "Tout a été envoyé" in jobs_panel(signed_in_organiser.get(url).get_data(as_text=True))

    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())  # nobody listens there
    queue_email(build_message(OutgoingEmail(to="delegate@parliament.example", subject="x", text="x",
                                            html=None, language="fr")))
    run_jobs()
    panel = jobs_panel(signed_in_organiser.get(url).get_data(as_text=True))
    assert "Certains courriers électroniques ou mises à jour Zoom n’ont pas encore abouti" in panel
    assert re.search(r"Nouvelle tentative en cours après une erreur</dt><dd>1</dd>", panel)
    assert "Envoi de courrier électronique" in panel and "ConnectionRefusedError" in panel
    assert "delegate@parliament.example" not in panel
