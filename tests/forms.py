"""Read the forms of a rendered page and fill them in, without knowing their fields in
advance: the security, log and fuzz tests use this on every public form, so a form
added or changed by another branch is covered without editing those tests.

``parse_forms(html)`` -> [HtmlForm]; ``form.valid_data(overrides)`` -> list of
(name, value) pairs a careful person would submit (every checkbox ticked, the first
real option of each select, plausible text); ``form.fields`` to fuzz field by field.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_DEFAULTS = {
    "email": "delegate@parliament.example",
    "honorific": "Ms",
    "given_name": "Amina",
    "family_name": "Haddad",
    "first_name": "Amina",
    "last_name": "Haddad",
    "name": "Amina Haddad",
    "parliament": "House of Representatives",
    "organisation": "House of Representatives",
    "country": "JO",
    "phone": "+41 22 919 41 50",
    "timezone": "Asia/Amman",
}


@dataclass
class HtmlField:
    name: str
    #: input type ("text", "email", "checkbox", ...), "select" or "textarea".
    kind: str
    value: str = ""
    options: list[str] = field(default_factory=list)
    required: bool = False
    checked: bool = False


@dataclass
class HtmlForm:
    action: str
    method: str
    fields: list[HtmlField] = field(default_factory=list)

    def field_names(self) -> set[str]:
        return {f.name for f in self.fields}

    def valid_data(self, overrides: dict | None = None) -> list[tuple[str, str]]:
        overrides = dict(overrides or {})
        data: list[tuple[str, str]] = []
        seen_radio: set[str] = set()
        for f in self.fields:
            if f.name in overrides:
                if f.kind in ("checkbox", "radio") and f.name in seen_radio:
                    continue
                seen_radio.add(f.name)
                value = overrides[f.name]
                for item in value if isinstance(value, (list, tuple)) else [value]:
                    data.append((f.name, str(item)))
                continue
            if f.kind in ("submit", "button", "reset", "image", "file"):
                continue
            if f.kind == "hidden":
                data.append((f.name, f.value))
            elif f.kind == "checkbox":
                data.append((f.name, f.value or "y"))
            elif f.kind == "radio":
                if f.name not in seen_radio:
                    seen_radio.add(f.name)
                    data.append((f.name, f.value))
            elif f.kind == "select":
                choices = [option for option in f.options if option]
                if choices:
                    data.append((f.name, choices[0]))
            elif f.kind == "email":
                data.append((f.name, TEXT_DEFAULTS["email"]))
            elif f.kind == "textarea":
                data.append((f.name, f.value or ""))
            else:
                data.append((f.name, f.value or TEXT_DEFAULTS.get(f.name, "Test")))
        return data


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._select: HtmlField | None = None
        self._textarea: HtmlField | None = None

    @property
    def _form(self) -> HtmlForm | None:
        return self.forms[-1] if self.forms else None

    def handle_starttag(self, tag, attrs):
        attributes = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form":
            self.forms.append(HtmlForm(attributes.get("action", ""), attributes.get("method", "get").lower()))
            return
        form = self._form
        if form is None:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            form.fields.append(HtmlField(
                name=name, kind=attributes.get("type", "text").lower(), value=attributes.get("value", ""),
                required="required" in attributes, checked="checked" in attributes,
            ))
        elif tag == "select" and name:
            self._select = HtmlField(name=name, kind="select", required="required" in attributes)
            form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(attributes.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = HtmlField(name=name, kind="textarea", required="required" in attributes)
            form.fields.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data


def parse_forms(html: str) -> list[HtmlForm]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms
