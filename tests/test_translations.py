"""Catalogs are product text: complete, not fuzzy, placeholders intact."""
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


@pytest.mark.parametrize("lang", ["fr", "es", "ar"])
def test_catalog_complete_and_not_fuzzy(lang):
    path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    template_path = TRANSLATIONS / "messages.pot"
    with template_path.open("rb") as handle:
        template = read_po(handle)
    problems = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        if translated is None:
            problems.append(f"missing: {message.id!r}")
            continue
        if translated.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        strings = translated.string if isinstance(translated.string, (tuple, list)) else (translated.string,)
        if not all(s and s.strip() for s in strings):
            problems.append(f"empty: {message.id!r}")
    checked = [(m.id, e) for m, errors in catalog.check() for e in errors]
    problems.extend(f"placeholder: {mid!r}: {err}" for mid, err in checked)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["fr", "es", "ar"])
def test_compiled_catalog_matches_source(lang):
    po = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    mo = po.with_suffix(".mo")
    assert mo.exists(), "run `make compile-translations`"
    assert mo.stat().st_mtime >= po.stat().st_mtime - 1
