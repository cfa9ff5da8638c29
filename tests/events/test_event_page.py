"""The public event page in four languages and in the visitor's zone."""
import re

import pytest

from eventhub.events.demo import DEMO_SLUG

PAGE = f"/{{lang}}/e/{DEMO_SLUG}/"


@pytest.mark.parametrize("lang, direction, title", [
    ("en", "ltr", "Creating a safe cyberspace for democracy"),
    ("fr", "ltr", "Créer un cyberespace sûr pour la démocratie"),
    ("es", "ltr", "Crear un ciberespacio seguro para la democracia"),
    ("ar", "rtl", "إقامة فضاء إلكتروني آمن للديمقراطية"),
])
def test_every_language_has_lang_dir_and_title(client, demo_event, lang, direction, title):
    response = client.get(PAGE.format(lang=lang))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert title in html


def test_french_page_has_no_english_interface_text(client, demo_event):
    html = client.get(PAGE.format(lang="fr") + "?tz=Asia/Manila").get_data(as_text=True)
    for english in ("Sessions</h2>", "Your time", "Show times", "About the meeting", "Objectives"):
        assert english not in html
    assert "Séance 1" in html
    assert "Votre heure" in html


def test_reference_and_local_times_shown(client, demo_event):
    html = client.get(PAGE.format(lang="en") + "?tz=Asia/Manila").get_data(as_text=True)
    assert "07:00–09:00" in html and "CET" in html
    assert "14:00–16:00" in html
    assert "Asia/Manila" in html
    assert "23:30–01:30" in html  # session 2 runs past midnight in Manila
    assert "night" in html


def test_zone_chosen_by_query_is_remembered_in_a_cookie(client, demo_event):
    response = client.get(PAGE.format(lang="en") + "?tz=America/Bogota")
    assert "tz=America/Bogota" in response.headers.get("Set-Cookie", "")
    html = client.get(PAGE.format(lang="en")).get_data(as_text=True)
    assert "10:30–12:30" in html


def test_cookie_zone_is_used_without_query(client, demo_event):
    client.set_cookie("tz", "Pacific/Auckland")
    html = client.get(PAGE.format(lang="en")).get_data(as_text=True)
    assert "19:00–21:00" in html  # session 1 in Auckland


def test_unknown_zone_gives_localised_message_and_reference_times(client, demo_event):
    response = client.get(PAGE.format(lang="fr") + "?tz=Mars/Olympus_Mons")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Mars/Olympus_Mons" in html
    assert "n’est pas reconnu" in html
    assert 'data-zone="Europe/Zurich"' in html


def test_hostile_zone_is_escaped(client, demo_event):
    html = client.get(PAGE.format(lang="en") + "?tz=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_arabic_page_uses_arabic_month_names(client, demo_event):
    html = client.get(PAGE.format(lang="ar")).get_data(as_text=True)
    assert "ديسمبر" in html
    assert "الجلسة 1" in html


def test_unknown_language_is_404(client, demo_event):
    assert client.get(f"/de/e/{DEMO_SLUG}/").status_code == 404


def test_unknown_event_is_404_in_page_language(client, demo_event):
    response = client.get("/fr/e/no-such-event/")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_root_redirects_by_accept_language(client, demo_event):
    response = client.get("/", headers={"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/es/")


def test_bare_event_url_redirects_by_accept_language(client, demo_event):
    response = client.get(f"/e/{DEMO_SLUG}/", headers={"Accept-Language": "ar"})
    assert response.headers["Location"] == f"/ar/e/{DEMO_SLUG}/"


def test_language_switcher_keeps_page_and_zone(client, demo_event):
    html = client.get(PAGE.format(lang="en") + "?tz=Asia/Manila").get_data(as_text=True)
    links = re.findall(r'href="(/(?:fr|es|ar)/e/[^"]+)"', html)
    assert f"/fr/e/{DEMO_SLUG}/?tz=Asia/Manila" in [link.replace("&amp;", "&") for link in links]


def test_the_public_page_never_offers_zoom_registration(client, demo_event):
    """Issue 15: people register here first; the Zoom link comes on their own pages."""
    for lang in ("en", "fr", "es", "ar"):
        html = client.get(PAGE.format(lang=lang)).get_data(as_text=True)
        assert "WN_dMEN_hv2QGO5vUyrHFry0g" not in html
        assert "WN_HYpQIITqR_uSqLUt0Zj9tq" not in html
        assert f'href="/{lang}/e/{DEMO_SLUG}/register"' in html


def test_security_headers(client, demo_event):
    response = client.get(PAGE.format(lang="en"))
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_language_switcher_survives_query_arguments_named_like_url_arguments(client, demo_event):
    """?lang=, ?slug= or ?_external= used to be passed to url_for: a 500 (?lang=) or a
    switcher pointing elsewhere. The query is now kept as a query."""
    response = client.get(PAGE.format(lang="en") + "?lang=&slug=other&_external=1&_scheme=javascript&tz=Asia/Manila")
    assert response.status_code == 200
    html = response.get_data(as_text=True).replace("&amp;", "&")
    links = re.findall(r'href="([^"]+)" lang="fr"', html)
    assert links == [f"/fr/e/{DEMO_SLUG}/?lang=&slug=other&_external=1&_scheme=javascript&tz=Asia/Manila"]


def test_a_lang_query_parameter_does_not_break_the_switcher(client, demo_event):
    response = client.get(PAGE.format(lang="en") + "?lang=fr&tz=Asia/Manila")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'href="/fr/e/{DEMO_SLUG}/?' in html


def test_language_lists_follow_each_language(client, demo_event):
    arabic = client.get(PAGE.format(lang="ar")).get_data(as_text=True)
    assert "الإنجليزية, " not in arabic  # no Latin comma inside Arabic text
    assert "والعربية" in arabic
    french = client.get(PAGE.format(lang="fr")).get_data(as_text=True)
    assert "anglais, français, espagnol et arabe" in french


@pytest.mark.parametrize("lang, comma", [("ar", "،"), ("fr", ",")])
def test_local_date_and_time_are_joined_with_the_languages_comma(client, demo_event, lang, comma):
    """Session 2 ends on 7 December in Auckland, so the local date is shown before the
    local times: in Arabic with the Arabic comma, not a Latin one."""
    html = client.get(PAGE.format(lang=lang) + "?tz=Pacific/Auckland").get_data(as_text=True)
    local_dates = re.findall(r'<span class="local-date">([^<]*)</span>', html)
    assert local_dates, "no local date shown"
    assert all(date.rstrip().endswith(comma) for date in local_dates), local_dates
    if lang == "ar":
        assert not any("," in date for date in local_dates), local_dates
