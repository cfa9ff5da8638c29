"""Rules read from the source: what the Content-Security-Policy would block must not
be written (inline scripts, event-handler attributes, style attributes, javascript:
URLs), and secrets are compared in constant time."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
PACKAGE = ROOT / "eventhub"
#: Emails are read in mail clients, not under our CSP; they may need inline styles.
CSP_EXEMPT_TEMPLATE_DIRS = {"email"}
#: Standalone documents whose one <style> block the view allows by its SHA-256 in the
#: response's CSP (no 'unsafe-inline'); scripts, handlers and style attributes stay banned.
HASHED_STYLE_TEMPLATES = {"inputs/compilation.html"}

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)
# Jinja blocks inside a tag may contain ">" ({% if a > b %}): strip them first.
JINJA = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.DOTALL)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=""", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=""", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE)


def csp_problems(source: str, style_block_allowed: bool = False) -> list[str]:
    problems = []
    for attributes, body in SCRIPT_TAG.findall(source):
        data_block = re.search(r"""type\s*=\s*["']application/(ld\+)?json""", attributes)
        if body.strip() and not data_block:
            problems.append(f"inline script: {body.strip()[:60]!r}")
        if not body.strip() and "src" not in attributes:
            problems.append("script without src")
    if STYLE_TAG.search(source) and not style_block_allowed:
        problems.append("<style> block")
    for tag in TAG.findall(JINJA.sub("", source)):
        if EVENT_HANDLER.search(tag):
            problems.append(f"event handler attribute: {tag[:80]}")
        if STYLE_ATTRIBUTE.search(tag):
            problems.append(f"style attribute: {tag[:80]}")
        if JAVASCRIPT_URL.search(tag):
            problems.append(f"javascript: URL: {tag[:80]}")
    return problems


def page_templates() -> list[Path]:
    return sorted(
        path for path in TEMPLATES.rglob("*.html")
        if path.relative_to(TEMPLATES).parts[0] not in CSP_EXEMPT_TEMPLATE_DIRS
    )


@pytest.mark.parametrize("template", page_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_has_nothing_the_csp_would_block(template):
    name = template.relative_to(TEMPLATES).as_posix()
    assert csp_problems(template.read_text(encoding="utf-8"), name in HASHED_STYLE_TEMPLATES) == []


@pytest.mark.parametrize("source, expected", [
    ('<script>alert(1)</script>', "inline script"),
    ('<script src="/static/js/a.js"></script>', None),
    ('<script type="application/ld+json">{"a": 1}</script>', None),
    ('<button onclick="go()">Go</button>', "event handler"),
    ('<a href="{{ url }}" ONMOUSEOVER = "x()">', "event handler"),
    ('<p style="color:red">', "style attribute"),
    ('<div {% if a > b %}class="x"{% endif %} style="x">', "style attribute"),
    ('<a href="javascript:void(0)">', "javascript: URL"),
    ('<style>p{}</style>', "<style> block"),
    ('<p>Click online=yes for more</p>', None),
])
def test_csp_rule_checker_finds_what_it_should(source, expected):
    problems = csp_problems(source)
    if expected is None:
        assert problems == []
    else:
        assert any(expected in problem for problem in problems), problems


# --- constant-time comparisons ------------------------------------------------------

SECRET_NAME = re.compile(r"token|secret|signature|digest|hmac|passcode", re.IGNORECASE)
CONSTANT_TIME_CALLS = ("compare_digest", "tokens_equal", "hash_token")
#: Comparisons reviewed and found harmless: (file, expression) -> why.
REVIEWED_COMPARISONS = {
    ("eventhub/texts/alignment.py", "old_tokens == new_tokens"):
        "word tokens of two paragraph texts, not secrets",
    ("eventhub/zoom/client.py", "self._access_token == rejected_token"):
        "both are the app's own Zoom OAuth token; no visitor-supplied value is compared",
    ("eventhub/jobs/outbox.py", "table.c.claim == token"):
        "a SQL condition (WHERE claim = :token) on a consumer's own claim id, compared by the "
        "database; no visitor-supplied value and no Python-side comparison",
}


def is_public_constant(node) -> bool:
    if isinstance(node, ast.Constant):
        return True
    # A module constant such as ERROR_INVALID_ACCESS_TOKEN (an error code), unless its
    # name says it holds a secret.
    return isinstance(node, ast.Name) and node.id.isupper() and "SECRET" not in node.id


def unsafe_secret_comparisons(source: str, filename: str = "<source>") -> list[str]:
    """``==``/``!=`` between two non-literal values where one looks like a secret,
    unless the comparison goes through ``hash_token`` (a lookup by hash) or a
    constant-time function."""
    tree = ast.parse(source, filename)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        if not any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
            continue
        operands = [node.left, *node.comparators]
        if any(is_public_constant(operand) for operand in operands):
            continue  # against a literal or a module constant (None, "", ERROR_CODE): nothing secret leaks
        if any(isinstance(operand, ast.Call) and getattr(operand.func, "id", "") == "len" for operand in operands):
            continue
        text = ast.get_source_segment(source, node) or ""
        if not SECRET_NAME.search(text):
            continue
        if any(call in text for call in CONSTANT_TIME_CALLS):
            continue
        if (filename, text) in REVIEWED_COMPARISONS:
            continue
        found.append(f"{filename}:{node.lineno}: {text}")
    return found


def test_secrets_are_compared_in_constant_time():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += unsafe_secret_comparisons(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == [], "use hmac.compare_digest / eventhub.security.tokens_equal, or look up by hash_token():\n" + "\n".join(found)


@pytest.mark.parametrize("source, unsafe", [
    ("ok = request.headers['x-zm-signature'] == expected", True),
    ("if token != row.token: pass", True),
    ("ok = hmac.compare_digest(signature, expected)", False),
    ("q = select(T).where(T.token_hash == hash_token(token))", False),
    ("if token is None or token == '': pass", False),
    ("if len(token) != 43: pass", False),
    ("if user.email == other.email: pass", False),
    ("if code == ERROR_INVALID_ACCESS_TOKEN: pass", False),
    ("if body['token'] == settings.WEBHOOK_SECRET: pass", True),
])
def test_comparison_checker_finds_what_it_should(source, unsafe):
    assert bool(unsafe_secret_comparisons(source)) is unsafe


def test_token_lookup_is_by_hash():
    """The bearer-token check looks tokens up by their SHA-256, never by the raw value."""
    source = (PACKAGE / "security.py").read_text(encoding="utf-8")
    assert "token_hash=hash_token(" in source
