"""The opening line of every email and personal page: one salutation per honorific.

Each honorific code of the registration form (``eventhub.registration.validation.HONORIFICS``)
has its own catalog entry, so every language writes the salutation its formal letters use
instead of pasting an abbreviation in front of the name: French « Madame, Monsieur, »
(« Monsieur, », « Madame, », « Excellence, »: French formal letters do not repeat the name),
Spanish « Señora, señor: » or « Honorable Amina Diallo: », Arabic « معالي … المحترم/المحترمة، ».
The honorific is never doubled (« حضرة معالي … »). A name typed with its honorific
(« Hon. Amina Diallo » in an invitation list) is split first
(``eventhub.invitations.operations.invitee_salutation``).

Templates call ``salutation(honorific_code, name)`` (text) or
``salutation(honorific_code, name, html=True)`` (the name isolated in ``<bdi dir="auto">``).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

#: The salutation for each honorific code ("" when none was given).
SALUTATIONS = {
    "": _l("Dear %(name)s,"),
    "hon": _l("Dear Hon. %(name)s,"),
    "he": _l("Dear H.E. %(name)s,"),
    "mr": _l("Dear Mr %(name)s,"),
    "ms": _l("Dear Ms %(name)s,"),
    "mx": _l("Dear Mx %(name)s,"),
    "dr": _l("Dear Dr %(name)s,"),
    "prof": _l("Dear Prof. %(name)s,"),
    "senator": _l("Dear Senator %(name)s,"),
}

#: When the name is not known.
NO_NAME = _l("Dear Sir or Madam,")


def salutation(honorific: str | None, name: str | None, html: bool = False) -> str:
    """The greeting for a person in the current language: ``salutation("hon", "Amina Diallo")``
    -> "Dear Hon. Amina Diallo," / « Honorable Amina Diallo: » / « معالي Amina Diallo المحترم/المحترمة، »."""
    name = (name or "").strip()
    if not name:
        return Markup(escape(str(NO_NAME))) if html else str(NO_NAME)
    template = SALUTATIONS.get(honorific or "", SALUTATIONS[""])
    if html:
        isolated = Markup('<bdi dir="auto">%s</bdi>') % name
        return Markup(escape(str(template)).replace("%(name)s", isolated))
    return str(template) % {"name": name}


def init_app(app) -> None:
    app.add_template_global(salutation, "salutation")
