"""A <select> for long lists that are the same for many requests (the ~430 time zones).

WTForms renders each <option> with html_params and markupsafe on every request: for the
zone list that was three quarters of the manage page's time (issue 20). Choices wrapped in
``CachedChoices`` have their options' markup built once; each request only marks the
selected value.
"""
from __future__ import annotations

from markupsafe import Markup, escape
from wtforms.widgets import Select, html_params


class CachedChoices(list):
    """Choices (SelectChoice objects, with optgroups) whose <option> markup is kept. Never
    mutate one: they are shared (``zone_select_choices`` returns the same object)."""

    _options_html: str | None = None

    def options_html(self) -> str:
        if self._options_html is None:
            parts, group = [], None
            for choice in self:
                optgroup = getattr(choice, "optgroup", None)
                if optgroup != group:
                    if group is not None:
                        parts.append("</optgroup>")
                    if optgroup is not None:
                        parts.append(f'<optgroup label="{escape(optgroup)}">')
                    group = optgroup
                label = choice.label if choice.label is not None else choice.value
                parts.append(f'<option value="{escape(choice.value)}">{escape(label)}</option>')
            if group is not None:
                parts.append("</optgroup>")
            self._options_html = "".join(parts)
        return self._options_html


class LongSelect(Select):
    """Select widget using ``CachedChoices``' markup (the standard rendering otherwise)."""

    def __call__(self, field, **kwargs):
        choices = field.choices
        if self.multiple or not isinstance(choices, CachedChoices):
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        if "required" not in kwargs and "required" in getattr(field, "flags", []):
            kwargs["required"] = True
        options = choices.options_html()
        value = field.data
        if value not in (None, ""):
            marker = f'<option value="{escape(value)}">'
            options = options.replace(marker, f'<option selected value="{escape(value)}">', 1)
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")
