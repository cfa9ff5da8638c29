#!/usr/bin/env python3
"""Typeset the French catalog: no-break spaces before : and inside « », narrow no-break
spaces before ; ! ? and between digit groups (eventhub/typography.py). Idempotent; run by
`make translations` so that new French entries follow the rule whoever writes them."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from babel.messages.pofile import read_po, write_po  # noqa: E402

from eventhub.typography import french_html, french_text  # noqa: E402


def typeset(text: str) -> str:
    return french_html(text) if "<" in text else french_text(text)


def main(path: str) -> int:
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale="fr")
    changed = 0
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        new = tuple(typeset(s) for s in strings)
        if new != strings:
            message.string = new if isinstance(message.string, tuple) else new[0]
            changed += 1
    if changed:
        with open(path, "wb") as handle:
            write_po(handle, catalog, sort_output=True, omit_header=False, ignore_obsolete=True)
    print(f"{changed} French entries typeset")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "translations/fr/LC_MESSAGES/messages.po")))
