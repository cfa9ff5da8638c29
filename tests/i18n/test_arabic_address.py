"""Arabic addresses the reader with the plural of respect (أنتم) throughout, buttons are
verbal nouns (إرسال الرابط إليّ، نعم، إلغاء تسجيلي), "Prof." is not "Professor Doctor", and
messages with a number read right for any number (the counted noun never follows it)."""
import re
from pathlib import Path

from babel.messages.pofile import read_po

CATALOG = Path(__file__).resolve().parents[2] / "translations" / "ar" / "LC_MESSAGES" / "messages.po"

#: Singular address (أنتَ) and imperatives addressed to the site: none may appear.
SINGULAR = [r"\bأدخل\b", r"\bاختر\b", r"\bاستخدم\b", r"\bاسمك\b", r"\bرابطك\b", r"\bهل تريد\b",
            r"سجّلت الخروج", r"\bلديك\b", r"\bبريدك\b", r"\bحسابك\b", r"\bلغتك\b", r"\bتسجيلك\b",
            r"\bيمكنك\b", r"\bعليك\b", r"\bانقر\b", r"\bاضغط\b", r"\bتأكد\b", r"\bأرسلوا\b",
            r"\bألغوا\b", r"\bمنطقتك\b", r"\bصفحتك\b", r"\bأنت\b"]
#: msgid prefix -> why a marker is right there.
EXCEPTIONS = {
    "If you signed in on a computer you no longer use": "« ربما استخدم جلستكم »: someone else used it (third person)",
    "Someone, probably you, tried to register again": "« حاول شخص ما »: someone tried (third person)",
}
#: A number directly followed by the counted noun agrees with some numbers only.
NUMBER_THEN_NOUN = re.compile(r"%\((?:max|limit|count)\)[ds] (?:حرف|ملف|هدف)")


def catalog():
    with CATALOG.open("rb") as handle:
        return read_po(handle, locale="ar")


def strings(message):
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_one_address_form_throughout():
    problems = []
    for message in catalog():
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        if any(msgid.startswith(prefix) for prefix in EXCEPTIONS):
            continue
        for text in strings(message):
            hits = [marker for marker in SINGULAR if re.search(marker, text)]
            if hits:
                problems.append(f"{msgid!r}: {text} {hits}")
    assert not problems, "\n".join(problems)


def test_buttons_are_verbal_nouns_and_titles_are_right():
    by_id = {m.id: m.string for m in catalog() if m.id}
    assert by_id["Send me the link"] == "إرسال الرابط إليّ"
    assert by_id["Yes, cancel my registration"] == "نعم، إلغاء تسجيلي"
    assert by_id["Prof."] == "الأستاذ"


def test_messages_with_a_number_read_right_for_any_number():
    problems = [f"{m.id!r}: {text}" for m in catalog() if m.id and not m.pluralizable
                for text in strings(m) if NUMBER_THEN_NOUN.search(text)]
    assert not problems, "\n".join(problems)
