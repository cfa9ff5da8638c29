"""The compilation: selection, grouping (country, objective), printed once, counts,
attribution, escaping, determinism, DOCX layout and right to left, PDF, and the
`flask inputs compile` command."""
import io
import zipfile

import pytest
from docx import Document
from markdown_it import MarkdownIt

from eventhub.inputs.compilation import (
    ACTIVE_STATUSES,
    build_compilation,
    md_escape,
    register_grouping,
    render_docx,
    render_html,
    render_markdown,
    select_inputs,
)

SCRIPT = "<script>alert('x')</script> & *emphasis* [link](http://evil.example) # not a heading"


@pytest.fixture
def inputs(make_input):
    return [
        make_input(objectives=(1, 3), country="SN", language="fr", title="Sécurité des hôpitaux",
                   author_name="Awa Ndiaye", parliament="Assemblée nationale", text="Premier paragraphe.\n\nSecond."),
        make_input(objectives=(3,), country="EG", language="ar", title="حماية البرلمانات",
                   author_name="Omar Hassan", parliament="مجلس النواب", attribution="anonymous",
                   text="يجب حماية البرلمانات.\nسطر ثانٍ."),
        make_input(objectives=(3,), country="AR", language="es", title="Datos personales",
                   author_name="Lucía Pérez", parliament="Senado", status="included"),
        make_input(objectives=(1,), country="FR", language="en", title=SCRIPT, text=SCRIPT,
                   author_name="Jean <b>Bold</b>", parliament="Sénat"),
        make_input(objectives=(2,), country="JP", language="en", title="Set aside", status="not_included"),
        make_input(objectives=(3,), country="SN", language="fr", title="Deuxième du Sénégal",
                   author_name="Moussa Fall", parliament="Assemblée nationale"),
    ]


def active(event):
    """Every input not set aside (the working draft), as most tests here compile."""
    return select_inputs(event, statuses=ACTIVE_STATUSES)


def test_default_selection_is_the_accepted_inputs(demo_event, inputs):
    assert [i.title for i in select_inputs(demo_event)] == ["Datos personales"]
    assert [i.title for i in active(demo_event)] == [i.title for i in inputs if i.status != "not_included"]
    assert [i.id for i in select_inputs(demo_event, ids=[inputs[4].id])] == [inputs[4].id]


def structure(compilation):
    return [(s.heading, [(sub.heading, [(i.title, i.is_reference) for i in sub.inputs]) for sub in s.subsections])
            for s in compilation.sections]


def test_grouped_by_objective_then_country_each_input_printed_once(demo_event, inputs):
    compilation = build_compilation(demo_event, active(demo_event), group_by="objective")
    assert structure(compilation) == [
        ("Objective 1: Risks and consequences", [
            ("France", [(SCRIPT, False)]),
            ("Senegal", [("Sécurité des hôpitaux", False)]),
        ]),
        # Objective 2 has only a "not included" input: no section.
        ("Objective 3: Provisions for the convention", [
            ("Argentina", [("Datos personales", False)]),
            ("Egypt", [("حماية البرلمانات", False)]),
            # filed under objectives 1 and 3: printed under 1, referred to under 3
            ("Senegal", [("Sécurité des hôpitaux", True), ("Deuxième du Sénégal", False)]),
        ]),
    ]
    first = compilation.sections[0].subsections[1].inputs[0]
    assert first.attribution == "Awa Ndiaye, Assemblée nationale"
    assert first.language_name == "French" and first.also_under == ["Objective 3: Provisions for the convention"]
    reference = compilation.sections[1].subsections[2].inputs[0]
    assert reference.number == first.number == 2 and reference.paragraphs == []
    assert reference.printed_under == "Objective 1: Risks and consequences"
    arabic = compilation.sections[1].subsections[1].inputs[0]
    assert arabic.attribution == "Anonymous" and "Omar" not in arabic.attribution
    assert arabic.direction == "rtl" and arabic.language_name == "Arabic"
    markdown = render_markdown(compilation)
    assert markdown.count("Premier paragraphe.") == 1
    assert "*Input 2: Sécurité des hôpitaux — Printed in full under «Objective 1: Risks and consequences»*" in markdown
    assert [i.number for s in compilation.sections for sub in s.subsections for i in sub.inputs
            if not i.is_reference] == [1, 2, 3, 4, 5]


def test_grouped_by_country_alphabetically_in_the_document_language(demo_event, inputs, make_input):
    make_input(objectives=(1,), country="AT", title="Österreich")
    make_input(objectives=(1,), country="DE", title="Deutschland")
    make_input(objectives=(1,), country="AE", title="Emirates")
    headings = {lang: [s.heading for s in build_compilation(demo_event, active(demo_event), lang=lang).sections]
                for lang in ("en", "fr", "es", "ar")}
    assert headings["en"] == ["Argentina", "Austria", "Egypt", "France", "Germany", "Senegal", "United Arab Emirates"]
    # French: Égypte among the E (collation, not code points), Émirats after it
    assert headings["fr"] == ["Allemagne", "Argentine", "Autriche", "Égypte", "Émirats arabes unis", "France", "Sénégal"]
    assert headings["es"] == ["Alemania", "Argentina", "Austria", "Egipto", "Emiratos Árabes Unidos", "Francia", "Senegal"]
    from eventhub.inputs.compilation import collation_key

    assert headings["ar"] == sorted(headings["ar"], key=collation_key) and headings["ar"][-1] == "مصر"
    # one unnamed subsection per country; every input once
    compilation = build_compilation(demo_event, active(demo_event))
    assert all(len(s.subsections) == 1 and s.subsections[0].heading == "" for s in compilation.sections)
    assert not any(i.is_reference for s in compilation.sections for i in s.subsections[0].inputs)


def test_summary_counts_per_objective_and_region(demo_event, inputs):
    compilation = build_compilation(demo_event, active(demo_event))
    assert compilation.region_headings == ["Africa", "Americas", "Asia", "Europe", "Oceania"]
    table = {row.label: (row.counts, row.total) for row in compilation.summary}
    assert table == {
        "Objective 1: Risks and consequences": ([1, 0, 0, 1, 0], 2),
        "Objective 2: Good parliamentary practices": ([0, 0, 0, 0, 0], 0),
        "Objective 3: Provisions for the convention": ([3, 1, 0, 0, 0], 4),
        "All inputs (each counted once)": ([3, 1, 0, 1, 0], 5),
    }


def test_working_title_is_shown_where_supplied(demo_event, inputs):
    from eventhub.inputs.operations import set_review_details

    set_review_details(inputs[1], "Protecting parliaments", [])
    markdown = render_markdown(build_compilation(demo_event, active(demo_event)))
    assert "- English working title: Protecting parliaments" in markdown
    assert markdown.count("English working title") == 1


def test_html_escapes_author_text_and_marks_direction(app, demo_event, inputs):
    html = render_html(build_compilation(demo_event, active(demo_event)))
    assert "<script>" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<b>Bold</b>" not in html and "Jean &lt;b&gt;Bold&lt;/b&gt;" in html
    assert '<div class="text" dir="rtl" lang="ar">' in html
    assert "Omar Hassan" not in html  # anonymous


def test_markdown_renders_author_text_as_text(demo_event, inputs):
    markdown = render_markdown(build_compilation(demo_event, active(demo_event)))
    rendered = MarkdownIt("commonmark").render(markdown)
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert "<em>emphasis</em>" not in rendered and "*emphasis*" in rendered
    assert 'href="http://evil.example"' not in rendered
    assert "<h1>not a heading" not in rendered
    assert "Omar Hassan" not in markdown
    # Line breaks inside a paragraph survive as hard breaks.
    assert "يجب حماية البرلمانات.<br />\nسطر ثانٍ." in rendered


@pytest.mark.parametrize("line", ["# Heading", "- item", "1. item", "> quote", "    code", "===", "<div>", "`code`"])
def test_md_escape_neutralises_block_and_inline_markup(line):
    rendered = MarkdownIt("commonmark").render(md_escape(line))
    assert rendered.startswith("<p>") and "<code>" not in rendered and "<div>" not in rendered


def docx_document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_docx_keeps_text_as_text_and_sets_arabic_right_to_left(demo_event, inputs):
    data = render_docx(build_compilation(demo_event, active(demo_event), group_by="objective"))
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert SCRIPT in texts
    assert "Submitted by: Anonymous" in texts and not any("Omar" in t for t in texts)
    assert document.core_properties.title == "Compilation of parliamentary inputs"
    # no input printed twice
    assert texts.count("Premier paragraphe.") == 1

    arabic = next(p for p in document.paragraphs if p.text.startswith("يجب حماية"))
    assert arabic._p.pPr.find(f"{W}bidi") is not None
    assert all(run._r.rPr.find(f"{W}rtl") is not None for run in arabic.runs)
    assert "\n" in arabic.text  # the line break inside the paragraph
    french = next(p for p in document.paragraphs if p.text == "Premier paragraphe.")
    assert french._p.pPr is None or french._p.pPr.find(f"{W}bidi") is None

    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Objective", "Africa", "Americas", "Asia", "Europe", "Oceania", "Total"]
    assert [c.text for c in table.rows[-1].cells] == ["All inputs (each counted once)", "3", "1", "0", "1", "0", "5"]


def test_docx_is_ready_to_send(demo_event, inputs):
    from docx.shared import Mm

    compilation = build_compilation(demo_event, active(demo_event), symbol="IPU/C-I/2026/1", date="2026-12-01",
                                    addressee="Chair of the Ad Hoc Committee")
    document = Document(io.BytesIO(render_docx(compilation)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.header.paragraphs[0].text == "IPU/C-I/2026/1"
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml and 'fldCharType="begin"' in footer_xml
    body = document.element.xml
    assert 'TOC \\o "1-2"' in body and "updateFields" in document.settings.element.xml
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["IPU/C-I/2026/1", "December 1, 2026"]
    assert "To: Chair of the Ad Hoc Committee" in texts and "Prepared by: Inter-Parliamentary Union" in texts
    assert any("reproduced as received, in their original language" in t for t in texts)
    assert "This compilation has not been formally edited." in texts
    properties = document.core_properties
    assert properties.created.date().isoformat() == "2026-12-01" == properties.modified.date().isoformat()
    assert properties.author == "Inter-Parliamentary Union" and properties.keywords == "IPU/C-I/2026/1"
    assert properties.language == "en"
    # The summary table: fixed layout, a wide first column.
    table = document.tables[0]
    widths = [cell.width for cell in table.rows[0].cells]
    assert widths[0] > 2.5 * widths[1] and table._tbl.tblPr.find(f"{W}tblLayout") is not None
    assert sum(w.mm for w in widths) <= 171
    # each region column holds its longest heading in every language at 9 pt (about 1.9 mm
    # a letter with the cell's padding), so no word breaks ("conseque|nces", "Amériqu|es")
    assert widths[1].mm >= 19 and table.rows[0].cells[1].paragraphs[0].runs[0].font.size.pt == 9

    letter = Document(io.BytesIO(render_docx(build_compilation(demo_event, active(demo_event), paper="letter"))))
    assert round(letter.sections[0].page_width.inches, 1) == 8.5 and round(letter.sections[0].page_height.inches) == 11
    assert letter.sections[0].header.paragraphs[0].text == "Compilation of parliamentary inputs"


def test_attachments_listed_in_an_annex_and_zipped(demo_event, make_input, tmp_path):
    from eventhub.inputs.attachments import CheckedAttachment
    from eventhub.inputs.compilation import attachments_zip

    from .conftest import docx_bytes, pdf_bytes

    with_files = make_input(title="Avec annexes", language="fr", country="SN", status="included", attachments=[
        CheckedAttachment("étude.pdf", "pdf", pdf_bytes("Etude")),
        CheckedAttachment("note.docx", "docx", docx_bytes("Note")),
    ])
    make_input(title="Sans annexe", country="FR", status="included")
    compilation = build_compilation(demo_event, select_inputs(demo_event), lang="fr")
    rows = [(r.filename, r.kind, r.input_number) for r in compilation.attachments]
    number = next(i.number for s in compilation.sections for i in s.subsections[0].inputs if i.id == with_files.id)
    assert rows == [("étude.pdf", "PDF", number), ("note.docx", "DOCX", number)]
    markdown = render_markdown(compilation)
    assert "## Annexe\u00a0: pièces jointes reçues" in markdown and "| étude.pdf | PDF |" in markdown
    document = Document(io.BytesIO(render_docx(compilation)))
    annex = document.tables[-1]
    assert [c.text for c in annex.rows[1].cells][:3] == [str(number), "étude.pdf", "PDF"]
    assert any(p.text.startswith("Pièces jointes\u00a0: étude.pdf (PDF, ") for p in document.paragraphs)

    archive = zipfile.ZipFile(io.BytesIO(attachments_zip(select_inputs(demo_event))))
    assert archive.namelist() == [f"input-{with_files.id}/étude.pdf", f"input-{with_files.id}/note.docx"]
    assert archive.read(f"input-{with_files.id}/étude.pdf").startswith(b"%PDF")
    assert attachments_zip(select_inputs(demo_event)) == attachments_zip(list(reversed(select_inputs(demo_event))))


def test_same_selection_gives_identical_documents(demo_event, inputs):
    options = dict(symbol="A/AC.291/CRP.1", date="2026-12-01")
    first = build_compilation(demo_event, active(demo_event), **options)
    again = build_compilation(demo_event, list(reversed(active(demo_event))), **options)
    assert render_html(first) == render_html(again)
    assert render_markdown(first) == render_markdown(again)
    docx_a, docx_b = render_docx(first), render_docx(again)
    assert docx_document_xml(docx_a) == docx_document_xml(docx_b)
    assert docx_a == docx_b  # core properties from the document's date, fixed ZIP times


def test_compilation_in_french_localises_headings_and_countries(demo_event, inputs):
    compilation = build_compilation(demo_event, active(demo_event), lang="fr", group_by="objective")
    assert compilation.title == "Compilation des contributions parlementaires"
    assert compilation.sections[0].heading == "Objectif 1\u00a0: Risques et conséquences"
    assert [s.heading for s in compilation.sections[1].subsections] == ["Argentine", "Égypte", "Sénégal"]
    assert compilation.region_headings[0] == "Afrique"


def test_french_labels_have_a_no_break_space_before_the_colon(demo_event, inputs):
    compilation = build_compilation(demo_event, active(demo_event), lang="fr", addressee="Président du Comité")
    markdown = render_markdown(compilation)
    assert "- Soumise par\u00a0: Awa Ndiaye, Assemblée nationale" in markdown
    assert "Soumise par:" not in markdown and "Soumise par :" not in markdown
    document = Document(io.BytesIO(render_docx(compilation)))
    labels = [p.text for p in document.paragraphs
              if ":" in p.text and "\u00a0:" not in p.text and "evil.example" not in p.text]
    assert labels == []  # every "label:" in the French document has its space
    html = render_html(compilation)
    assert "Soumise par\u00a0: " in html
    # English keeps its colon tight.
    assert "Submitted by: " in render_markdown(build_compilation(demo_event, active(demo_event)))


def test_arabic_parliament_names_keep_their_direction_and_get_the_document_language(demo_event, make_input):
    input_ = make_input(objectives=(1,), country="EG", language="ar", title="رأي", status="included",
                        author_name="سعادة النائب أحمد", parliament="مجلس النواب")
    input_.parliament_translations = {"en": "House of Representatives", "fr": "Chambre des représentants"}
    db_commit()
    english = build_compilation(demo_event, select_inputs(demo_event))
    item = english.sections[0].subsections[0].inputs[0]
    assert item.attribution == "سعادة النائب أحمد, مجلس النواب (House of Representatives)"
    assert [p.direction for p in item.attribution_parts] == ["rtl", "ltr", "rtl", "ltr", "ltr"]
    html = render_html(english)
    assert '<bdi dir="rtl" lang="ar">مجلس النواب</bdi>' in html
    markdown = render_markdown(english)
    assert "\u2068مجلس النواب\u2069 (House of Representatives)" in markdown
    document = Document(io.BytesIO(render_docx(english)))
    line = next(p for p in document.paragraphs if p.text.startswith("Submitted by: "))
    runs = [(r.text, r._r.rPr is not None and r._r.rPr.find(f"{W}rtl") is not None) for r in line.runs]
    assert runs == [("Submitted by: ", False), ("سعادة النائب أحمد", True), (", ", False),
                    ("مجلس النواب", True), (" ", False), ("(House of Representatives)", False)]
    # In an Arabic document: the Arabic comma, no translation in brackets (none entered for ar).
    arabic = build_compilation(demo_event, select_inputs(demo_event), lang="ar")
    assert arabic.sections[0].subsections[0].inputs[0].attribution == "سعادة النائب أحمد، مجلس النواب"


def db_commit():
    from eventhub.extensions import db

    db.session.commit()


def test_arabic_compilation_is_right_to_left(demo_event, inputs):
    compilation = build_compilation(demo_event, active(demo_event), lang="ar")
    assert compilation.direction == "rtl"
    html = render_html(compilation)
    assert '<html lang="ar" dir="rtl">' in html and "Compilation" not in html
    document = Document(io.BytesIO(render_docx(compilation)))
    assert document.paragraphs[0]._p.pPr.find(f"{W}bidi") is not None


@pytest.mark.parametrize("options, message", [
    ({"symbol": "A/AC.291/<script>"}, "document symbol"),
    ({"symbol": "x" * 81}, "document symbol"),
    ({"date": "2026-13-01"}, "YYYY-MM-DD"),
    ({"date": "1999-12-31"}, "YYYY-MM-DD"),
    ({"addressee": "x" * 301}, "addressee"),
])
def test_staff_entered_options_are_validated(demo_event, inputs, options, message):
    from eventhub.inputs.compilation import OptionError

    with pytest.raises(OptionError, match=message):
        build_compilation(demo_event, active(demo_event), **options)


def test_staff_entered_addressee_is_escaped_in_every_format(demo_event, inputs):
    compilation = build_compilation(demo_event, active(demo_event), addressee="<b>Chair</b> & *co*")
    assert "&lt;b&gt;Chair&lt;/b&gt; &amp; *co*" in render_html(compilation)
    assert "To: \\<b\\>Chair\\</b\\> \\& \\*co\\*" in render_markdown(compilation)
    assert "To: <b>Chair</b> & *co*" in [p.text for p in Document(io.BytesIO(render_docx(compilation))).paragraphs]
    # control and bidi characters never reach the document
    assert build_compilation(demo_event, [], addressee="Chair\u202e\x07").addressee == "Chair"


def test_grouping_is_pluggable(demo_event, inputs):
    from eventhub.inputs.compilation import GROUPINGS, Section, Subsection, by_country

    @register_grouping("everything")
    def one_section(context, selected):
        return [Section(key="all", heading="All", description="",
                        subsections=by_country(selected, context.lang, None))]

    try:
        compilation = build_compilation(demo_event, active(demo_event), group_by="everything")
        assert [s.heading for s in compilation.sections] == ["All"]
        assert isinstance(compilation.sections[0].subsections[0], Subsection)
        with pytest.raises(ValueError):
            build_compilation(demo_event, [], group_by="no-such-grouping")
    finally:
        GROUPINGS.pop("everything")


def test_cli_compiles_every_format(app, demo_event, inputs, tmp_path):
    runner = app.test_cli_runner()
    for output_format in ("docx", "html", "md"):
        target = tmp_path / f"compilation.{output_format}"
        result = runner.invoke(args=["inputs", "compile", "--event", demo_event.slug,
                                     "--format", output_format, "-o", str(target), "--group-by", "objective",
                                     "--status", "received", "--status", "in_review", "--status", "included",
                                     "--symbol", "IPU/2026/1", "--date", "2026-12-01"])
        assert result.exit_code == 0, result.output
        assert "Wrote 5 inputs" in result.output and target.stat().st_size > 0
    markdown = (tmp_path / "compilation.md").read_text(encoding="utf-8")
    assert "Set aside" not in markdown and "Datos personales" in markdown and "IPU/2026/1" in markdown
    document = Document(str(tmp_path / "compilation.docx"))
    assert document.paragraphs[0].text == "IPU/2026/1"
    assert document.core_properties.created.date().isoformat() == "2026-12-01"

    # Default: the accepted inputs only, grouped by country.
    result = runner.invoke(args=["inputs", "compile", "--event", demo_event.slug, "--format", "md",
                                 "-o", str(tmp_path / "included.md")])
    assert result.exit_code == 0 and "Wrote 1 inputs" in result.output
    assert "Sécurité des hôpitaux" not in (tmp_path / "included.md").read_text(encoding="utf-8")

    result = runner.invoke(args=["inputs", "compile", "--event", "nope", "--format", "md", "-o", str(tmp_path / "x.md")])
    assert result.exit_code != 0 and "no event" in result.output
    result = runner.invoke(args=["inputs", "compile", "--event", demo_event.slug, "--format", "md",
                                 "-o", str(tmp_path / "bad.md"), "--symbol", "<bad>"])
    assert result.exit_code != 0 and "document symbol" in result.output and not (tmp_path / "bad.md").exists()


def test_cli_refuses_an_empty_compilation_and_writes_the_attachments_zip(app, demo_event, make_input, tmp_path):
    runner = app.test_cli_runner()
    make_input(title="Only received")
    result = runner.invoke(args=["inputs", "compile", "--event", demo_event.slug, "--format", "docx",
                                 "-o", str(tmp_path / "empty.docx")])
    assert result.exit_code != 0 and "No accepted input" in result.output
    assert not (tmp_path / "empty.docx").exists()

    from eventhub.inputs.attachments import CheckedAttachment

    from .conftest import pdf_bytes

    make_input(title="With file", status="included", attachments=[CheckedAttachment("a.pdf", "pdf", pdf_bytes())])
    result = runner.invoke(args=["inputs", "compile", "--event", demo_event.slug, "--format", "md",
                                 "-o", str(tmp_path / "c.md"), "--attachments-zip", str(tmp_path / "files.zip")])
    assert result.exit_code == 0, result.output
    assert [n.split("/")[-1] for n in zipfile.ZipFile(tmp_path / "files.zip").namelist()] == ["a.pdf"]
