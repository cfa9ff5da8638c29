"""Hypothesis strategies for hostile input to public pages and forms.

Bounded by EVENTHUB_FUZZ_EXAMPLES (default 100 examples per test) so CI time stays
predictable; raise it locally for a deeper run:
    EVENTHUB_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/fuzz -q
"""
from __future__ import annotations

import os

import pytz
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from eventhub.i18n import LANGUAGES

MAX_EXAMPLES = int(os.environ.get("EVENTHUB_FUZZ_EXAMPLES", "100"))

#: Shared settings: bounded, no deadline (a shared CI machine is slow at times), and
#: function-scoped fixtures allowed (the pages under test do not change between examples).
FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Known trouble-makers, mixed in with random text.
NASTY = [
    "", " ", "../../etc/passwd", "..%2f..%2f", "%00", "\x00", "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>", "' OR 1=1 --", "{{7*7}}", "${7*7}", "\u202eevil", "ر" * 300,
    "A" * 5000, "Europe/Zurich\x00", "Etc/GMT+14", "UTC", "../UTC", "Asia/Manila ", "%ZZ", "\ud7ff",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "=cmd|'/c calc'!A1", "\r\nSet-Cookie: x=1", "null", "[]", "{}", "-1", "1e309",
]

hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=120),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_./%~", max_size=40),
)
language_segment = st.one_of(st.sampled_from(LANGUAGES), hostile_text)
slug_segment = st.one_of(st.just("safe-cyberspace-2022"), hostile_text)
timezone_value = st.one_of(st.sampled_from(sorted(pytz.all_timezones)), hostile_text)
query_params = st.dictionaries(
    keys=st.one_of(st.sampled_from(["tz", "lang", "page", "q", "session"]), hostile_text),
    values=hostile_text, max_size=4,
)


def field_value(field):
    """For a parsed form field: usually a valid-looking value, often a hostile one."""
    valid = [option for option in getattr(field, "options", []) if option] or [field.value or "x"]
    return st.one_of(st.sampled_from(valid), hostile_text, st.lists(hostile_text, max_size=3))
