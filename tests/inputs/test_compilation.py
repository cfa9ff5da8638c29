"""The compilation: grouping, counts, attribution, escaping, determinism, DOCX right to
left, and the `flask inputs compile` command."""
import io
import zipfile

import pytest
from docx import Document
from markdown_it import MarkdownIt

from eventhub.inputs.compilation import (
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


def test_default_selection_leaves_out_not_included(demo_event, inputs):
    selected = select_inputs(demo_event)
    assert [i.title for i in selected] == [i.title for i in inputs if i.status != "not_included"]
    assert [i.title for i in select_inputs(demo_event, statuses=["included"])] == ["Datos personales"]
    assert [i.id for i in select_inputs(demo_event, ids=[inputs[4].id])] == [inputs[4].id]


def test_grouped_by_objective_then_country_in_english(demo_event, inputs):
    compilation = build_compilation(demo_event, select_inputs(demo_event))
    structure = [(s.heading, [(sub.heading, [i.title for i in sub.inputs]) for sub in s.subsections])
                 for s in compilation.sections]
    assert structure == [
        ("Objective 1: Risks and consequences", [
            ("France", [SCRIPT]),
            ("Senegal", ["Sécurité des hôpitaux"]),
        ]),
        # Objective 2 has only a "not included" input: no section.
        ("Objective 3: Provisions for the convention", [
            ("Argentina", ["Datos personales"]),
            ("Egypt", ["حماية البرلمانات"]),
            ("Senegal", ["Sécurité des hôpitaux", "Deuxième du Sénégal"]),
        ]),
    ]
    first = compilation.sections[0].subsections[1].inputs[0]
    assert first.attribution == "Awa Ndiaye, Assemblée nationale"
    assert first.language_name == "French" and first.other_objectives == [3]
    arabic = compilation.sections[1].subsections[1].inputs[0]
    assert arabic.attribution == "Anonymous" and "Omar" not in arabic.attribution
    assert arabic.direction == "rtl" and arabic.language_name == "Arabic"


def test_summary_counts_per_objective_and_region(demo_event, inputs):
    compilation = build_compilation(demo_event, select_inputs(demo_event))
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
    markdown = render_markdown(build_compilation(demo_event, select_inputs(demo_event)))
    assert "- English working title: Protecting parliaments" in markdown
    assert markdown.count("English working title") == 1


def test_html_escapes_author_text_and_marks_direction(app, demo_event, inputs):
    html = render_html(build_compilation(demo_event, select_inputs(demo_event)))
    assert "<script>" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<b>Bold</b>" not in html and "Jean &lt;b&gt;Bold&lt;/b&gt;" in html
    assert '<div class="text" dir="auto" lang="ar">' in html
    assert "Omar Hassan" not in html  # anonymous


def test_markdown_renders_author_text_as_text(demo_event, inputs):
    markdown = render_markdown(build_compilation(demo_event, select_inputs(demo_event)))
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


def test_docx_keeps_text_as_text_and_sets_arabic_right_to_left(demo_event, inputs):
    data = render_docx(build_compilation(demo_event, select_inputs(demo_event)))
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert SCRIPT in texts
    assert "Submitted by: Anonymous" in texts and not any("Omar" in t for t in texts)
    assert document.core_properties.title == "Compilation of parliamentary inputs"

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    arabic = next(p for p in document.paragraphs if p.text.startswith("يجب حماية"))
    assert arabic._p.pPr.find(f"{w}bidi") is not None
    assert all(run._r.rPr.find(f"{w}rtl") is not None for run in arabic.runs)
    assert "\n" in arabic.text  # the line break inside the paragraph
    french = next(p for p in document.paragraphs if p.text == "Premier paragraphe.")
    assert french._p.pPr is None or french._p.pPr.find(f"{w}bidi") is None

    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Objective", "Africa", "Americas", "Asia", "Europe", "Oceania", "Total"]
    assert [c.text for c in table.rows[-1].cells] == ["All inputs (each counted once)", "3", "1", "0", "1", "0", "5"]


def test_same_selection_gives_identical_documents(demo_event, inputs):
    first = build_compilation(demo_event, select_inputs(demo_event))
    again = build_compilation(demo_event, list(reversed(select_inputs(demo_event))))
    assert render_html(first) == render_html(again)
    assert render_markdown(first) == render_markdown(again)
    docx_a, docx_b = render_docx(first), render_docx(again)
    assert docx_document_xml(docx_a) == docx_document_xml(docx_b)
    assert docx_a == docx_b  # fixed core properties and ZIP times: the very same file
    assert b"2026" not in docx_document_xml(docx_a)


def test_compilation_in_french_localises_headings_and_countries(demo_event, inputs):
    compilation = build_compilation(demo_event, select_inputs(demo_event), lang="fr")
    assert compilation.title == "Compilation des contributions parlementaires"
    assert compilation.sections[0].heading == "Objectif 1 : Risques et conséquences"
    assert [s.heading for s in compilation.sections[1].subsections] == ["Argentine", "Égypte", "Sénégal"]
    assert compilation.region_headings[0] == "Afrique"


def test_arabic_compilation_is_right_to_left(demo_event, inputs):
    compilation = build_compilation(demo_event, select_inputs(demo_event), lang="ar")
    assert compilation.direction == "rtl"
    html = render_html(compilation)
    assert '<html lang="ar" dir="rtl">' in html and "Compilation" not in html


def test_grouping_is_pluggable(demo_event, inputs):
    from eventhub.inputs.compilation import GROUPINGS, Section, Subsection, by_country

    @register_grouping("everything")
    def one_section(context, selected):
        return [Section(key="all", heading="All", description="",
                        subsections=by_country(selected, context.lang, None))]

    try:
        compilation = build_compilation(demo_event, select_inputs(demo_event), group_by="everything")
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
                                     "--format", output_format, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert "Wrote 5 inputs" in result.output and target.stat().st_size > 0
    markdown = (tmp_path / "compilation.md").read_text(encoding="utf-8")
    assert "Set aside" not in markdown and "Datos personales" in markdown
    assert Document(str(tmp_path / "compilation.docx")).paragraphs[0].text == "Compilation of parliamentary inputs"

    result = runner.invoke(args=["inputs", "compile", "--event", demo_event.slug, "--format", "md",
                                 "-o", str(tmp_path / "included.md"), "--status", "included"])
    assert result.exit_code == 0 and "Wrote 1 inputs" in result.output
    assert "Sécurité des hôpitaux" not in (tmp_path / "included.md").read_text(encoding="utf-8")

    result = runner.invoke(args=["inputs", "compile", "--event", "nope", "--format", "md", "-o", str(tmp_path / "x.md")])
    assert result.exit_code != 0 and "no event" in result.output
