"""word_diff and diff_html."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from eventhub.texts.diff import diff_html, word_diff


def _rebuild(ops, dropped):
    return "".join(text for op, text in ops if op != dropped)


def test_single_word_replacement():
    ops = word_diff(
        "lists of critical national infrastructure;",
        "lists of critical civilian infrastructure;",
    )
    assert ops == [
        ("equal", "lists of critical "),
        ("delete", "national"),
        ("insert", "civilian"),
        ("equal", " infrastructure;"),
    ]


def test_deletion_keeps_spacing_readable():
    ops = word_diff("in order to constantly monitor", "in order to monitor")
    assert ops == [("equal", "in order to "), ("delete", "constantly "), ("equal", "monitor")]
    assert _rebuild(ops, "insert") == "in order to constantly monitor"


def test_both_texts_can_be_rebuilt():
    old = "Urges parliaments, and their governments, to act swiftly;"
    new = "Urges parliaments to act swiftly and decisively, within the law;"
    ops = word_diff(old, new)
    assert _rebuild(ops, "delete") == new
    assert _rebuild(ops, "insert") == old
    assert all(op in {"equal", "insert", "delete"} for op, _ in ops)


def test_change_is_not_split_by_a_lone_space_or_comma():
    ops = word_diff("red, green", "blue, yellow")
    assert ops == [("delete", "red, green"), ("insert", "blue, yellow")]


def test_arabic_words_with_diacritics_are_whole_tokens():
    ops = word_diff("قد سُنت القوانين قبل وقت طويل", "قد سُنت القوانين قبل نشوء الجرائم")
    assert ops == [
        ("equal", "قد سُنت القوانين قبل "),
        ("delete", "وقت طويل"),
        ("insert", "نشوء الجرائم"),
    ]


def test_whitespace_and_quote_style_are_not_changes():
    ops = word_diff("a  “true”\nculture", 'a "true" culture')
    assert ops == [("equal", 'a "true" culture')]


def test_identical_and_empty_texts():
    assert word_diff("same text", "same text") == [("equal", "same text")]
    assert word_diff("", "") == []
    assert word_diff("", "new") == [("insert", "new")]
    assert word_diff("old", "") == [("delete", "old")]


def test_diff_html_marks_changes():
    html = diff_html("critical national infrastructure", "critical civilian infrastructure")
    assert isinstance(html, Markup)
    assert html == 'critical <del>national</del><span class="diff-gap"> </span><ins>civilian</ins> infrastructure'


def test_diff_html_escapes_all_input():
    html = diff_html('<script>alert("old")</script> & more', '<script>alert("new")</script> & more')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp; more" in html
    assert "<del>" in html and "<ins>" in html


@pytest.mark.parametrize("old, new", [
    ("Parliaments should enact new laws.", "Parliaments should make sure laws."),
    ("البنية التحتية الوطنية الأساسية", "الهياكل الأساسية المدنية"),
])
def test_deleted_and_inserted_runs_never_touch(old, new):
    """No letters join across a deletion and its replacement (English reads "enact new
    make sure", Arabic letters do not join)."""
    import re

    html = str(diff_html(old, new))
    assert "</del><ins>" not in html
    for match in re.finditer(r"</del>(.*?)<ins>", html):
        assert match.group(1) == '<span class="diff-gap"> </span>' or match.group(1).endswith(" ")
    # the text without markup keeps every word apart
    plain = re.sub(r"<[^>]+>", "", html)
    assert "newmake" not in plain and "enact new make sure" in plain or "الوطنية" in plain
