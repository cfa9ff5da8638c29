"""Importing invitee lists: four languages, encodings, delimiters, XLSX, bad rows and files."""
import io

import pytest
import sqlalchemy as sa

from eventhub.extensions import db
from eventhub.invitations.importing import import_invitees, resolve_country, resolve_language
from eventhub.invitations.models import Invitee

from .conftest import FOUR_LANGUAGES, csv_bytes


def invitees(event):
    return {i.email: i for i in db.session.execute(sa.select(Invitee).filter_by(event_id=event.id)).scalars()}


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_four_languages_are_imported_with_codes_resolved(demo_event):
    report = import_invitees(demo_event, csv_bytes(FOUR_LANGUAGES), "list.csv")
    assert report.ok and report.imported == 4 and not report.rejected
    stored = invitees(demo_event)
    assert {e: (i.language, i.country) for e, i in stored.items()} == {
        "jane.wanjiru@parliament.go.ke": ("en", "KE"),
        "helene.dubois@assemblee.fr": ("fr", "FR"),
        "maria.perez@congreso.es": ("es", "ES"),
        "ahmed@parliament.ma": ("ar", "MA"),
    }
    assert stored["ahmed@parliament.ma"].name == "أحمد المنصوري"
    assert stored["ahmed@parliament.ma"].timezone == "Asia/Manila"
    assert stored["helene.dubois@assemblee.fr"].timezone is None
    assert all(i.status == "not_sent" and len(i.token_hash) == 64 for i in stored.values())
    assert len({i.token_hash for i in stored.values()}) == 4


@pytest.mark.parametrize("headers", [
    ["Name", "E-mail", "Parliament", "Country", "Language"],
    ["Nom", "Courriel", "Parlement", "Pays", "Langue"],
    ["Nombre", "Correo electrónico", "Parlamento", "País", "Idioma"],
    ["الاسم", "البريد الإلكتروني", "البرلمان", "البلد", "اللغة"],
])
def test_header_names_in_each_language_are_recognised(demo_event, headers):
    rows = [headers, ["Ana Silva", "ana@parlamento.pt", "Assembleia da República", "PT", "es"]]
    report = import_invitees(demo_event, csv_bytes(rows), "list.csv")
    assert report.ok, report.as_text()
    assert report.imported == 1
    assert invitees(demo_event)["ana@parlamento.pt"].parliament == "Assembleia da República"


@pytest.mark.parametrize("value, code", [
    ("en", "en"), ("EN-gb", "en"), ("fr_CH", "fr"), ("English", "en"), ("anglais", "en"),
    ("Français", "fr"), ("francés", "fr"), ("Spanish", "es"), ("espagnol", "es"), ("Arabic", "ar"),
    ("árabe", "ar"), ("العربية", "ar"), ("الفرنسية", "fr"), ("الإنجليزية", "en"), ("ara", "ar"),
    ("Klingon", None), ("de", None), ("", None),
])
def test_language_values_in_four_languages(value, code):
    assert resolve_language(value) == code


@pytest.mark.parametrize("value, code", [
    ("KE", "KE"), ("ke", "KE"), ("Kenya", "KE"), ("Mexique", "MX"), ("México", "MX"),
    ("المغرب", "MA"), ("Côte d'Ivoire", "CI"), ("Atlantis", None),
])
def test_country_codes_and_names(value, code):
    assert resolve_country(value) == code


def test_windows_1252_file_is_read_with_a_warning(demo_event):
    rows = [["nom", "courriel", "langue"], ["Hélène Müller", "helene@parl.ch", "français"]]
    report = import_invitees(demo_event, csv_bytes(rows, delimiter=";", encoding="cp1252"), "liste.csv")
    assert report.ok and report.imported == 1
    assert report.encoding == "cp1252" and report.delimiter == ";"
    assert any(w.code == "encoding_fallback" for w in report.warnings)
    assert "Windows-1252" in report.as_text()
    assert invitees(demo_event)["helene@parl.ch"].name == "Hélène Müller"


def test_utf8_with_bom_and_tab_delimiter(demo_event):
    rows = [["name", "email", "language"], ["Zoë Ángel", "zoe@parl.example", "es"]]
    content = b"\xef\xbb\xbf" + csv_bytes(rows, delimiter="\t")
    report = import_invitees(demo_event, content, "list.tsv")
    assert report.ok and report.imported == 1 and not report.warnings
    assert report.delimiter == "\t"
    assert invitees(demo_event)["zoe@parl.example"].name == "Zoë Ángel"


def test_every_bad_row_is_reported_with_line_and_reason_and_good_rows_imported(demo_event):
    import_invitees(demo_event, csv_bytes([["name", "email", "language"],
                                           ["Earlier Person", "earlier@parl.example", "en"]]), "a.csv")
    rows = [
        ["name", "email", "language"],                       # line 1
        ["Good One", "good.one@parl.example", "en"],         # 2
        ["Bad Email", "not-an-email", "fr"],                 # 3
        ["Bad Language", "bad.lang@parl.example", "Klingon"],  # 4
        ["", "no.name@parl.example", "es"],                  # 5
        ["Good Two", "GOOD.ONE@parl.example", "fr"],         # 6 duplicate of line 2
        ["Again", "earlier@parl.example", "ar"],             # 7 already invited
        ["Good Three", "good.three@parl.example", "ar"],     # 8
    ]
    report = import_invitees(demo_event, csv_bytes(rows), "b.csv")
    assert report.ok
    assert report.imported == 2
    reasons = {row.line: [r.code for r in row.reasons] for row in report.rejected}
    assert reasons == {
        3: ["bad_email"],
        4: ["unknown_language"],
        5: ["missing_value"],
        6: ["duplicate_in_file"],
        7: ["already_invited"],
    }
    text = report.as_text()
    assert "Line 6 rejected: duplicate of line 2 in this file" in text
    assert "Line 3 rejected: invalid email address “not-an-email”" in text
    stored = invitees(demo_event)
    assert set(stored) == {"earlier@parl.example", "good.one@parl.example", "good.three@parl.example"}
    assert stored["earlier@parl.example"].language == "en"  # the rejected row changed nothing


def test_missing_required_column_imports_nothing_and_asks_for_a_mapping(demo_event):
    rows = [["Full Name", "Contact", "Lang"], ["Ana Silva", "ana@parl.example", "es"]]
    report = import_invitees(demo_event, csv_bytes(rows), "c.csv")
    assert not report.ok and report.needs_mapping
    assert {e.params["column"] for e in report.errors} == {"email", "language"}
    assert "Required column missing: Email." in report.as_text()
    assert invitees(demo_event) == {}

    report = import_invitees(demo_event, csv_bytes(rows), "c.csv",
                             columns={"email": "Contact", "language": "3"})
    assert report.ok and report.imported == 1
    assert invitees(demo_event)["ana@parl.example"].language == "es"


def test_xlsx_with_formulas_keeps_them_as_text_and_flags_them(demo_event):
    rows = [
        ["Nombre", "Correo", "Idioma", "País"],
        ['=HYPERLINK("http://evil.example","Click")', "formula@parl.example", "es", "MX"],
        ["Plain Name", '=HYPERLINK("mailto:x@y.z")', "es", "MX"],
        ["Numbers", "numbers@parl.example", "en", "=1+1"],
    ]
    report = import_invitees(demo_event, xlsx_bytes(rows), "list.xlsx")
    assert report.ok and report.file_format == "xlsx"
    assert report.imported == 1
    stored = invitees(demo_event)
    assert stored["formula@parl.example"].name == '=HYPERLINK("http://evil.example","Click")'
    assert any(w.code == "formula" and w.line == 2 for w in report.warnings)
    rejected = {row.line: [r.code for r in row.reasons] for row in report.rejected}
    assert rejected == {3: ["bad_email"], 4: ["unknown_country"]}


def test_xlsx_with_arabic_headers(demo_event):
    rows = [["الاسم", "البريد الإلكتروني", "اللغة", "البلد"], ["سارة", "sara@parliament.jo", "عربي", "الأردن"]]
    report = import_invitees(demo_event, xlsx_bytes(rows), "قائمة.xlsx")
    assert report.ok and report.imported == 1
    assert invitees(demo_event)["sara@parliament.jo"].country == "JO"


@pytest.mark.parametrize("content, filename, code", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", "unsupported"),
    (b"PK\x03\x04 this is not really a zip", "broken.xlsx", "unreadable"),
    (b"", "empty.csv", "empty"),
    (b"\x00\x01\x02\x03binary", "data.csv", "unsupported"),
])
def test_unreadable_files_give_a_report_not_a_crash(demo_event, content, filename, code):
    report = import_invitees(demo_event, content, filename)
    assert not report.ok
    assert [e.code for e in report.errors] == [code]
    assert report.as_text().startswith("Error:")
    assert invitees(demo_event) == {}


def test_ten_thousand_rows_import_in_bulk(demo_event):
    languages = ["en", "fr", "es", "ar"]
    rows = [["name", "email", "language", "country"]]
    rows += [[f"Member {n}", f"member{n}@parl{n % 97}.example", languages[n % 4], "CH"] for n in range(10_000)]
    rows[5001][1] = "broken@"  # one bad row among them
    report = import_invitees(demo_event, csv_bytes(rows), "big.csv")
    assert report.ok
    assert report.imported == 9_999
    assert [row.line for row in report.rejected] == [5002]
    count = db.session.execute(sa.select(sa.func.count()).select_from(Invitee)).scalar()
    assert count == 9_999
