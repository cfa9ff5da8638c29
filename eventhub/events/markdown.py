"""Concept notes: Markdown (CommonMark through markdown-it-py) rendered to HTML, then
cleaned by nh3's allow-list sanitiser, so that whatever an organiser (or a stolen
organiser token) types, the public page gets only headings, paragraphs, lists,
emphasis, quotes, tables and links to http(s)/mailto addresses."""
from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "b", "i",
    "blockquote", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

# Raw HTML in the Markdown is shown as text (html=False); tables as GFM writes them.
_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def _demote_headings(html: str) -> str:
    """The page has its own <h1>: a "# Heading" in the note becomes <h2>, and so on."""
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(f"</h{level}>", f"</h{level + 1}>")
    return html


def render_markdown(text: str | None) -> Markup:
    if not text or not text.strip():
        return Markup("")
    html = _demote_headings(_parser.render(text))
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                      link_rel="noopener noreferrer nofollow")
    return Markup(clean)
