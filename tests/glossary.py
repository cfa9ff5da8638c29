"""The product-text glossary (translations/glossary.toml): loading, checking, rendering.

`.venv/bin/python -m tests.glossary > docs/glossary.md` renders the glossary for people;
`tests/test_glossary.py` checks the catalogs against it.
"""
from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "translations" / "glossary.toml"
LANGS = ("fr", "es", "ar")

#: Register and typography, rendered at the end of docs/glossary.md.
CONVENTIONS = """## Register and typography

- **Register**: formal, full sentences, as a UN reviser would sign them. French *vous*, Spanish
  *usted*, Arabic the plural of respect (أنتم: أدخلوا، اختاروا، بريدكم) everywhere, never the
  singular.
- **Buttons** in Arabic are verbal nouns (إرسال، حفظ، إلغاء التسجيل), not imperatives.
- **Salutations** (`eventhub/greetings.py`, one catalog entry per honorific, used by every
  email and personal page): French « Madame, Monsieur, », « Monsieur, », « Madame, »,
  « Excellence, », « Madame la Sénatrice, Monsieur le Sénateur, » (French formal letters do not
  repeat the name; never « Bonjour »); Spanish « Señora, señor: », « Honorable Amina Diallo: »,
  « Estimada señora …: »; Arabic « معالي … المحترم/المحترمة، », « سعادة … », « حضرة … » when no
  honorific, never two honorifics (« حضرة معالي »). A name typed with its honorific (« Hon. … »)
  is split first, so the honorific is not repeated.
- **Dates**: Babel's CLDR formats; Arabic months as the IPU's Arabic documents write them, the
  Levantine name and the Gregorian name together (« 3 كانون الأول/ديسمبر 2026 »), set once for
  every page, email and calendar in `eventhub/calendar_names.py`. 24-hour clock in fr, es, ar.
- **Digits and numbers**: Latin digits (0–9) in every language, Arabic included, as the IPU's
  Arabic documents use them; counts grouped per locale by Babel's `format_decimal`
  (« 20 000 » fr, « 20.000 » es, « 20,000 » en and ar): `eventhub.i18n.LocalNumber`, applied to
  count variables of every `_()`/`{% trans %}` in templates and the `|number` filter.
- **Inclusive forms**: prefer a construction that is neutral by itself (« personne inscrite »,
  « persona inscrita », « la personne qui… »); where none exists, French « inscrit(e) » and
  Spanish « inscrito/a ».
- **French typography**: a non-breaking space (U+00A0, or the narrow U+202F) before `: ; ! ?`
  and inside « ».
- **Plurals** follow CLDR (Babel's rule in every catalog header; Arabic has six forms: zero,
  one, two, few 3–10, many 11–99 with the singular noun in the accusative, other 100+).
"""


@dataclass
class Term:
    en: str
    pattern: re.Pattern
    targets: dict[str, str]
    target_patterns: dict[str, re.Pattern]
    note: str


def load() -> tuple[list[Term], dict[tuple[str, str], set[str]]]:
    data = tomllib.loads(GLOSSARY.read_text(encoding="utf-8"))
    terms = [
        Term(
            en=entry["en"],
            pattern=re.compile(entry["pattern"], re.I),
            targets={lang: entry[lang] for lang in LANGS},
            target_patterns={lang: re.compile(entry[f"{lang}_pattern"], re.I) for lang in LANGS},
            note=entry.get("note", ""),
        )
        for entry in data["term"]
    ]
    exceptions: dict[tuple[str, str], set[str]] = {}
    for entry in data.get("exception", []):
        assert entry.get("reason"), f"exception without a reason: {entry}"
        exceptions.setdefault((entry["term"], entry["msgid"]), set()).update(entry.get("langs", LANGS))
    return terms, exceptions


def catalog(lang: str):
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def violations(lang: str) -> list[str]:
    terms, exceptions = load()
    found = []
    for message in catalog(lang):
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = (message.string,) if isinstance(message.string, str) else tuple(message.string)
        key = ids[0]
        for term in terms:
            if not any(term.pattern.search(i) for i in ids):
                continue
            if lang in exceptions.get((term.en, key), ()):
                continue
            missing = [s for s in strings if not term.target_patterns[lang].search(s)]
            if missing:
                found.append(f"{lang} [{term.en} -> {term.targets[lang]}] {key!r}: {missing[0]!r}")
    return found


def render() -> str:
    terms, exceptions = load()
    lines = [
        "# Glossary",
        "",
        "The terms every French, Spanish and Arabic catalog entry uses. The source is",
        "`translations/glossary.toml` (machine-readable, with the patterns `tests/test_glossary.py`",
        "enforces and the commented exceptions); this page is rendered from it with",
        "`.venv/bin/python -m tests.glossary > docs/glossary.md`.",
        "",
        "Sources: the IPU's trilingual site and documents (ipu.org in French, Spanish and Arabic),",
        "UNTERM, and the UN editorial manuals. Register and formats: see the end of this page.",
        "",
        "| English | French | Spanish | Arabic | Notes |",
        "|---|---|---|---|---|",
    ]
    for term in terms:
        cells = [term.en, term.targets["fr"], term.targets["es"], term.targets["ar"], term.note]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", "## Exceptions", ""]
    data = tomllib.loads(GLOSSARY.read_text(encoding="utf-8"))
    for entry in data.get("exception", []):
        langs = ", ".join(entry.get("langs", LANGS))
        lines.append(f"- *{entry['term']}* in “{entry['msgid']}” ({langs}): {entry['reason']}")
    lines += ["", CONVENTIONS]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
