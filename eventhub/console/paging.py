"""Keyset paging for long console lists (registrations at the IPU's scale: 46,000).

"Next page" carries the id of the last row shown (``after``), "Previous page" the id of the
first (``before``): the database continues from that row along the list's index instead of
counting off every row before the page (OFFSET), so the 900th page costs what the first does.
Ids rather than names in the URL: addresses of console pages end up in logs and browser
history. A bare ``page=N`` (a link typed or kept) still works, through OFFSET.
"""
from __future__ import annotations

import math
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


def keyset_page(query, model, order_columns: tuple, page: int, per_page: int,
                after: int | None = None, before: int | None = None) -> KeysetPage:
    """``query`` selects ``model`` rows, ordered by ``order_columns`` (the last one unique:
    the id). ``after``/``before``: the id of the row the page continues from."""
    total = db.session.execute(
        db.select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    anchor_id = after or before
    anchor = None
    if anchor_id:
        anchor = db.session.execute(
            db.select(*order_columns).where(model.id == anchor_id)).first()
    if anchor is None:  # no cursor, or its row is gone: the page by position
        items = db.session.execute(
            query.order_by(*order_columns).offset((page - 1) * per_page).limit(per_page)).scalars().all()
    elif after:
        items = db.session.execute(
            query.where(tuple_(*order_columns) > tuple_(*anchor))
            .order_by(*order_columns).limit(per_page)).scalars().all()
    else:
        items = db.session.execute(
            query.where(tuple_(*order_columns) < tuple_(*anchor))
            .order_by(*[column.desc() for column in order_columns]).limit(per_page)).scalars().all()
        items.reverse()
    return KeysetPage(items=list(items), total=total, page=page, per_page=per_page)
