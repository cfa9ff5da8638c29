"""Cookies a cached public page sets for everyone who asks it the same way (the zone chosen
with ?tz=): recorded in the WSGI environ so that ``eventhub.pagecache.HitServer`` writes them
again, with a fresh ``Expires``, on every hit. A module of its own: ``eventhub.timezones``
sets the cookie, and ``eventhub.pagecache`` (which imports the models) must not be imported
back from there (tests/test_import_cycles.py)."""
from __future__ import annotations

from flask import request

#: environ key: the ``dump_cookie`` arguments of each cookie set this way.
ENVIRON_KEY = "eventhub.pagecache.cookies"


def set_replayable_cookie(response, key: str, value: str, **options) -> None:
    """``response.set_cookie(key, value, **options)``, recorded for a page cache hit."""
    response.set_cookie(key, value, **options)
    request.environ.setdefault(ENVIRON_KEY, []).append(
        {"key": key, "value": value, "max_size": response.max_cookie_size, **options})
