"""Arabic month names and digits as the IPU writes them, for every date the product prints.

The IPU's Arabic documents (and the UN's) write each Gregorian month with its Levantine name
first and the transliterated name after a slash: « 3 كانون الأول/ديسمبر 2026 »; CLDR's
Arabic has only the transliterated names (« ديسمبر »). Digits are Latin (0-9), as in the
IPU's Arabic documents and CLDR's default numbering system for ``ar``: Babel formats
dates and numbers that way; nothing here changes it.

``install()`` (run by ``eventhub.i18n.init_app``) puts these names into Babel's Arabic data
for the process, so ``babel.dates`` and Flask-Babel's ``format_date``/``format_datetime``
give them on every page, email, calendar file and generated document: there is no other
place to keep in step. Documented in ``docs/glossary.md`` (register and formats).
"""
from __future__ import annotations

#: Month number -> the IPU's Arabic name (Levantine/transliterated).
IPU_ARABIC_MONTHS = {
    1: "كانون الثاني/يناير",
    2: "شباط/فبراير",
    3: "آذار/مارس",
    4: "نيسان/أبريل",
    5: "أيار/مايو",
    6: "حزيران/يونيو",
    7: "تموز/يوليو",
    8: "آب/أغسطس",
    9: "أيلول/سبتمبر",
    10: "تشرين الأول/أكتوبر",
    11: "تشرين الثاني/نوفمبر",
    12: "كانون الأول/ديسمبر",
}


def install() -> None:
    """Put the IPU's month names into Babel's ``ar`` data (idempotent). The narrow forms
    (one letter, used by no format of this product) stay CLDR's."""
    from babel import localedata

    months = localedata.load("ar")["months"]
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            months[context][width] = dict(IPU_ARABIC_MONTHS)
