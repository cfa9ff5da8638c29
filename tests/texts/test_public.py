"""The public read-only page of a published document; nothing else is public."""
from __future__ import annotations

import pytest

from eventhub.events.demo import DEMO_SLUG
from eventhub.extensions import db
from eventhub.texts.operations import set_published


def _url(document, lang="en", query=""):
    return f"/{lang}/e/{DEMO_SLUG}/texts/{document.id}{query}"


def test_unpublished_documents_are_404_for_everyone_outside_the_console(client, both_fixtures):
    draft, adopted = both_fixtures
    for document in (draft, adopted):
        for lang in ("en", "fr", "es", "ar"):
            assert client.get(_url(document, lang)).status_code == 404
    page = client.get(f"/en/e/{DEMO_SLUG}/").get_data(as_text=True)
    assert "/texts/" not in page  # no link to an unpublished text


def test_published_document_is_readable_in_each_interface_language(client, both_fixtures):
    _, adopted = both_fixtures
    set_published(adopted, True)

    english = client.get(_url(adopted)).get_data(as_text=True)
    assert '<ol class="paragraphs reference-text" lang="en" dir="ltr" data-part="operative">' in english
    assert "Decides to remain seized of the matter." in english
    assert "The delegation of Atlantis expressed reservations on operative paragraph 2." in english
    assert "/console/" not in english  # no staff links on the public page

    # The Arabic interface shows the Arabic text by default, right to left.
    arabic = client.get(_url(adopted, "ar")).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<ol class="paragraphs reference-text" lang="ar" dir="rtl" data-part="preambular">' in arabic
    assert "وإذ تشدد على دور المرأة في إدارة المياه،" in arabic
    assert "فقرات المنطوق" in arabic  # "Operative paragraphs" in Arabic

    # A French reader gets the English text (there is no French one) in a French page,
    # and can switch to the Arabic text.
    french = client.get(_url(adopted, "fr")).get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in french
    assert "Paragraphes du dispositif" in french
    assert "Operative paragraphs" not in french
    assert f'href="/fr/e/{DEMO_SLUG}/texts/{adopted.id}?text=ar"' in french
    french_arabic = client.get(_url(adopted, "fr", "?text=ar")).get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in french_arabic


def test_unknown_text_language_and_other_event_are_404(client, both_fixtures):
    _, adopted = both_fixtures
    set_published(adopted, True)
    assert client.get(_url(adopted, query="?text=fr")).status_code == 404
    assert client.get(f"/en/e/other-event/texts/{adopted.id}").status_code == 404


def test_the_event_page_links_published_texts_only(client, both_fixtures):
    draft, adopted = both_fixtures
    set_published(adopted, True)
    page = client.get(f"/es/e/{DEMO_SLUG}/").get_data(as_text=True)
    assert f'href="/es/e/{DEMO_SLUG}/texts/{adopted.id}"' in page
    assert f"/texts/{draft.id}" not in page
    assert "Textos de referencia" in page


def test_reimport_takes_the_document_off_the_public_site(client, both_fixtures, import_fixture):
    _, adopted = both_fixtures
    set_published(adopted, True)
    assert client.get(_url(adopted)).status_code == 200
    import_fixture("adopted.md", "adopted")
    db.session.refresh(adopted)
    assert adopted.published is False
    assert client.get(_url(adopted)).status_code == 404


@pytest.mark.parametrize("path", ["alignment/en", "alignment?lang=en", "paragraphs/1"])
def test_staff_pages_have_no_public_counterpart(client, both_fixtures, path):
    set_published(both_fixtures[1], True)
    assert client.get(f"/en/e/{DEMO_SLUG}/texts/{path}").status_code == 404


def test_unnumbered_preamble_shows_eventhubs_numbers_as_such(client, both_fixtures):
    draft, adopted = both_fixtures
    set_published(adopted, True)
    set_published(draft, True)
    page = client.get(_url(adopted)).get_data(as_text=True)
    # The adopted preamble is unnumbered in the source: "[1]", marked, with a note.
    assert '<span class="paragraph-number eventhub-number" title="Numbered by eventhub' in page
    assert ">[1]</span>" in page and ">(1)</span>" not in page
    assert "the numbers in square brackets are eventhub’s" in page
    assert ">1.</span>" in page  # the operative part has the source's own numbers
    draft_page = client.get(_url(draft)).get_data(as_text=True)
    assert ">(1)</span>" in draft_page and "eventhub-number" not in draft_page
