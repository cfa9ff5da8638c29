"""Console pages in English, French, Spanish and Arabic, without a language in the URL."""
from eventhub.console.language import COOKIE


def test_accept_language_then_query_then_cookie(signed_in_organiser, demo_event):
    client = signed_in_organiser
    page = client.get("/console/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert 'lang="es"' in page and "Consola de organización" in page

    response = client.get("/console/?lang=fr", headers={"Accept-Language": "es"})
    assert 'lang="fr"' in response.get_data(as_text=True)
    cookie = response.headers["Set-Cookie"]
    assert f"{COOKIE}=fr" in cookie and "Path=/console" in cookie and "HttpOnly" in cookie

    page = client.get("/console/e/safe-cyberspace-2022/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert 'lang="fr"' in page and "Tableau de bord" in page


def test_unknown_language_is_ignored(signed_in_organiser, demo_event):
    response = signed_in_organiser.get("/console/?lang=de", headers={"Accept-Language": "en"})
    assert 'lang="en"' in response.get_data(as_text=True) and COOKIE not in response.headers.get("Set-Cookie", "")


def test_switcher_keeps_the_page_and_its_filters(signed_in_organiser, demo_event):
    page = signed_in_organiser.get("/console/e/safe-cyberspace-2022/registrations?status=confirmed&lang=en")
    text = page.get_data(as_text=True)
    assert 'href="/console/e/safe-cyberspace-2022/registrations?status=confirmed&amp;lang=ar"' in text


def test_arabic_console_is_right_to_left_and_translated(signed_in_organiser, demo_event):
    page = signed_in_organiser.get("/console/e/safe-cyberspace-2022/s/2/?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    for english in ("Edit session", "Save the session", "Floor language", "Zoom registration link", "Capacity"):
        assert english not in page, english
