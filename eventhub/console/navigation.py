"""The console's menu. Other domains add their console pages here at import time:

    from eventhub.console.navigation import add_menu_item
    add_menu_item("invitations.index", _l("Invitations"), roles=("organiser",), event_scoped=True)

``event_scoped`` items take the current event's ``slug`` and appear on that event's pages.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_login import current_user


@dataclass(frozen=True)
class MenuItem:
    endpoint: str
    label: object  # a lazy string: translated when shown
    roles: tuple[str, ...]
    event_scoped: bool = False
    order: int = 100


_items: list[MenuItem] = []


def add_menu_item(endpoint: str, label, roles: tuple[str, ...], event_scoped: bool = False,
                  order: int = 100) -> None:
    if any(item.endpoint == endpoint for item in _items):
        return
    _items.append(MenuItem(endpoint, label, tuple(roles), event_scoped, order))
    _items.sort(key=lambda item: item.order)


def menu(event=None, event_items_only: bool = False) -> list[dict]:
    """The items the signed-in user may open, as {url, label, endpoint}: the pages for
    every event, then (on an event's pages) that event's pages. The console's event
    list shows each event's items (``event_items_only``), so that every page a role may
    use is a click or two from the menu."""
    if not current_user.is_authenticated:
        return []
    shown = []
    for item in _items:
        if not current_user.has_role(*item.roles):
            continue
        if event_items_only and not item.event_scoped:
            continue
        if item.event_scoped:
            if event is None:
                continue
            url = url_for(item.endpoint, slug=event.slug)
        else:
            url = url_for(item.endpoint)
        shown.append({"url": url, "label": item.label, "endpoint": item.endpoint})
    return shown
