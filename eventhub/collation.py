"""Sorting names the way people expect in every language (a leaf module: the
registration form's country list and the time-zone choices both use it)."""
from __future__ import annotations

import functools
import unicodedata


@functools.cache
def _collator():
    """Unicode Collation Algorithm (root order): "Égypte" sorts among the E's and
    Arabic names in alphabetical order, unlike a plain code-point sort."""
    try:
        from pyuca import Collator
    except ImportError:  # pragma: no cover - pyuca is a declared dependency
        return None
    return Collator()


def sort_key(text: str):
    collator = _collator()
    if collator is None:  # pragma: no cover
        return unicodedata.normalize("NFKD", text).casefold()
    return collator.sort_key(text)
