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


def test_a_target_term_inside_a_longer_word_does_not_count():
    """« cesse de fonctionner » once hid « la qualité » in an entry about a person's role:
    the role's French and Spanish patterns match whole words only."""
    terms, _ = glossary.load()
    role = next(term for term in terms if term.en == "role")
    assert not role.target_patterns["fr"].search("Le lien cesse de fonctionner ; la qualité est effacée.")
    assert role.target_patterns["fr"].search("votre fonction au parlement")
    assert not role.target_patterns["es"].search("El enlace deja de funcionar.")
    assert role.target_patterns["es"].search("su función en el parlamento")
    place = next(term for term in terms if term.en == "place")
    assert not place.target_patterns["fr"].search("Remplacer mon lien")
    assert place.target_patterns["fr"].search("Votre place est confirmée.")
    parliament = next(term for term in terms if term.en == "parliament")
    assert not parliament.target_patterns["fr"].search("les parlementaires")
