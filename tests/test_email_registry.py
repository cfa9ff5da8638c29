"""The registry of email kinds (tests/emails.py) covers every HTML email template, and
every kind renders in the four languages with the language's direction."""
from __future__ import annotations

import re
from pathlib import Path

from flask import template_rendered

from tests.emails import EMAIL_KINDS, LANGUAGES, render_all

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def email_templates() -> set[str]:
    return {
        path.relative_to(TEMPLATES).as_posix()
        for path in (TEMPLATES / "email").rglob("*.html") if not path.name.startswith("_")
    }


def test_every_email_template_is_rendered_by_a_registered_kind(app, demo_event):
    rendered: set[str] = set()

    def record(sender, template, context, **extra):
        rendered.add(template.name)

    template_rendered.connect(record, app)
    try:
        for _kind, _lang, _email in render_all(demo_event, languages=("en",)):
            pass
    finally:
        template_rendered.disconnect(record, app)
    missing = email_templates() - rendered
    assert not missing, f"register these emails in tests/emails.py: {sorted(missing)}"


def test_every_kind_renders_in_each_language_with_its_direction(app, demo_event):
    assert len({kind.name for kind in EMAIL_KINDS}) == len(EMAIL_KINDS)
    seen = set()
    for kind, lang, email in render_all(demo_event):
        assert email.html, kind.name
        assert email.language == lang, (kind.name, lang)
        direction = "rtl" if lang == "ar" else "ltr"
        assert re.search(rf'<html lang="{lang}" dir="{direction}">', email.html), (kind.name, lang)
        assert "<title></title>" not in email.html, (kind.name, lang)
        seen.add((kind.name, lang))
    assert len(seen) == len(EMAIL_KINDS) * len(LANGUAGES)
