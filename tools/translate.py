#!/usr/bin/env python3
"""Fill catalog entries from a reviewed table, for developers adding many strings.

    .venv/bin/python tools/translate.py table.py

``table.py`` defines ``TRANSLATIONS = {msgid: {"fr": ..., "es": ..., "ar": ...}}``
(plural msgids map to tuples). Existing translations are replaced by the table's;
everything else is left as it is. Then run `make compile-translations`.
"""
import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def main(table_path: str) -> int:
    table = runpy.run_path(table_path)["TRANSLATIONS"]
    missing = []
    for lang in ("fr", "es", "ar"):
        path = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            if key in table and lang in table[key]:
                value = table[key][lang]
                message.string = tuple(value) if isinstance(message.id, tuple) else value
                message.flags.discard("fuzzy")
            elif not message.string or (isinstance(message.string, tuple) and not all(message.string)):
                missing.append(f"{lang}: {key}")
        catalog.fuzzy = False  # a new catalog's header is flagged fuzzy; ours is reviewed
        with path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, ignore_obsolete=True)
    for line in missing:
        print("untranslated", line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
