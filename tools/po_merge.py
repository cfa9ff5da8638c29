#!/usr/bin/env python3
"""Git merge driver for gettext catalogs: the union of both sides' translations.

Two branches that each add strings touch the same .po file; a line merge conflicts on
headers and neighbouring entries although the content never conflicts. Enable with

    git config merge.pomerge.driver ".venv/bin/python tools/po_merge.py %O %A %B"

(.gitattributes maps *.po and *.pot to it). Where both sides translated the same
message differently from the common ancestor, ours wins and the message is marked
fuzzy so the catalog test fails until a person decides; a change on one side only wins. Run `make translations` after a merge.
"""
import sys

from babel.messages.pofile import read_po, write_po


def load(path):
    with open(path, "rb") as handle:
        return read_po(handle)


def main(base_path: str, ours_path: str, theirs_path: str) -> int:
    base, ours, theirs = load(base_path), load(ours_path), load(theirs_path)
    if ours.plural_forms == base.plural_forms != theirs.plural_forms:
        # Only their side changed the Plural-Forms header (e.g. to Babel's CLDR rule): it wins,
        # or a branch merging main would silently put the old rule back.
        ours._num_plurals, ours._plural_expr = theirs.num_plurals, theirs.plural_expr
    for message in theirs:
        if not message.id:
            continue
        mine = ours.get(message.id, message.context)
        original = base.get(message.id, message.context)
        original_string = original.string if original is not None else None
        if mine is None:
            ours[message.id] = message
        elif not _has_text(mine.string) and _has_text(message.string):
            mine.string = message.string
            mine.flags.discard("fuzzy")
        elif not _has_text(message.string) or mine.string == message.string:
            continue
        elif mine.string == original_string:  # only their side changed it
            mine.string = message.string
            mine.flags.discard("fuzzy")
        elif message.string != original_string:  # both changed it, differently
            mine.flags.add("fuzzy")
    with open(ours_path, "wb") as handle:
        write_po(handle, ours, sort_output=True, omit_header=False, ignore_obsolete=True)
    return 0


def _has_text(string) -> bool:
    strings = string if isinstance(string, (tuple, list)) else (string,)
    return all(s and s.strip() for s in strings)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
