"""axe-core (shipped inside axe-playwright-python) on every public page in every
language, at desktop and phone widths: no serious or critical violation. Full reports
go to tests/artifacts/axe/ for review."""
from __future__ import annotations

import json

import pytest

from tests.pages import PUBLIC_PAGES, page_params

from .conftest import ARTIFACTS, BROWSER_LOCALES, DESKTOP, PHONE

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={
        "resultTypes": ["violations"],
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    })
    return results.response["violations"]


def describe(violations) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['impact']}: {violation['id']} ({violation['help']}) at {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("page_spec, lang", page_params(PUBLIC_PAGES))
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_accessibility_violation(new_page, site, page_spec, lang, viewport):
    page = new_page(locale=BROWSER_LOCALES[lang], viewport=viewport)
    page.goto(site.url(page_spec, lang))
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)

    report = ARTIFACTS / "axe" / f"{page_spec.name}-{lang}-{viewport['width']}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(violations, indent=2, ensure_ascii=False))

    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{page.url}:\n{describe(blocking)}"


def test_axe_really_runs_on_our_pages_under_their_csp(new_page, site):
    """Guards the test above: on the real page, with its Content-Security-Policy,
    a defect we introduce is reported (so an empty list means something)."""
    event_page = next(page for page in PUBLIC_PAGES if page.name == "event")
    page = new_page()
    page.goto(site.url(event_page, "en"))
    page.evaluate("document.documentElement.removeAttribute('lang');"
                  "document.querySelector('select#tz').removeAttribute('id')")
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"html-has-lang", "select-name"} <= found
