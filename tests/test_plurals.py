"""Plural forms: every catalog's Plural-Forms header is Babel's CLDR rule, and the Arabic
plural entries read right for 0, 1, 2, 3, 11 and 100 (zero, one, two, few, many, other)."""
import gettext
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po
from babel.support import Translations

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
#: Gettext numbers the forms in CLDR's category order, keeping the categories a language has.
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
PROBES = list(range(0, 1201)) + [1_000_000, 2_000_000, 1_000_001, 10_000_011]


def catalog(lang):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


@pytest.mark.parametrize("lang", ["fr", "es", "ar"])
def test_plural_forms_header_is_babels_rule(lang):
    rule = Locale.parse(lang).plural_form
    categories = [tag for tag in CLDR_ORDER if tag in rule.tags or tag == "other"]
    header = catalog(lang).plural_forms
    nplurals = int(header.split("nplurals=")[1].split(";")[0])
    expression = header.split("plural=", 1)[1].rstrip(";")
    choose = gettext.c2py(expression)
    assert nplurals == len(categories), header
    wrong = [n for n in PROBES if choose(n) != categories.index(rule(n))]
    assert not wrong, f"{lang}: the header picks the wrong form for {wrong[:10]}"


def arabic(n, singular, plural):
    translations = Translations.load(str(TRANSLATIONS), ["ar"])
    return translations.ungettext(singular, plural, n)


def test_every_arabic_plural_entry_has_six_distinct_uses():
    """Forms for 3, 11 and 100 carry the number; 11 (tamyiz in the accusative) and 3 (a
    plural noun) never read the same."""
    problems = []
    for message in catalog("ar"):
        if not message.pluralizable:
            continue
        forms = message.string
        assert len(forms) == 6, message.id
        for index in (3, 4, 5):
            if "%(" not in forms[index]:
                problems.append(f"form {index} of {message.id[0]!r} lacks the number")
        if forms[3] == forms[4] and "session" not in message.id[0]:
            problems.append(f"{message.id[0]!r}: the forms for 3 and 11 are identical")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("n", "expected"), [
    (0, "لم يُلغَ أي مقعد."),
    (1, "أُلغي مقعد واحد."),
    (2, "أُلغي مقعدان."),
    (3, "أُلغيت 3 مقاعد."),
    (11, "أُلغي 11 مقعدًا."),
    (100, "أُلغي 100 مقعد."),
])
def test_arabic_place_counts_read_right(n, expected):
    text = arabic(n, "%(num)s place was cancelled.", "%(num)s places were cancelled.") % {"num": n}
    assert text == expected


@pytest.mark.parametrize(("n", "expected"), [
    (0, "لم يفتح أي مسجَّل رابط التسجيل في Zoom."),
    (1, "فتح مسجَّل واحد رابط التسجيل في Zoom."),
    (2, "فتح مسجَّلان رابط التسجيل في Zoom."),
    (3, "فتح 3 مسجَّلين رابط التسجيل في Zoom."),
    (11, "فتح 11 مسجَّلًا رابط التسجيل في Zoom."),
    (100, "فتح 100 مسجَّل رابط التسجيل في Zoom."),
])
def test_arabic_registrant_counts_read_right(n, expected):
    text = arabic(n, "%(count)s registrant opened the Zoom registration link.",
                  "%(count)s registrants opened the Zoom registration link.") % {"count": n}
    assert text == expected
