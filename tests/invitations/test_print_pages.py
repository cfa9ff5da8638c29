"""The concept note prints on one A4 page per language (real Chromium, when installed)."""
import re
import shutil
import subprocess

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")]


def printed_pages(url: str, tmp_path) -> int:
    pdf = tmp_path / "page.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", url], capture_output=True, timeout=120, check=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def test_each_language_fits_one_page_and_all_gives_four(live_server, demo_event, tmp_path):
    base = f"{live_server.url}/{{lang}}/e/safe-cyberspace-2022/concept-note"
    for lang in ("en", "fr", "es", "ar"):
        assert printed_pages(base.format(lang=lang), tmp_path) == 1, lang
    assert printed_pages(base.format(lang="fr") + "?all=1", tmp_path) == 4
