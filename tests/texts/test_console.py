"""Console pages: documents, a document per language, the alignment, a paragraph,
the upload form, publishing; who may see and do what.

What the pages must show comes from reading the fixtures (see test_import.py
and test_alignment.py): draft operative 5 "Requests the IPU Secretariat to
report on progress at the next Assembly." became adopted operative 4 "... at
the 1000th Assembly." (Arabic "المقبلة" became "الـ 1000"); adopted preambular 2
"Stressing the role of women" and operative 5 "Decides to remain seized" are new.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from eventhub.events.demo import DEMO_SLUG
from eventhub.extensions import db
from eventhub.texts.models import INPUT_LINKS_AVAILABLE, ReferenceDocument

BASE = f"/console/events/{DEMO_SLUG}/texts"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _pair_html(html: str, adopted_ref: str) -> str:
    """The <article> of the alignment page whose adopted paragraph is ``adopted_ref``."""
    match = re.search(rf'<article class="pair"[^>]*data-adopted="{adopted_ref}">(.*?)</article>', html, re.S)
    assert match, f"no pair for adopted {adopted_ref}"
    return match.group(1)


# --------------------------------------------------------------------------
# Access
# --------------------------------------------------------------------------


def _console_urls(draft, adopted):
    paragraph = draft.paragraphs[0]
    return [
        f"{BASE}/",
        f"{BASE}/import",
        f"{BASE}/{draft.id}",
        f"{BASE}/{draft.id}/en",
        f"{BASE}/alignment/ar",
        f"{BASE}/paragraphs/{paragraph.id}",
    ]


def test_anonymous_visitors_are_sent_to_sign_in(app, client, both_fixtures):
    for url in _console_urls(*both_fixtures):
        response = client.get(url)
        if "accounts.login" in app.view_functions:
            assert response.status_code == 302, url
            assert "/console/login" in response.headers["Location"], url
        else:
            # No sign-in page on this branch yet: Flask-Login answers 401, never the page.
            assert response.status_code == 401, url
    for url in [f"{BASE}/{both_fixtures[0].id}/publish", f"{BASE}/import"]:
        assert client.post(url, data={"published": "1"}).status_code in (302, 401)
    db.session.expire_all()
    assert not any(d.published for d in db.session.execute(db.select(ReferenceDocument)).scalars())


def test_staff_and_organisers_read_every_page(client, make_user, login_as, both_fixtures):
    for role in ("staff", "organiser", "admin"):
        login_as(make_user(f"{role}@ipu.example", role=role))
        for url in _console_urls(*both_fixtures):
            if url.endswith("/import") and role == "organiser":
                continue
            response = client.get(url, follow_redirects=True)
            assert response.status_code == 200, (role, url)


def test_organisers_cannot_import_and_staff_cannot_publish(client, make_user, login_as, both_fixtures):
    draft, _ = both_fixtures
    login_as(make_user("organiser@ipu.example", role="organiser"))
    assert client.get(f"{BASE}/import").status_code == 403
    login_as(make_user("staff@ipu.example", role="staff"))
    assert client.post(f"{BASE}/{draft.id}/publish", data={"published": "1"}).status_code == 403
    db.session.refresh(draft)
    assert draft.published is False


def test_unknown_event_document_or_language_is_404(staff_client, both_fixtures):
    draft, _ = both_fixtures
    assert staff_client.get("/console/events/nope/texts/").status_code == 404
    assert staff_client.get(f"{BASE}/{draft.id + 100}/en").status_code == 404
    assert staff_client.get(f"{BASE}/{draft.id}/fr").status_code == 404
    assert staff_client.get(f"{BASE}/alignment/fr").status_code == 404
    assert staff_client.get(f"{BASE}/paragraphs/999999").status_code == 404


# --------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------


def test_document_list_shows_counts_per_part_and_language(staff_client, both_fixtures):
    html = staff_client.get(f"{BASE}/").get_data(as_text=True)
    for document in both_fixtures:
        row = re.search(rf'<tr id="document-{document.id}">(.*?)</tr>', html, re.S).group(1)
        counts = dict(
            ((part, language), int(count))
            for part, language, count in re.findall(
                r'data-part="(\w+)" data-language="(\w+)">[^<]*<span class="count">(\d+)</span>', row
            )
        )
        assert counts == {
            ("preambular", "en"): 4, ("preambular", "ar"): 4, ("operative", "en"): 5, ("operative", "ar"): 5,
        }
    assert "Draft resolution on water security" in html
    assert f'href="{BASE}/alignment/ar"' in html


def test_document_page_per_language_numbers_paragraphs_by_part(staff_client, both_fixtures):
    draft, _ = both_fixtures
    english = staff_client.get(f"{BASE}/{draft.id}/en").get_data(as_text=True)
    assert '<ol class="paragraphs reference-text" lang="en" dir="ltr" data-part="operative">' in english
    assert "<h2 id=\"part-preambular\">Preambular paragraphs</h2>" in english
    assert '<span class="paragraph-number">(2)</span>' in english
    assert '<span class="paragraph-number">5.</span>' in english
    assert "Requests the IPU Secretariat to report on progress at the next Assembly." in english

    arabic = staff_client.get(f"{BASE}/{draft.id}/ar").get_data(as_text=True)
    assert '<ol class="paragraphs reference-text" lang="ar" dir="rtl" data-part="preambular">' in arabic
    assert "وإذ تلاحظ بقلق أن موجات الجفاف" in arabic
    assert "Requests the IPU Secretariat" not in arabic
    assert '<strong data-count="operative">5</strong>' in arabic


def test_document_page_lists_unplaced_text_and_numbering_gaps(staff_client, import_fixture):
    document = import_fixture("noisy.txt", "draft").document
    html = staff_client.get(f"{BASE}/{document.id}/en").get_data(as_text=True)
    assert "Text that could not be placed" in html
    assert "Line 20" in html and "Annex prepared by the Secretariat for information only" in html
    assert "numbers missing: 3." in html
    arabic = staff_client.get(f"{BASE}/{document.id}/ar").get_data(as_text=True)
    assert "Annex prepared" not in arabic  # an English fragment is listed with the English text


def test_reservations_are_shown_with_the_adopted_text(staff_client, both_fixtures):
    _, adopted = both_fixtures
    html = staff_client.get(f"{BASE}/{adopted.id}/ar").get_data(as_text=True)
    assert "Notes and reservations" in html
    assert "أعرب وفد أتلانتس عن تحفظه على الفقرة 2 من المنطوق." in html


@pytest.mark.parametrize("lang, direction, deleted, inserted", [
    ("en", "ltr", "next", "1000th"),
    ("ar", "rtl", "المقبلة", "الـ 1000"),
])
def test_alignment_page_shows_the_word_diff_of_a_changed_paragraph(staff_client, both_fixtures, lang, direction, deleted, inserted):
    html = staff_client.get(f"{BASE}/alignment/{lang}").get_data(as_text=True)
    pair = _pair_html(html, "operative-4")
    assert 'data-status="changed"' in pair
    assert 'data-status="renumbered"' in pair  # draft 5 -> adopted 4
    assert f'<div class="pair-columns" dir="{direction}">' in pair
    diff = re.search(r'<p class="paragraph-text diff" lang="(\w+)" dir="(\w+)">(.*?)</p>', pair, re.S)
    assert diff.group(1, 2) == (lang, direction)
    assert f"<del>{deleted}</del>" in diff.group(3)
    assert f"<ins>{inserted}</ins>" in diff.group(3)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_alignment_page_badges_new_merged_removed(staff_client, both_fixtures, lang):
    html = staff_client.get(f"{BASE}/alignment/{lang}").get_data(as_text=True)
    assert 'data-status="new"' in _pair_html(html, "preambular-2")
    assert "Not in the draft." in _pair_html(html, "preambular-2")
    assert 'data-status="new"' in _pair_html(html, "operative-5")
    merged = _pair_html(html, "operative-2")
    assert 'data-status="merged"' in merged
    assert '<span class="paragraph-number">3.</span>' in merged  # both draft paragraphs shown
    assert re.search(r'<article class="pair" id="pair-\d+" data-status="removed"\s+data-draft="preambular-3"', html)
    unchanged = _pair_html(html, "preambular-1")
    assert 'data-status="unchanged"' in unchanged and "<del>" not in unchanged


def test_alignment_without_a_language_opens_the_english_text(staff_client, both_fixtures):
    response = staff_client.get(f"{BASE}/alignment")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{BASE}/alignment/en")


def test_console_lang_parameter_sets_the_interface_not_the_text(staff_client, both_fixtures):
    # ?lang= is the console's interface language; the text language is in the path.
    html = staff_client.get(f"{BASE}/alignment/en?lang=es").get_data(as_text=True)
    assert '<html lang="es" dir="ltr">' in html
    assert "Comparación del proyecto y del texto aprobado" in html
    assert '<div class="pair-columns" dir="ltr">' in html
    assert "Calls upon parliaments to recognize the human right to water in national law;" in html
    html = staff_client.get(f"{BASE}/alignment/ar?lang=fr").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in html
    assert '<div class="pair-columns" dir="rtl">' in html


def test_alignment_page_explains_what_is_missing(staff_client, import_fixture):
    import_fixture("draft.md", "draft")
    html = staff_client.get(f"{BASE}/alignment/en").get_data(as_text=True)
    assert "Both the draft and the adopted text must be imported" in html


def test_paragraph_page_shows_its_other_language_and_its_fate(staff_client, both_fixtures):
    draft, adopted = both_fixtures
    paragraph = next(p for p in draft.paragraphs if (p.language, p.part, p.number) == ("en", "operative", 5))
    arabic = next(p for p in draft.paragraphs if (p.language, p.part, p.number) == ("ar", "operative", 5))
    html = staff_client.get(f"{BASE}/paragraphs/{paragraph.id}").get_data(as_text=True)
    assert "<h1>Operative paragraph 5</h1>" in html
    assert f'href="{BASE}/paragraphs/{arabic.id}">Arabic</a>' in html
    assert "What became of it in the adopted text" in html
    assert "<del>next</del>" in html and "<ins>1000th</ins>" in html


def test_french_console_pages_have_no_english_interface(client, make_user, login_as, both_fixtures):
    login_as(make_user("staff@ipu.example", role="staff"))
    headers = {"Accept-Language": "fr"}
    html = client.get(f"{BASE}/alignment/ar", headers=headers).get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in html
    assert "Projet et texte adopté comparés" in html
    for english in ("Changed</span>", "Not in the draft", "Adopted text", "Preambular paragraph"):
        assert english not in html
    html = client.get(f"{BASE}/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    for english in ("Reference texts", "Operative paragraphs", "Imported", "Not public"):
        assert english not in html


# --------------------------------------------------------------------------
# Upload form
# --------------------------------------------------------------------------


def _upload(client, content: bytes, filename: str, kind="adopted", title=""):
    return client.post(
        f"{BASE}/import",
        data={"file": (io.BytesIO(content), filename), "kind": kind, "title": title},
        content_type="multipart/form-data",
    )


def test_upload_stores_the_document_and_shows_it(staff_client, demo_event):
    content = (FIXTURES / "adopted.md").read_bytes()
    response = _upload(staff_client, content, "adopted.md", title="Adopted resolution")
    assert response.status_code == 302
    document = db.session.execute(db.select(ReferenceDocument)).scalar_one()
    assert response.headers["Location"].endswith(f"{BASE}/{document.id}/en")
    assert (document.kind, document.title, document.source_filename) == ("adopted", "Adopted resolution", "adopted.md")
    assert document.imported_by.email == "staff@ipu.example"
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The document was imported." in page
    assert '<strong data-count="preambular">4</strong>' in page


@pytest.mark.parametrize("content, filename, kind, message", [
    (b"", "", "draft", "Please choose a file to import."),
    (b"%PDF-1.7 ...", "resolution.pdf", "draft", "Please choose a plain text (.txt) or Markdown (.md) file."),
    ("1. Décide de rester saisie.".encode("cp1252"), "scan.txt", "draft", "not plain text in UTF-8"),
    (b"Inter-Parliamentary Union\n", "letterhead.txt", "draft", "No preambular or operative paragraphs"),
    (b"1. Calls upon parliaments to act;\n", "ok.txt", "final", "draft or the adopted text"),
])
def test_upload_errors_are_explained_and_nothing_is_stored(staff_client, demo_event, content, filename, kind, message):
    response = _upload(staff_client, content, filename, kind=kind, title="Kept title")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert 'value="Kept title"' in html  # what was typed is not lost
    assert db.session.execute(db.select(db.func.count(ReferenceDocument.id))).scalar_one() == 0


@pytest.mark.app_config(TEXTS_MAX_UPLOAD_BYTES=1024)
def test_upload_larger_than_the_limit_is_refused(staff_client, demo_event):
    response = _upload(staff_client, (FIXTURES / "adopted.md").read_bytes(), "adopted.md")
    assert response.status_code == 422
    assert "The file is too large: texts up to 1 kB can be imported." in response.get_data(as_text=True)


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_forms_need_the_csrf_token(client, make_user, login_as, both_fixtures):
    draft, _ = both_fixtures
    login_as(make_user("organiser@ipu.example", role="organiser"))
    assert client.post(f"{BASE}/{draft.id}/publish", data={"published": "1"}).status_code == 400
    db.session.refresh(draft)
    assert draft.published is False
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert 'name="csrf_token"' in page


def test_organiser_publishes_and_withdraws(organiser_client, both_fixtures):
    draft, _ = both_fixtures
    response = organiser_client.post(f"{BASE}/{draft.id}/publish", data={"published": "1"}, follow_redirects=True)
    assert "The document is now public (read only)." in response.get_data(as_text=True)
    db.session.refresh(draft)
    assert draft.published is True and draft.published_at is not None
    organiser_client.post(f"{BASE}/{draft.id}/publish", data={"published": "0"})
    db.session.refresh(draft)
    assert draft.published is False
    assert organiser_client.post(f"{BASE}/{draft.id}/publish", data={"published": "yes"}).status_code == 400


@pytest.mark.skipif(INPUT_LINKS_AVAILABLE, reason="checks the behaviour without the inputs domain")
def test_without_the_inputs_domain_links_are_unavailable(staff_client, both_fixtures):
    paragraph = both_fixtures[1].paragraphs[0]
    html = staff_client.get(f"{BASE}/paragraphs/{paragraph.id}").get_data(as_text=True)
    assert "Parliamentary inputs are not available on this installation." in html
    assert 'name="input_id"' not in html
    assert staff_client.post(f"{BASE}/paragraphs/{paragraph.id}/inputs", data={"input_id": "1"}).status_code == 404


def test_reference_texts_are_in_the_console_menu(staff_client, both_fixtures):
    html = staff_client.get(f"{BASE}/").get_data(as_text=True)
    menu = re.search(r'<nav class="console-nav".*?</nav>', html, re.S).group(0)
    assert f'<a href="{BASE}/" aria-current="page">Reference texts</a>' in menu
