"""Limits on what a request may carry, so that no input gives a 5xx.

- **Integers in URLs** (``<int:...>``) are bounded to what an ``INTEGER`` column holds
  on every database (PostgreSQL's int4): a larger number matches no rule (404) instead
  of reaching the database and overflowing there (``OverflowError`` on SQLite,
  ``NumericValueOutOfRange`` on PostgreSQL).
- **Query integers** (``?page=``) go through ``int_arg()``: not a number gives the
  default, too large a number 404s.
- **JSON bodies** go through ``Request.get_json`` (every ``request.get_json()`` in the
  app) or ``load_json()``: larger than ``MAX_JSON_BYTES`` gives 413, nested deeper than
  ``MAX_JSON_DEPTH`` (or too deep for the parser: ``RecursionError`` is not a
  ``ValueError``) gives 400, whatever ``silent=`` says.
"""
from __future__ import annotations

import json
import re

from flask import Flask, abort, current_app, request
from flask.wrappers import Request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

#: The largest value of a 32-bit signed INTEGER column.
MAX_DB_INTEGER = 2**31 - 1
#: Defaults for the JSON limits (config: MAX_JSON_BYTES, MAX_JSON_DEPTH).
MAX_JSON_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 32


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` limited to 0..2**31-1 (and at most 10 digits, so that a 5000-digit
    number is not even converted)."""

    regex = r"\d{1,10}"

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min,
                         max=MAX_DB_INTEGER if max is None else max, signed=signed)


class JSONTooDeep(BadRequest):
    description = "The JSON body is nested too deeply."


class JSONTooLarge(RequestEntityTooLarge):
    description = "The JSON body is too large."


def json_depth(value) -> int:
    """Nesting depth of a parsed JSON value (iterative: a deep value cannot recurse)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def _limits() -> tuple[int, int]:
    config = current_app.config
    return int(config.get("MAX_JSON_BYTES", MAX_JSON_BYTES)), int(config.get("MAX_JSON_DEPTH", MAX_JSON_DEPTH))


def load_json(raw: bytes | str):
    """``json.loads`` within the limits: ``JSONTooLarge`` (413), ``JSONTooDeep`` (400),
    ``ValueError`` for text that is not JSON."""
    max_bytes, max_depth = _limits()
    if len(raw) > max_bytes:
        raise JSONTooLarge()
    try:
        value = json.loads(raw)
    except RecursionError as exc:
        raise JSONTooDeep() from exc
    if json_depth(value) > max_depth:
        raise JSONTooDeep()
    return value


class BoundedRequest(Request):
    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True):
        max_bytes, _depth = _limits()
        if self.content_length is not None and self.content_length > max_bytes:
            raise JSONTooLarge()
        try:
            value = super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError as exc:
            raise JSONTooDeep() from exc
        if value is not None and json_depth(value) > _depth:
            raise JSONTooDeep()
        return value


def int_arg(name: str, default: int = 1, minimum: int = 1, maximum: int = 100_000) -> int:
    """An integer query argument: absent or not a number gives ``default``, below
    ``minimum`` gives ``minimum``, above ``maximum`` (a page that cannot exist) 404s."""
    raw = request.args.get(name, "").strip()
    if not re.fullmatch(r"[+-]?\d+", raw):
        return default
    if raw.startswith("-"):
        return minimum
    if len(raw.lstrip("+0")) > len(str(maximum)) or int(raw) > maximum:
        abort(404)
    return max(int(raw), minimum)


def init_app(app: Flask) -> None:
    """Before any blueprint is registered: the converter applies to rules as they are added."""
    app.request_class = BoundedRequest
    app.url_map.converters["int"] = BoundedIntegerConverter
