"""Select, radio and checkbox choices in the form WTForms 3.4 accepts.

WTForms 3.3 deprecated (value, label) tuples and {optgroup: [...]} dicts for
``choices=`` and 3.4 refuses them; ``SelectChoice`` objects work from 3.3 on. Every
form builds its choices through ``select_choices`` (or ``choice``). With an older
WTForms (no ``SelectChoice``) the same calls give the tuples it wants.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # WTForms < 3.3
    SelectChoice = None


def choice(value, label, optgroup: str | None = None):
    if SelectChoice is None:
        return (value, label)
    return SelectChoice(value=value, label=label, optgroup=optgroup)


def select_choices(choices: Iterable | Mapping) -> list:
    """``[(value, label), ...]`` or ``{optgroup: [(value, label), ...]}`` (or
    SelectChoice objects, kept) as a list of choices."""
    if isinstance(choices, Mapping):
        if SelectChoice is None:
            return {group: list(pairs) for group, pairs in choices.items()}  # type: ignore[return-value]
        return [choice(value, label, group) for group, pairs in choices.items() for value, label in pairs]
    result = []
    for item in choices:
        if SelectChoice is not None and isinstance(item, SelectChoice):
            result.append(item)
        else:
            value, label = item[0], item[1]
            result.append(choice(value, label))
    return result
