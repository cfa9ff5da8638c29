"""Reading and rendering the guide's Markdown files.

The files are the product's documentation (``docs/guide/``), so the console and the help
page show exactly what the repository documents. Markdown is rendered by markdown-it-py
(CommonMark) with raw HTML turned off: any HTML in a file is shown as text, never run.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from eventhub import PROJECT_ROOT
from eventhub.i18n import LANGUAGES

#: The language of the files in docs/guide/ itself (the others are in docs/guide/<lang>/).
DEFAULT_LANGUAGE = "en"

GUIDE_DIR = PROJECT_ROOT / "docs" / "guide"
#: The guides, in menu order.
GUIDES = ("organiser", "staff", "registrants")


@dataclass(frozen=True)
class GuidePage:
    name: str
    lang: str
    title: str
    html: Markup


def guide_path(name: str, lang: str) -> Path:
    if lang == DEFAULT_LANGUAGE:
        return GUIDE_DIR / f"{name}.md"
    return GUIDE_DIR / lang / f"{name}.md"


@functools.lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


@functools.lru_cache(maxsize=64)
def _render(path: Path, mtime_ns: int) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    tokens = _markdown().parse(text)
    title = ""
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            title = tokens[index + 1].content
            break
    return title, _markdown().renderer.render(tokens, _markdown().options, {})


def load(name: str, lang: str) -> GuidePage | None:
    """The guide ``name`` in ``lang`` (English when that language's file is missing), or
    None for an unknown guide."""
    if name not in GUIDES:
        return None
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    path = guide_path(name, lang)
    if not path.is_file():
        lang, path = DEFAULT_LANGUAGE, guide_path(name, DEFAULT_LANGUAGE)
    title, html = _render(path, path.stat().st_mtime_ns)
    return GuidePage(name, lang, title, Markup(html))
