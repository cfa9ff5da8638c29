"""The catalog merge driver (tools/po_merge.py): a union of both sides' entries, and a
Plural-Forms header changed on one side only survives the merge."""
import importlib.util
from pathlib import Path

from babel.messages.pofile import read_po

SPEC = importlib.util.spec_from_file_location(
    "po_merge", Path(__file__).resolve().parent.parent / "tools" / "po_merge.py")
po_merge = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(po_merge)

OLD = "nplurals=2; plural=(n > 1);"
NEW = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"


def po(path, plural_forms, *entries):
    body = "".join(f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n' for msgid, msgstr in entries)
    path.write_text(f'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Plural-Forms: {plural_forms}\\n"\n'
                    f'"Content-Type: text/plain; charset=utf-8\\n"\n\n{body}', encoding="utf-8")
    return str(path)


def test_union_keeps_both_sides_and_a_header_changed_on_one_side(tmp_path):
    base = po(tmp_path / "base.po", OLD, ("Yes", "Oui"))
    ours = po(tmp_path / "ours.po", OLD, ("Yes", "Oui"), ("No", "Non"))
    theirs = po(tmp_path / "theirs.po", NEW, ("Yes", "Oui"), ("Maybe", "Peut-être"))
    assert po_merge.main(base, ours, theirs) == 0
    with open(ours, "rb") as handle:
        merged = read_po(handle)
    assert merged.plural_forms == NEW
    assert {m.id: m.string for m in merged if m.id} == {"Yes": "Oui", "No": "Non", "Maybe": "Peut-être"}


def test_our_header_change_is_kept(tmp_path):
    base = po(tmp_path / "base.po", OLD, ("Yes", "Oui"))
    ours = po(tmp_path / "ours.po", NEW, ("Yes", "Oui"))
    theirs = po(tmp_path / "theirs.po", OLD, ("Yes", "Oui"))
    po_merge.main(base, ours, theirs)
    with open(ours, "rb") as handle:
        assert read_po(handle).plural_forms == NEW
