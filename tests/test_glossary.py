"""The glossary is enforced: a msgid using a glossary term has a translation using the
glossary's term (translations/glossary.toml lists the terms and the commented exceptions)."""
import pytest

from tests import glossary


@pytest.mark.parametrize("lang", glossary.LANGS)
def test_translations_use_the_glossary_terms(lang):
    problems = glossary.violations(lang)
    assert not problems, f"{len(problems)} entries miss a glossary term:\n" + "\n".join(problems)


def test_rendered_glossary_is_current():
    rendered = (glossary.ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert rendered == glossary.render(), "run `.venv/bin/python -m tests.glossary > docs/glossary.md`"
