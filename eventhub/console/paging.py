"""Keyset paging for long console lists (registrations at the IPU's scale: 46,000).

"Next page" carries the id of the last row shown (``after``), "Previous page" the id of the
first (``before``): the database continues from that row along the list's index instead of
counting off every row before the page (OFFSET), so the 900th page costs what the first does.
Ids rather than names in the URL: addresses of console pages end up in logs and browser
history. A bare ``page=N`` (a link typed or kept) is a seek too: the first row of that page is
found over the index's entries from the nearer end, then kept, like the total, under a version
read from the database (``cache_key``), so every instance sees a change at once.
"""
from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import func, tuple_

from eventhub.extensions import db


@dataclass
class KeysetPage:
    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1 and bool(self.items)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages and bool(self.items)

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    @property
    def first_id(self) -> int | None:
        return self.items[0].id if self.items else None

    @property
    def last_id(self) -> int | None:
        return self.items[-1].id if self.items else None


#: Totals and first rows of pages per (list, filters, database version), kept by this
#: process. Counting 46,000 rows, or reading the first row of each of 920 pages, costs
#: more than the page itself; the version changes with any change to the rows listed.
_KEPT: OrderedDict = OrderedDict()
_KEPT_SIZE = 256
_kept_lock = threading.Lock()


def _kept(key, compute):
    if key is None:
        return compute()
    with _kept_lock:
        if key in _KEPT:
            _KEPT.move_to_end(key)
            return _KEPT[key]
    value = compute()
    with _kept_lock:
        _KEPT[key] = value
        while len(_KEPT) > _KEPT_SIZE:
            _KEPT.popitem(last=False)
    return value


def forget_kept() -> None:
    with _kept_lock:
        _KEPT.clear()


def _page_anchor(query, order_columns: tuple, page: int, per_page: int, total: int) -> tuple | None:
    """The ordering key of the first row of page ``page``, counted off from the nearer end
    of the list over the index's key columns only (the last page is the first row from the
    end): at most half the list, and nothing but index entries. None past the end."""
    start = (page - 1) * per_page
    if start >= total:
        return None
    keys = query.with_only_columns(*order_columns).order_by(None)
    from_end = total - 1 - start
    if start <= from_end:
        keys = keys.order_by(*order_columns).offset(start)
    else:
        keys = keys.order_by(*[column.desc() for column in order_columns]).offset(from_end)
    row = db.session.execute(keys.limit(1)).first()
    return tuple(row) if row is not None else None


def keyset_page(query, model, order_columns: tuple, page: int, per_page: int,
                after: int | None = None, before: int | None = None, *,
                options: tuple = (), cache_key=None, total: int | None = None) -> KeysetPage:
    """``query`` selects ``model`` rows (without loader options: pass them as ``options``),
    ordered by ``order_columns`` (the last one unique: the id). ``after``/``before``: the id
    of the row the page continues from. ``cache_key``: hashable, from the database, changing
    whenever the rows ``query`` selects may have changed (None: nothing kept). ``total``: the
    number of rows, when the caller knows it."""
    if total is None:
        total = _kept(cache_key and ("total", cache_key), lambda: db.session.execute(
            db.select(func.count()).select_from(query.order_by(None).subquery())).scalar_one())
    anchor_id = after or before
    anchor = None
    if anchor_id:
        anchor = db.session.execute(
            db.select(*order_columns).where(model.id == anchor_id)).first()
    rows = query.options(*options)
    if anchor is None:  # no cursor, or its row is gone: the page by its number
        if page <= 1:
            items = db.session.execute(rows.order_by(*order_columns).limit(per_page)).scalars().all()
        else:
            start = _kept(cache_key and ("page", page, per_page, cache_key),
                          lambda: _page_anchor(query, order_columns, page, per_page, total))
            if start is None:
                items = []
            else:
                items = db.session.execute(
                    rows.where(tuple_(*order_columns) >= tuple_(*start))
                    .order_by(*order_columns).limit(per_page)).scalars().all()
    elif after:
        items = db.session.execute(
            rows.where(tuple_(*order_columns) > tuple_(*anchor))
            .order_by(*order_columns).limit(per_page)).scalars().all()
    else:
        items = db.session.execute(
            rows.where(tuple_(*order_columns) < tuple_(*anchor))
            .order_by(*[column.desc() for column in order_columns]).limit(per_page)).scalars().all()
        items.reverse()
    return KeysetPage(items=list(items), total=total, page=page, per_page=per_page)
