"""The compilation as PDF (WeasyPrint with the system's Pango): page size, running header
and footer, table of contents, Arabic and French text read back with pdftotext."""
import re
import shutil
import subprocess

import pytest

from eventhub.inputs.compilation import build_compilation, pdf_layout, render, render_pdf, select_inputs

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext missing: `make system-packages` installs poppler-utils")


@pytest.fixture
def accepted(make_input):
    return [
        make_input(objectives=(1,), country="EG", language="ar", title="حماية البرلمانات", status="included",
                   author_name="سعادة النائب أحمد", parliament="مجلس النواب",
                   text="يجب أن تعترف الاتفاقية بالبرلمانات بوصفها من البنى التحتية الحيوية."),
        make_input(objectives=(3,), country="SN", language="fr", title="Sécurité des hôpitaux", status="included",
                   author_name="Awa Ndiaye", parliament="Assemblée nationale",
                   text="Les hôpitaux doivent être protégés contre les rançongiciels."),
    ]


def boxes_text(document) -> str:
    """Every text laid out, page by page (WeasyPrint's own boxes: no external tool)."""
    out = []

    def walk(box):
        text = getattr(box, "text", None)
        if isinstance(text, str):
            out.append(text)
        for child in getattr(box, "children", ()) or ():
            walk(child)

    for page in document.pages:
        walk(page._page_box)
        out.append("\f")
    return "".join(out)


def pdftotext(data: bytes) -> str:
    """The PDF's text in reading order; the directional embeddings pdftotext adds around
    right-to-left runs (U+202A..U+202E) are removed, the words compared as they read."""
    text = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                          check=True, timeout=60).stdout.decode("utf-8")
    return re.sub("[\u202a-\u202e\u200e\u200f]", "", text)


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_pdf_lays_out_cover_contents_and_inputs(demo_event, accepted, lang):
    compilation = build_compilation(demo_event, select_inputs(demo_event), lang=lang,
                                    symbol="IPU/C-I/2026/1", date="2026-12-01")
    document, _html = pdf_layout(compilation)
    # cover; contents and summary; each country; the annex: each on its own page
    assert len(document.pages) == 5
    width, height = document.pages[0].width, document.pages[0].height
    assert (round(width * 25.4 / 96), round(height * 25.4 / 96)) == (210, 297)
    text = boxes_text(document)
    assert "IPU/C-I/2026/1" in text and "مجلس النواب" in text and "Assemblée nationale" in text
    assert document.metadata.title.startswith(compilation.title)


def test_pdf_letter_paper(demo_event, accepted):
    document, _html = pdf_layout(build_compilation(demo_event, select_inputs(demo_event), paper="letter"))
    assert (round(document.pages[0].width / 96, 1), round(document.pages[0].height / 96, 1)) == (8.5, 11.0)


def test_pdf_is_reproducible(demo_event, accepted):
    options = dict(lang="ar", symbol="A/AC.291/CRP.1", date="2026-12-01")
    first = render_pdf(build_compilation(demo_event, select_inputs(demo_event), **options))
    again = render_pdf(build_compilation(demo_event, list(reversed(select_inputs(demo_event))), **options))
    assert first.startswith(b"%PDF-") and first == again


@needs_pdftotext
@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_pdf_round_trip_reads_arabic_and_french(demo_event, accepted, lang):
    data = render(build_compilation(demo_event, select_inputs(demo_event), lang=lang,
                                    symbol="IPU/C-I/2026/1", date="2026-12-01"), "pdf")
    text = pdftotext(data)
    pages = text.count("\f")
    assert pages == 5
    # Arabic comes back as the letters typed (shaped glyphs map back to their characters)
    assert "البرلمانات" in text and "مجلس" in text
    assert "rançongiciels" in text and "Assemblée nationale" in text
    assert "IPU/C-I/2026/1" in text  # running header
    footer = {"en": f"Page 2 of {pages}", "fr": f"Page 2 sur {pages}", "ar": f"الصفحة 2 من {pages}"}[lang]
    assert footer.replace(" ", "") in "".join(text.split())  # pdftotext moves spaces around digits in RTL
